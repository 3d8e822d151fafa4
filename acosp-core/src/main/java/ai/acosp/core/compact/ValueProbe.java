package ai.acosp.core.compact;

import ai.acosp.core.ProbePass;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The value pass stand-in of {@link ChannelGraph}: runs the real layer and records its shapes and
 * its input's per-channel range, overall and on the unpooling grid.
 */
final class ValueProbe extends ProbePass.StandIn {
    private final ChannelGraph.Layer layer;
    private final List<ChannelGraph.Layer> reached;

    ValueProbe(ChannelGraph.Layer layer, List<ChannelGraph.Layer> reached) {
        super(layer.block);
        this.layer = layer;
        this.reached = reached;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (layer.inShape != null) {
            throw new IllegalStateException(
                    layer.path + " runs twice in one pass: shared layers cannot be compacted");
        }
        reached.add(layer);
        NDList y = layer.block.forward(ps, inputs, false, params);
        layer.inShape = x.getShape();
        layer.outShape = y.head().getShape();
        layer.inChannels = x.getShape().get(1);
        layer.outChannels = y.head().getShape().get(1);
        if (layer.kind != ChannelGraph.Kind.BATCH_NORM) {
            long c = layer.inChannels;
            NDArray flat = x.swapAxes(0, 1).reshape(c, -1);
            layer.inMin = flat.min(new int[] {1}).toType(DataType.FLOAT32, false).toFloatArray();
            layer.inMax = flat.max(new int[] {1}).toType(DataType.FLOAT32, false).toFloatArray();
            if (x.getShape().dimension() == 4
                    && x.getShape().get(2) >= 2
                    && x.getShape().get(3) >= 2) {
                recordGrid(layer, x);
            }
        }
        return y;
    }

    private static void recordGrid(ChannelGraph.Layer layer, NDArray x) {
        long c = layer.inChannels;
        Shape s = x.getShape();
        NDArray grid =
                UnpoolPattern.grid(x.getManager(), s.get(2), s.get(3))
                        .toDevice(x.getDevice(), false);
        NDArray off = x.sub(x.mul(grid)).abs().swapAxes(0, 1).reshape(c, -1);
        // the minimum over grid positions only: off-grid positions are pushed to +inf
        NDArray big = grid.sub(1).mul(-Float.MAX_VALUE);
        NDArray onMin = x.add(big).swapAxes(0, 1).reshape(c, -1).min(new int[] {1});
        layer.gridMin = onMin.toType(DataType.FLOAT32, false).toFloatArray();
        NDArray onMax = x.sub(big).swapAxes(0, 1).reshape(c, -1).max(new int[] {1});
        layer.gridMax = onMax.toType(DataType.FLOAT32, false).toFloatArray();
        layer.offGridAbsMax = off.max(new int[] {1}).toType(DataType.FLOAT32, false).toFloatArray();
    }
}
