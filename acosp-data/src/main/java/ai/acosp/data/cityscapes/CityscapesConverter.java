package ai.acosp.data.cityscapes;

import ai.acosp.data.DataCommand;
import ai.acosp.data.image.ImageIo;
import ai.acosp.data.image.TensorConversion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Converts Cityscapes label PNGs between label ids and train ids.
 *
 * <p>Command line: {@code CityscapesConverter [--to-label-ids] <gtFine folder>}. Without the flag
 * every {@code *_gtFine_labelIds.png} under the folder gets a {@code *_gtFine_labelTrainIds.png}
 * beside it; with it every {@code *_labelTrainIds.png} gets a {@code *_labelIdsFromTrainIds.png}
 * (e.g. to submit predictions).
 */
public final class CityscapesConverter {

    private static final String LABEL_IDS = "_labelIds.png";
    private static final String TRAIN_IDS = "_labelTrainIds.png";
    private static final String BACK = "_labelIdsFromTrainIds.png";

    private CityscapesConverter() {}

    /**
     * Writes the train-id version of one label-id PNG.
     *
     * @param labelIdsPng the input
     * @param trainIdsPng the output
     * @throws IOException if reading or writing fails
     */
    public static void toTrainIds(Path labelIdsPng, Path trainIdsPng) throws IOException {
        convert(labelIdsPng, trainIdsPng, true);
    }

    /**
     * Writes the label-id version of one train-id PNG (ignore becomes 0, unlabeled).
     *
     * @param trainIdsPng the input
     * @param labelIdsPng the output
     * @throws IOException if reading or writing fails
     */
    public static void toLabelIds(Path trainIdsPng, Path labelIdsPng) throws IOException {
        convert(trainIdsPng, labelIdsPng, false);
    }

    private static void convert(Path in, Path out, boolean toTrain) throws IOException {
        Mat m = ImageIo.readLabel(in);
        byte[] px = TensorConversion.labelBytes(m);
        if (toTrain) {
            CityscapesLabels.toTrainIds(px);
        } else {
            CityscapesLabels.toLabelIds(px);
        }
        Mat o = new Mat(m.rows(), m.cols(), CvType.CV_8UC1);
        o.put(0, 0, px);
        m.release();
        ImageIo.write(out, o);
        o.release();
    }

    /**
     * Converts every matching file under a folder.
     *
     * @param root the folder to search (e.g. {@code gtFine})
     * @param toLabelIds false: label ids to train ids; true: train ids back to label ids
     * @return the files written
     * @throws IOException if a file cannot be converted
     */
    public static List<Path> convertTree(Path root, boolean toLabelIds) throws IOException {
        String suffix = toLabelIds ? TRAIN_IDS : LABEL_IDS;
        String target = toLabelIds ? BACK : TRAIN_IDS;
        List<Path> inputs;
        try (Stream<Path> s = Files.walk(root)) {
            inputs = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
        List<Path> written = new ArrayList<>();
        for (Path in : inputs) {
            String name = in.getFileName().toString();
            Path out =
                    in.resolveSibling(name.substring(0, name.length() - suffix.length()) + target);
            convert(in, out, !toLabelIds);
            written.add(out);
        }
        return written;
    }

    /**
     * Command-line entry.
     *
     * @param args {@code [--to-label-ids] <folder>}
     */
    public static void main(String[] args) {
        DataCommand.run(
                "usage: CityscapesConverter [--to-label-ids] <gtFine folder>",
                () -> {
                    boolean back = args.length == 2 && "--to-label-ids".equals(args[0]);
                    if (args.length != (back ? 2 : 1)) {
                        throw new DataCommand.UsageException("expected a gtFine folder");
                    }
                    List<Path> written = convertTree(Path.of(args[args.length - 1]), back);
                    System.out.println("wrote " + written.size() + " files");
                });
    }
}
