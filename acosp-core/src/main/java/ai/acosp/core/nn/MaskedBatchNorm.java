package ai.acosp.core.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
public class MaskedBatchNorm extends MaskedLayer {

    /** The name of the batch-norm child. */
    public static final String BATCH_NORM = "bn";

    private final Block convolution;
    private final BatchNorm batchNorm;

    /**
     * Puts a mask after a batch norm.
     *
     * @param convolution the convolution whose output channels the mask selects; it feeds {@code
     *     batchNorm} and nothing else
     * @param batchNorm the batch norm over that convolution's output
     * @param mask a mask over the convolution's output channels
     */
    public MaskedBatchNorm(Block convolution, BatchNorm batchNorm, ChannelMask mask) {
        super(convolution, BATCH_NORM, batchNorm, mask);
        this.convolution = convolution;
        this.batchNorm = batchNorm;
    }

    /**
     * The convolution whose channels the mask selects (not a child of this block).
     *
     * @return the convolution
     */
    @Override
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

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList normalised = batchNorm.forward(parameterStore, inputs, training, params);
        return getMask().forward(parameterStore, normalised, training, params);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        batchNorm.initialize(manager, dataType, inputShapes);
        getMask().initialize(manager, dataType, inputShapes);
    }
}
