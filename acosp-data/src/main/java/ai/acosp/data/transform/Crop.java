package ai.acosp.data.transform;

import ai.acosp.data.image.CenterPadding;
import ai.acosp.data.image.ImageOps;
import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * Crops image and label to {@code h x w}, padding first where the pair is smaller ({@link
 * CenterPadding}: image with the mean colour, label with {@code ignore_label}).
 *
 * <p>{@link Type#RANDOM} draws the offsets uniformly from {@code [0, H - h]} and {@code [0, W - w]}
 * (both ends included); {@link Type#CENTER} takes {@code (H - h) / 2}, rounded down.
 */
public final class Crop implements SegTransform {

    /** Where the window is placed. */
    public enum Type {
        /** Uniformly random (training). */
        RANDOM,
        /** Centred (validation during training). */
        CENTER
    }

    private final int height;
    private final int width;
    private final Type type;
    private final Scalar imagePad;
    private final Scalar labelPad;

    /**
     * Creates the step.
     *
     * @param height the crop height ({@code train_h})
     * @param width the crop width ({@code train_w})
     * @param type random or centred
     * @param imagePad the colour used to pad the image (the mean)
     * @param ignoreLabel the label used to pad the label map
     */
    public Crop(int height, int width, Type type, Scalar imagePad, int ignoreLabel) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "crop size must be positive: " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        this.type = type;
        this.imagePad = imagePad;
        this.labelPad = new Scalar(ignoreLabel);
    }

    /** {@inheritDoc} */
    @Override
    public void apply(SegSample sample, RandomGenerator rng) {
        CenterPadding pad = CenterPadding.of(sample.height(), sample.width(), height, width);
        if (!pad.isEmpty()) {
            sample.setImage(pad.apply(sample.image(), imagePad));
            if (sample.hasLabel()) {
                sample.setLabel(pad.apply(sample.label(), labelPad));
            }
        }
        int h = sample.height();
        int w = sample.width();
        int top;
        int left;
        if (type == Type.RANDOM) {
            top = rng.nextInt(h - height + 1);
            left = rng.nextInt(w - width + 1);
        } else {
            top = (h - height) / 2;
            left = (w - width) / 2;
        }
        if (h == height && w == width) {
            return;
        }
        Mat img = ImageOps.crop(sample.image(), top, left, height, width);
        sample.setImage(img);
        if (sample.hasLabel()) {
            sample.setLabel(ImageOps.crop(sample.label(), top, left, height, width));
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "Crop[" + height + "x" + width + ", " + type + "]";
    }
}
