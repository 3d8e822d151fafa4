package ai.acosp.core;

import ai.acosp.core.nn.ChannelMask;
import ai.acosp.core.nn.MaskedBatchNorm;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.MaskedLayer;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the pruner puts a convolution's soft mask: right after the convolution (the reference's
 * placement, {@link #afterConvolutions()}), or after the batch norm that reads the convolution
 * alone ({@link #afterBatchNorms}), where training sees the mask at every temperature. Hard masks
 * always sit after the convolution (see {@link MaskedBatchNorm}).
 */
public final class MaskPlacement {

    private static final MaskPlacement CONVOLUTIONS = new MaskPlacement(Map.of());

    private final Map<String, String> batchNormAfter;

    private MaskPlacement(Map<String, String> batchNormAfter) {
        this.batchNormAfter = Map.copyOf(batchNormAfter);
    }

    /**
     * Every mask right after its convolution.
     *
     * @return the reference's placement
     */
    public static MaskPlacement afterConvolutions() {
        return CONVOLUTIONS;
    }

    /**
     * The masks of the given convolutions after their batch norms, the others after their
     * convolutions ({@link ai.acosp.core.compact.Compactor#batchNormsAfterConvolutions} finds the
     * pairs).
     *
     * @param batchNormAfter the path of the batch norm that reads each convolution alone, by the
     *     convolution's path
     * @return the visible placement
     */
    public static MaskPlacement afterBatchNorms(Map<String, String> batchNormAfter) {
        return new MaskPlacement(batchNormAfter);
    }

    /**
     * The batch norm after which a convolution's mask goes.
     *
     * @param convolutionPath the convolution's path
     * @return the batch norm's path, or null for a mask right after the convolution
     */
    public String batchNormAfter(String convolutionPath) {
        return batchNormAfter.get(convolutionPath);
    }

    /**
     * Whether some mask goes after a batch norm.
     *
     * @return true for a visible placement
     */
    public boolean isVisible() {
        return !batchNormAfter.isEmpty();
    }

    /**
     * Whether a network's masks sit after batch norms (soft masks placed by {@link
     * #afterBatchNorms}).
     *
     * @param model the network
     * @return true when a {@link MaskedBatchNorm} is in it
     */
    public static boolean isVisible(Block model) {
        return !BlockTree.find(model, MaskedBatchNorm.class).isEmpty();
    }

    /**
     * Every mask of a network, wherever it sits, with the path of the convolution whose channels it
     * selects, in tree order of the masked blocks.
     *
     * @param model the network
     * @return (convolution path, mask) pairs; a shared mask appears once per convolution
     */
    public static List<Pair<String, ChannelMask>> masksByConvolution(Block model) {
        Map<Block, String> paths = new IdentityHashMap<>();
        BlockTree.visit(model, (path, block) -> paths.put(block, path));
        List<Pair<String, ChannelMask>> masks = new ArrayList<>();
        BlockTree.visit(
                model,
                (path, block) -> {
                    if (block instanceof MaskedConvolution masked) {
                        masks.add(new Pair<>(path, masked.getMask()));
                    } else if (block instanceof MaskedLayer masked) {
                        String conv = paths.getOrDefault(masked.getConvolution(), path);
                        masks.add(new Pair<>(conv, masked.getMask()));
                    }
                });
        return masks;
    }

    @Override
    public String toString() {
        return isVisible()
                ? batchNormAfter.size() + " masks after batch norms"
                : "masks after convolutions";
    }
}
