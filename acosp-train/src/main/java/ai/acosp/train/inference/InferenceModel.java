package ai.acosp.train.inference;

import ai.acosp.train.checkpoint.CheckpointException;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelSetup;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The network {@code tool/test.sh} and {@code tool/predict.sh} slide their windows over, as the
 * configuration chooses it: with {@code engine djl} (the default) DJL's network of {@code
 * model_path} (a checkpoint, by default the final one, or a compact folder); with {@code engine
 * onnxruntime}, or a {@code model_path} ending in {@code .onnx}, ONNX Runtime's session of an
 * exported file ({@link #onnxFile}) on the file's fixed window.
 */
public final class InferenceModel implements AutoCloseable {

    private final Model model;
    private final InferenceSettings settings;

    private InferenceModel(Model model, InferenceSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /**
     * Loads the network of a configuration.
     *
     * @param c the configuration
     * @param device the device of a DJL network, null for the engine's default (ONNX Runtime runs
     *     on the CPU)
     * @param lines where the line naming ONNX Runtime's window goes
     * @return the model; close it
     * @throws IOException if the model file cannot be read
     * @throws MalformedModelException if a checkpoint does not fit the network
     */
    public static InferenceModel open(ExperimentConfig c, Device device, Consumer<String> lines)
            throws IOException, MalformedModelException {
        Path onnx = onnxFile(c);
        InferenceSettings settings = InferenceSettings.of(c);
        Model model = Model.newInstance("inference", onnx == null ? device : Device.cpu());
        try {
            if (onnx == null) {
                ModelSetup.loadTrained(c, new ExperimentLayout(c).modelPath(), model);
                return new InferenceModel(model, settings);
            }
            OnnxRuntimeBlock block = OnnxRuntimeBlock.open(onnx, model);
            model.setBlock(block);
            lines.accept(block.windowLine(onnx, settings));
            return new InferenceModel(model, settings.withWindow(block.windowH(), block.windowW()));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The ONNX file a configuration runs on ONNX Runtime: {@code model_path} when it ends in {@code
     * .onnx} (whatever the engine); with {@code engine onnxruntime}, {@code model.onnx} in the
     * folder {@code model_path} names, or without {@code model_path} the experiment's own {@code
     * <save_path>/model.onnx}.
     *
     * @param c the configuration
     * @return the file, or null where DJL runs the network
     * @throws CheckpointException if the file is missing, saying to run {@code tool/export.sh}
     *     first
     * @throws ai.acosp.train.config.ConfigException if {@code model_path} is a checkpoint while the
     *     engine is {@code onnxruntime}
     */
    public static Path onnxFile(ExperimentConfig c) throws CheckpointException {
        String given = c.getString("model_path");
        Path own = new ExperimentLayout(c).modelFolder().resolve(OnnxRuntimeBlock.FILE);
        if (given != null && given.endsWith(".onnx")) {
            return existing(
                    Path.of(given),
                    "check model_path, or run "
                            + export(c, null)
                            + " first (it writes "
                            + own
                            + ")");
        }
        if (InferenceEngine.of(c) != InferenceEngine.ONNXRUNTIME) {
            return null;
        }
        if (given == null) {
            return existing(own, "run " + export(c, null) + " first, which writes it");
        }
        if (Files.isDirectory(Path.of(given))) {
            return existing(
                    Path.of(given).resolve(OnnxRuntimeBlock.FILE),
                    "run " + export(c, given) + " first, which writes it");
        }
        throw c.fail(
                "model_path",
                "is '"
                        + given
                        + "', not a .onnx file or a folder holding "
                        + OnnxRuntimeBlock.FILE
                        + ", and engine onnxruntime runs exported files: run "
                        + export(c, given)
                        + " and give model_path the file it writes, or set engine djl");
    }

    private static Path existing(Path file, String remedy) throws CheckpointException {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(
                    file, "no ONNX file to run on ONNX Runtime", remedy, null);
        }
        return file;
    }

    private static String export(ExperimentConfig c, String modelPath) {
        return "sh tool/export.sh "
                + c.getDataset()
                + " "
                + c.getName()
                + (modelPath == null ? "" : " model_path " + modelPath);
    }

    /**
     * The loaded network.
     *
     * @return the DJL network or the {@link OnnxRuntimeBlock}
     */
    public Block network() {
        return model.getBlock();
    }

    /**
     * The model holding the network; its manager runs the arrays.
     *
     * @return the model
     */
    public Model model() {
        return model;
    }

    /**
     * The recipe: the configuration's, on the ONNX file's window where ONNX Runtime runs.
     *
     * @return the settings
     */
    public InferenceSettings settings() {
        return settings;
    }

    /**
     * A sliding-window predictor of the network.
     *
     * @return the predictor
     */
    public SlidingWindowPredictor predictor() {
        return new SlidingWindowPredictor(model.getBlock(), model.getNDManager(), settings);
    }

    /** Closes the model and with it the network (ONNX Runtime's session). */
    @Override
    public void close() {
        model.close();
    }
}
