package ai.acosp.spark;

import ai.acosp.train.cli.ServingExport;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.deploy.ServingFolder;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.inference.InferenceModel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model a job loads ({@link ModelSource}). On DJL ({@code engine djl}, the default): {@code
 * model_path} when it is a folder (as given; a relative path is resolved in each JVM's working
 * directory); for a checkpoint, the serving folder {@code tool/serving.sh} would write from it
 * (written first, by the driver); without {@code model_path}, the experiment's compact folder when
 * there is one, else the serving folder of the final checkpoint. On ONNX Runtime ({@code engine
 * onnxruntime}, or a {@code model_path} ending in {@code .onnx}): the file {@link
 * InferenceModel#onnxFile} finds, as {@code tool/predict.sh} does; a model folder given as {@code
 * model_path} keeps its own recipe, a file takes the configuration's.
 */
public final class ModelSources {

    private ModelSources() {}

    /**
     * Finds or writes the model.
     *
     * @param c the configuration
     * @return the source
     * @throws Exception if a checkpoint cannot be read, a folder not written or an ONNX file is
     *     missing (one line: run {@code tool/export.sh} first)
     */
    public static ModelSource resolve(ExperimentConfig c) throws Exception {
        String given = c.getString("model_path");
        Path onnx = InferenceModel.onnxFile(c);
        if (onnx != null) {
            if (given != null && ServingFolder.isModelFolder(Path.of(given))) {
                return ModelSource.onnxFolder(given);
            }
            // a file given keeps its path as given, as a folder does
            boolean file = given != null && given.endsWith(".onnx");
            return ModelSource.onnxFile(file ? given : onnx.toAbsolutePath().toString(), c);
        }
        if (given != null) {
            if (Files.isDirectory(Path.of(given))) {
                // as given: a relative folder is found in each JVM's working directory
                // (spark-submit --archives model.zip#model, model_path model)
                return ModelSource.folder(given);
            }
            return ModelSource.folder(ServingExport.export(c).toAbsolutePath().toString());
        }
        Path compact = new ExperimentLayout(c).modelFolder().resolve(CompactExperiment.FOLDER);
        if (ServingFolder.isModelFolder(compact)) {
            return ModelSource.folder(compact.toAbsolutePath().toString());
        }
        return ModelSource.folder(ServingExport.export(c).toAbsolutePath().toString());
    }
}
