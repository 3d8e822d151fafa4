package ai.acosp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Spatial resampling of {@code (N, C, H, W)} arrays as separable linear maps: the output is {@code
 * Ry @ x @ Rx^T} with an {@code (outH x H)} matrix {@code Ry} and an {@code (outW x W)} matrix
 * {@code Rx}. This computes exactly what PyTorch computes for
 *
 * <ul>
 *   <li>{@code F.interpolate(x, size, mode="bilinear", align_corners=True)} ({@link
 *       #bilinearAlignCorners}), which DJL's generic {@code interpolation} cannot do on the PyTorch
 *       engine (it passes {@code align_corners=False} whatever it is asked), and
 *   <li>{@code F.adaptive_avg_pool2d(x, size)} ({@link #adaptiveAvgPool}), which DJL's generic API
 *       lacks, and
 *   <li>OpenCV's {@code cv2.resize(x, size, interpolation=INTER_LINEAR)} ({@link
 *       #bilinearHalfPixel}), with which the reference's test script resizes probability maps,
 * </ul>
 *
 * <p>with ordinary matrix products, so it runs on any engine and device and is differentiable. On
 * the PyTorch engine the bilinear resize runs libtorch's own {@code upsample_bilinear2d} instead
 * ({@link AtenOperators}): the matrix products cost {@code outH * W * (H + outW)} multiply-adds per
 * channel forward and as many backward where the kernel reads four neighbours per output, and it is
 * PyTorch's own arithmetic. (At 60x60 to 473x473, 150 channels, batch 2, both took about 3.5 s of
 * CPU for forward and backward on the loaded 2-core machine: writing the output dominates.)
 * Adaptive average pooling likewise runs libtorch's {@code adaptive_avg_pool2d} there.
 */
public final class Resampling {

    private Resampling() {}

    /**
     * Bilinear resizing with {@code align_corners=True}: output pixel {@code i} samples the input
     * at {@code i * (in - 1) / (out - 1)} (at 0 when {@code out == 1}).
     *
     * @param input an {@code (N, C, H, W)} array
     * @param height the output height
     * @param width the output width
     * @return the resized {@code (N, C, height, width)} array
     */
    public static NDArray bilinearAlignCorners(NDArray input, long height, long width) {
        checkInput(input, height, width);
        if (AtenOperators.supports(input)) {
            return AtenOperators.bilinearAlignCorners(input, height, width);
        }
        return separableBilinearAlignCorners(input, height, width);
    }

    /** The bilinear resize as matrix products (any engine, any device). */
    static NDArray separableBilinearAlignCorners(NDArray input, long height, long width) {
        Shape shape = checkInput(input, height, width);
        return separable(
                input,
                bilinearMatrix(shape.get(2), height),
                bilinearMatrix(shape.get(3), width),
                height,
                width);
    }

    /**
     * Adaptive average pooling: output cell {@code i} of {@code out} averages the input rows {@code
     * floor(i * in / out)} to {@code ceil((i + 1) * in / out) - 1}, as PyTorch does.
     *
     * @param input an {@code (N, C, H, W)} array
     * @param height the output height
     * @param width the output width
     * @return the pooled {@code (N, C, height, width)} array
     */
    public static NDArray adaptiveAvgPool(NDArray input, long height, long width) {
        checkInput(input, height, width);
        if (input instanceof PtNDArray pt) {
            // the PyTorch engine exposes libtorch's own kernel, outside DJL's generic API
            return JniUtils.adaptiveAvgPool(pt, new Shape(height, width));
        }
        return separableAdaptiveAvgPool(input, height, width);
    }

    /** Adaptive average pooling as matrix products (any engine, any device). */
    static NDArray separableAdaptiveAvgPool(NDArray input, long height, long width) {
        Shape shape = checkInput(input, height, width);
        return separable(
                input,
                adaptiveAverageMatrix(shape.get(2), height),
                adaptiveAverageMatrix(shape.get(3), width),
                height,
                width);
    }

    /**
     * Bilinear resizing with half-pixel centres and edge clamping, as OpenCV's {@code
     * INTER_LINEAR}: output pixel {@code i} samples the input at {@code max((i + 0.5) * in / out -
     * 0.5, 0)}. The width is resized first, then the height.
     *
     * @param input an array whose last two axes are height and width, e.g. {@code (C, H, W)}
     * @param height the output height
     * @param width the output width
     * @return the resized array, {@code input} itself when the size is unchanged
     */
    public static NDArray bilinearHalfPixel(NDArray input, long height, long width) {
        Shape shape = input.getShape();
        int d = shape.dimension();
        if (d < 2 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "cannot resize an array of shape " + shape + " to " + height + "x" + width);
        }
        long h = shape.get(d - 2);
        long w = shape.get(d - 1);
        if (h == height && w == width) {
            return input;
        }
        NDArray rows = matrix(input, bilinearHalfPixelMatrix(h, height), height, h);
        NDArray columns = matrix(input, bilinearHalfPixelMatrix(w, width), width, w).transpose();
        return rows.matMul(input.matMul(columns));
    }

    /**
     * The {@code (out x in)} matrix of 1-D linear interpolation with half-pixel centres and edge
     * clamping (see {@link #bilinearHalfPixel}).
     *
     * @param in the input length
     * @param out the output length
     * @return the row-major matrix
     */
    public static float[] bilinearHalfPixelMatrix(long in, long out) {
        int rows = Math.toIntExact(out);
        int cols = Math.toIntExact(in);
        float[] matrix = new float[rows * cols];
        double scale = (double) in / out;
        for (int i = 0; i < rows; i++) {
            double source = Math.max((i + 0.5) * scale - 0.5, 0);
            int lower = Math.min((int) Math.floor(source), cols - 1);
            int upper = Math.min(lower + 1, cols - 1);
            double fraction = Math.min(source - lower, 1);
            matrix[i * cols + lower] += (float) (1 - fraction);
            matrix[i * cols + upper] += (float) fraction;
        }
        return matrix;
    }

    /**
     * The {@code (out x in)} matrix of 1-D linear interpolation with aligned corners.
     *
     * @param in the input length
     * @param out the output length
     * @return the row-major matrix
     */
    public static float[] bilinearMatrix(long in, long out) {
        int rows = Math.toIntExact(out);
        int cols = Math.toIntExact(in);
        float[] matrix = new float[rows * cols];
        double scale = out > 1 ? (double) (in - 1) / (out - 1) : 0;
        for (int i = 0; i < rows; i++) {
            double source = scale * i;
            int lower = Math.min((int) Math.floor(source), cols - 1);
            int upper = Math.min(lower + 1, cols - 1);
            double fraction = source - lower;
            matrix[i * cols + lower] += (float) (1 - fraction);
            matrix[i * cols + upper] += (float) fraction;
        }
        return matrix;
    }

    /**
     * The {@code (out x in)} matrix of 1-D adaptive average pooling.
     *
     * @param in the input length
     * @param out the output length
     * @return the row-major matrix
     */
    public static float[] adaptiveAverageMatrix(long in, long out) {
        int rows = Math.toIntExact(out);
        int cols = Math.toIntExact(in);
        float[] matrix = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            int start = (int) Math.floorDiv((long) i * in, out);
            int end = (int) -Math.floorDiv(-(long) (i + 1) * in, out);
            for (int j = start; j < end; j++) {
                matrix[i * cols + j] = 1f / (end - start);
            }
        }
        return matrix;
    }

    private static NDArray separable(
            NDArray input, float[] rows, float[] cols, long height, long width) {
        Shape shape = input.getShape();
        NDArray result = input;
        if (height != shape.get(2)) { // an equal size maps to the identity
            NDArray ry = matrix(input, rows, height, shape.get(2));
            result = ry.matMul(result);
        }
        if (width != shape.get(3)) {
            NDArray rxTransposed = matrix(input, cols, width, shape.get(3)).transpose();
            result = result.matMul(rxTransposed);
        }
        return result;
    }

    private static NDArray matrix(NDArray like, float[] values, long rows, long cols) {
        return like.getManager()
                .create(values, new Shape(rows, cols))
                .toDevice(like.getDevice(), false)
                .toType(like.getDataType(), false);
    }

    private static Shape checkInput(NDArray input, long height, long width) {
        Shape shape = input.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("expected an (N, C, H, W) array, got " + shape);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "output size must be positive, got " + height + "x" + width);
        }
        return shape;
    }
}
