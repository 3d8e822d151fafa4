package ai.acosp.models.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * DJL's parameter-free lambda blocks the models use: ReLU, and max pooling, whose window is not
 * readable from the block. The pooling geometry is therefore found by a probe: the block runs on a
 * random input of the export's shape and each common geometry is compared with it; the one that
 * gives the same values is emitted (none is an error that names the block).
 */
final class LambdaEmitter implements BlockEmitter<LambdaBlock> {

    /** Candidate max-pool geometries {kernel, stride, padding}, most common first. */
    private static final int[][] POOLS = {{3, 2, 1}, {2, 2, 0}, {3, 2, 0}, {3, 1, 1}};

    @Override
    public Value emit(LambdaBlock block, Value input, ExportContext context) {
        String name = block.getName().toLowerCase(java.util.Locale.ROOT);
        if (name.equals("relu")) {
            return context.relu(input);
        }
        if (name.contains("maxpool")) {
            int[] pool = poolGeometry(block, input, context);
            Shape shape = block.getOutputShapes(new Shape[] {input.shape()})[0];
            String y =
                    context.graph()
                            .node(
                                    "MaxPool",
                                    context.hint("maxpool"),
                                    List.of(input.name()),
                                    OnnxGraph.attribute("kernel_shape", pool[0], pool[0]),
                                    OnnxGraph.attribute("strides", pool[1], pool[1]),
                                    OnnxGraph.attribute(
                                            "pads", pool[2], pool[2], pool[2], pool[2]));
            return new Value(y, shape);
        }
        throw new UnsupportedOperationException(
                context.path() + ": no ONNX export for the lambda block " + block.getName());
    }

    private static int[] poolGeometry(LambdaBlock block, Value input, ExportContext context) {
        try (NDManager scope = context.manager().newSubManager()) {
            Shape probe = new Shape(1, input.dim(1), input.dim(2), input.dim(3));
            NDArray x = scope.randomNormal(0, 1, probe, DataType.FLOAT32);
            NDArray expected =
                    block.forward(new ParameterStore(scope, false), new NDList(x), false).head();
            for (int[] pool : POOLS) {
                NDArray candidate =
                        Pool.maxPool2d(
                                x,
                                new Shape(pool[0], pool[0]),
                                new Shape(pool[1], pool[1]),
                                new Shape(pool[2], pool[2]),
                                false);
                if (candidate.getShape().equals(expected.getShape())
                        && candidate.contentEquals(expected)) {
                    return pool;
                }
            }
        }
        throw new UnsupportedOperationException(
                context.path() + ": max pooling with a window other than 3x3/2x2 strides 1-2");
    }
}
