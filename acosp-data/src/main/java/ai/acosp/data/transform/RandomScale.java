package ai.acosp.data.transform;

import ai.acosp.data.image.OpenCv;
import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Scales image and label by one factor drawn uniformly from {@code [min, max]}: image bilinear,
 * label nearest, exactly as {@code cv2.resize(img, None, fx=f, fy=f)}: the new size is {@code
 * round(h * f) x round(w * f)} and the sampling grid uses {@code f} itself.
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
            throw new IllegalArgumentException(
                    "need 0 < scale_min <= scale_max, got " + min + ", " + max);
        }
        this.min = min;
        this.max = max;
    }

    /** {@inheritDoc} */
    @Override
    public void apply(SegSample sample, RandomGenerator rng) {
        double f = min + (max - min) * rng.nextDouble();
        if (f == 1.0) {
            return;
        }
        sample.setImage(resize(sample.image(), f, Imgproc.INTER_LINEAR));
        if (sample.hasLabel()) {
            sample.setLabel(resize(sample.label(), f, Imgproc.INTER_NEAREST));
        }
    }

    /** Resizes by factor f as {@code cv2.resize(src, None, fx=f, fy=f)} does. */
    private static Mat resize(Mat src, double f, int interpolation) {
        OpenCv.load();
        Mat dst = new Mat();
        Imgproc.resize(src, dst, new Size(), f, f, interpolation);
        return dst;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "RandomScale[" + min + ", " + max + "]";
    }
}
