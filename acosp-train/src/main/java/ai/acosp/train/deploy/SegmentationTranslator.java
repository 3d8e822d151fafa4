package ai.acosp.train.deploy;

import ai.acosp.data.image.Normalization;
import ai.acosp.data.image.TensorConversion;
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
    private final int baseSize;
    private final int windowH;
    private final int windowW;
    private final List<Double> scales;
    private final Normalization normalization;
    private final boolean flip;

    /**
     * Creates the translator.
     *
     * @param classes the class names, one per network output channel
     * @param baseSize the long side at scale 1
     * @param windowH the window height
     * @param windowW the window width
     * @param scales the scales
     * @param normalization the input normalisation
     * @param flip whether each window is averaged with its flipped copy (the test phase does)
     */
    public SegmentationTranslator(
            List<String> classes,
            int baseSize,
            int windowH,
            int windowW,
            List<Double> scales,
            Normalization normalization,
            boolean flip) {
        this.classes = List.copyOf(classes);
        this.baseSize = baseSize;
        this.windowH = windowH;
        this.windowW = windowW;
        this.scales = List.copyOf(scales);
        this.normalization = normalization;
        this.flip = flip;
    }

    /**
     * Whether each window is averaged with its horizontally flipped copy.
     *
     * @return true with the flip
     */
    public boolean isFlip() {
        return flip;
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        Mat image = TensorConversion.fromHwc(input.toNDArray(ctx.getNDManager(), Image.Flag.COLOR));
        try {
            SlidingWindowPredictor predictor =
                    new SlidingWindowPredictor(
                            ctx.getBlock(),
                            ctx.getNDManager(),
                            classes.size(),
                            windowH,
                            windowW,
                            baseSize,
                            scales,
                            normalization,
                            flip);
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
