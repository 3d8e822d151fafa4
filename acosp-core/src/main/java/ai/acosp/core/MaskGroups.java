package ai.acosp.core;

import ai.acosp.core.nn.ChannelMask;
import ai.acosp.core.nn.SoftTopKMask;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups of convolutions that share one mask: their output channels are coupled one to one (a
 * residual stream and the convolutions that feed it; SegNet's encoder and decoder stages around one
 * unpooling), so a channel is kept or pruned in all of them at once and compaction removes it
 * entirely. Found by {@link ai.acosp.core.compact.Compactor#maskGroups}; used by {@link
 * SoftTopKPruner#configureModel(Block, MaskGroups)}.
 */
public final class MaskGroups {

    private final List<List<String>> groups;
    private final Map<String, Integer> groupByPath = new HashMap<>();

    /**
     * Creates the groups.
     *
     * @param groups convolution paths, at least two a group, no path in two groups
     * @throws IllegalArgumentException if a group is smaller than two or a path repeats
     */
    public MaskGroups(List<List<String>> groups) {
        List<List<String>> copy = new ArrayList<>();
        for (List<String> group : groups) {
            if (group.size() < 2) {
                throw new IllegalArgumentException("a mask group needs two members: " + group);
            }
            for (String path : group) {
                if (groupByPath.put(path, copy.size()) != null) {
                    throw new IllegalArgumentException(path + " is in two mask groups");
                }
            }
            copy.add(List.copyOf(group));
        }
        this.groups = List.copyOf(copy);
    }

    /**
     * No groups: every convolution gets a mask of its own (the reference's placement).
     *
     * @return the empty grouping
     */
    public static MaskGroups none() {
        return new MaskGroups(List.of());
    }

    /**
     * The groups.
     *
     * @return convolution paths per group
     */
    public List<List<String>> groups() {
        return groups;
    }

    /**
     * The group of a convolution.
     *
     * @param path the convolution's path
     * @return the group's index, or -1 when it is in none
     */
    public int groupOf(String path) {
        return groupByPath.getOrDefault(path, -1);
    }

    /**
     * The number of convolutions in all groups.
     *
     * @return the member count
     */
    public int members() {
        return groupByPath.size();
    }

    /**
     * Whether some soft mask of a model serves more than one convolution, which tells a model whose
     * masks were placed by groups from one with a mask per convolution.
     *
     * @param model the network
     * @return true when a soft mask is shared
     */
    public static boolean areShared(Block model) {
        Map<ChannelMask, Boolean> seen = new IdentityHashMap<>();
        for (Pair<String, ChannelMask> entry : MaskPlacement.masksByConvolution(model)) {
            ChannelMask mask = entry.getValue();
            if (mask instanceof SoftTopKMask && seen.put(mask, Boolean.TRUE) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return groups.size() + " mask groups of " + members() + " convolutions";
    }
}
