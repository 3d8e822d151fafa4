package ai.acosp.models.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Fully connected layers (DJL's {@code Linear}, a compacted {@code CompactLinear}) on an {@code (N,
 * in)} input: {@code Gemm(x, W, b)} with the {@code (out, in)} weight transposed.
 */
final class LinearEmitter implements BlockEmitter<Block> {

    @Override
    public Value emit(Block block, Value input, ExportContext context) {
        OnnxGraph graph = context.graph();
        NDArray w = block.getParameters().get("weight").getArray();
        long out = w.getShape().get(0);
        Parameter bias = block.getParameters().get("bias");
        String y =
                graph.node(
                        "Gemm",
                        context.hint("gemm"),
                        List.of(
                                input.name(),
                                graph.floats(
                                        context.hint("weight"),
                                        ConvEmitter.floats(w),
                                        w.getShape().getShape()),
                                graph.floats(
                                        context.hint("bias"),
                                        bias == null
                                                ? new float[(int) out]
                                                : ConvEmitter.floats(bias.getArray()),
                                        out)),
                        OnnxGraph.attribute("transB", 1L));
        return new Value(
                y, block.getOutputShapes(new ai.djl.ndarray.types.Shape[] {input.shape()})[0]);
    }
}
