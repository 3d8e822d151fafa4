package ai.acosp.models.onnx;

import ai.acosp.models.nn.AdaptiveAvgPool2d;
import ai.acosp.models.nn.Resampling;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Resampling as the models compute it ({@link Resampling}): {@code Ry @ x @ Rx^T} with the same
 * matrices, as two {@code MatMul} nodes. This is bilinear resizing with {@code align_corners=True}
 * and adaptive average pooling, bit for bit the arithmetic of the DJL model, for the export's fixed
 * spatial size.
 */
final class ResamplingEmitter implements BlockEmitter<AdaptiveAvgPool2d> {

    @Override
    public Value emit(AdaptiveAvgPool2d block, Value input, ExportContext context) {
        long size = block.getSize();
        return separable(
                input,
                Resampling.adaptiveAverageMatrix(input.dim(2), size),
                Resampling.adaptiveAverageMatrix(input.dim(3), size),
                size,
                size,
                context);
    }

    /**
     * Bilinear resizing with aligned corners, nothing when the size is the same.
     *
     * @param input the {@code (N, C, H, W)} input
     * @param height the output height
     * @param width the output width
     * @param context the export
     * @return the resized tensor
     */
    static Value bilinearAlignCorners(Value input, long height, long width, ExportContext context) {
        return separable(
                input,
                Resampling.bilinearMatrix(input.dim(2), height),
                Resampling.bilinearMatrix(input.dim(3), width),
                height,
                width,
                context);
    }

    private static Value separable(
            Value input,
            float[] rows,
            float[] cols,
            long height,
            long width,
            ExportContext context) {
        OnnxGraph graph = context.graph();
        String y = input.name();
        long inH = input.dim(2);
        long inW = input.dim(3);
        if (height != inH) {
            String ry = graph.floats(context.hint("rows"), rows, height, inH);
            y = graph.node("MatMul", context.hint("resample_rows"), List.of(ry, y));
        }
        if (width != inW) {
            float[] transposed = new float[cols.length];
            for (int i = 0; i < width; i++) {
                for (int j = 0; j < inW; j++) {
                    transposed[(int) (j * width + i)] = cols[(int) (i * inW + j)];
                }
            }
            String rx = graph.floats(context.hint("cols"), transposed, inW, width);
            y = graph.node("MatMul", context.hint("resample_cols"), List.of(y, rx));
        }
        Shape s = input.shape();
        return new Value(y, new Shape(s.get(0), s.get(1), height, width));
    }
}
