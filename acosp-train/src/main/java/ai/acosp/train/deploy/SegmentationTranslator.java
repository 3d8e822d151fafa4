package ai.acosp.train.deploy;

import ai.acosp.data.image.TensorConversion;
import ai.acosp.train.inference.InferenceSettings;
import ai.acosp.train.inference.SlidingWindowPredictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Segments an image with the test phase's recipe ({@link SlidingWindowPredictor}: long side to
 * {@code base_size}, sliding windows, optional flip, scales) and returns the class of every pixel
 * with the class names. The windows need several network calls, so the prediction runs here and the
 * predictor's single forward call is skipped (an empty input list, as DJL allows).
 */
public class SegmentationTranslator implements NoBatchifyTranslator<Image, CategoryMask> {

    private static final String CLASS_MAP = "acosp.classMap";

    private final List<String> classes;
    private final InferenceSettings settings;

    /**
     * Creates the translator.
     *
     * @param classes the class names, one per network output channel
     * @param settings the recipe; its class count is the number of names
     */
    public SegmentationTranslator(List<String> classes, InferenceSettings settings) {
        if (classes.size() != settings.classes()) {
            throw new IllegalArgumentException(
                    classes.size() + " class names for " + settings.classes() + " classes");
        }
        this.classes = List.copyOf(classes);
        this.settings = settings;
    }

    /**
     * Whether each window is averaged with its horizontally flipped copy.
     *
     * @return true with the flip
     */
    public boolean isFlip() {
        return settings.flip();
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        Mat image = TensorConversion.fromHwc(input.toNDArray(ctx.getNDManager(), Image.Flag.COLOR));
        try {
            SlidingWindowPredictor predictor =
                    new SlidingWindowPredictor(ctx.getBlock(), ctx.getNDManager(), settings);
            int[] map = predictor.predict(image);
            int width = image.cols();
            int[][] mask = new int[image.rows()][];
            for (int y = 0; y < mask.length; y++) {
                mask[y] = Arrays.copyOfRange(map, y * width, (y + 1) * width);
            }
            ctx.setAttachment(CLASS_MAP, mask);
        } finally {
            image.release();
        }
        return new NDList();
    }

    /** {@inheritDoc} */
    @Override
    public CategoryMask processOutput(TranslatorContext ctx, NDList list) {
        return new CategoryMask(classes, (int[][]) ctx.getAttachment(CLASS_MAP));
    }
}
