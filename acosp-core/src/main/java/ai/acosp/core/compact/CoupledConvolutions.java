package ai.acosp.core.compact;

import ai.acosp.core.MaskGroups;
import ai.acosp.core.compact.ChannelGraph.Kind;
import ai.acosp.core.compact.ChannelGraph.Layer;
import ai.acosp.core.nn.Unprunable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups of convolutions whose output channels share their fate one to one (channel {@code c}
 * of every member sits in one {@link ChannelSets set} with nothing else), found on a network
 * without masks. Such a group can carry one shared mask.
 */
final class CoupledConvolutions {

    private static final Logger logger = LoggerFactory.getLogger(CoupledConvolutions.class);

    private CoupledConvolutions() {}

    static MaskGroups groups(ChannelGraph graph, ChannelSets sets) {
        List<Layer> producers = graph.producers();
        int[] setSize = new int[sets.size()];
        for (int node = 0; node < sets.size(); node++) {
            setSize[sets.find(node)]++;
        }
        // producers whose channels meet anywhere form one candidate group
        UnionFind coupled = new UnionFind(producers.size());
        int[] firstProducerOfSet = new int[sets.size()];
        Arrays.fill(firstProducerOfSet, -1);
        for (int node = 0; node < sets.size(); node++) {
            int p = graph.producerOf(node);
            if (p < 0) {
                continue;
            }
            int root = sets.find(node);
            if (firstProducerOfSet[root] < 0) {
                firstProducerOfSet[root] = p;
            } else {
                coupled.union(firstProducerOfSet[root], p);
            }
        }
        Map<Integer, List<Layer>> candidates = new LinkedHashMap<>();
        for (int p = 0; p < producers.size(); p++) {
            candidates
                    .computeIfAbsent(coupled.find(p), k -> new ArrayList<>())
                    .add(producers.get(p));
        }
        List<List<String>> groups = new ArrayList<>();
        for (List<Layer> members : candidates.values()) {
            if (members.size() < 2) {
                continue;
            }
            String refusal = refusal(members, sets, setSize);
            List<String> paths = members.stream().map(Layer::path).toList();
            if (refusal == null) {
                groups.add(paths);
            } else {
                logger.warn(
                        "ACoSP: {} are coupled but {}: they keep a mask each, and compaction keeps"
                                + " their pruned filters as zeros where the others are live",
                        paths,
                        refusal);
            }
        }
        return new MaskGroups(groups);
    }

    /** Why one shared mask cannot express a coupling, or null when it can. */
    private static String refusal(List<Layer> members, ChannelSets sets, int[] setSize) {
        Layer first = members.get(0);
        for (Layer member : members) {
            if (member.kind() != Kind.CONV || member.block() instanceof Unprunable) {
                return member.path() + " is no prunable convolution";
            }
            if (member.outChannels() != first.outChannels()) {
                return "their channel counts differ";
            }
        }
        for (int c = 0; c < first.outChannels(); c++) {
            int root = sets.find(first.firstNode() + c);
            if (setSize[root] != members.size()) {
                return "channel " + c + " meets other channels (or the network input)";
            }
            for (Layer member : members) {
                if (sets.find(member.firstNode() + c) != root) {
                    return "their channels meet in another order";
                }
            }
        }
        return null;
    }
}
