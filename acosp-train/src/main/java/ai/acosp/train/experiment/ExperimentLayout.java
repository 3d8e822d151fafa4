package ai.acosp.train.experiment;

import ai.acosp.train.config.ExperimentConfig;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where an experiment's files are. The only place that knows the folder layout:
 *
 * <pre>
 * &lt;experiment root&gt;/&lt;dataset&gt;/&lt;name&gt;/     the experiment folder
 *     &lt;dataset&gt;_&lt;name&gt;.yaml, config.yaml  the config file as given and as run
 *     train-&lt;time&gt;.log, test-&lt;time&gt;.log  console logs
 *     model/train_epoch_&lt;E&gt;.ckpt         checkpoints (save_path)
 *     model/train_epoch_&lt;E&gt;_step_&lt;S&gt;.ckpt  a stop (SIGINT/SIGTERM) in the middle of an epoch
 *     tensorboard/                        event files and scalars.csv
 *     result/epoch_&lt;E&gt;/&lt;split&gt;/ss/       gray/, color/, results.csv (save_folder, result_path)
 *     prediction/                         gray/, color/, overlay/ of tool/predict.sh (save_folder)
 * </pre>
 *
 * <p>The experiment root is {@code exp} in the working directory, or the system property {@value
 * #ROOT_PROPERTY}, or the environment variable {@value #ROOT_ENV}. Relative {@code save_path},
 * {@code save_folder} and {@code result_path} are inside the experiment folder; relative {@code
 * weight}, {@code resume} and {@code model_path} are relative to the working directory; relative
 * list files are inside {@code data_root}, which defaults to {@code /data/<dataset>} ({@code
 * <experiment root>/synthetic/data} for the synthetic set).
 */
public final class ExperimentLayout {

    /** The system property that moves the experiment root. */
    public static final String ROOT_PROPERTY = "acosp.exp.root";

    /** The environment variable that moves the experiment root. */
    public static final String ROOT_ENV = "ACOSP_EXP_ROOT";

    private final ExperimentConfig config;
    private final Path root;
    private final Path folder;

    /**
     * Creates the layout of a configuration.
     *
     * @param config the configuration
     */
    public ExperimentLayout(ExperimentConfig config) {
        this.config = config;
        root = experimentRoot();
        folder = root.resolve(config.getDataset()).resolve(config.getName());
    }

    /**
     * The root of all experiments.
     *
     * @return the property, the environment variable or {@code exp}
     */
    public static Path experimentRoot() {
        String value = System.getProperty(ROOT_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ROOT_ENV);
        }
        return Path.of(value == null || value.isBlank() ? "exp" : value);
    }

    /**
     * The experiment folder.
     *
     * @return {@code <root>/<dataset>/<name>}
     */
    public Path folder() {
        return folder;
    }

    /**
     * The checkpoint folder ({@code save_path}).
     *
     * @return the folder
     */
    public Path modelFolder() {
        return folder.resolve(config.getString("save_path"));
    }

    /**
     * The checkpoint after a number of completed epochs.
     *
     * @param epoch completed epochs
     * @return {@code <save_path>/train_epoch_<epoch>.ckpt}
     */
    public Path checkpoint(int epoch) {
        return modelFolder().resolve("train_epoch_" + epoch + ".ckpt");
    }

    /**
     * The checkpoint a stop (SIGINT, SIGTERM) writes in the middle of an epoch.
     *
     * @param epoch completed epochs
     * @param step completed steps of the next epoch
     * @return {@code <save_path>/train_epoch_<epoch>_step_<step>.ckpt}
     */
    public Path stopCheckpoint(int epoch, long step) {
        return modelFolder().resolve("train_epoch_" + epoch + "_step_" + step + ".ckpt");
    }

    /**
     * The checkpoint at the end of training.
     *
     * @return the checkpoint of epoch {@code epochs}
     */
    public Path finalCheckpoint() {
        return checkpoint(config.getInt("epochs"));
    }

    /**
     * The model to test: {@code model_path}, or the final checkpoint of this experiment.
     *
     * @return the file
     */
    public Path modelPath() {
        String value = config.getString("model_path");
        return value == null ? finalCheckpoint() : Path.of(value);
    }

    /**
     * A file named by a key relative to the working directory ({@code weight}, {@code resume}).
     *
     * @param key the key
     * @return the path, or null when the key is empty
     */
    public Path userFile(String key) {
        String value = config.getString(key);
        return value == null ? null : Path.of(value);
    }

    /**
     * The TensorBoard folder.
     *
     * @return {@code <experiment>/tensorboard}
     */
    public Path tensorboardFolder() {
        return folder.resolve("tensorboard");
    }

    /**
     * A new console log file.
     *
     * @param phase {@code train} or {@code test}
     * @return {@code <experiment>/<phase>-<time>.log}
     */
    public Path logFile(String phase) {
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return folder.resolve(phase + "-" + time + ".log");
    }

    /**
     * The data set folder.
     *
     * @return {@code data_root} or its default
     */
    public Path dataRoot() {
        String value = config.getString("data_root");
        if (value != null) {
            return Path.of(value);
        }
        if ("synthetic".equals(config.getChoice("data_format"))) {
            return root.resolve("synthetic").resolve("data");
        }
        return Path.of("/data", config.getDataset());
    }

    /**
     * A list file named by a key, resolved against the data root.
     *
     * @param key {@code train_list}, {@code val_list} or {@code test_list}
     * @return the file, or null when the key is empty
     */
    public Path list(String key) {
        String value = config.getString(key);
        return value == null ? null : dataRoot().resolve(value);
    }

    /**
     * The folder of the predicted class maps.
     *
     * @return {@code save_folder} or {@code result/epoch_<E>/<split>/ss}
     */
    public Path saveFolder() {
        String value = config.getString("save_folder");
        if (value != null) {
            return folder.resolve(value);
        }
        return folder.resolve("result")
                .resolve("epoch_" + config.getInt("epochs"))
                .resolve(config.getString("split"))
                .resolve("ss");
    }

    /**
     * The folder of {@code tool/predict.sh}'s outputs.
     *
     * @return {@code save_folder} or {@code <experiment>/prediction}
     */
    public Path predictionFolder() {
        String value = config.getString("save_folder");
        return value == null ? folder.resolve("prediction") : folder.resolve(value);
    }

    /**
     * The per-class results file.
     *
     * @return {@code result_path} or {@code <save folder>/results.csv}
     */
    public Path resultPath() {
        String value = config.getString("result_path");
        return value == null ? saveFolder().resolve("results.csv") : folder.resolve(value);
    }
}
