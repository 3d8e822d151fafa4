package ai.acosp.core;

import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Saves a model's parameters into a folder that keeps one parameter file.
 *
 * <p>DJL's {@code Model.save} numbers its file {@code <name>-<epoch>.params} one above the highest
 * already in the folder and leaves the older ones, so saving into the same folder again (a second
 * compaction, a new serving folder over an old one) piles up stale copies that still count in the
 * folder's size. Here DJL writes into a staging folder beside the target, the finished file moves
 * in under the next number in one step, and only then do the older files go: DJL's loader, which
 * takes the highest number, never sees a half-written file, and a failed save leaves the previous
 * model loadable.
 */
public final class ParameterFiles {

    private ParameterFiles() {}

    /**
     * Saves the model's parameters and removes the folder's older parameter files of that name.
     *
     * @param model the model
     * @param dir the folder (created)
     * @param name the file name's stem, which DJL's loader looks for
     * @throws IOException if writing or removing fails
     */
    public static void save(Model model, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        List<Path> older = list(dir, name);
        Path staging = Files.createTempDirectory(dir, ".saving-");
        try {
            model.save(staging, name);
            Path written = list(staging, name).get(0);
            String next =
                    String.format(
                            Locale.ROOT,
                            "%s-%04d.params",
                            name,
                            older.isEmpty() ? 0 : epoch(older.get(older.size() - 1)) + 1);
            Files.move(written, dir.resolve(next), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            try (Stream<Path> left = Files.list(staging)) {
                for (Path file : left.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(staging);
        }
        for (Path file : older) {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The parameter files DJL would consider for a name, lowest number first.
     *
     * @param dir the folder
     * @param name the file name's stem
     * @return the files {@code <name>-NNNN.params}
     * @throws IOException if the folder cannot be listed
     */
    public static List<Path> list(Path dir, String name) throws IOException {
        Pattern pattern = Pattern.compile(Pattern.quote(name) + "-\\d{4}\\.params");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> pattern.matcher(f.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }

    private static int epoch(Path file) {
        String fileName = String.valueOf(file.getFileName()); // listed files always have a name
        int end = fileName.length() - ".params".length();
        return Integer.parseInt(fileName.substring(end - 4, end));
    }
}
