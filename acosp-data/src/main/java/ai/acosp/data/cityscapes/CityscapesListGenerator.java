package ai.acosp.data.cityscapes;

import ai.acosp.data.DataCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes semseg list files for a Cityscapes folder tree.
 *
 * <p>For split {@code s}, every {@code leftImg8bit/s/<city>/<name>_leftImg8bit.png} is paired with
 * {@code gtFine/s/<city>/<name>_gtFine_labelTrainIds.png}; paths are written relative to the data
 * root, sorted. A missing label is an error naming the image, except for the {@code test} split
 * (whose labels are not public), which lists images only when labels are absent.
 *
 * <p>Command line: {@code CityscapesListGenerator <data_root> [out_dir]} writes {@code
 * list/fine_train.txt}, {@code list/fine_val.txt} (and {@code list/fine_test.txt} when present);
 * the output folder defaults to {@code <data_root>/list}.
 */
public final class CityscapesListGenerator {

    private static final String IMAGE_SUFFIX = "_leftImg8bit.png";
    private static final String LABEL_SUFFIX = "_gtFine_labelTrainIds.png";

    private CityscapesListGenerator() {}

    /**
     * Returns the list lines of one split.
     *
     * @param dataRoot the folder holding {@code leftImg8bit} and {@code gtFine}
     * @param split {@code train}, {@code val} or {@code test}
     * @return lines {@code image label} (or {@code image}), relative to the root, sorted
     * @throws IOException if the image folder is missing or a label is missing
     */
    public static List<String> lines(Path dataRoot, String split) throws IOException {
        Path imageDir = dataRoot.resolve("leftImg8bit").resolve(split);
        if (!Files.isDirectory(imageDir)) {
            throw new IOException(imageDir + ": folder not found");
        }
        List<Path> images;
        try (Stream<Path> s = Files.walk(imageDir)) {
            images =
                    s.filter(p -> p.getFileName().toString().endsWith(IMAGE_SUFFIX))
                            .sorted()
                            .toList();
        }
        List<String> out = new ArrayList<>();
        for (Path img : images) {
            Path rel = dataRoot.relativize(img);
            String city = img.getParent().getFileName().toString();
            String name = img.getFileName().toString();
            String base = name.substring(0, name.length() - IMAGE_SUFFIX.length());
            Path label =
                    dataRoot.resolve("gtFine")
                            .resolve(split)
                            .resolve(city)
                            .resolve(base + LABEL_SUFFIX);
            if (Files.isRegularFile(label)) {
                out.add(unix(rel) + " " + unix(dataRoot.relativize(label)));
            } else if ("test".equals(split)) {
                out.add(unix(rel));
            } else {
                throw new IOException(
                        label
                                + ": label not found for "
                                + img
                                + " (run CityscapesConverter first)");
            }
        }
        return out;
    }

    /**
     * Writes {@code fine_<split>.txt} for each split whose image folder exists.
     *
     * @param dataRoot the Cityscapes root
     * @param outDir the folder for the list files
     * @return the files written
     * @throws IOException if a list cannot be built or written
     */
    public static List<Path> generate(Path dataRoot, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        for (String split : List.of("train", "val", "test")) {
            if (!Files.isDirectory(dataRoot.resolve("leftImg8bit").resolve(split))) {
                continue;
            }
            Path f = outDir.resolve("fine_" + split + ".txt");
            Files.write(f, lines(dataRoot, split), StandardCharsets.UTF_8);
            written.add(f);
        }
        if (written.isEmpty()) {
            throw new IOException(dataRoot.resolve("leftImg8bit") + ": no split folders found");
        }
        return written;
    }

    private static String unix(Path p) {
        return p.toString().replace('\\', '/');
    }

    /**
     * Command-line entry.
     *
     * @param args {@code <data_root> [out_dir]}
     */
    public static void main(String[] args) {
        DataCommand.run(
                "usage: CityscapesListGenerator <data_root> [out_dir]",
                () -> {
                    if (args.length < 1 || args.length > 2) {
                        throw new DataCommand.UsageException("expected 1 or 2 arguments");
                    }
                    Path root = Path.of(args[0]);
                    Path out = args.length == 2 ? Path.of(args[1]) : root.resolve("list");
                    for (Path p : generate(root, out)) {
                        System.out.println("wrote " + p);
                    }
                });
    }
}
