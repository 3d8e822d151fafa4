package ai.acosp.data.transform;

import org.opencv.core.Mat;

/**
 * A mutable image/label pair that owns its OpenCV matrices: the image is RGB {@code CV_32FC3}
 * (0..255), the label {@code CV_8UC1} class ids or absent (test lists without labels).
 *
 * <p>Setting a new matrix releases the old one; {@link #close()} releases both.
 */
public final class SegSample implements AutoCloseable {

    private Mat image;
    private Mat label;

    /**
     * Creates a sample that takes ownership of both matrices.
     *
     * @param image the RGB float image
     * @param label the class map, or {@code null}
     */
    public SegSample(Mat image, Mat label) {
        if (label != null && (label.rows() != image.rows() || label.cols() != image.cols())) {
            throw new IllegalArgumentException(
                    "image is "
                            + image.rows()
                            + "x"
                            + image.cols()
                            + " but label is "
                            + label.rows()
                            + "x"
                            + label.cols());
        }
        this.image = image;
        this.label = label;
    }

    /**
     * Returns the image.
     *
     * @return the RGB float image
     */
    public Mat image() {
        return image;
    }

    /**
     * Returns the label.
     *
     * @return the class map, or {@code null} when the sample has none
     */
    public Mat label() {
        return label;
    }

    /**
     * Returns whether the sample has a label.
     *
     * @return true when a class map is present
     */
    public boolean hasLabel() {
        return label != null;
    }

    /**
     * Returns the height.
     *
     * @return the number of rows
     */
    public int height() {
        return image.rows();
    }

    /**
     * Returns the width.
     *
     * @return the number of columns
     */
    public int width() {
        return image.cols();
    }

    /**
     * Replaces the image, releasing the old one.
     *
     * @param newImage the new image
     */
    public void setImage(Mat newImage) {
        if (newImage != image) {
            image.release();
            image = newImage;
        }
    }

    /**
     * Replaces the label, releasing the old one.
     *
     * @param newLabel the new class map
     */
    public void setLabel(Mat newLabel) {
        if (label != null && newLabel != label) {
            label.release();
        }
        label = newLabel;
    }

    /** Releases both matrices. */
    @Override
    public void close() {
        image.release();
        if (label != null) {
            label.release();
        }
    }
}
