package ai.acosp.core.compact;

import ai.acosp.core.compact.ChannelGraph.Layer;
import ai.acosp.core.compact.ChannelGraph.Site;
import java.util.List;

/**
 * The nodes of a {@link ChannelGraph} joined into sets that must share one fate: producer channels
 * that meet in one tensor channel (a residual sum) or that a rule ties together (SegNet's unpooling
 * pairs a decoder channel with the encoder's pooling indices of the same channel). A union-find
 * over node ids ({@link UnionFind}).
 */
final class ChannelSets {

    private final UnionFind nodes;

    private ChannelSets(int nodes) {
        this.nodes = new UnionFind(nodes);
    }

    /**
     * Joins the nodes that meet in every layer input, tap and output of a graph, and the channels
     * of tied tap sites.
     *
     * @param graph the analysed network
     * @param ties pairs of tap keys whose channels must match one to one
     * @return the sets
     */
    static ChannelSets of(ChannelGraph graph, List<String[]> ties) {
        ChannelSets sets = new ChannelSets(graph.nodeCount());
        for (Layer layer : graph.layers()) {
            sets.unionChannels(layer.nodes());
        }
        for (Site site : graph.outputs()) {
            sets.unionChannels(site.nodes());
        }
        for (Site site : graph.taps().values()) {
            sets.unionChannels(site.nodes());
        }
        for (String[] tie : ties) {
            int[][] a = graph.taps().get(tie[0]).nodes();
            int[][] b = graph.taps().get(tie[1]).nodes();
            if (a.length != b.length) {
                throw new IllegalStateException(
                        "tied sites " + tie[0] + " and " + tie[1] + " differ in channels");
            }
            for (int c = 0; c < a.length; c++) {
                int[] both = new int[a[c].length + b[c].length];
                System.arraycopy(a[c], 0, both, 0, a[c].length);
                System.arraycopy(b[c], 0, both, a[c].length, b[c].length);
                sets.union(both);
            }
        }
        return sets;
    }

    /**
     * The number of nodes.
     *
     * @return the count
     */
    int size() {
        return nodes.size();
    }

    /**
     * The representative of a node's set.
     *
     * @param node the node
     * @return the set's smallest node
     */
    int find(int node) {
        return nodes.find(node);
    }

    private void unionChannels(int[][] channels) {
        if (channels == null) {
            return;
        }
        for (int[] channel : channels) {
            union(channel);
        }
    }

    private void union(int[] channel) {
        for (int i = 1; i < channel.length; i++) {
            nodes.union(channel[0], channel[i]);
        }
    }
}
