package ai.acosp.spark;

import ai.acosp.train.checkpoint.CheckpointException;
import ai.djl.MalformedModelException;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The models of this JVM, one per model folder, loaded on first use with DJL's plain {@code
 * Criteria} (types and path only) and kept for the life of the JVM: every task of an executor (and
 * every job of a driver in local mode) shares one copy; each task makes its own {@code Predictor}.
 */
public final class ExecutorModels {

    private static final Map<String, ZooModel<Image, CategoryMask>> MODELS = new HashMap<>();

    private static final Map<String, Long> LOAD_NANOS = new HashMap<>();

    private ExecutorModels() {}

    /**
     * The model of a folder, loaded once per JVM.
     *
     * @param folder a model folder written by {@code tool/compact.sh} or {@code tool/serving.sh}
     * @return the shared model; callers never close it
     * @throws CheckpointException if the folder does not load, naming it
     */
    public static synchronized ZooModel<Image, CategoryMask> get(String folder)
            throws CheckpointException {
        ZooModel<Image, CategoryMask> model = MODELS.get(folder);
        if (model == null) {
            long start = System.nanoTime();
            model = load(folder);
            LOAD_NANOS.put(folder, System.nanoTime() - start);
            MODELS.put(folder, model);
        }
        return model;
    }

    /**
     * How long this JVM took to load a folder's model: the time of {@code Criteria.loadModel},
     * which in a fresh JVM includes the start of the engine (its native library).
     *
     * @param folder the folder, as given to {@link #get}
     * @return milliseconds, or -1 where this JVM has not loaded the folder
     */
    public static synchronized double loadMillis(String folder) {
        Long nanos = LOAD_NANOS.get(folder);
        return nanos == null ? -1 : nanos / 1e6;
    }

    private static ZooModel<Image, CategoryMask> load(String folder) throws CheckpointException {
        Path path = Path.of(folder);
        try {
            return Criteria.builder()
                    .setTypes(Image.class, CategoryMask.class)
                    .optModelPath(path)
                    .build()
                    .loadModel();
        } catch (IOException
                | ModelNotFoundException
                | MalformedModelException
                | RuntimeException e) {
            throw new CheckpointException(
                    path,
                    "the model folder does not load ("
                            + e.getClass().getSimpleName()
                            + ": "
                            + e.getMessage()
                            + ")",
                    "give model_path a folder written by tool/compact.sh or tool/serving.sh, as"
                            + " every executor sees it",
                    e);
        }
    }
}
