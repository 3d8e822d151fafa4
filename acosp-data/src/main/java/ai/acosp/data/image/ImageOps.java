package ai.acosp.data.image;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Small, reusable image operations, including the pure image steps of the test recipe (resize to a
 * long side, pad with the mean). All return new {@code Mat}s and leave their input untouched.
 */
public final class ImageOps {

    private ImageOps() {}

    /**
     * Returns the size {@code (h, w)} whose long side is {@code longSide}, keeping the aspect
     * ratio: the short side is {@code round(longSide * short / long)} with Python's rounding (half
     * to even), as the semseg test script computes it.
     *
     * @param h the height
     * @param w the width
     * @param longSide the length of the long side after resizing
     * @return {@code {newH, newW}}
     */
    public static int[] longSideSize(int h, int w, int longSide) {
        if (h > w) {
            return new int[] {longSide, (int) Math.rint(longSide / (double) h * w)};
        }
        return new int[] {(int) Math.rint(longSide / (double) w * h), longSide};
    }

    /**
     * Resizes bilinearly so that the long side equals {@code longSide} (test recipe).
     *
     * @param src the image
     * @param longSide the long side after resizing
     * @return the resized image
     */
    public static Mat resizeLongSide(Mat src, int longSide) {
        int[] hw = longSideSize(src.rows(), src.cols(), longSide);
        return resize(src, hw[0], hw[1], Imgproc.INTER_LINEAR);
    }

    /**
     * Resizes to {@code h x w} with the given OpenCV interpolation.
     *
     * @param src the image
     * @param h the new height
     * @param w the new width
     * @param interpolation e.g. {@link Imgproc#INTER_LINEAR} or {@link Imgproc#INTER_NEAREST}
     * @return the resized image
     */
    public static Mat resize(Mat src, int h, int w, int interpolation) {
        OpenCv.load();
        Mat dst = new Mat();
        Imgproc.resize(src, dst, new Size(w, h), 0, 0, interpolation);
        return dst;
    }

    /**
     * Pads with a constant to at least {@code h x w}, centred as {@link CenterPadding} does (test
     * recipe: pad the image with the mean).
     *
     * @param src the image
     * @param h the minimum height
     * @param w the minimum width
     * @param value the border value
     * @return the padded image (a copy when no padding is needed)
     */
    public static Mat padTo(Mat src, int h, int w, Scalar value) {
        return CenterPadding.of(src.rows(), src.cols(), h, w).apply(src, value);
    }

    /**
     * Flips left-right.
     *
     * @param src the image
     * @return the flipped image
     */
    public static Mat flipHorizontal(Mat src) {
        OpenCv.load();
        Mat dst = new Mat();
        Core.flip(src, dst, 1);
        return dst;
    }

    /**
     * Copies the window {@code [top, top+h) x [left, left+w)}.
     *
     * @param src the image
     * @param top the first row
     * @param left the first column
     * @param h the window height
     * @param w the window width
     * @return the window, a continuous copy
     */
    public static Mat crop(Mat src, int top, int left, int h, int w) {
        if (top < 0 || left < 0 || top + h > src.rows() || left + w > src.cols()) {
            throw new IllegalArgumentException(
                    "window "
                            + h
                            + "x"
                            + w
                            + " at ("
                            + top
                            + ", "
                            + left
                            + ") is outside a "
                            + src.rows()
                            + "x"
                            + src.cols()
                            + " image");
        }
        Mat view = src.submat(top, top + h, left, left + w);
        Mat dst = view.clone();
        view.release();
        return dst;
    }
}
