package ai.acosp.core.compact;

import ai.acosp.core.BlockTree;
import ai.acosp.core.MaskGroups;
import ai.acosp.core.compact.ChannelGraph.Kind;
import ai.acosp.core.compact.ChannelGraph.Layer;
import ai.acosp.core.nn.BlockParameters;
import ai.acosp.core.nn.MaskedConvolution;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Compacts a hard-masked network in place: every convolution, batch norm and linear layer that
 * inference reaches is replaced by a {@link CompactConv2d}, {@link CompactBatchNorm} or {@link
 * CompactLinear} holding only the kept channels; container blocks keep running their own forward
 * code on the smaller tensors. In inference the result computes what the masked network computes
 * (up to float rounding).
 *
 * <pre>{@code
 * Inject.softToHardK(model);                       // masks must be hard
 * CompactionResult result = Compactor.builder().build().compact(model, new Shape(1, 3, 64, 64));
 * System.out.println(result.format());
 * }</pre>
 *
 * <p>Model-specific knowledge comes in as {@link CompactionRule}s keyed by block class.
 *
 * <p>Compaction is deterministic: the same network and options give the same compact network on
 * every machine. Nothing is chosen from the host; rounding kept channels to a multiple ({@link
 * Builder#optChannelQuantum}) happens only where asked.
 */
public final class Compactor {

    private final Map<Class<? extends Block>, List<CompactionRule>> rules;
    private final boolean foldBatchNorm;
    private final int channelQuantum;

    private Compactor(Builder builder) {
        rules = new LinkedHashMap<>(builder.rules);
        foldBatchNorm = builder.foldBatchNorm;
        channelQuantum = builder.channelQuantum;
    }

    /**
     * Creates a builder.
     *
     * @return a builder without rules
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The channel quantum this compactor rounds convolution inputs to ({@link
     * Builder#optChannelQuantum}).
     *
     * @return the quantum; 1 means no rounding
     */
    public int getChannelQuantum() {
        return channelQuantum;
    }

    /**
     * Compacts a network in place.
     *
     * @param model the initialised network with hard masks (or none)
     * @param probeShape an input shape the network accepts, used for the probe passes (small is
     *     fine; the batch axis is ignored)
     * @return what was done
     * @throws IllegalArgumentException if a mask is soft or a layer cannot be compacted
     */
    public CompactionResult compact(Block model, Shape probeShape) {
        if (!model.isInitialized()) {
            throw new IllegalStateException("initialise the model before compacting it");
        }
        RuleDeclarations declared = declarations(model);
        strip(model, declared.strips);

        ChannelGraph graph = ChannelGraph.analyze(model, probeShape, declared.taps);
        KeepPlan plan = KeepPlan.of(graph, declared.ties, declared.unpooledInputs);
        if (channelQuantum > 1) {
            plan.roundInputs(spatialConvs(graph), channelQuantum);
        }

        Map<String, Block> replacements = new HashMap<>();
        Map<String, Layer> layers = new HashMap<>();
        Map<String, Shape> inputShapes = new HashMap<>();
        List<LayerChange> changes = new ArrayList<>();
        for (Layer layer : graph.layers()) {
            boolean[] present = plan.presentInputs(layer);
            int inAfter = LayerCuts.where(present, true).length;
            Block cut;
            int[] keepOut;
            float[] values = new float[present.length];
            float[] unpooled = new float[present.length];
            int folded = 0;
            if (layer.kind() != Kind.BATCH_NORM) {
                for (int c = 0; c < present.length; c++) {
                    if (present[c]) {
                        continue;
                    }
                    if (plan.absorbsUnpooled(layer, c)) {
                        unpooled[c] = layer.unpooledValue(c);
                    } else {
                        values[c] = layer.constantValue(c);
                    }
                    folded++;
                }
            }
            switch (layer.kind()) {
                case CONV, MASKED_CONV -> {
                    keepOut = plan.keptOutputs(layer);
                    cut = LayerCuts.conv(layer.block(), keepOut, present, values, unpooled);
                }
                case LINEAR -> {
                    keepOut = plan.keptOutputs(layer);
                    if (keepOut.length != layer.outChannels()) {
                        throw new IllegalStateException(
                                layer.path() + ": linear outputs cannot be cut");
                    }
                    cut = LayerCuts.linear((Linear) layer.block(), present, values);
                }
                default -> {
                    keepOut = LayerCuts.where(present, true);
                    cut = LayerCuts.batchNorm((BatchNorm) layer.block(), present);
                }
            }
            long maskKept =
                    layer.block() instanceof MaskedConvolution m
                            ? m.getMask().getKept()
                            : layer.outChannels();
            changes.add(
                    new LayerChange(
                            layer.path(),
                            layer.kind(),
                            layer.inChannels(),
                            inAfter,
                            layer.outChannels(),
                            keepOut.length,
                            maskKept,
                            layer.kind() == Kind.BATCH_NORM ? Map.of() : keptPruned(plan, layer),
                            folded,
                            cut instanceof CompactConv2d c && c.hasBiasMap(),
                            keepOut));
            replacements.put(layer.path(), cut);
            layers.put(layer.path(), layer);
            long[] dims = layer.inShape().getShape().clone();
            dims[1] = inAfter;
            inputShapes.put(layer.path(), new Shape(dims));
        }
        NDManager manager = BlockParameters.first(model).getArray().getManager();
        BlockTree.replace(
                model,
                (path, block) -> {
                    Block cut = replacements.get(path);
                    if (cut == null || layers.get(path).block() != block) {
                        return block;
                    }
                    cut.initialize(manager, DataType.FLOAT32, inputShapes.get(path));
                    release(block);
                    return cut;
                });
        if (foldBatchNorm) {
            foldBatchNorms(model, declared.foldPairs);
        }
        List<String> untouched = new ArrayList<>();
        BlockTree.visit(
                model,
                (path, block) -> {
                    if (ChannelGraph.kindOf(block) != null) {
                        untouched.add(path);
                    }
                });
        return new CompactionResult(changes, declared.strips, untouched);
    }

    /**
     * Finds the convolutions whose output channels are coupled one to one, so that a pruner can
     * give each such group one shared mask ({@link
     * ai.acosp.core.SoftTopKPruner#configureModel(Block, MaskGroups)}): the convolutions that feed
     * one residual stream (its blocks' last convolutions and the downsample), and those that this
     * compactor's rules tie (SegNet's encoder and decoder stages around one unpooling). Channels
     * pruned in every member of a group leave constants that compaction removes exactly, so the
     * compact model keeps no zero filters. Convolutions coupled in a way one mask cannot express
     * (other channel counts, shifted channels, a layer that is not prunable, the network input) are
     * left out and named in the log.
     *
     * @param model the initialised network without masks; it is restored afterwards
     * @param probeShape an input shape the network accepts (small is fine)
     * @return the groups, by convolution path
     * @throws IllegalArgumentException if the network holds masks already or cannot be analysed
     */
    public MaskGroups maskGroups(Block model, Shape probeShape) {
        if (!model.isInitialized()) {
            throw new IllegalStateException("initialise the model before finding its mask groups");
        }
        if (!BlockTree.find(model, MaskedConvolution.class).isEmpty()) {
            throw new IllegalArgumentException(
                    "the network holds masks already: find the mask groups before configureModel");
        }
        RuleDeclarations declared = declarations(model);
        ChannelGraph graph = ChannelGraph.analyze(model, probeShape, declared.taps);
        return CoupledConvolutions.groups(graph, ChannelSets.of(graph, declared.ties));
    }

    /**
     * The batch norm that reads each convolution alone, by the convolution's path: a {@link
     * BatchNorm} right after a {@link Conv2d} in a {@link SequentialBlock}, and the pairs that this
     * compactor's rules declare ({@link CompactionRule.Context#batchNormAfter}). These are the
     * places where {@link ai.acosp.core.MaskPlacement#afterBatchNorms} can put a mask, and the
     * batch norms that compaction folds.
     *
     * @param model the network without masks
     * @return batch-norm paths by convolution path
     */
    public Map<String, String> batchNormsAfterConvolutions(Block model) {
        Map<String, String> pairs = adjacentPairs(model, Conv2d.class, BatchNorm.class);
        Map<String, Block> byPath = new HashMap<>();
        BlockTree.visit(model, byPath::put);
        for (Map.Entry<String, String> pair : declarations(model).foldPairs.entrySet()) {
            if (byPath.get(pair.getKey()) instanceof Conv2d
                    && byPath.get(pair.getValue()) instanceof BatchNorm) {
                pairs.put(pair.getKey(), pair.getValue());
            }
        }
        return pairs;
    }

    private RuleDeclarations declarations(Block model) {
        RuleDeclarations declared = new RuleDeclarations();
        applyRules("", model, declared);
        BlockTree.visit(model, (path, block) -> applyRules(path, block, declared));
        return declared;
    }

    /**
     * Folds every {@link CompactBatchNorm} that directly follows a {@link CompactConv2d} in a
     * {@link SequentialBlock}, or that a rule declared to follow one, into that convolution
     * (inference statistics) and puts a {@link FoldedBatchNorm} in its place.
     */
    private static void foldBatchNorms(Block model, Map<String, String> declared) {
        Map<String, Block> replacements = new HashMap<>();
        Map<String, Block> byPath = new HashMap<>();
        BlockTree.visit(model, byPath::put);
        for (Map.Entry<String, String> pair : declared.entrySet()) {
            if (byPath.get(pair.getKey()) instanceof CompactConv2d conv
                    && byPath.get(pair.getValue()) instanceof CompactBatchNorm bn) {
                replacements.put(pair.getKey(), conv.foldBatchNorm(bn));
                replacements.put(pair.getValue(), folded(bn));
            }
        }
        for (Map.Entry<String, String> pair :
                adjacentPairs(model, CompactConv2d.class, CompactBatchNorm.class).entrySet()) {
            CompactBatchNorm bn = (CompactBatchNorm) byPath.get(pair.getValue());
            replacements.put(
                    pair.getKey(), ((CompactConv2d) byPath.get(pair.getKey())).foldBatchNorm(bn));
            replacements.put(pair.getValue(), folded(bn));
        }
        BlockTree.replace(
                model,
                (path, block) -> {
                    Block replacement = replacements.getOrDefault(path, block);
                    if (replacement != block) {
                        release(block);
                    }
                    return replacement;
                });
    }

    /**
     * The paths of each block of type {@code first} that a {@link SequentialBlock} runs right
     * before a block of type {@code second}, mapped to the second's path.
     */
    private static Map<String, String> adjacentPairs(
            Block model, Class<? extends Block> first, Class<? extends Block> second) {
        Map<String, String> pairs = new LinkedHashMap<>();
        BiConsumer<String, Block> adjacent =
                (path, block) -> {
                    if (!(block instanceof SequentialBlock sequence)) {
                        return;
                    }
                    List<Block> children = sequence.getChildren().values();
                    List<String> names = sequence.getChildren().keys();
                    for (int i = 0; i + 1 < children.size(); i++) {
                        if (first.isInstance(children.get(i))
                                && second.isInstance(children.get(i + 1))) {
                            pairs.put(
                                    CompactionRule.Context.join(path, names.get(i)),
                                    CompactionRule.Context.join(path, names.get(i + 1)));
                        }
                    }
                };
        adjacent.accept("", model);
        BlockTree.visit(model, adjacent);
        return pairs;
    }

    /**
     * Frees the arrays of a layer that compaction replaced: the compact layers hold copies, and the
     * originals would otherwise stay in the model's manager until it closes.
     */
    private static void release(Block replaced) {
        for (Parameter parameter : replaced.getParameters().values()) {
            if (parameter.isInitialized()) {
                parameter.getArray().close();
            }
        }
    }

    private static FoldedBatchNorm folded(CompactBatchNorm bn) {
        FoldedBatchNorm identity = new FoldedBatchNorm(bn.getChannels());
        identity.initialize(null, DataType.FLOAT32, bn.getInputShapes());
        return identity;
    }

    /** The convolutions with kernels larger than 1x1, whose input counts the quantum rounds. */
    private static List<Layer> spatialConvs(ChannelGraph graph) {
        List<Layer> convs = new ArrayList<>();
        for (Layer layer : graph.layers()) {
            if (layer.kind() == Kind.CONV || layer.kind() == Kind.MASKED_CONV) {
                Block block = layer.block();
                Conv2d conv = (Conv2d) (block instanceof MaskedConvolution m ? m.getConv() : block);
                if (conv.getKernelShape().size() > 1) {
                    convs.add(layer);
                }
            }
        }
        return convs;
    }

    private static Map<Integer, String> keptPruned(KeepPlan plan, Layer layer) {
        return plan.keptPruned(layer);
    }

    private void applyRules(String path, Block block, CompactionRule.Context context) {
        for (Map.Entry<Class<? extends Block>, List<CompactionRule>> entry : rules.entrySet()) {
            if (entry.getKey().isInstance(block)) {
                for (CompactionRule rule : entry.getValue()) {
                    rule.apply(path, block, context);
                }
            }
        }
    }

    /**
     * Replaces the blocks at the given paths by empty (identity) sequential blocks.
     *
     * @param model the network
     * @param paths the paths to strip
     */
    public static void strip(Block model, List<String> paths) {
        if (paths.isEmpty()) {
            return;
        }
        BlockTree.replace(
                model,
                (path, block) -> {
                    if (!paths.contains(path)) {
                        return block;
                    }
                    SequentialBlock identity = new SequentialBlock();
                    // no parameters: initialising only records an input shape, so that it saves
                    identity.initialize(null, DataType.FLOAT32, new Shape(1));
                    return identity;
                });
    }

    /** The builder of {@link Compactor}. */
    public static final class Builder {

        private final Map<Class<? extends Block>, List<CompactionRule>> rules =
                new LinkedHashMap<>();
        private boolean foldBatchNorm = true;
        private int channelQuantum = 1;

        Builder() {}

        /**
         * Adds a rule for every block of a class (and its subclasses).
         *
         * @param type the block class
         * @param rule the rule
         * @return this builder
         */
        public Builder addRule(Class<? extends Block> type, CompactionRule rule) {
            rules.computeIfAbsent(type, t -> new ArrayList<>()).add(rule);
            return this;
        }

        /**
         * Whether to fold each batch norm that directly follows a convolution in a {@link
         * SequentialBlock} into that convolution's weights and bias (default true). Exact in
         * inference and faster; the folded model no longer normalises with batch statistics, so
         * pass false to keep a compact model that can be trained further.
         *
         * @param fold whether to fold
         * @return this builder
         */
        public Builder optFoldBatchNorm(boolean fold) {
            foldBatchNorm = fold;
            return this;
        }

        /**
         * The channel quantum (default 1: off). Above 1, compaction keeps a few pruned channels
         * (zero filters, exact) so that each convolution larger than 1x1 that would read more than
         * {@code quantum} channels reads a multiple of {@code quantum}; a layer without enough
         * removable channels stays as it is. The compact network gets larger and computes the same.
         * A choice for engines that prefer such counts (e.g. 16, which once avoided a oneDNN fault
         * on one CPU; the tools now avoid it with oneDNN's SSE4.1 path there); never chosen from
         * the host, so one checkpoint compacts to one model everywhere.
         *
         * @param quantum the multiple, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code quantum} is below 1
         */
        public Builder optChannelQuantum(int quantum) {
            if (quantum < 1) {
                throw new IllegalArgumentException(
                        "channel quantum must be at least 1: " + quantum);
            }
            channelQuantum = quantum;
            return this;
        }

        /**
         * Builds the compactor.
         *
         * @return the compactor
         */
        public Compactor build() {
            return new Compactor(this);
        }
    }
}
