package ai.acosp.data.transform;

import ai.acosp.data.image.Normalization;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Scalar;

/**
 * Builds the semseg training and validation pipelines from the config values.
 *
 * <pre>{@code
 * SegAugmentation aug = SegAugmentation.builder()
 *         .setCropSize(473, 473)          // train_h, train_w
 *         .optScale(0.5, 2.0)             // scale_min, scale_max
 *         .optRotate(-10, 10)             // rotate_min, rotate_max
 *         .optIgnoreLabel(255)
 *         .build();
 * SegTransform train = aug.training();    // scale, rotate, blur, flip, random crop
 * SegTransform val = aug.validation();    // centre crop
 * }</pre>
 */
public final class SegAugmentation {

    private final int cropH;
    private final int cropW;
    private final double scaleMin;
    private final double scaleMax;
    private final double rotateMin;
    private final double rotateMax;
    private final int ignoreLabel;
    private final Normalization normalization;

    private SegAugmentation(Builder b) {
        cropH = b.cropH;
        cropW = b.cropW;
        scaleMin = b.scaleMin;
        scaleMax = b.scaleMax;
        rotateMin = b.rotateMin;
        rotateMax = b.rotateMax;
        ignoreLabel = b.ignoreLabel;
        normalization = b.normalization;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the training pipeline in semseg's order: random scale, random rotation (p 0.5),
     * Gaussian blur 5x5 (p 0.5), horizontal flip (p 0.5), random crop with padding.
     *
     * @return the pipeline
     */
    public SegPipeline training() {
        Scalar mean = normalization.meanScalar();
        List<SegTransform> steps = new ArrayList<>();
        steps.add(new RandomScale(scaleMin, scaleMax));
        steps.add(new RandomRotate(rotateMin, rotateMax, 0.5, mean, ignoreLabel));
        steps.add(new RandomGaussianBlur(5, 0.5));
        steps.add(new RandomHorizontalFlip(0.5));
        steps.add(new Crop(cropH, cropW, Crop.Type.RANDOM, mean, ignoreLabel));
        return new SegPipeline(steps);
    }

    /**
     * Returns the validation pipeline: centre crop with the same padding rule.
     *
     * @return the pipeline
     */
    public SegPipeline validation() {
        return new SegPipeline(
                new Crop(cropH, cropW, Crop.Type.CENTER, normalization.meanScalar(), ignoreLabel));
    }

    /**
     * Returns the normalisation whose mean pads images.
     *
     * @return the normalisation
     */
    public Normalization getNormalization() {
        return normalization;
    }

    /** The builder of {@link SegAugmentation}. */
    public static final class Builder {

        private int cropH;
        private int cropW;
        private double scaleMin = 0.5;
        private double scaleMax = 2.0;
        private double rotateMin = -10;
        private double rotateMax = 10;
        private int ignoreLabel = 255;
        private Normalization normalization = Normalization.IMAGENET;

        private Builder() {}

        /**
         * Sets the crop size (required).
         *
         * @param height {@code train_h}
         * @param width {@code train_w}
         * @return this builder
         */
        public Builder setCropSize(int height, int width) {
            cropH = height;
            cropW = width;
            return this;
        }

        /**
         * Sets the scale range; default [0.5, 2.0].
         *
         * @param min {@code scale_min}
         * @param max {@code scale_max}
         * @return this builder
         */
        public Builder optScale(double min, double max) {
            scaleMin = min;
            scaleMax = max;
            return this;
        }

        /**
         * Sets the rotation range in degrees; default [-10, 10].
         *
         * @param min {@code rotate_min}
         * @param max {@code rotate_max}
         * @return this builder
         */
        public Builder optRotate(double min, double max) {
            rotateMin = min;
            rotateMax = max;
            return this;
        }

        /**
         * Sets the label used for padding; default 255.
         *
         * @param ignoreLabel {@code ignore_label}
         * @return this builder
         */
        public Builder optIgnoreLabel(int ignoreLabel) {
            this.ignoreLabel = ignoreLabel;
            return this;
        }

        /**
         * Sets the normalisation whose mean pads images; default {@link Normalization#IMAGENET}.
         *
         * @param normalization the normalisation
         * @return this builder
         */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /**
         * Builds the pipelines' factory.
         *
         * @return the augmentation settings
         */
        public SegAugmentation build() {
            if (cropH < 1 || cropW < 1) {
                throw new IllegalStateException("setCropSize(h, w) is required");
            }
            return new SegAugmentation(this);
        }
    }
}
