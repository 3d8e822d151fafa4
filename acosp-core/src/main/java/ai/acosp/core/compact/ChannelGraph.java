package ai.acosp.core.compact;

import ai.acosp.core.BlockTree;
import ai.acosp.core.ProbePass;
import ai.acosp.core.nn.ChannelSparseConv2d;
import ai.acosp.core.nn.MaskedConvolution;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which channels depend on which: found by two {@link ProbePass probe passes} in which every
 * convolution, linear layer and batch norm is temporarily replaced by a recording stand-in ({@code
 * ValueProbe}, {@code WiringProbe}; {@code TapProbe} for taps).
 *
 * <ul>
 *   <li><b>Wiring pass.</b> Every convolution and linear layer (a <i>producer</i>) ignores its
 *       input and writes the value {@code c + 1} into its output channel {@code c}, but only in the
 *       batch sample that belongs to it (sample {@code p + 1} for producer {@code p}); sample 0
 *       carries the network input (ones), every other sample zeros. Batch norms pass values on.
 *       Whatever the model does in between (ReLU, pooling, unpooling, resampling, residual sums,
 *       concatenation) keeps positive values positive, so the input of every layer reveals, per
 *       channel, which producer channels feed it: the <i>nodes</i> of that channel. A residual sum
 *       shows as a channel with two nodes.
 *   <li><b>Value pass.</b> The real network on random input records the minimum and maximum of
 *       every input channel of every convolution and linear layer, which tells whether a channel
 *       whose nodes are all pruned is a spatially constant map and gives its value.
 * </ul>
 *
 * <p>Rules may also <i>tap</i> the inputs or outputs of container blocks to learn the nodes of
 * tensors that never reach a layer as values, such as the channels that SegNet's unpooling pairs
 * with its pooling indices.
 */
public final class ChannelGraph {

    /** The node of the network input: never removable. */
    public static final int INPUT_NODE = 0;

    private final List<Layer> layers;
    private final List<Layer> producers;
    private final Map<String, Site> taps;
    private final List<Site> outputs;
    private final int nodeCount;

    private ChannelGraph(
            List<Layer> layers, List<Layer> producers, Map<String, Site> taps, List<Site> outputs) {
        this.layers = layers;
        this.producers = producers;
        this.taps = taps;
        this.outputs = outputs;
        int nodes = 1;
        for (Layer producer : producers) {
            producer.firstNode = nodes;
            nodes += (int) producer.outChannels;
        }
        nodeCount = nodes;
    }

    /** What kind of layer a recorded block is. */
    public enum Kind {
        /** A {@link Conv2d}. */
        CONV,
        /** A {@link MaskedConvolution} around a {@link Conv2d}. */
        MASKED_CONV,
        /** A {@link Linear}. */
        LINEAR,
        /** A {@link BatchNorm}. */
        BATCH_NORM
    }

    /** A tensor site that a rule asked to observe: an input or output of a container block. */
    public record TapRequest(String path, boolean output, int index) {
        /**
         * A key for this site.
         *
         * @return path#in0 or path#out0 style key
         */
        public String key() {
            return path + (output ? "#out" : "#in") + index;
        }
    }

    /**
     * Runs the probe passes.
     *
     * @param root the hard-masked network; it is restored afterwards
     * @param probeShape the input shape (batch axis ignored) of both passes
     * @param tapRequests sites to observe in the wiring pass
     * @return the graph
     */
    public static ChannelGraph analyze(Block root, Shape probeShape, List<TapRequest> tapRequests) {
        checkSupported(root);
        Map<String, Layer> byPath = new LinkedHashMap<>();
        BlockTree.visit(
                root,
                (path, block) -> {
                    Kind kind = kindOf(block);
                    if (kind != null) {
                        byPath.put(path, new Layer(path, block, kind));
                    }
                });
        // the wiring pass needs to know the producers and their channel counts: run the value
        // pass first, which records every reached layer's shapes
        List<Layer> reached = new ArrayList<>();
        ProbePass.randomPass(
                root,
                batch(probeShape, 2),
                (path, block) ->
                        standIn(byPath, path, block, layer -> new ValueProbe(layer, reached)));
        List<Layer> producers = new ArrayList<>();
        for (Layer layer : reached) {
            if (layer.kind != Kind.BATCH_NORM) {
                layer.producerIndex = producers.size();
                producers.add(layer);
            }
        }
        Map<String, Site> taps = new LinkedHashMap<>();
        List<Site> outputs = new ArrayList<>();
        int samples = producers.size() + 1;
        ProbePass.run(
                root,
                manager -> {
                    NDArray x =
                            manager.zeros(
                                    batch(probeShape, samples),
                                    DataType.FLOAT32,
                                    manager.getDevice());
                    x.set(new NDIndex("0"), 1f);
                    ProbePass.forward(
                            root,
                            x,
                            out -> {
                                for (int i = 0; i < out.size(); i++) {
                                    if (out.get(i).getShape().dimension() >= 2
                                            && out.get(i).getDataType().isFloating()) {
                                        outputs.add(Site.of("<output>#" + i, out.get(i)));
                                    }
                                }
                            });
                },
                (path, block) ->
                        standIn(byPath, path, block, layer -> new WiringProbe(layer, samples)),
                (path, block) -> {
                    List<TapRequest> here = new ArrayList<>();
                    for (TapRequest request : tapRequests) {
                        if (request.path().equals(path)) {
                            here.add(request);
                        }
                    }
                    return here.isEmpty() ? block : new TapProbe(block, here, taps);
                });
        for (TapRequest request : tapRequests) {
            if (!taps.containsKey(request.key())) {
                throw new IllegalStateException("tap " + request.key() + " was never reached");
            }
        }
        ChannelGraph graph = new ChannelGraph(reached, producers, taps, outputs);
        graph.decodeAll();
        return graph;
    }

