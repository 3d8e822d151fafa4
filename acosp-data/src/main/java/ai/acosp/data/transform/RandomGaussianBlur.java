package ai.acosp.data.transform;

import ai.acosp.data.image.OpenCv;
import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * With probability {@code p} blurs the image (not the label) with a {@code k x k} Gaussian whose
 * sigma OpenCV derives from {@code k} ({@code 0.3 * ((k - 1) * 0.5 - 1) + 0.8}, 1.1 for k = 5);
 * borders reflect (OpenCV's default).
 */
public final class RandomGaussianBlur implements SegTransform {

    private final int kernel;
    private final double probability;

    /** Creates the recipe's step: 5 x 5, probability 0.5. */
    public RandomGaussianBlur() {
        this(5, 0.5);
    }

    /**
     * Creates the step.
     *
     * @param kernel the odd kernel size
     * @param probability the probability of blurring
     */
    public RandomGaussianBlur(int kernel, double probability) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and positive: " + kernel);
        }
        this.kernel = kernel;
        this.probability = probability;
    }

    /** {@inheritDoc} */
    @Override
    public void apply(SegSample sample, RandomGenerator rng) {
        if (rng.nextDouble() < probability) {
            OpenCv.load();
            Mat dst = new Mat();
            Imgproc.GaussianBlur(sample.image(), dst, new Size(kernel, kernel), 0);
            sample.setImage(dst);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "RandomGaussianBlur[" + kernel + "x" + kernel + ", p=" + probability + "]";
    }
}
