package ai.acosp.train.config;

import ai.acosp.core.SoftTopKPruner;

/**
 * The ACoSP pruner of an experiment, from {@code sparsity}, {@code layer_sparsity}, {@code
 * starting_epoch}, {@code ending_epoch}, {@code learnable_weights} and {@code refill_pruned}. A
 * dense run ({@code sparsity: 0}) has an inactive pruner, which changes nothing; there is no other
 * encoding of "dense". The pruner's builder holds the rules for these values; a value it refuses
 * fails here, naming its key (the {@link ConfigValidator} builds the pruner once when the file is
 * loaded).
 */
public final class Pruning {

    private Pruning() {}

    /**
     * Creates the pruner; inactive for a dense run.
     *
     * @param c the configuration
     * @return the pruner
     * @throws ConfigException if the builder refuses a value
     */
    public static SoftTopKPruner fromConfig(ExperimentConfig c) {
        SoftTopKPruner.Builder builder = SoftTopKPruner.builder();
        try {
            builder.setFinalSparsity((float) c.getDouble("sparsity"));
        } catch (IllegalArgumentException e) {
            throw c.fail("sparsity", e.getMessage() + " (0.5 is ACoSP-2, 0.9375 ACoSP-16)");
        }
        String layers = c.get("layer_sparsity") == null ? null : c.getString("layer_sparsity");
        if (layers != null) {
            for (String entry : layers.split(",")) {
                String[] globAndValue = entry.trim().split("=");
                try {
                    if (globAndValue.length != 2) {
                        throw new IllegalArgumentException(
                                "'" + entry.trim() + "' is no glob=sparsity");
                    }
                    builder.optLayerSparsity(
                            globAndValue[0].trim(), Float.parseFloat(globAndValue[1].trim()));
                } catch (IllegalArgumentException e) {
                    throw c.fail(
                            "layer_sparsity",
                            e.getMessage()
                                    + " (write globs and sparsities as \"layer4/**=0.9,"
                                    + " down1/**=0.5\")");
                }
            }
        }
        builder.optStartingEpoch(c.getInt("starting_epoch"))
                .optLearnableWeights(c.getBoolean("learnable_weights"))
                .optRefillPruned(c.getBoolean("refill_pruned"));
        if (c.get("ending_epoch") != null) {
            builder.setEndingEpoch(c.getInt("ending_epoch"));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // the sparsity was accepted above: what is left to refuse is the ending epoch
            throw c.fail("ending_epoch", e.getMessage());
        }
    }
}