    private static Shape batch(Shape shape, long samples) {
        long[] dims = shape.getShape().clone();
        dims[0] = samples;
        return new Shape(dims);
    }

    private void decodeAll() {
        for (Layer layer : layers) {
            layer.nodes = decode(layer.rawFeed, layer.inChannels, layer.path);
        }
        for (Site site : taps.values()) {
            site.nodes = decode(site.raw, site.channels, site.name);
        }
        for (Site site : outputs) {
            site.nodes = decode(site.raw, site.channels, site.name);
        }
    }

    /** Turns the per-(sample, channel) maxima of the wiring pass into node lists per channel. */
    private int[][] decode(float[] raw, long channels, String where) {
        if (raw == null) {
            return null;
        }
        int c = (int) channels;
        int samples = raw.length / c;
        int[][] nodes = new int[c][];
        for (int ch = 0; ch < c; ch++) {
            List<Integer> found = new ArrayList<>();
            if (raw[ch] > 0) {
                found.add(INPUT_NODE);
            }
            for (int s = 1; s < samples; s++) {
                float m = raw[s * c + ch];
                if (m <= 0) {
                    continue;
                }
                long index = Math.round(m) - 1;
                Layer producer = producers.get(s - 1);
                if (Math.abs(m - Math.round(m)) > 1e-2
                        || index < 0
                        || index >= producer.outChannels) {
                    throw new IllegalStateException(
                            "cannot trace channel "
                                    + ch
                                    + " at "
                                    + where
                                    + " back to a channel of "
                                    + producer.path
                                    + " (value "
                                    + m
                                    + "): the model combines channels in a way compaction does not"
                                    + " support");
                }
                found.add(producer.firstNode + (int) index);
            }
            nodes[ch] = found.stream().mapToInt(Integer::intValue).toArray();
        }
        return nodes;
    }

    private static void checkSupported(Block root) {
        BlockTree.visit(
                root,
                (path, block) -> {
                    if (block instanceof ChannelSparseConv2d) {
                        throw new IllegalArgumentException(
                                path
                                        + ": channel-sparse convolutions cannot be compacted; compact the"
                                        + " hard-masked model instead");
                    }
                    if (block instanceof MaskedConvolution m && !m.getMask().isHard()) {
                        throw new IllegalArgumentException(
                                path + ": mask is soft; harden it with Inject.softToHardK first");
                    }
                    if (block instanceof Conv2d conv && conv.getGroups() != 1) {
                        throw new IllegalArgumentException(
                                path + ": grouped convolutions are not supported by compaction");
                    }
                    if (block instanceof MaskedConvolution m && !(m.getConv() instanceof Conv2d)) {
                        throw new IllegalArgumentException(
                                path + ": only masked Conv2d layers can be compacted");
                    }
                });
    }

    static Kind kindOf(Block block) {
        if (block instanceof MaskedConvolution m) {
            return m.getConv() instanceof Conv2d ? Kind.MASKED_CONV : null;
        }
        if (block instanceof Conv2d) {
            return Kind.CONV;
        }
        if (block instanceof Linear) {
            return Kind.LINEAR;
        }
        if (block instanceof BatchNorm) {
            return Kind.BATCH_NORM;
        }
        return null;
    }

    /** The stand-in of a recorded layer, or the block itself for blocks that are not recorded. */
    private static Block standIn(
            Map<String, Layer> byPath, String path, Block block, Function<Layer, Block> probe) {
        Layer layer = byPath.get(path);
        return layer != null && layer.block == block ? probe.apply(layer) : block;
    }

    /**
     * The layers reached in inference, in the order they ran.
     *
     * @return the layers
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The convolutions and linear layers, in the order they ran.
     *
     * @return the producers
     */
    public List<Layer> producers() {
        return producers;
    }

    /**
     * The observed tap sites by {@link TapRequest#key()}.
     *
     * @return the taps
     */
    public Map<String, Site> taps() {
        return taps;
    }

