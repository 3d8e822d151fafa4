package ai.acosp.models.io;

import java.util.Collections;
import java.util.List;

/**
 * What {@link WeightImporter#load} did: which block entries it loaded, which stayed as they were,
 * which state-dict tensors it could not place, and which it skipped on purpose.
 */
public final class ImportReport {

    private final List<String> loaded;
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> mismatched;
    private final List<String> ignored;
    private final List<String> hints;

    ImportReport(
            List<String> loaded,
            List<String> missing,
            List<String> unexpected,
            List<String> mismatched,
            List<String> ignored,
            List<String> hints) {
        this.loaded = Collections.unmodifiableList(loaded);
        this.missing = Collections.unmodifiableList(missing);
        this.unexpected = Collections.unmodifiableList(unexpected);
        this.mismatched = Collections.unmodifiableList(mismatched);
        this.ignored = Collections.unmodifiableList(ignored);
        this.hints = Collections.unmodifiableList(hints);
    }

    /**
     * The block keys that were loaded.
     *
     * @return the keys
     */
    public List<String> getLoaded() {
        return loaded;
    }

    /**
     * The block keys the state dict did not provide (allowed ones included).
     *
     * @return the keys
     */
    public List<String> getMissing() {
        return missing;
    }

    /**
     * The state-dict keys that match no block entry.
     *
     * @return the keys
     */
    public List<String> getUnexpected() {
        return unexpected;
    }

    /**
     * The keys whose shape (or mask content) does not fit, each with an explanation.
     *
     * @return descriptions starting with the key
     */
    public List<String> getMismatched() {
        return mismatched;
    }

    /**
     * The state-dict keys skipped on purpose ({@code num_batches_tracked}, soft-mask values,
     * ignored keys).
     *
     * @return the keys
     */
    public List<String> getIgnored() {
        return ignored;
    }

    /**
     * Hints on likely causes of mismatches (e.g. a masked checkpoint into an unmasked model).
     *
     * @return the hints
     */
    public List<String> getHints() {
        return hints;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append("loaded ").append(loaded.size()).append(" tensors");
        append(text, "missing in the state dict", missing);
        append(text, "unexpected in the state dict", unexpected);
        append(text, "mismatched", mismatched);
        append(text, "ignored", ignored);
        for (String hint : hints) {
            text.append("\nhint: ").append(hint);
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String title, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        text.append("\n").append(title).append(" (").append(keys.size()).append("):");
        for (String key : keys) {
            text.append("\n  ").append(key);
        }
    }
}
