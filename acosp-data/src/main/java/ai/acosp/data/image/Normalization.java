package ai.acosp.data.image;

import org.opencv.core.Scalar;

/**
 * Per-channel mean and standard deviation (RGB order, on the 0..255 pixel scale) used to normalise
 * images: {@code (x - mean) / std}.
 *
 * @param mean the three channel means
 * @param std the three channel standard deviations
 */
public record Normalization(double[] mean, double[] std) {

    /**
     * The semseg (ImageNet) values: mean (0.485, 0.456, 0.406)*255, std (0.229, 0.224, 0.225)*255.
     */
    public static final Normalization IMAGENET =
            scaled(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    /** CIFAR-10: mean (0.4914, 0.4822, 0.4465)*255, std (0.2023, 0.1994, 0.2010)*255. */
    public static final Normalization CIFAR10 =
            scaled(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2023, 0.1994, 0.2010});

    /**
     * Checks the arrays.
     *
     * @param mean the three channel means
     * @param std the three channel standard deviations
     */
    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Creates a normalisation from values given on the 0..1 scale.
     *
     * @param mean01 the means on the 0..1 scale
     * @param std01 the standard deviations on the 0..1 scale
     * @return the normalisation on the 0..255 scale
     */
    public static Normalization scaled(double[] mean01, double[] std01) {
        double[] m = new double[3];
        double[] s = new double[3];
        for (int c = 0; c < 3; c++) {
            m[c] = mean01[c] * 255;
            s[c] = std01[c] * 255;
        }
        return new Normalization(m, s);
    }

    /**
     * Returns the means as an OpenCV scalar, the padding value of images.
     *
     * @return the mean colour (R, G, B)
     */
    public Scalar meanScalar() {
        return new Scalar(mean[0], mean[1], mean[2]);
    }

    /**
     * Returns the means (a copy).
     *
     * @return the means
     */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /**
     * Returns the standard deviations (a copy).
     *
     * @return the standard deviations
     */
    @Override
    public double[] std() {
        return std.clone();
    }
}
