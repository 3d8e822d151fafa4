package ai.acosp.data.image;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * The constant border that brings an image up to at least {@code minH x minW}, split as the semseg
 * code splits it: {@code top = (minH - h) / 2} (rounded down), the rest at the bottom; likewise
 * left and right. No padding along a side that is already large enough.
 *
 * @param top rows added above
 * @param bottom rows added below
 * @param left columns added on the left
 * @param right columns added on the right
 */
public record CenterPadding(int top, int bottom, int left, int right) {

    /**
     * Computes the padding for an image of {@code h x w}.
     *
     * @param h the image height
     * @param w the image width
     * @param minH the height to reach
     * @param minW the width to reach
     * @return the padding (all zero when the image is large enough)
     */
    public static CenterPadding of(int h, int w, int minH, int minW) {
        int padH = Math.max(minH - h, 0);
        int padW = Math.max(minW - w, 0);
        return new CenterPadding(padH / 2, padH - padH / 2, padW / 2, padW - padW / 2);
    }

    /**
     * Returns whether no padding is needed.
     *
     * @return true when all four sides are 0
     */
    public boolean isEmpty() {
        return top == 0 && bottom == 0 && left == 0 && right == 0;
    }

    /**
     * Returns a new image with the constant border added (a copy even when no padding is needed).
     *
     * @param src the image
     * @param value the border value (the mean colour for images, {@code ignore_label} for labels)
     * @return the padded image
     */
    public Mat apply(Mat src, Scalar value) {
        OpenCv.load();
        Mat dst = new Mat();
        if (isEmpty()) {
            src.copyTo(dst);
        } else {
            Core.copyMakeBorder(src, dst, top, bottom, left, right, Core.BORDER_CONSTANT, value);
        }
        return dst;
    }
}
