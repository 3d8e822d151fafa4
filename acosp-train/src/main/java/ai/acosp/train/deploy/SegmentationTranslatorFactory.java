package ai.acosp.train.deploy;

import ai.acosp.data.image.Normalization;
import ai.acosp.train.inference.InferenceSettings;
import ai.acosp.train.inference.OnnxRuntimeBlock;
import ai.djl.Model;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.modality.cv.translator.ImageServingTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the {@link SegmentationTranslator} of a model folder from its arguments: {@code
 * serving.properties} and {@code Criteria.optArgument} values ({@link ServingFolder} names the
 * keys). Besides Image -> CategoryMask it gives Input -> Output, the types DJL Serving loads a
 * model with: image bytes in, the {@link CategoryMask} as JSON out ({@link
 * ImageServingTranslator}). On ONNX Runtime ({@value ServingFolder#RUNTIME} {@code onnxruntime})
 * the windows are the exported file's fixed input, whatever {@value ServingFolder#WINDOW_H} and
 * {@value ServingFolder#WINDOW_W} say.
 */
public class SegmentationTranslatorFactory implements TranslatorFactory {

    /** {@inheritDoc} */
    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(
                new Pair<>(Image.class, CategoryMask.class), new Pair<>(Input.class, Output.class));
    }

    /** {@inheritDoc} */
    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(
            Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
            throws TranslateException {
        if (!isSupported(input, output)) {
            throw new IllegalArgumentException(
                    "only Image -> CategoryMask and Input -> Output are supported");
        }
        List<String> names =
                Arrays.asList(required(arguments, ServingFolder.CLASS_NAMES).split(","));
        InferenceSettings settings =
                new InferenceSettings(
                        names.size(),
                        Integer.parseInt(required(arguments, ServingFolder.WINDOW_H)),
                        Integer.parseInt(required(arguments, ServingFolder.WINDOW_W)),
                        Integer.parseInt(required(arguments, ServingFolder.BASE_SIZE)),
                        doubles(required(arguments, ServingFolder.SCALES)),
                        new Normalization(
                                doubles(required(arguments, ServingFolder.MEAN)).stream()
                                        .mapToDouble(d -> d)
                                        .toArray(),
                                doubles(required(arguments, ServingFolder.STD)).stream()
                                        .mapToDouble(d -> d)
                                        .toArray()),
                        flip(arguments));
        if (model != null && model.getBlock() instanceof OnnxRuntimeBlock onnx) {
            // an exported graph has one fixed input size
            settings = settings.withWindow(onnx.windowH(), onnx.windowW());
        }
        SegmentationTranslator translator = new SegmentationTranslator(names, settings);
        return (Translator<I, O>)
                (input == Input.class ? new ImageServingTranslator(translator) : translator);
    }

    /** The {@value ServingFolder#FLIP} argument: {@code true} (the test phase's) when absent. */
    private static boolean flip(Map<String, ?> arguments) throws TranslateException {
        Object value = arguments.get(ServingFolder.FLIP);
        String text = value == null ? "true" : value.toString().trim();
        if (!text.equals("true") && !text.equals("false")) {
            throw new TranslateException(
                    "'"
                            + ServingFolder.FLIP
                            + "' in the model folder's "
                            + ServingFolder.PROPERTIES
                            + " or Criteria.optArgument is '"
                            + value
                            + "'; allowed values: true, false");
        }
        return Boolean.parseBoolean(text);
    }

    private static String required(Map<String, ?> arguments, String key) throws TranslateException {
        Object value = arguments.get(key);
        if (value == null) {
            throw new TranslateException(
                    "the model folder's "
                            + ServingFolder.PROPERTIES
                            + " has no '"
                            + key
                            + "' (set it there or with Criteria.optArgument)");
        }
        return value.toString();
    }

    private static List<Double> doubles(String list) {
        return Arrays.stream(list.replaceAll("[\\[\\] ]", "").split(","))
                .map(Double::valueOf)
                .toList();
    }
}
