package ai.acosp.core.compact;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The place of a batch norm that compaction folded into the preceding {@link CompactConv2d}: an
 * identity over its channels. It keeps the model tree's shape (and the saved description) readable:
 * the layer is still there, and says that it was folded.
 */
public class FoldedBatchNorm extends AbstractBlock implements CompactLayer {

    private static final byte VERSION = 1;

    private final long channels;

    /**
     * Creates the identity.
     *
     * @param channels the channels of the folded batch norm
     */
    public FoldedBatchNorm(long channels) {
        super(VERSION);
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
    protected void saveMetadata(DataOutputStream os) throws IOException {
        ChannelCounts.write(os, channels);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        ChannelCounts.check("FoldedBatchNorm", loadVersion, version, is, channels);
    }

    /** {@inheritDoc} */
    @Override
    public LayerSpec spec(String path) {
        LayerSpec spec = new LayerSpec();
        spec.path = path;
        spec.type = LayerSpec.FOLDED_BATCH_NORM;
        spec.in = channels;
        spec.out = channels;
        return spec;
    }
}
