package ai.acosp.data;

import ai.acosp.data.image.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Hand-made images for tests. */
public final class TestImages {

    private TestImages() {}

    /**
     * An RGB float image whose pixel (y, x) is (y, x, 7).
     *
     * @param h height
     * @param w width
     * @return the image
     */
    public static Mat coordImage(int h, int w) {
        OpenCv.load();
        Mat m = new Mat(h, w, CvType.CV_32FC3);
        float[] v = new float[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                v[p] = y;
                v[p + 1] = x;
                v[p + 2] = 7;
            }
        }
        m.put(0, 0, v);
        return m;
    }

    /**
     * A label whose pixel (y, x) is {@code (y * w + x) % mod}.
     *
     * @param h height
     * @param w width
     * @param mod the number of values
     * @return the label
     */
    public static Mat label(int h, int w, int mod) {
        OpenCv.load();
        Mat m = new Mat(h, w, CvType.CV_8UC1);
        byte[] v = new byte[h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (i % mod);
        }
        m.put(0, 0, v);
        return m;
    }

    /**
     * Returns the float pixel values of an RGB float image.
     *
     * @param m the image
     * @return H * W * 3 values
     */
    public static float[] floats(Mat m) {
        float[] v = new float[m.rows() * m.cols() * m.channels()];
        m.get(0, 0, v);
        return v;
    }

    /**
     * Returns the bytes of a label.
     *
     * @param m the label
     * @return H * W values
     */
    public static int[] ints(Mat m) {
        byte[] v = new byte[m.rows() * m.cols()];
        m.get(0, 0, v);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] & 0xFF;
        }
        return out;
    }
}
