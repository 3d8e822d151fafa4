package ai.acosp.data.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Converts OpenCV images to DJL arrays: "to tensor" and "normalise" of the semseg pipeline, done in
 * one pass.
 */
public final class TensorConversion {

    private TensorConversion() {}

    /**
     * Converts an RGB {@code CV_32FC3} image (0..255) to a normalised float32 array of shape {@code
     * (3, H, W)}.
     *
     * @param manager the manager of the new array
     * @param image the image, {@code H x W}, three float channels
     * @param norm the normalisation, or {@code null} to keep the 0..255 values
     * @return the {@code (3, H, W)} array
     */
    public static NDArray toImageTensor(NDManager manager, Mat image, Normalization norm) {
        int h = image.rows();
        int w = image.cols();
        float[] chw = toChw(image);
        if (norm != null) {
            normalizeChw(chw, h * w, norm);
        }
        return manager.create(FloatBuffer.wrap(chw), new Shape(3, h, w), DataType.FLOAT32);
    }

    /**
     * Converts an {@code (H, W, 3)} array (DJL's {@code Image.toNDArray}, RGB 0..255) to a {@code
     * CV_32FC3} image, loading OpenCV first: the way in for images decoded by DJL.
     *
     * @param hwc the array, any numeric type
     * @return the image; release it when done
     */
    public static Mat fromHwc(NDArray hwc) {
        OpenCv.load();
        int h = (int) hwc.getShape().get(0);
        int w = (int) hwc.getShape().get(1);
        Mat mat = new Mat(h, w, CvType.CV_32FC3);
        mat.put(0, 0, hwc.toType(DataType.FLOAT32, false).toFloatArray());
        return mat;
    }

    /**
     * Converts an RGB {@code CV_32FC3} image to a CHW float array (no normalisation).
     *
     * @param image the image
     * @return the values, channel planes one after the other
     */
    public static float[] toChw(Mat image) {
        if (image.type() != CvType.CV_32FC3) {
            throw new IllegalArgumentException("expected a CV_32FC3 image, got " + image);
        }
        int hw = image.rows() * image.cols();
        float[] hwc = new float[hw * 3];
        Mat src = image.isContinuous() ? image : image.clone();
        src.get(0, 0, hwc);
        if (src != image) {
            src.release();
        }
        float[] chw = new float[hw * 3];
        for (int i = 0, j = 0; i < hw; i++, j += 3) {
            chw[i] = hwc[j];
            chw[hw + i] = hwc[j + 1];
            chw[2 * hw + i] = hwc[j + 2];
        }
        return chw;
    }

    /**
     * Normalises CHW values in place: {@code (x - mean[c]) / std[c]}.
     *
     * @param chw the values
     * @param planeSize {@code H * W}
     * @param norm the normalisation
     */
    public static void normalizeChw(float[] chw, int planeSize, Normalization norm) {
        double[] mean = norm.mean();
        double[] std = norm.std();
        for (int c = 0; c < 3; c++) {
            float m = (float) mean[c];
            float inv = (float) (1.0 / std[c]);
            int end = (c + 1) * planeSize;
            for (int i = c * planeSize; i < end; i++) {
                chw[i] = (chw[i] - m) * inv;
            }
        }
    }

    /**
     * Converts a {@code CV_8UC1} class map to an array of shape {@code (H, W)} holding the class
     * ids (0..255, so {@code ignore_label} 255 stays 255).
     *
     * @param manager the manager of the new array
     * @param label the class map
     * @param type the data type: {@link DataType#INT32}, {@link DataType#INT64}, {@link
     *     DataType#FLOAT32} or {@link DataType#UINT8}
     * @return the {@code (H, W)} array
     */
    public static NDArray toLabelTensor(NDManager manager, Mat label, DataType type) {
        byte[] bytes = labelBytes(label);
        Shape shape = new Shape(label.rows(), label.cols());
        switch (type) {
            case UINT8:
                return manager.create(java.nio.ByteBuffer.wrap(bytes), shape, DataType.UINT8);
            case INT32:
                int[] ints = new int[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    ints[i] = bytes[i] & 0xFF;
                }
                return manager.create(ints, shape);
            case INT64:
                long[] longs = new long[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    longs[i] = bytes[i] & 0xFF;
                }
                return manager.create(longs, shape);
            case FLOAT32:
                float[] floats = new float[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    floats[i] = bytes[i] & 0xFF;
                }
                return manager.create(floats, shape);
            default:
                throw new IllegalArgumentException("unsupported label type " + type);
        }
    }

    /**
     * Returns the bytes of a {@code CV_8UC1} class map, row by row.
     *
     * @param label the class map
     * @return {@code H * W} bytes
     */
    public static byte[] labelBytes(Mat label) {
        if (label.type() != CvType.CV_8UC1) {
            throw new IllegalArgumentException("expected a CV_8UC1 label, got " + label);
        }
        byte[] bytes = new byte[label.rows() * label.cols()];
        Mat src = label.isContinuous() ? label : label.clone();
        src.get(0, 0, bytes);
        if (src != label) {
            src.release();
        }
        return bytes;
    }
}
