package ai.acosp.core.compact;

import ai.acosp.core.ProbePass;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * The wiring pass stand-in of {@link ChannelGraph}: records which samples and values reach each
 * input channel; a producer then writes {@code c + 1} into its output channel {@code c} of its own
 * sample and zeros elsewhere, a batch norm passes its input on.
 */
final class WiringProbe extends ProbePass.StandIn {
    private final ChannelGraph.Layer layer;
    private final int samples;

    WiringProbe(ChannelGraph.Layer layer, int samples) {
        super(layer.block);
        this.layer = layer;
        this.samples = samples;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        layer.rawFeed = ChannelGraph.perSampleChannelMax(x);
        if (layer.kind == ChannelGraph.Kind.BATCH_NORM) {
            return new NDList(x);
        }
        long[] outDims = layer.outShape.getShape().clone();
        outDims[0] = samples;
        NDManager manager = x.getManager();
        long[] column = new long[outDims.length];
        Arrays.fill(column, 1);
        column[0] = samples;
        float[] own = new float[samples];
        own[layer.producerIndex + 1] = 1f;
        long[] row = new long[outDims.length];
        Arrays.fill(row, 1);
        row[1] = outDims[1];
        NDArray sample = manager.create(own).reshape(column).toDevice(x.getDevice(), false);
        NDArray channel =
                manager.arange(1f, outDims[1] + 1f, 1f, DataType.FLOAT32)
                        .reshape(row)
                        .toDevice(x.getDevice(), false);
        NDArray out =
                manager.ones(new Shape(outDims), DataType.FLOAT32, x.getDevice())
                        .mul(sample)
                        .mul(channel);
        return new NDList(out);
    }
}
