package ai.acosp.train.experiment;

import ai.acosp.core.SoftTopKPruner;
import ai.acosp.train.config.ExperimentConfig;

/**
 * The ACoSP pruner of an experiment, from {@code sparsity}, {@code starting_epoch}, {@code
 * ending_epoch}, {@code learnable_weights} and {@code refill_pruned}.
 */
public final class Pruning {

    private Pruning() {}

    /**
     * Creates the pruner, or null for a dense run ({@code sparsity: 0}).
     *
     * @param c the configuration
     * @return the pruner or null
     */
    public static SoftTopKPruner fromConfig(ExperimentConfig c) {
        double sparsity = c.getDouble("sparsity");
        if (sparsity == 0) {
            return null;
        }
        return SoftTopKPruner.builder()
                .setFinalSparsity((float) sparsity)
                .optStartingEpoch(c.getInt("starting_epoch"))
                .setEndingEpoch(c.getInt("ending_epoch"))
                .optLearnableWeights(c.getBoolean("learnable_weights"))
                .optRefillPruned(c.getBoolean("refill_pruned"))
                .build();
    }
}
