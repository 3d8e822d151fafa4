package ai.acosp.core.compact;

import ai.acosp.core.compact.ChannelGraph.Kind;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@link Compactor#compact} did: per-layer channel counts and why channels were kept. */
public final class CompactionResult {

    private final List<LayerChange> changes;
    private final List<String> stripped;
    private final List<String> untouched;

    CompactionResult(List<LayerChange> changes, List<String> stripped, List<String> untouched) {
        this.changes = List.copyOf(changes);
        this.stripped = List.copyOf(stripped);
        this.untouched = List.copyOf(untouched);
    }

    /**
     * The per-layer changes, in the order inference runs the layers.
     *
     * @return the changes
     */
    public List<LayerChange> changes() {
        return changes;
    }

    /**
     * The paths removed as unused in inference (e.g. PSPNet's auxiliary head).
     *
     * @return the paths
     */
    public List<String> stripped() {
        return stripped;
    }

    /**
     * Layers left as they were because inference never reached them.
     *
     * @return their paths
     */
    public List<String> untouched() {
        return untouched;
    }

    /**
     * The pruned filters kept as zero filters, over all layers.
     *
     * @return the count
     */
    public long keptPrunedFilters() {
        return changes.stream().mapToLong(c -> c.keptPruned().size()).sum();
    }

    /**
     * The architecture of every compact layer of a compacted model, for its JSON description.
     *
     * @param model the compacted model
     * @return the specs in tree order
     */
    public static List<LayerSpec> specs(Block model) {
        List<LayerSpec> specs = new ArrayList<>();
        ai.acosp.core.BlockTree.visit(
                model,
                (path, block) -> {
                    if (block instanceof CompactLayer layer) {
                        specs.add(layer.spec(path));
                    }
                });
        return specs;
    }

    /**
     * A table of the changes: one line per convolution or linear layer (batch norms follow their
     * convolution), then the reasons for kept pruned filters, grouped.
     *
     * @return the text
     */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%-58s %6s %11s %11s %5s %5s %s%n",
                        "layer",
                        "kind",
                        "in",
                        "out",
                        "k",
                        "zero",
                        "notes"));
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (LayerChange c : changes) {
            if (c.kind() == Kind.BATCH_NORM) {
                continue;
            }
            String notes = "";
            if (c.foldedConstants() > 0) {
                notes =
                        c.foldedConstants()
                                + " const in"
                                + (c.biasMap() ? " (bias map)" : " (bias)");
            }
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-58s %6s %5d->%-5d %5d->%-5d %5d %5d %s%n",
                            c.path(),
                            c.kind() == Kind.MASKED_CONV
                                    ? "masked"
                                    : c.kind().name().toLowerCase(Locale.ROOT),
                            c.inBefore(),
                            c.inAfter(),
                            c.outBefore(),
                            c.outAfter(),
                            c.maskKept(),
                            c.keptPruned().size(),
                            notes));
            for (String reason : c.keptPruned().values()) {
                reasons.merge(reason, 1, Integer::sum);
            }
        }
        out.append("pruned filters kept as zero filters: ")
                .append(keptPrunedFilters())
                .append('\n');
        for (Map.Entry<String, Integer> r : reasons.entrySet()) {
            out.append("  ")
                    .append(r.getValue())
                    .append(" because ")
                    .append(r.getKey())
                    .append('\n');
        }
        if (!stripped.isEmpty()) {
            out.append("removed (unused in inference): ").append(stripped).append('\n');
        }
        if (!untouched.isEmpty()) {
            out.append("left dense (not reached in inference): ").append(untouched).append('\n');
        }
        return out.toString();
    }
}
