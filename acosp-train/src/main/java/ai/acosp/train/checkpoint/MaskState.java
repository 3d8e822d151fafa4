package ai.acosp.train.checkpoint;

import ai.acosp.core.BlockTree;
import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.core.nn.SoftTopKMask;
import ai.djl.nn.Block;

/** Which masks a model holds, which fixes the structure its parameters must be loaded into. */
public enum MaskState {
    /** No masks: a dense model, or a pruned one whose masks were folded into the convolutions. */
    NONE,
    /** Soft top-k masks: the pruning phase. */
    SOFT,
    /** Hard 0/1 masks: fine-tuning after the pruning phase. */
    HARD;

    /**
     * The state of a model.
     *
     * @param model the network
     * @return SOFT if any soft mask is left, else HARD if any hard mask, else NONE
     */
    public static MaskState of(Block model) {
        if (!BlockTree.find(model, SoftTopKMask.class).isEmpty()) {
            return SOFT;
        }
        if (!BlockTree.find(model, HardChannelMask.class).isEmpty()) {
            return HARD;
        }
        return NONE;
    }
}
