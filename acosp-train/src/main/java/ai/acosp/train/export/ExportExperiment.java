package ai.acosp.train.export;

import ai.acosp.data.image.Normalization;
import ai.acosp.models.onnx.OnnxExporter;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.deploy.ServingFolder;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelSetup;
import ai.acosp.train.inference.InferenceSettings;
import ai.acosp.train.inference.OnnxRuntimeBlock;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Exports an experiment's model ({@code model_path}: by default the final checkpoint, dense or
 * masked; or a compact-model folder from {@code tool/compact.sh}) to {@code model.onnx} for inputs
 * of {@code test_h x test_w}, the window the test phase runs the network on (any batch): a
 * checkpoint's to {@code <save_path>/model.onnx}, a folder's into the folder, whose DJL metadata
 * then lists it, so that the folder also loads on ONNX Runtime ({@code
 * ai.acosp.train.deploy.ServingFolder#RUNTIME}). The file's metadata names the architecture, the
 * classes, the input normalisation and the fixed size.
 *
 * <p>Command line: {@code ExportExperiment <config.yaml> [key value ...]} (see {@code
 * tool/export.sh}).
 */
public final class ExportExperiment {

    /** The file name of the exported model. */
    public static final String FILE = OnnxRuntimeBlock.FILE;

    private ExportExperiment() {}

    /**
     * Loads the experiment's model and writes its ONNX file.
     *
     * @param c the configuration
     * @param out where the summary goes
     * @return the written file
     * @throws IOException if a file cannot be read or written
     * @throws MalformedModelException if the checkpoint does not fit the configuration
     */
    public static Path export(ExperimentConfig c, PrintStream out)
            throws IOException, MalformedModelException {
        ExperimentLayout layout = new ExperimentLayout(c);
        Path source = layout.modelPath();
        Path target = (Files.isDirectory(source) ? source : layout.modelFolder()).resolve(FILE);
        Shape input = new Shape(1, 3, c.getInt("test_h"), c.getInt("test_w"));
        try (Model model = Model.newInstance("export")) {
            Block net = ModelSetup.loadTrained(c, source, model);
            long t0 = System.nanoTime();
            OnnxExporter.export(net, input, metadata(c, source), target);
            if (ServingFolder.isModelFolder(source)) {
                ServingFolder.writeMetadata(source);
            }
            out.printf(
                    Locale.ROOT,
                    "=> exported '%s' to '%s' (%,d bytes, input N x 3 x %d x %d, %.1f s)%n",
                    source,
                    target,
                    Files.size(target),
                    input.get(2),
                    input.get(3),
                    (System.nanoTime() - t0) / 1e9);
        }
        return target;
    }

    private static Map<String, String> metadata(ExperimentConfig c, Path source) {
        Normalization norm = InferenceSettings.normalization(c);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("arch", c.getString("arch"));
        m.put("classes", String.valueOf(c.getInt("classes")));
        m.put("experiment", c.getDataset() + "/" + c.getName());
        m.put("source", source.getFileName().toString());
        m.put("input_layout", "NCHW float32 RGB");
        m.put(
                "input_normalization",
                "(pixel in 0..255 - mean) / std, mean "
                        + Arrays.toString(norm.mean())
                        + ", std "
                        + Arrays.toString(norm.std()));
        return m;
    }
}
