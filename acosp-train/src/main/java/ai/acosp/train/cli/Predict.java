package ai.acosp.train.cli;

import ai.acosp.data.DataFileException;
import ai.acosp.data.image.ImageIo;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.Palettes;
import ai.acosp.train.failure.Failures;
import ai.acosp.train.failure.UsageException;
import ai.acosp.train.inference.InferenceModel;
import ai.acosp.train.inference.PredictionFiles;
import ai.acosp.train.inference.SlidingWindowPredictor;
import ai.acosp.train.log.ConsoleLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.opencv.core.Mat;

/**
 * Segments any images with an experiment's model: {@code Predict <config.yaml> <INPUT> [key value
 * ...]} (see {@code tool/predict.sh}). INPUT is an image or a folder of images (jpg, jpeg, png,
 * bmp; other files are listed and left alone). {@code model_path} is a checkpoint (default: the
 * final one), a compact folder or an exported {@code .onnx} file, which ONNX Runtime runs with its
 * fixed window, as it runs the {@code model.onnx} that {@code engine onnxruntime} chooses ({@link
 * InferenceModel}). Writes {@code gray/}, {@code color/} and {@code overlay/} under the
 * experiment's prediction folder ({@code save_folder}, default {@code <experiment>/prediction}). An
 * image that cannot be read is named on one line and skipped; the command then ends with exit code
 * 3 and the count of such images, keeping everything written.
 */
public final class Predict {

    private static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp");

    private Predict() {}

    /**
     * Entry point.
     *
     * @param args the config file, the input and overrides
     */
    public static void main(String[] args) {
        EntryPoint.run(() -> run(args));
    }

    /**
     * Runs the command without ending the process.
     *
     * @param args the config file, the input and overrides
     * @return the prediction folder
     * @throws Exception any failure; unreadable images end it after the others are written
     */
    public static Path run(String[] args) throws Exception {
        if (args.length < 2) {
            throw new UsageException(
                    "no config file or input given",
                    "usage: Predict <config.yaml> <image or folder> [key value ...]");
        }
        ExperimentConfig c =
                ConfigLoader.load(Path.of(args[0]), Arrays.asList(args).subList(2, args.length));
        Path input = Path.of(args[1]);
        List<Path> images = images(input, System.out);
        ExperimentLayout layout = new ExperimentLayout(c);
        Files.createDirectories(layout.folder());
        try (ConsoleLog console = new ConsoleLog(layout.logFile("predict"));
                InferenceModel model = InferenceModel.open(c, null, console::println)) {
            predict(c, layout, console, images, model.predictor());
        }
        return layout.predictionFolder();
    }

    private static void predict(
            ExperimentConfig c,
            ExperimentLayout layout,
            ConsoleLog console,
            List<Path> images,
            SlidingWindowPredictor predictor)
            throws IOException {
        PredictionFiles files = new PredictionFiles(layout.predictionFolder(), Palettes.of(c));
        List<Path> failed = new ArrayList<>();
        long begin = System.nanoTime();
        for (int i = 0; i < images.size(); i++) {
            Path file = images.get(i);
            String name = PredictionFiles.baseName(file);
            Mat image = null;
            try {
                image = ImageIo.readRgb(file);
                int[] classes = predictor.predict(image);
                float[] rgb = new float[image.rows() * image.cols() * 3];
                image.get(0, 0, rgb);
                files.write(name, classes, image.rows(), image.cols());
                files.writeOverlay(name, rgb, classes, image.rows(), image.cols());
            } catch (DataFileException e) {
                failed.add(file);
                console.println("skipped: " + Failures.of(e).line(false));
            } finally {
                if (image != null) {
                    image.release();
                }
            }
            progress(console, i + 1, images.size(), (System.nanoTime() - begin) / 1e9);
        }
        console.println(
                "=> "
                        + (images.size() - failed.size())
                        + " of "
                        + images.size()
                        + " images predicted into "
                        + layout.predictionFolder());
        if (!failed.isEmpty()) {
            throw new DataFileException(
                    failed.get(0),
                    0,
                    failed.size()
                            + " of "
                            + images.size()
                            + " images could not be read (named above)");
        }
    }

    private static void progress(ConsoleLog console, int done, int total, double seconds) {
        double rate = done / seconds;
        String suffix =
                String.format(
                        Locale.ROOT, "%.2f images/s, %.0f s left", rate, (total - done) / rate);
        console.progress("Predict", done, total, suffix);
        if (done % 10 == 0 || done == total) {
            console.println(String.format(Locale.ROOT, "Predict: [%d/%d] %s", done, total, suffix));
        }
    }

    private static List<Path> images(Path input, PrintStream out) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new DataFileException(input, 0, "no such image or folder");
        }
        List<Path> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(input)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (IMAGE_EXTENSIONS.contains(name.substring(name.lastIndexOf('.') + 1))) {
                    images.add(file);
                } else {
                    out.println("not an image (jpg, jpeg, png, bmp), left alone: " + file);
                }
            }
        }
        if (images.isEmpty()) {
            throw new DataFileException(input, 0, "no jpg, jpeg, png or bmp files in the folder");
        }
        return images;
    }
}
