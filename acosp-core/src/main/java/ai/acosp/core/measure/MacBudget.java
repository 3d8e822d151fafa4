package ai.acosp.core.measure;

import ai.acosp.core.ChannelBudget;
import ai.acosp.core.MaskGroups;
import ai.acosp.core.compact.ChannelGraph;
import ai.acosp.core.compact.ChannelGraph.Kind;
import ai.acosp.core.compact.ChannelGraph.Layer;
import ai.acosp.core.nn.SigmoidSoftTopK;
import ai.acosp.core.nn.Unprunable;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses each layer's {@code k} so that the pruned network needs a given share of the dense
 * network's multiply-adds at one input size: every layer that no glob of the base budget sets keeps
 * the same share of its channels, the largest share whose multiply-adds stay within the target. The
 * multiply-adds of a choice are computed from the dense network's per-layer counts ({@link
 * MaskedAccounting}) and its channel graph: a layer costs its dense count times its kept share of
 * output channels times the live share of its input channels. With mask groups the count is exact;
 * a channel that several masks feed (a residual stream with a mask per convolution) is counted as
 * live with the probability that independent selections give.
 *
 * @param budget the base budget with the chosen {@code k} of every free layer
 * @param denseMacs multiply-adds per sample of the dense network
 * @param targetMacs the target, {@code target share * denseMacs}
 * @param predictedMacs the multiply-adds of the chosen budget
 * @param keptShare the share of channels the free layers keep
 */
public record MacBudget(
        ChannelBudget budget,
        long denseMacs,
        long targetMacs,
        long predictedMacs,
        double keptShare) {

    /**
     * Solves for a target.
     *
     * @param dense the initialised network without masks
     * @param inputShape the input size the target is for (batch axis: one sample is counted)
     * @param probeShape a small input for the channel graph ({@link
     *     ai.acosp.core.compact.Compactor#maskGroups})
     * @param groups the mask groups the pruner will use
     * @param base the budget whose globs stay as they are
     * @param targetShare the target, a share of the dense multiply-adds in (0, 1]
     * @return the solution; its prediction exceeds the target only where even the fewest channels
     *     do
     */
    public static MacBudget solve(
            Block dense,
            Shape inputShape,
            Shape probeShape,
            MaskGroups groups,
            ChannelBudget base,
            double targetShare) {
        if (!(targetShare > 0 && targetShare <= 1)) {
            throw new IllegalArgumentException(
                    "the MAC target must be a share of the dense count in (0, 1], got "
                            + targetShare);
        }
        Model model = new Model(dense, inputShape, probeShape, groups, base);
        long target = Math.round(targetShare * model.denseMacs);
        double lo = 0;
        double hi = 1;
        if (model.macs(hi) <= target) {
            lo = hi;
        } else {
            for (int i = 0; i < 40; i++) {
                double mid = (lo + hi) / 2;
                if (model.macs(mid) <= target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        }
        return new MacBudget(
                base.withKept(model.freeKept(lo)),
                model.denseMacs,
                target,
                Math.round(model.macs(lo)),
                lo);
    }

    /** The dense counts and the channel graph, and the multiply-adds of a kept share. */
    private static final class Model {
        final ChannelBudget base;
        final MaskGroups groups;
        final Map<String, MaskedReport.Layer> counts = new LinkedHashMap<>();
        final Map<String, Layer> layers = new HashMap<>();
        final List<Layer> producers;
        final ChannelGraph graph;
        final long denseMacs;

        Model(Block dense, Shape inputShape, Shape probeShape, MaskGroups groups, ChannelBudget b) {
            this.base = b;
            this.groups = groups;
            MaskedReport report = MaskedAccounting.measure(dense, inputShape);
            for (MaskedReport.Layer layer : report.layers()) {
                counts.put(layer.path(), layer);
            }
            denseMacs = report.denseMacs();
            graph = ChannelGraph.analyze(dense, probeShape, List.of());
            for (Layer layer : graph.layers()) {
                layers.put(layer.path(), layer);
            }
            producers = graph.producers();
        }

        static boolean isMasked(Layer layer) {
            return layer.kind() == Kind.CONV && !(layer.block() instanceof Unprunable);
        }

        /** The k of every masked producer whose count no glob sets, for a kept share. */
        Map<String, Integer> freeKept(double share) {
            Map<String, Integer> kept = new LinkedHashMap<>();
            for (Layer producer : producers) {
                if (isMasked(producer) && !base.isSetByGlob(producer.path())) {
                    kept.put(producer.path(), freeK((int) producer.outChannels(), share));
                }
            }
            return kept;
        }

        int freeK(int n, double share) {
            float sparsity = (float) Math.min(Math.max(1 - share, 0), 0.9999);
            return SigmoidSoftTopK.keptChannels(n, sparsity, base.getMinRemaining());
        }

        /** The kept share of a masked producer's channels (shared by its group). */
        double keptShare(Layer producer, ChannelBudget budget) {
            int n = (int) producer.outChannels();
            int group = groups.groupOf(producer.path());
            int k =
                    group < 0
                            ? budget.kept(producer.path(), n)
                            : budget.kept(groups.groups().get(group), n);
            return (double) k / n;
        }

        double macs(double share) {
            ChannelBudget budget = base.withKept(freeKept(share));
            Map<String, Double> outShare = new HashMap<>();
            for (Layer producer : producers) {
                outShare.put(
                        producer.path(), isMasked(producer) ? keptShare(producer, budget) : 1.0);
            }
            double total = 0;
            for (MaskedReport.Layer count : counts.values()) {
                Layer layer = layers.get(count.path());
                double out = outShare.getOrDefault(count.path(), 1.0);
                double in = layer == null ? 1.0 : liveInputShare(layer, outShare);
                total += count.denseMacs() * in * out;
            }
            return total;
        }

        /** The expected share of a layer's input channels that stay live. */
        double liveInputShare(Layer layer, Map<String, Double> outShare) {
            int[][] nodes = layer.nodes();
            double live = 0;
            for (int[] channel : nodes) {
                double allPruned = 1;
                Set<String> units = new HashSet<>();
                for (int node : channel) {
                    int p = graph.producerOf(node);
                    if (p < 0 || !isMasked(producers.get(p))) {
                        allPruned = 0;
                        break;
                    }
                    Layer producer = producers.get(p);
                    int group = groups.groupOf(producer.path());
                    if (units.add(group < 0 ? producer.path() : "group " + group)) {
                        allPruned *= 1 - outShare.get(producer.path());
                    }
                }
                live += channel.length == 0 ? 1 : 1 - allPruned;
            }
            return nodes.length == 0 ? 1 : live / nodes.length;
        }
    }
}
