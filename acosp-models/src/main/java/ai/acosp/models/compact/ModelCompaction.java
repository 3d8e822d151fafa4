package ai.acosp.models.compact;

import ai.acosp.core.MaskGroups;
import ai.acosp.core.MaskPlacement;
import ai.acosp.core.compact.CompactionResult;
import ai.acosp.core.compact.CompactionRule;
import ai.acosp.core.compact.Compactor;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.models.nn.ResidualBlock;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.util.Pair;

/**
 * The model knowledge compaction needs, as rules keyed by block class (the model classes stay as
 * they are):
 *
 * <ul>
 *   <li><b>SegNet</b>: decoder stage {@code up<k>} unpools its input with the pooling indices of
 *       encoder stage {@code down<k>}, channel by channel, so channel {@code c} of {@code
 *       down<k>}'s output and of {@code up<k>}'s input are kept or removed together. A removed
 *       decoder channel carrying a constant {@code v} unpools to {@code v} at the argmax positions
 *       of the encoder channel: when that channel is pruned too (a constant map, all ties), the
 *       positions are the top-left of every window whatever the input, and the first convolution of
 *       {@code up<k>} absorbs the channel with a bias map ({@link
 *       CompactionRule.Context#unpooledInput}); when the encoder channel is live, the positions
 *       depend on the data and both channels are kept.
 *   <li><b>PSPNet</b>: the auxiliary head is unused in inference and removed.
 *   <li><b>Residual blocks (Bottleneck, BasicBlock), ResNet-18's stem</b>: {@code bn<i>} reads only
 *       {@code conv<i>}, so inference compaction folds it into the convolution.
 *   <li>Residual sums (bottlenecks, basic blocks), downsample branches and the pyramid
 *       concatenation need no rule: the compactor's probe sees them.
 * </ul>
 */
public final class ModelCompaction {

    private ModelCompaction() {}

    /**
     * A compactor with the rules of SegNet and PSPNet and the default options (channel quantum 1:
     * no rounding).
     *
     * @return the compactor
     */
    public static Compactor compactor() {
        return builder().build();
    }

    /**
     * A compactor builder with the rules of SegNet, PSPNet and the residual networks, for further
     * options (e.g. {@link Compactor.Builder#optChannelQuantum}).
     *
     * @return the builder
     */
    public static Compactor.Builder builder() {
        return Compactor.builder()
                .addRule(SegNet.class, ModelCompaction::segNetUnpooling)
                .addRule(PSPNet.class, ModelCompaction::pspNetAuxiliary)
                .addRule(ResidualBlock.class, ModelCompaction::residualBatchNorms)
                .addRule(
                        ResNet18Cifar.class,
                        (path, block, context) ->
                                context.batchNormAfter(
                                        CompactionRule.Context.join(path, "conv1"),
                                        CompactionRule.Context.join(path, "bn1")));
    }

    private static void segNetUnpooling(String path, Block block, CompactionRule.Context context) {
        for (int stage = 1; stage <= 5; stage++) {
            String up = CompactionRule.Context.join(path, "up" + stage);
            context.tie(CompactionRule.Context.join(path, "down" + stage), true, 0, up, false, 0);
            context.unpooledInput(firstLayer(up, block.getChildren().get("up" + stage)));
        }
    }

    /** The path of the first convolution inside a block, following first children. */
    private static String firstLayer(String path, Block block) {
        while (!(block instanceof Conv2d || block instanceof MaskedConvolution)) {
            Pair<String, Block> first = block.getChildren().get(0);
            path = CompactionRule.Context.join(path, first.getKey());
            block = first.getValue();
        }
        return path;
    }

    private static void residualBatchNorms(
            String path, Block block, CompactionRule.Context context) {
        for (int i = 1; block.getChildren().contains("conv" + i); i++) {
            context.batchNormAfter(
                    CompactionRule.Context.join(path, "conv" + i),
                    CompactionRule.Context.join(path, "bn" + i));
        }
    }

    private static void pspNetAuxiliary(String path, Block block, CompactionRule.Context context) {
        if (block.getChildren().contains("aux")) {
            context.strip(CompactionRule.Context.join(path, "aux"));
        }
    }

    /**
     * Compacts one of this project's models in place with a small probe input.
     *
     * @param model a hard-masked PSPNet, SegNet or ResNet-18 (CIFAR), initialised
     * @return what was done
     */
    public static CompactionResult compact(Block model) {
        return compact(model, 1);
    }

    /**
     * Compacts one of this project's models in place with a small probe input and a channel quantum
     * ({@link Compactor.Builder#optChannelQuantum}).
     *
     * @param model a hard-masked PSPNet, SegNet or ResNet-18 (CIFAR), initialised
     * @param channelQuantum the multiple to round convolution inputs to; 1 for none
     * @return what was done
     */
    public static CompactionResult compact(Block model, int channelQuantum) {
        return builder()
                .optChannelQuantum(channelQuantum)
                .build()
                .compact(model, probeShape(model));
    }

    /**
     * The groups of coupled convolutions of one of this project's models, which share one mask
     * under {@link ai.acosp.core.SoftTopKPruner#configureModel(Block, MaskGroups)}: each residual
     * stage's last convolutions with its downsample (PSPNet, ResNet-18 with its stem), and SegNet's
     * last encoder convolution of stage {@code k} with the decoder convolution that feeds the
     * unpooling of stage {@code k}.
     *
     * @param model an initialised PSPNet, SegNet or ResNet-18 (CIFAR) without masks
     * @return the groups
     */
    public static MaskGroups maskGroups(Block model) {
        return compactor().maskGroups(model, probeShape(model));
    }

    /**
     * Where the pruner puts the masks of one of this project's models: with {@code visible}, after
     * the batch norm that follows each convolution ({@link MaskPlacement#afterBatchNorms}), else
     * after each convolution as the reference does.
     *
     * @param model a PSPNet, SegNet or ResNet-18 (CIFAR) without masks
     * @param visible whether the masks go after the batch norms
     * @return the placement
     */
    public static MaskPlacement maskPlacement(Block model, boolean visible) {
        return visible
                ? MaskPlacement.afterBatchNorms(compactor().batchNormsAfterConvolutions(model))
                : MaskPlacement.afterConvolutions();
    }

    /**
     * A small input shape each model accepts, for the probe passes.
     *
     * @param model the model
     * @return the shape
     */
    public static Shape probeShape(Block model) {
        if (model instanceof PSPNet) {
            return new Shape(1, 3, 17, 17);
        }
        if (model instanceof SegNet) {
            return new Shape(1, inputChannels(model), 32, 32);
        }
        return new Shape(1, 3, 32, 32);
    }

    private static long inputChannels(Block model) {
        Shape[] shapes = model.getInputShapes();
        return shapes == null ? 3 : shapes[0].get(1);
    }
}
