package ai.acosp.models.onnx;

import ai.acosp.core.compact.CompactBatchNorm;
import ai.acosp.core.compact.FoldedBatchNorm;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * Inference-mode batch norms as the per-channel map {@code y = scale * x + shift}, folded into the
 * convolution that produced the input when nothing else reads it, else a {@code Mul} and an {@code
 * Add}. DJL's {@code BatchNorm} keeps its epsilon private, so its map is measured: {@code shift =
 * bn(0)}, {@code scale = bn(1) - bn(0)}. A {@link CompactBatchNorm} gives its map; a {@link
 * FoldedBatchNorm} is already inside its convolution.
 */
final class BatchNormEmitter implements BlockEmitter<Block> {

    @Override
    public Value emit(Block block, Value input, ExportContext context) {
        if (block instanceof FoldedBatchNorm) {
            return input;
        }
        long channels = input.dim(1);
        float[] scale;
        float[] shift;
        try (NDManager scope = context.manager().newSubManager()) {
            if (block instanceof CompactBatchNorm compact) {
                NDList affine = compact.affine(scope);
                scale = ConvEmitter.floats(affine.get(0));
                shift = ConvEmitter.floats(affine.get(1));
            } else {
                Shape probe = new Shape(1, channels, 1, 1);
                float[] atZero = run(block, scope.zeros(probe, DataType.FLOAT32), scope);
                float[] atOne = run(block, scope.ones(probe, DataType.FLOAT32), scope);
                scale = new float[atZero.length];
                for (int c = 0; c < scale.length; c++) {
                    scale[c] = atOne[c] - atZero[c];
                }
                shift = atZero;
            }
        }
        OnnxGraph graph = context.graph();
        OnnxGraph.ConvTensors conv = graph.foldableConv(input.name());
        if (conv != null) {
            conv.fold(scale, shift);
            return input;
        }
        String scaled =
                graph.node(
                        "Mul",
                        context.hint("scale"),
                        List.of(
                                input.name(),
                                graph.floats(context.hint("bn_scale"), scale, 1, channels, 1, 1)));
        String shifted =
                graph.node(
                        "Add",
                        context.hint("shift"),
                        List.of(
                                scaled,
                                graph.floats(context.hint("bn_shift"), shift, 1, channels, 1, 1)));
        return new Value(shifted, input.shape());
    }

    private static float[] run(Block bn, NDArray x, NDManager manager) {
        return ConvEmitter.floats(
                bn.forward(new ParameterStore(manager, false), new NDList(x), false).head());
    }
}
