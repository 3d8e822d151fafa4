package ai.acosp.core.compact;

import ai.acosp.core.compact.ChannelGraph.Kind;
import ai.acosp.core.compact.ChannelGraph.Layer;
import ai.acosp.core.compact.ChannelGraph.Site;
import ai.acosp.core.nn.MaskedConvolution;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which channels a compact model keeps, decided from a {@link ChannelGraph}.
 *
 * <p>Producer channels that meet in one tensor channel (a residual sum) or that a rule ties
 * together (SegNet's unpooling pairs a decoder channel with the encoder's pooling indices of the
 * same channel) form a <i>group</i>: all of them stay or all go, because the tensors they meet in
 * must keep matching shapes. A group goes only when
 *
 * <ul>
 *   <li>every member is a pruned filter of a masked convolution (never the network input),
 *   <li>none of its channels reaches a network output, and
 *   <li>every convolution or linear layer that reads one of its channels sees a spatially constant
 *       map (then the layer absorbs it exactly), or, where a rule declared the layer to read an
 *       unpooling, a constant unpooled with the indices of a constant channel (the layer absorbs it
 *       with a bias map over {@link UnpoolPattern#grid}). A constant unpooled with the indices of a
 *       live channel is data dependent: it stays.
 * </ul>
 *
 * Otherwise the group is kept; its pruned filters stay in their convolutions as zero filters, so
 * that the kept channel carries exactly what it carried in the masked model.
 */
public final class KeepPlan {

    private final ChannelGraph graph;
    private final boolean[] keptGroup;
    private ChannelSets sets;
    private final Map<Integer, String> reasons = new TreeMap<>();
    private final Map<String, boolean[]> pruned = new LinkedHashMap<>();
    private Set<String> unpooledInputs = Set.of();

    private KeepPlan(ChannelGraph graph) {
        this.graph = graph;
        keptGroup = new boolean[graph.nodeCount()];
    }

    /**
     * Decides the plan, letting some layers absorb unpooled constants.
     *
     * @param graph the analysed network
     * @param ties pairs of tap keys whose channels must match one to one
     * @param unpooledInputs paths of layers that read a 2x2 max unpooling directly (see {@link
     *     CompactionRule.Context#unpooledInput})
     * @return the plan
     */
    public static KeepPlan of(ChannelGraph graph, List<String[]> ties, Set<String> unpooledInputs) {
        KeepPlan plan = new KeepPlan(graph);
        plan.unpooledInputs = Set.copyOf(unpooledInputs);
        plan.decide(ties);
        return plan;
    }

    /**
     * Whether a layer may absorb input channel {@code c} as an unpooled constant.
     *
     * @param layer the layer
     * @param c the input channel
     * @return true when the layer was declared to read an unpooling and the channel is one
     */
    public boolean absorbsUnpooled(Layer layer, int c) {
        return unpooledInputs.contains(layer.path()) && layer.isUnpooledConstant(c);
    }

    private void decide(List<String[]> ties) {
        sets = ChannelSets.of(graph, ties);
        // which nodes are pruned filters
        boolean[] prunedNode = new boolean[keptGroup.length];
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Layer producer : graph.producers()) {
                boolean[] p = new boolean[(int) producer.outChannels()];
                if (producer.block() instanceof MaskedConvolution masked) {
                    float[] mask =
                            masked.getMask()
                                    .currentMask(manager)
                                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                    .toFloatArray();
                    for (int c = 0; c < p.length; c++) {
                        p[c] = mask[c] == 0f;
                        prunedNode[producer.firstNode() + c] = p[c];
                    }
                }
                pruned.put(producer.path(), p);
            }
        }
        for (int node = 0; node < keptGroup.length; node++) {
            if (!prunedNode[node]) {
                keep(
                        node,
                        node == ChannelGraph.INPUT_NODE
                                ? "it meets the network input"
                                : "it meets a live channel in a residual sum or tie");
            }
        }
        for (Site site : graph.outputs()) {
            for (int[] nodes : site.nodes()) {
                for (int node : nodes) {
                    keep(node, "it reaches the network output");
                }
            }
        }
        for (Layer layer : graph.layers()) {
            if (layer.kind() == Kind.BATCH_NORM) {
                continue;
            }
            int[][] nodes = layer.nodes();
            for (int c = 0; c < nodes.length; c++) {
                if (nodes[c].length > 0 && !layer.isConstant(c) && !absorbsUnpooled(layer, c)) {
                    keep(
                            nodes[c][0],
                            "its value is not a constant map where a layer reads it (e.g. unpooled)");
                }
            }
        }
    }

    /**
     * The reason recorded for groups kept by {@link #roundInputs}.
     *
     * @param quantum the multiple the inputs were rounded to
     * @return the reason
     */
    public static String rounding(int quantum) {
        return "it rounds a convolution's input channels to a multiple of "
                + quantum
                + " (the channel quantum option)";
    }

    /**
     * Keeps more removable groups (as zero filters, which is always exact) so that each of the
     * given layers reads a multiple of {@code quantum} channels where it would read more than
     * {@code quantum} others ({@link Compactor.Builder#optChannelQuantum}). Channels are added in
     * ascending order; a few passes settle layers that share groups. A layer without enough
     * removable channels is left as it is. The result depends only on the model and the quantum.
     *
     * @param targets the layers whose input counts to round
     * @param quantum the multiple; 1 changes nothing
     */
    public void roundInputs(List<Layer> targets, int quantum) {
        for (int pass = 0; pass < 4; pass++) {
            boolean changed = false;
            for (Layer layer : targets) {
                int[][] nodes = layer.nodes();
                int c = 0;
                int present = LayerCuts.where(presentInputs(layer), true).length;
                while (present > quantum && present % quantum != 0 && c < nodes.length) {
                    if (nodes[c].length > 0 && !isKept(nodes[c][0])) {
                        keep(nodes[c][0], rounding(quantum));
                        changed = true;
                        present = LayerCuts.where(presentInputs(layer), true).length;
                    }
                    c++;
                }
            }
            if (!changed) {
                return;
            }
        }
    }

    private void keep(int node, String reason) {
        int root = sets.find(node);
        if (!keptGroup[root]) {
            keptGroup[root] = true;
            reasons.put(root, reason);
        }
    }

    /**
     * Whether a node's group is kept.
     *
     * @param node the node
     * @return true when kept
     */
    public boolean isKept(int node) {
        return keptGroup[sets.find(node)];
    }

    /**
     * Why a node's group is kept.
     *
     * @param node the node
     * @return the first reason found, or null when the group goes
     */
    public String reason(int node) {
        return reasons.get(sets.find(node));
    }

    /**
     * The output channels a producer keeps, ascending.
     *
     * @param producer the producer
     * @return channel indices
     */
    public int[] keptOutputs(Layer producer) {
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < producer.outChannels(); c++) {
            if (isKept(producer.firstNode() + c)) {
                kept.add(c);
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The pruned filters a producer keeps (as zero filters) and why, by channel.
     *
     * @param producer the producer
     * @return channel to reason
     */
    public Map<Integer, String> keptPruned(Layer producer) {
        Map<Integer, String> kept = new TreeMap<>();
        boolean[] p = pruned.get(producer.path());
        for (int c = 0; c < p.length; c++) {
            int node = producer.firstNode() + c;
            if (p[c] && isKept(node)) {
                kept.put(c, reason(node));
            }
        }
        return kept;
    }

    /**
     * Whether each input channel of a layer is still present in the compact model.
     *
     * @param layer the layer
     * @return per input channel
     */
    public boolean[] presentInputs(Layer layer) {
        int[][] nodes = layer.nodes();
        boolean[] present = new boolean[nodes.length];
        for (int c = 0; c < nodes.length; c++) {
            present[c] = nodes[c].length == 0 || isKept(nodes[c][0]);
        }
        return present;
    }
}
