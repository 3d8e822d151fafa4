package ai.acosp.models.io;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How {@link WeightImporter} matches a state dict to a block. By default it is strict: every entry
 * of the block must be loaded and every tensor of the state dict must be used, with equal shapes.
 *
 * <pre>{@code
 * ImportOptions options = ImportOptions.builder()
 *         .optIgnore(key -> key.startsWith("fc."))        // tensors to drop silently
 *         .optAllowMissing(key -> key.startsWith("cls.")) // entries that may stay as they are
 *         .build();
 * }</pre>
 */
public final class ImportOptions {

    private final boolean strict;
    private final Function<String, String> rename;
    private final Predicate<String> ignore;
    private final Predicate<String> allowMissing;
    private final boolean allowMissingMasks;

    private ImportOptions(Builder builder) {
        strict = builder.strict;
        rename = builder.rename;
        ignore = builder.ignore;
        allowMissing = builder.allowMissing;
        allowMissingMasks = builder.allowMissingMasks;
    }

    /**
     * The strict defaults.
     *
     * @return options with every default
     */
    public static ImportOptions strict() {
        return builder().build();
    }

    /**
     * Non-strict options: what does not match is skipped and listed in the report.
     *
     * @return options that load what matches
     */
    public static ImportOptions lenient() {
        return builder().optStrict(false).build();
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    boolean isStrict() {
        return strict;
    }

    Function<String, String> getRename() {
        return rename;
    }

    Predicate<String> getIgnore() {
        return ignore;
    }

    Predicate<String> getAllowMissing() {
        return allowMissing;
    }

    boolean isAllowMissingMasks() {
        return allowMissingMasks;
    }

    /** The builder of {@link ImportOptions}. */
    public static final class Builder {

        private boolean strict = true;
        private Function<String, String> rename = Function.identity();
        private Predicate<String> ignore = key -> false;
        private Predicate<String> allowMissing = key -> false;
        private boolean allowMissingMasks;

        Builder() {}

        /**
         * Sets whether mismatches fail the import (default true). A strict import changes nothing
         * when it fails.
         *
         * @param strict whether to fail on missing, unexpected or mismatched keys
         * @return this builder
         */
        public Builder optStrict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Renames state-dict keys (after removing a {@code module.} prefix) before matching; a
         * rename to {@code null} drops the key silently.
         *
         * @param rename the renaming
         * @return this builder
         */
        public Builder optRename(Function<String, String> rename) {
            this.rename = rename;
            return this;
        }

        /**
         * Drops the state-dict keys (after renaming) that match, without reporting them as
         * unexpected.
         *
         * @param ignore which keys to drop
         * @return this builder
         */
        public Builder optIgnore(Predicate<String> ignore) {
            this.ignore = ignore;
            return this;
        }

        /**
         * Lets block entries whose key matches stay as initialised without failing a strict import
         * (they are still listed as missing in the report).
         *
         * @param allowMissing which block keys may be missing
         * @return this builder
         */
        public Builder optAllowMissing(Predicate<String> allowMissing) {
            this.allowMissing = allowMissing;
            return this;
        }

        /**
         * Lets the masks of a pruner-configured block stay as initialised when the state dict has
         * none (loading dense weights into a masked network, default false).
         *
         * @param allowMissingMasks whether missing mask entries are allowed
         * @return this builder
         */
        public Builder optAllowMissingMasks(boolean allowMissingMasks) {
            this.allowMissingMasks = allowMissingMasks;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public ImportOptions build() {
            return new ImportOptions(this);
        }
    }
}
