package ai.acosp.data.transform;

import ai.acosp.data.image.OpenCv;
import java.util.random.RandomGenerator;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * With probability {@code p} rotates image and label about the image centre {@code (w/2, h/2)} by
 * an angle drawn uniformly from {@code [min, max]} degrees (positive is counter-clockwise, as in
 * OpenCV), keeping the size: image bilinear with the mean colour outside, label nearest with {@code
 * ignore_label} outside.
 */
public final class RandomRotate implements SegTransform {

    private final double min;
    private final double max;
    private final double probability;
    private final Scalar imageBorder;
    private final Scalar labelBorder;

    /**
     * Creates the step.
     *
     * @param min the smallest angle in degrees ({@code rotate_min})
     * @param max the largest angle in degrees ({@code rotate_max})
     * @param probability the probability of rotating (0.5 in the recipe)
     * @param imageBorder the colour outside the rotated image (the mean)
     * @param ignoreLabel the label outside the rotated label map
     */
    public RandomRotate(
            double min, double max, double probability, Scalar imageBorder, int ignoreLabel) {
        if (max < min) {
            throw new IllegalArgumentException(
                    "need rotate_min <= rotate_max, got " + min + ", " + max);
        }
        this.min = min;
        this.max = max;
        this.probability = probability;
        this.imageBorder = imageBorder;
        this.labelBorder = new Scalar(ignoreLabel);
    }

    /** {@inheritDoc} */
    @Override
    public void apply(SegSample sample, RandomGenerator rng) {
        if (rng.nextDouble() >= probability) {
            return;
        }
        double angle = min + (max - min) * rng.nextDouble();
        rotate(sample, angle);
    }

    /**
     * Rotates by a given angle (no randomness): the deterministic core of this step.
     *
     * @param sample the pair to rotate
     * @param angleDegrees the angle in degrees, counter-clockwise
     */
    public void rotate(SegSample sample, double angleDegrees) {
        OpenCv.load();
        int h = sample.height();
        int w = sample.width();
        Mat m = Imgproc.getRotationMatrix2D(new Point(w / 2.0, h / 2.0), angleDegrees, 1.0);
        Size size = new Size(w, h);
        sample.setImage(warp(sample.image(), m, size, Imgproc.INTER_LINEAR, imageBorder));
        if (sample.hasLabel()) {
            sample.setLabel(warp(sample.label(), m, size, Imgproc.INTER_NEAREST, labelBorder));
        }
        m.release();
    }

    /** The affine warp of {@code src} by {@code m}, {@code border} outside. */
    private static Mat warp(Mat src, Mat m, Size size, int interpolation, Scalar border) {
        Mat out = new Mat();
        Imgproc.warpAffine(src, out, m, size, interpolation, Core.BORDER_CONSTANT, border);
        return out;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "RandomRotate[" + min + ", " + max + ", p=" + probability + "]";
    }
}
