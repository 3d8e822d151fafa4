package ai.acosp.spark;

import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.deploy.SegmentationBlockFactory;
import ai.acosp.train.deploy.SegmentationTranslatorFactory;
import ai.acosp.train.deploy.ServingFolder;
import ai.acosp.train.inference.InferenceEngine;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every executor loads: a model folder on DJL (the plain {@code Criteria}, types and path), a
 * model folder's {@code model.onnx} on ONNX Runtime ({@code Criteria} with the {@value
 * ServingFolder#RUNTIME} argument), or an exported {@code .onnx} file outside a model folder, which
 * carries the arguments of {@code serving.properties} from the configuration.
 *
 * @param path the folder or file, as every executor sees it
 * @param arguments the loading arguments ({@code Criteria.optArguments})
 */
public record ModelSource(String path, Map<String, String> arguments) implements Serializable {

    /** DJL's option that skips the parameter file: ONNX Runtime's weights are in the ONNX file. */
    private static final String HAS_PARAMETER = "hasParameter";

    /** Copies the arguments. */
    public ModelSource {
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /**
     * A model folder ({@code tool/compact.sh}, {@code tool/serving.sh}) on DJL.
     *
     * @param folder the folder
     * @return the source
     */
    public static ModelSource folder(String folder) {
        return new ModelSource(folder, Map.of());
    }

    /**
     * A model folder's {@code model.onnx} (written there by {@code tool/export.sh}) on ONNX
     * Runtime, with the folder's recipe.
     *
     * @param folder the folder
     * @return the source
     */
    public static ModelSource onnxFolder(String folder) {
        return new ModelSource(folder, onnxRuntime());
    }

    /**
     * An exported {@code .onnx} file on ONNX Runtime, with a configuration's recipe.
     *
     * @param file the file
     * @param c the configuration
     * @return the source
     * @throws IOException if the configuration's palette cannot be read
     */
    public static ModelSource onnxFile(String file, ExperimentConfig c) throws IOException {
        Map<String, String> arguments = new LinkedHashMap<>(ServingFolder.arguments(c));
        arguments.putAll(onnxRuntime());
        return new ModelSource(file, arguments);
    }

    /**
     * Whether ONNX Runtime runs the model.
     *
     * @return true for an ONNX source
     */
    public boolean onnx() {
        return InferenceEngine.ONNXRUNTIME.value().equals(arguments.get(ServingFolder.RUNTIME));
    }

    /**
     * Loads the model.
     *
     * @return the model with its translator
     * @throws IOException if a file cannot be read
     * @throws ModelNotFoundException if DJL finds no model or translator in the folder
     * @throws MalformedModelException if the parameters do not fit the network
     * @throws TranslateException if an argument of the recipe is missing or wrong
     */
    public ZooModel<Image, CategoryMask> load()
            throws IOException,
                    ModelNotFoundException,
                    MalformedModelException,
                    TranslateException {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            Criteria.Builder<Image, CategoryMask> criteria =
                    Criteria.builder()
                            .setTypes(Image.class, CategoryMask.class)
                            .optModelPath(file)
                            .optArguments(new LinkedHashMap<>(arguments));
            return (onnx() ? criteria.optOption(HAS_PARAMETER, "false") : criteria)
                    .build()
                    .loadModel();
        }
        // DJL's loader would read the file's whole folder (warning that a file is no archive, and
        // taking a model folder's metadata below it for the model), so its two factories are
        // called here as it calls them
        Model model = Model.newInstance(file.getFileName().toString(), Device.cpu());
        try {
            Path folder = file.toAbsolutePath().getParent();
            model.setBlock(new SegmentationBlockFactory().newBlock(model, folder, arguments));
            return new ZooModel<>(
                    model,
                    new SegmentationTranslatorFactory()
                            .newInstance(Image.class, CategoryMask.class, model, arguments));
        } catch (TranslateException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static Map<String, String> onnxRuntime() {
        return Map.of(ServingFolder.RUNTIME, InferenceEngine.ONNXRUNTIME.value());
    }
}
