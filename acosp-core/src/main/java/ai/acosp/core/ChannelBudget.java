package ai.acosp.core;

import ai.acosp.core.nn.SigmoidSoftTopK;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many output channels each masked convolution keeps: one sparsity for every layer, overridden
 * for the layers whose path matches a glob (the first matching glob wins; {@code *} stays within
 * one path element, {@code **} crosses them, as in {@link FileSystems#getPathMatcher}), and an
 * explicit {@code k} per layer where a solver chose one ({@link ai.acosp.core.measure.MacBudget}).
 * A group of convolutions that share a mask keeps the most channels any member asks for.
 */
public final class ChannelBudget {

    private final float sparsity;
    private final int minRemaining;
    private final List<LayerSparsity> layers;
    private final Map<String, Integer> kept;

    /** A sparsity for the layers whose path matches a glob. */
    private record LayerSparsity(String glob, PathMatcher matcher, float sparsity) {}

    private ChannelBudget(
            float sparsity,
            int minRemaining,
            List<LayerSparsity> layers,
            Map<String, Integer> kept) {
        this.sparsity = sparsity;
        this.minRemaining = minRemaining;
        this.layers = List.copyOf(layers);
        this.kept = Map.copyOf(kept);
    }

    /**
     * One sparsity for every layer.
     *
     * @param sparsity the share of channels to remove, in [0, 1)
     * @param minRemaining the fewest channels a layer keeps
     * @return the budget
     */
    public static ChannelBudget uniform(float sparsity, int minRemaining) {
        checkSparsity(sparsity, "sparsity");
        return new ChannelBudget(sparsity, minRemaining, List.of(), Map.of());
    }

    private static void checkSparsity(float sparsity, String what) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + sparsity);
        }
    }

    /**
     * This budget with another sparsity for the layers whose path matches a glob (after the globs
     * given before).
     *
     * @param glob a path glob such as {@code layer4/**} or {@code down1/*}
     * @param layerSparsity the sparsity of those layers, in [0, 1)
     * @return the new budget
     * @throws IllegalArgumentException if the glob or the sparsity is not valid
     */
    public ChannelBudget withLayerSparsity(String glob, float layerSparsity) {
        checkSparsity(layerSparsity, "the sparsity of " + glob);
        List<LayerSparsity> more = new ArrayList<>(layers);
        more.add(
                new LayerSparsity(
                        glob,
                        FileSystems.getDefault().getPathMatcher("glob:" + glob),
                        layerSparsity));
        return new ChannelBudget(sparsity, minRemaining, more, kept);
    }

    /**
     * This budget with explicit channel counts for some layers.
     *
     * @param keptByPath k by convolution path
     * @return the new budget
     */
    public ChannelBudget withKept(Map<String, Integer> keptByPath) {
        Map<String, Integer> all = new LinkedHashMap<>(kept);
        all.putAll(keptByPath);
        return new ChannelBudget(sparsity, minRemaining, layers, all);
    }

    /**
     * Whether a glob sets the sparsity of a layer.
     *
     * @param path the convolution's path
     * @return true when some glob matches it
     */
    public boolean isSetByGlob(String path) {
        return matching(path) != null;
    }

    private LayerSparsity matching(String path) {
        for (LayerSparsity layer : layers) {
            if (layer.matcher().matches(Path.of(path))) {
                return layer;
            }
        }
        return null;
    }

    /**
     * The sparsity of a layer: its glob's, or the budget's own.
     *
     * @param path the convolution's path
     * @return the sparsity
     */
    public float sparsityOf(String path) {
        LayerSparsity layer = matching(path);
        return layer == null ? sparsity : layer.sparsity();
    }

    /**
     * How many of its {@code n} channels a layer keeps.
     *
     * @param path the convolution's path
     * @param n its output channels
     * @return k
     */
    public int kept(String path, int n) {
        Integer explicit = kept.get(path);
        if (explicit != null) {
            return Math.min(n, Math.max(1, explicit));
        }
        return SigmoidSoftTopK.keptChannels(n, sparsityOf(path), minRemaining);
    }

    /**
     * How many of their {@code n} channels the members of a mask group keep: the most any member
     * asks for.
     *
     * @param paths the members' paths
     * @param n their output channels
     * @return k
     */
    public int kept(List<String> paths, int n) {
        int k = 0;
        for (String path : paths) {
            k = Math.max(k, kept(path, n));
        }
        return k;
    }

    /**
     * The sparsity of layers no glob or explicit count sets.
     *
     * @return s
     */
    public float getSparsity() {
        return sparsity;
    }

    /**
     * The fewest channels a layer keeps under a sparsity.
     *
     * @return the minimum
     */
    public int getMinRemaining() {
        return minRemaining;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("sparsity " + sparsity);
        for (LayerSparsity layer : layers) {
            text.append(", ").append(layer.glob()).append(' ').append(layer.sparsity());
        }
        if (!kept.isEmpty()) {
            text.append(", ").append(kept.size()).append(" layers with a chosen k");
        }
        return text.toString();
    }
}
