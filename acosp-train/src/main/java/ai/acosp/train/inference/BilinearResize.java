package ai.acosp.train.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear resizing of {@code (C, H, W)} maps with half-pixel centres and edge clamping, as
 * OpenCV's {@code INTER_LINEAR} (the semseg test script resizes probability maps with {@code
 * cv2.resize}). Written as two interpolation matrices, so it runs on any engine and device.
 */
public final class BilinearResize {

    private BilinearResize() {}

    /**
     * The {@code (out, in)} matrix that resizes a line of {@code in} values to {@code out}.
     *
     * @param in the input length
     * @param out the output length
     * @return the row-major matrix
     */
    public static float[] matrix(int in, int out) {
        float[] m = new float[out * in];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double source = Math.max((o + 0.5) * scale - 0.5, 0);
            int i0 = Math.min((int) Math.floor(source), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double fraction = Math.min(source - i0, 1);
            m[o * in + i0] += (float) (1 - fraction);
            m[o * in + i1] += (float) fraction;
        }
        return m;
    }

    /**
     * Resizes a {@code (C, H, W)} map.
     *
     * @param map the map
     * @param height the new height
     * @param width the new width
     * @return the resized {@code (C, height, width)} map, in the map's manager
     */
    public static NDArray resize(NDArray map, int height, int width) {
        Shape shape = map.getShape();
        int h = (int) shape.get(1);
        int w = (int) shape.get(2);
        if (h == height && w == width) {
            return map;
        }
        NDManager manager = map.getManager();
        NDArray rows =
                manager.create(matrix(h, height), new Shape(height, h)).toDevice(map.getDevice(), false);
        NDArray columns =
                manager.create(matrix(w, width), new Shape(width, w))
                        .toDevice(map.getDevice(), false)
                        .transpose();
        return rows.matMul(map.matMul(columns));
    }
}
