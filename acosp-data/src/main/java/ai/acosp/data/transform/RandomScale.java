package ai.acosp.data.transform;

import ai.acosp.data.image.ImageOps;

import org.opencv.imgproc.Imgproc;

import java.util.random.RandomGenerator;

/**
 * Scales image and label by one factor drawn uniformly from {@code [min, max]}: image bilinear,
 * label nearest. The new size is {@code round(h * f) x round(w * f)}, as OpenCV computes it for
 * {@code fx = fy = f}.
 */
public final class RandomScale implements SegTransform {

    private final double min;
    private final double max;

    /**
     * Creates the step.
     *
     * @param min the smallest factor ({@code scale_min}), positive
     * @param max the largest factor ({@code scale_max})
     */
    public RandomScale(double min, double max) {
        if (!(min > 0) || max < min) {
            throw new IllegalArgumentException("need 0 < scale_min <= scale_max, got " + min + ", " + max);
        }
        this.min = min;
        this.max = max;
    }

    /** {@inheritDoc} */
    @Override
    public void apply(SegSample sample, RandomGenerator rng) {
        double f = min + (max - min) * rng.nextDouble();
        int h = Math.max(1, (int) Math.round(sample.height() * f));
        int w = Math.max(1, (int) Math.round(sample.width() * f));
        if (h == sample.height() && w == sample.width()) {
            return;
        }
        sample.setImage(ImageOps.resize(sample.image(), h, w, Imgproc.INTER_LINEAR));
        if (sample.hasLabel()) {
            sample.setLabel(ImageOps.resize(sample.label(), h, w, Imgproc.INTER_NEAREST));
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "RandomScale[" + min + ", " + max + "]";
    }
}
