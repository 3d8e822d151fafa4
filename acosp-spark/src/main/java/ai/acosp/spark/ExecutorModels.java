package ai.acosp.spark;

import ai.acosp.train.checkpoint.CheckpointException;
import ai.djl.MalformedModelException;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The models of this JVM, one per {@link ModelSource}, loaded on first use ({@link
 * ModelSource#load}: for a model folder on DJL the plain {@code Criteria}, types and path only) and
 * kept for the life of the JVM: every task of an executor (and every job of a driver in local mode)
 * shares one copy, on ONNX Runtime one session; each task makes its own {@code Predictor}.
 */
public final class ExecutorModels {

    private static final Map<ModelSource, ZooModel<Image, CategoryMask>> MODELS = new HashMap<>();

    private static final Map<ModelSource, Long> LOAD_NANOS = new HashMap<>();

    private ExecutorModels() {}

    /**
     * The model of a source, loaded once per JVM.
     *
     * @param source the model folder or ONNX file and its arguments
     * @return the shared model; callers never close it
     * @throws CheckpointException if the model does not load, naming the folder or file
     */
    public static synchronized ZooModel<Image, CategoryMask> get(ModelSource source)
            throws CheckpointException {
        ZooModel<Image, CategoryMask> model = MODELS.get(source);
        if (model == null) {
            long start = System.nanoTime();
            model = load(source);
            LOAD_NANOS.put(source, System.nanoTime() - start);
            MODELS.put(source, model);
        }
        return model;
    }

    /**
     * How long this JVM took to load a source's model: the time of {@link ModelSource#load} ({@code
     * Criteria.loadModel}), which in a fresh JVM includes the start of the engine (its native
     * library).
     *
     * @param source the source, as given to {@link #get}
     * @return milliseconds, or -1 where this JVM has not loaded it
     */
    public static synchronized double loadMillis(ModelSource source) {
        Long nanos = LOAD_NANOS.get(source);
        return nanos == null ? -1 : nanos / 1e6;
    }

    private static ZooModel<Image, CategoryMask> load(ModelSource source)
            throws CheckpointException {
        Path path = Path.of(source.path());
        try {
            return source.load();
        } catch (IOException
                | ModelNotFoundException
                | MalformedModelException
                | TranslateException
                | RuntimeException e) {
            throw new CheckpointException(
                    path,
                    (source.onnx()
                                    ? "the ONNX model does not load ("
                                    : "the model folder does not load (")
                            + e.getClass().getSimpleName()
                            + ": "
                            + e.getMessage()
                            + ")",
                    (source.onnx()
                                    ? "give model_path a model.onnx written by tool/export.sh, or a"
                                            + " model folder it was exported into,"
                                    : "give model_path a folder written by tool/compact.sh or"
                                            + " tool/serving.sh,")
                            + " as every executor sees it",
                    e);
        }
    }
}