    /**
     * The network outputs' sites.
     *
     * @return the outputs
     */
    public List<Site> outputs() {
        return outputs;
    }

    /**
     * The producer whose output channel a node is.
     *
     * @param node a node
     * @return its index in {@link #producers()}, or -1 for the network input's node
     */
    public int producerOf(int node) {
        // producers hold consecutive node ranges in order: the last one starting at or before
        int lo = 0;
        int hi = producers.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (producers.get(mid).firstNode <= node) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * The number of nodes (producer channels plus the input node).
     *
     * @return the count
     */
    public int nodeCount() {
        return nodeCount;
    }

    /** A recorded layer. */
    public static final class Layer {
        final String path;
        final Block block;
        final Kind kind;
        int producerIndex = -1;
        int firstNode;
        long inChannels;
        long outChannels;
        Shape inShape;
        Shape outShape;
        float[] inMin;
        float[] inMax;
        float[] gridMin;
        float[] gridMax;
        float[] offGridAbsMax;
        float[] rawFeed;
        int[][] nodes;

        Layer(String path, Block block, Kind kind) {
            this.path = path;
            this.block = block;
            this.kind = kind;
        }

        /**
         * The layer's path.
         *
         * @return the path
         */
        public String path() {
            return path;
        }

        /**
         * The layer block (the original, not a stand-in).
         *
         * @return the block
         */
        public Block block() {
            return block;
        }

        /**
         * The layer kind.
         *
         * @return the kind
         */
        public Kind kind() {
            return kind;
        }

        /**
         * The first node of this producer's output channels.
         *
         * @return the node of output channel 0
         */
        public int firstNode() {
            return firstNode;
        }

        /**
         * The input channels.
         *
         * @return channels
         */
        public long inChannels() {
            return inChannels;
        }

        /**
         * The output channels.
         *
         * @return channels
         */
        public long outChannels() {
            return outChannels;
        }

        /**
         * The input shape of the value pass.
         *
         * @return the shape
         */
        public Shape inShape() {
            return inShape;
        }

        /**
         * The nodes feeding each input channel.
         *
         * @return per channel, node ids
         */
        public int[][] nodes() {
            return nodes;
        }

        /**
         * Whether input channel {@code c} was spatially constant in the value pass.
         *
         * @param c the channel
         * @return true when max and min agree up to rounding
         */
        public boolean isConstant(int c) {
            float scale = Math.max(1f, Math.max(Math.abs(inMin[c]), Math.abs(inMax[c])));
            return inMax[c] - inMin[c] <= 1e-5f * scale;
        }

        /**
         * The value of a constant input channel.
         *
         * @param c the channel
         * @return its value
         */
        public float constantValue(int c) {
            return inMax[c] == inMin[c] ? inMax[c] : (inMax[c] + inMin[c]) / 2f;
        }

        /**
         * Whether input channel {@code c} was an <i>unpooled constant</i> in the value pass: one
         * value {@code v != 0} at the top-left position of every full 2x2 window (even row and
         * column, see {@link UnpoolPattern}) and exactly 0 elsewhere. That is what a 2x2 max
         * unpooling makes of a constant channel with the indices of a constant channel (all ties,
         * so the first position of each window). Only layers that a rule declared with {@link
         * CompactionRule.Context#unpooledInput} may treat it as such.
         *
         * @param c the channel
         * @return true for such a channel
         */
        public boolean isUnpooledConstant(int c) {
            if (gridMin == null || isConstant(c) || offGridAbsMax[c] != 0f) {
                return false;
            }
            float scale = Math.max(1f, Math.max(Math.abs(gridMin[c]), Math.abs(gridMax[c])));
            return gridMax[c] - gridMin[c] <= 1e-5f * scale && gridMax[c] != 0f;
        }

        /**
         * The value of an unpooled-constant input channel.
         *
         * @param c the channel
         * @return its value on the grid
         */
        public float unpooledValue(int c) {
            return gridMax[c] == gridMin[c] ? gridMax[c] : (gridMax[c] + gridMin[c]) / 2f;
        }
    }

    /** A recorded tensor: a tap or an output. */
    public static final class Site {
        final String name;
        final long channels;
        final float[] raw;
        int[][] nodes;

        Site(String name, long channels, float[] raw) {
            this.name = name;
            this.channels = channels;
            this.raw = raw;
        }

        static Site of(String name, NDArray x) {
            return new Site(name, x.getShape().get(1), perSampleChannelMax(x));
        }

        /**
         * The nodes feeding each channel.
         *
         * @return per channel, node ids
         */
        public int[][] nodes() {
            return nodes;
        }

        /**
         * The site's name.
         *
         * @return the name
         */
        public String name() {
            return name;
        }
    }

    static float[] perSampleChannelMax(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), -1)
                .max(new int[] {2})
                .toType(DataType.FLOAT32, false)
                .toFloatArray();
    }
}
