package ai.acosp.spark;

import ai.acosp.train.cli.ServingExport;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.failure.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model folder a job loads: {@code model_path} when it is a folder (as given; a relative path
 * is resolved in each JVM's working directory); for a checkpoint, the serving folder {@code
 * tool/serving.sh} would write from it (written first, by the driver); without {@code model_path},
 * the experiment's compact folder when there is one, else the serving folder of the final
 * checkpoint.
 */
public final class ModelFolders {

    private ModelFolders() {}

    /**
     * Finds or writes the model folder.
     *
     * @param c the configuration
     * @return the folder
     * @throws Exception if a checkpoint cannot be read or the folder not written
     */
    public static Path resolve(ExperimentConfig c) throws Exception {
        ExperimentLayout layout = new ExperimentLayout(c);
        String given = c.getString("model_path");
        if (given != null) {
            Path path = Path.of(given);
            if (Files.isDirectory(path)) {
                // as given: a relative folder is found in each JVM's working directory
                // (spark-submit --archives model.zip#model, model_path model)
                return path;
            }
            if (path.getFileName().toString().endsWith(".onnx")) {
                throw new UsageException(
                        "model_path '" + given + "' is an ONNX file",
                        "give the Spark job a model folder (tool/compact.sh, tool/serving.sh) or a"
                                + " checkpoint; tool/predict.sh runs ONNX files");
            }
            return ServingExport.export(c).toAbsolutePath();
        }
        Path compact = layout.modelFolder().resolve(CompactExperiment.FOLDER);
        if (Files.isRegularFile(compact.resolve("serving.properties"))) {
            return compact.toAbsolutePath();
        }
        return ServingExport.export(c).toAbsolutePath();
    }
}
