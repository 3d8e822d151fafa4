package ai.acosp.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A batch norm followed by a channel mask: the <i>visible</i> placement of a convolution's mask.
 * Between a convolution and its batch norm a mask value scales a channel that the batch norm then
 * normalises back (training sees a mask only near 0); after the batch norm the scale reaches the
 * loss. The mask selects the output channels of {@link #getConvolution()}, the convolution that
 * feeds this batch norm alone.
 *
 * <p>Hardening ({@link ai.acosp.core.Inject#softToHardK}) moves the hard mask in front of the batch
 * norm and scales the batch norm's scale and shift by it, which computes the same: a pruned
 * channel's output is 0 either way. Hard masks, checkpoints of hard models and compaction therefore
 * know one placement only. Its children are named {@code bn} and {@code mask}, which a PyTorch
 * state dict calls {@code <path>.0} and {@code <path>.1}.
 */
public class MaskedBatchNorm extends AbstractBlock implements LeafBlock {

    /** The name of the batch-norm child. */
    public static final String BATCH_NORM = "bn";

    /** The name of the mask child. */
    public static final String MASK = "mask";

    private final Block convolution;
    private final BatchNorm batchNorm;
    private final ChannelMask mask;

    /**
     * Puts a mask after a batch norm.
     *
     * @param convolution the convolution whose output channels the mask selects; it feeds {@code
     *     batchNorm} and nothing else
     * @param batchNorm the batch norm over that convolution's output
     * @param mask a mask over the convolution's output channels
     */
    public MaskedBatchNorm(Block convolution, BatchNorm batchNorm, ChannelMask mask) {
        super((byte) 1);
        int filters = MaskedConvolution.outputChannels(convolution);
        if (filters != mask.getChannels()) {
            throw new IllegalArgumentException(
                    "mask of " + mask.getChannels() + " channels after a conv of " + filters);
        }
        this.convolution = convolution;
        this.batchNorm = batchNorm;
        this.mask = mask;
        children.add(BATCH_NORM, batchNorm);
        children.add(MASK, mask);
    }

    /**
     * The convolution whose channels the mask selects (not a child of this block).
     *
     * @return the convolution
     */
    public Block getConvolution() {
        return convolution;
    }

    /**
     * The wrapped batch norm.
     *
     * @return the batch norm
     */
    public BatchNorm getBatchNorm() {
        return batchNorm;
    }

    /**
     * The mask after the batch norm.
     *
     * @return the mask
     */
    public ChannelMask getMask() {
        return mask;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList normalised = batchNorm.forward(parameterStore, inputs, training, params);
        return mask.forward(parameterStore, normalised, training, params);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        batchNorm.initialize(manager, dataType, inputShapes);
        mask.initialize(manager, dataType, inputShapes);
    }
}
