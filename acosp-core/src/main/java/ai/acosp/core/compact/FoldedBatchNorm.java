package ai.acosp.core.compact;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The place of a batch norm that compaction folded into the preceding {@link CompactConv2d}: an
 * identity over its channels. It keeps the model tree's shape (and the saved description) readable:
 * the layer is still there, and says that it was folded.
 */
public class FoldedBatchNorm extends AbstractCompactLayer {

    private final long channels;

    /**
     * Creates the identity.
     *
     * @param channels the channels of the folded batch norm
     */
    public FoldedBatchNorm(long channels) {
        super(LayerSpec.FOLDED_BATCH_NORM);
        this.channels = channels;
    }

    /**
     * Creates the identity from its spec.
     *
     * @param spec the spec, of type {@link LayerSpec#FOLDED_BATCH_NORM}
     */
    public FoldedBatchNorm(LayerSpec spec) {
        this(spec.out);
    }

    /**
     * The number of channels.
     *
     * @return channels
     */
    public long getChannels() {
        return channels;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return inputs;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** {@inheritDoc} */
    @Override
    protected long[] channelCounts() {
        return new long[] {channels};
    }

    /** {@inheritDoc} */
    @Override
    protected void describe(LayerSpec spec) {
        spec.in = channels;
        spec.out = channels;
    }
}
