package ai.acosp.core.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * A layer followed by a channel mask that selects the output channels of a convolution: the
 * convolution itself ({@link MaskedConvolution}) or the batch norm that reads it ({@link
 * MaskedBatchNorm}). The children are the layer and the mask, in that order.
 */
public abstract class MaskedLayer extends AbstractBlock implements LeafBlock {

    /** The name of the mask child. */
    public static final String MASK = "mask";

    private final ChannelMask mask;

    /**
     * Puts a mask after a layer.
     *
     * @param convolution the convolution whose output channels the mask selects
     * @param layerName the name of the layer child
     * @param layer the layer the mask follows
     * @param mask a mask over the convolution's output channels
     * @throws IllegalArgumentException if the mask's channel count is not the convolution's
     */
    protected MaskedLayer(Block convolution, String layerName, Block layer, ChannelMask mask) {
        super((byte) 1);
        int filters = MaskedConvolution.outputChannels(convolution);
        if (filters != mask.getChannels()) {
            throw new IllegalArgumentException(
                    "mask of " + mask.getChannels() + " channels after a conv of " + filters);
        }
        this.mask = mask;
        children.add(layerName, layer);
        children.add(MASK, mask);
    }

    /**
     * The convolution whose output channels the mask selects.
     *
     * @return the convolution
     */
    public abstract Block getConvolution();

    /**
     * The mask after the layer.
     *
     * @return the mask
     */
    public ChannelMask getMask() {
        return mask;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return children.valueAt(0).getOutputShapes(inputShapes);
    }
}
