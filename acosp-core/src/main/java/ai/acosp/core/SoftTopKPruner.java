package ai.acosp.core;

import ai.acosp.core.nn.BlockParameters;
import ai.acosp.core.nn.MaskedBatchNorm;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.SigmoidSoftTopK;
import ai.acosp.core.nn.SoftTopKMask;
import ai.acosp.core.nn.Unprunable;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv2dTranspose;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACoSP pruner: puts a soft top-k mask after every prunable convolution, anneals the masks'
 * temperature epoch by epoch and hardens them into a fixed selection of {@code k} channels at the
 * ending epoch.
 *
 * <p>Add it as a {@link ai.djl.training.listener TrainingListener} to a {@link
 * ai.djl.training.DefaultTrainingConfig}, which does the updates and the hardening by itself: the
 * {@link Trainer} notifies {@link #onTrainingBegin} when it is created and {@link #onTrainingEnd}
 * when it closes, {@link ai.djl.training.EasyTrain#fit} (or a loop of one's own that notifies the
 * trainer's listeners, as {@code acosp-train}'s training run) {@link #onEpoch} after each epoch,
 * which also begins the next one: once the ending epoch has come, the masks are hard when it
 * returns. Without a trainer's listeners, call the same three lifecycle steps its hooks call:
 * {@link #beginEpoch} before each epoch, {@link #endEpoch} after it and {@link #endTraining} at the
 * end (after {@link #configureModel}). Epochs are counted from 0 in the API and from 1 in what it
 * logs.
 */
public class SoftTopKPruner extends TrainingListenerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(SoftTopKPruner.class);

    private final float finalSparsity;
    private final boolean active;
    private final int minRemainingElements;
    private final boolean learnableWeights;
    private final boolean refillPruned;
    private final TemperatureSchedule schedule;
    private final ChannelBudget budget;
    private int epoch;
    private MaskStatistics lastStatistics;
    private int lastHardened;

    SoftTopKPruner(Builder builder) {
        finalSparsity = builder.finalSparsity;
        active = builder.active == null ? finalSparsity > 0 : builder.active;
        minRemainingElements = builder.minRemainingElements;
        learnableWeights = builder.learnableWeights;
        refillPruned = builder.refillPruned;
        schedule =
                new TemperatureSchedule(
                        builder.initialTemperature,
                        builder.finalTemperature,
                        builder.startingEpoch,
                        builder.endingEpoch);
        ChannelBudget layers = ChannelBudget.uniform(finalSparsity, minRemainingElements);
        for (Map.Entry<String, Float> entry : builder.layerSparsity.entrySet()) {
            layers = layers.withLayerSparsity(entry.getKey(), entry.getValue());
        }
        budget = layers;
        epoch = builder.startingEpoch;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Puts a {@link SoftTopKMask} after every {@link Conv2d} and {@link Conv2dTranspose} below
     * {@code model} that is not {@link Unprunable}, one mask per convolution (the reference's
     * placement). An inactive pruner changes nothing. Blocks that are already initialised keep
     * their weights and the new masks are initialised at once.
     *
     * @param model the network
     * @return how many convolutions were masked
     * @throws IllegalStateException if a convolution sits in a block that cannot be rewritten
     */
    public int configureModel(Block model) {
        return configureModel(model, MaskGroups.none());
    }

    /**
     * As {@link #configureModel(Block)}, but the convolutions of each group share one mask, so that
     * they keep and prune the same channels ({@link ai.acosp.core.compact.Compactor#maskGroups}
     * finds the groups of coupled convolutions; a compact model then keeps no zero filters).
     *
     * @param model the network
     * @param groups convolutions that share a mask; the others get one each
     * @return how many convolutions were masked
     * @throws IllegalStateException if a convolution sits in a block that cannot be rewritten
     */
    public int configureModel(Block model, MaskGroups groups) {
        return configureModel(model, groups, budget);
    }

    /**
     * As {@link #configureModel(Block, MaskGroups)} with the channel counts of another budget, such
     * as one that {@link ai.acosp.core.measure.MacBudget} solved for a multiply-add target.
     *
     * @param model the network
     * @param groups convolutions that share a mask; the others get one each
     * @param channels how many channels each layer keeps
     * @return how many convolutions were masked
     * @throws IllegalStateException if a convolution sits in a block that cannot be rewritten
     */
    public int configureModel(Block model, MaskGroups groups, ChannelBudget channels) {
        return configureModel(model, groups, channels, MaskPlacement.afterConvolutions());
    }

    /**
     * As {@link #configureModel(Block, MaskGroups, ChannelBudget)}, with the masks of the
     * convolutions that {@code placement} names after their batch norms, where training sees them
     * ({@link MaskPlacement#afterBatchNorms}).
     *
     * @param model the network
     * @param groups convolutions that share a mask; the others get one each
     * @param channels how many channels each layer keeps
     * @param placement where each mask goes
     * @return how many convolutions were masked
     * @throws IllegalStateException if a convolution or batch norm sits in a block that cannot be
     *     rewritten
     * @throws IllegalArgumentException if the placement names a batch norm that is not there
     */
    public int configureModel(
            Block model, MaskGroups groups, ChannelBudget channels, MaskPlacement placement) {
        if (!active) {
            return 0;
        }
        float temperature = schedule.initialTemperature();
        Map<Integer, SoftTopKMask> shared = new HashMap<>();
        Map<String, Block> convolutionAt = new HashMap<>();
        Map<String, SoftTopKMask> maskAt = new HashMap<>();
        Set<String> batchNorms = new HashSet<>();
        BlockTree.visit(
                model,
                (path, block) -> {
                    if (block instanceof BatchNorm) {
                        batchNorms.add(path);
                    }
                    if (block instanceof Unprunable
                            || !(block instanceof Conv2d || block instanceof Conv2dTranspose)) {
                        return;
                    }
                    int n = MaskedConvolution.outputChannels(block);
                    int group = groups.groupOf(path);
                    maskAt.put(
                            path,
                            group < 0
                                    ? newMask(n, channels.kept(path, n), temperature)
                                    : shared.computeIfAbsent(
                                            group,
                                            g ->
                                                    newMask(
                                                            n,
                                                            channels.kept(
                                                                    groups.groups().get(g), n),
                                                            temperature)));
                    convolutionAt.put(path, block);
                });
        Map<String, String> afterBatchNorm = new HashMap<>();
        for (String conv : maskAt.keySet()) {
            String bn = placement.batchNormAfter(conv);
            if (bn != null) {
                afterBatchNorm.put(bn, conv);
            }
        }
        if (!batchNorms.containsAll(afterBatchNorm.keySet())) {
            Set<String> missing = new TreeSet<>(afterBatchNorm.keySet());
            missing.removeAll(batchNorms);
            throw new IllegalArgumentException(
                    "mask placement names batch norms that are not in the network: " + missing);
        }
        int[] visible = {0};
        int replaced =
                BlockTree.replace(
                        model,
                        (path, block) -> {
                            String conv = afterBatchNorm.get(path);
                            Block wrapped;
                            if (conv != null && block instanceof BatchNorm bn) {
                                wrapped =
                                        new MaskedBatchNorm(
                                                convolutionAt.get(conv), bn, maskAt.get(conv));
                                visible[0]++;
                            } else if (maskAt.containsKey(path)
                                    && placement.batchNormAfter(path) == null) {
                                wrapped = new MaskedConvolution(block, maskAt.get(path));
                            } else {
                                return block;
                            }
                            if (block.isInitialized()) {
                                BlockTree.initializeLike(
                                        wrapped,
                                        BlockParameters.first(block),
                                        block.getInputShapes());
                            }
                            return wrapped;
                        });
        logger.info(
                "ACoSP: masked {} convolutions at {} (min {} channels){}{}",
                replaced,
                channels,
                minRemainingElements,
                groups.groups().isEmpty() ? "" : "; " + groups + ", one mask a group",
                visible[0] == 0 ? "" : "; " + visible[0] + " masks after their batch norms");
        return replaced;
    }

    private SoftTopKMask newMask(int n, int k, float temperature) {
        return new SoftTopKMask(n, k, learnableWeights, temperature);
    }

    /**
     * How many channels each layer keeps under this pruner: its sparsity, and the sparsity of the
     * layers that {@link Builder#optLayerSparsity} names.
     *
     * @return the budget
     */
    public ChannelBudget getBudget() {
        return budget;
    }

    /**
     * How many of {@code n} channels a masked layer keeps under this pruner's sparsity (layers that
     * {@link Builder#optLayerSparsity} names may keep another count).
     *
     * @param n the layer's output channels
     * @return k
     */
    public int keptChannels(int n) {
        return SigmoidSoftTopK.keptChannels(n, finalSparsity, minRemainingElements);
    }

    /**
     * Sets the temperature of every soft mask to the schedule's value after epoch {@code epoch}.
     * Call it at the end of each epoch with that epoch's 0-based number.
     *
     * @param model the network
     * @param epoch the epoch that just ended
     * @return the temperature now in use
     */
    public float updateMaskLayers(Block model, int epoch) {
        float temperature = schedule.temperature(epoch);
        if (active) {
            for (var mask : BlockTree.find(model, SoftTopKMask.class)) {
                mask.getValue().setTemperature(temperature);
            }
        }
        return temperature;
    }

    /**
     * Ends the pruning phase: hardens every soft mask into exactly {@code k} channels and, if the
     * pruner refills pruned filters, folds the hard masks into the convolutions and re-initialises
     * the pruned filters.
     *
     * @param model the network
     * @return how many masks were hardened
     */
    public int onPruningEnd(Block model) {
        if (!active) {
            return 0;
        }
        int hardened = Inject.softToHardK(model);
        if (refillPruned) {
            Inject.hardToConv(model, true);
        }
        logger.info("ACoSP: hardened {} masks at the end of pruning", hardened);
        return hardened;
    }

    /**
     * Collects the mask statistics of a model.
     *
     * @param model the network
     * @return the statistics
     */
    public MaskStatistics statistics(Block model) {
        return MaskStatistics.collect(model);
    }

    /**
     * The pruning lifecycle, step 1 of 3, for a training loop of its own (this listener calls it
     * too): before epoch {@code epoch} trains, hardens the soft masks if the ending epoch has come.
     * Does nothing when the masks are hard already or the pruner is inactive.
     *
     * @param model the network
     * @param epoch the epoch about to train (0-based)
     * @return how many masks were hardened (0 when nothing happened)
     */
    public int beginEpoch(Block model, int epoch) {
        if (epoch < schedule.endingEpoch() || !hasSoftMasks(model)) {
            return 0;
        }
        return onPruningEnd(model);
    }

    /**
     * The pruning lifecycle, step 2 of 3: after epoch {@code epoch} trained (and was validated),
     * collects the mask statistics and lowers the temperature for the next epoch, while the masks
     * are soft.
     *
     * @param model the network
     * @param epoch the epoch that ended (0-based)
     * @return the statistics before the temperature changed, or null when no soft mask is left
     */
    public MaskStatistics endEpoch(Block model, int epoch) {
        if (!hasSoftMasks(model)) {
            return null;
        }
        lastStatistics = MaskStatistics.collect(model);
        logger.info("ACoSP epoch {}: {}", epoch + 1, lastStatistics.summary());
        updateMaskLayers(model, epoch);
        return lastStatistics;
    }

    /**
     * The pruning lifecycle, step 3 of 3: when training ends, hardens the soft masks left (training
     * that ends before the ending epoch). Does nothing when they are hard already.
     *
     * @param model the network
     * @return how many masks were hardened (0 when nothing happened)
     */
    public int endTraining(Block model) {
        return hasSoftMasks(model) ? onPruningEnd(model) : 0;
    }

    private boolean hasSoftMasks(Block model) {
        return active && !BlockTree.find(model, SoftTopKMask.class).isEmpty();
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        lastHardened = beginEpoch(trainer.getModel().getBlock(), epoch);
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        Block model = trainer.getModel().getBlock();
        endEpoch(model, epoch);
        epoch++;
        // EasyTrain has no hook before an epoch: the next one begins now
        lastHardened = beginEpoch(model, epoch);
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        lastHardened = endTraining(trainer.getModel().getBlock());
    }

    /**
     * The epoch the listener will see next (0-based).
     *
     * @return the current epoch
     */
    public int getCurrentEpoch() {
        return epoch;
    }

    /**
     * Sets the epoch the listener will see next, for resumed training or a run that does not start
     * at epoch 0; call it before the trainer is created (it notifies {@link #onTrainingBegin}).
     * Also sets the masks' temperature of a model as it was when that epoch began; weights loaded
     * with DJL or a checkpoint of {@code acosp-train} restore the temperature themselves.
     *
     * @param model the network, or null to set the counter only
     * @param epoch the next epoch to train (0-based)
     */
    public void setCurrentEpoch(Block model, int epoch) {
        this.epoch = epoch;
        if (model != null && epoch > 0) {
            updateMaskLayers(model, epoch - 1);
        }
    }

    /**
     * The statistics logged at the end of the last epoch whose masks were soft, or null before the
     * first.
     *
     * @return the statistics
     */
    public MaskStatistics getLastStatistics() {
        return lastStatistics;
    }

    /**
     * How many masks the last of the listener's hooks hardened: {@link #onTrainingBegin} (a resumed
     * run at or after the ending epoch), {@link #onEpoch} (the ending epoch begins) or {@link
     * #onTrainingEnd} (masks left soft). For a listener after this one that reports it.
     *
     * @return the number of masks, 0 when that hook hardened none
     */
    public int getLastHardened() {
        return lastHardened;
    }

    /**
     * The final sparsity.
     *
     * @return s
     */
    public float getFinalSparsity() {
        return finalSparsity;
    }

    /**
     * Whether the pruner changes the model at all.
     *
     * @return true when active
     */
    public boolean isActive() {
        return active;
    }

    /**
     * The temperature schedule.
     *
     * @return the schedule
     */
    public TemperatureSchedule getSchedule() {
        return schedule;
    }

    /**
     * The epoch at which masks harden.
     *
     * @return the ending epoch
     */
    public int getEndingEpoch() {
        return schedule.endingEpoch();
    }

    /**
     * A builder of {@link SoftTopKPruner}: the final sparsity is required, the ending epoch too
     * unless the pruner is inactive (a dense run).
     */
    public static final class Builder {

        private Float finalSparsity;
        private Integer endingEpoch;
        private int startingEpoch;
        private Boolean active;
        private int minRemainingElements = 8;
        private float initialTemperature = 1f;
        private float finalTemperature = 0.001f;
        private boolean learnableWeights = true;
        private boolean refillPruned;
        private final Map<String, Float> layerSparsity = new LinkedHashMap<>();

        Builder() {}

        /**
         * Sets another sparsity for the convolutions whose path matches a glob ({@code *} within
         * one path element, {@code **} across them; the first matching glob wins), e.g. {@code
         * optLayerSparsity("layer4/**", 0.9f)}.
         *
         * @param glob the path glob
         * @param sparsity their sparsity, in [0, 1)
         * @return this builder
         * @throws IllegalArgumentException if the glob or the sparsity is not valid
         */
        public Builder optLayerSparsity(String glob, float sparsity) {
            ChannelBudget.uniform(0, 1).withLayerSparsity(glob, sparsity);
            layerSparsity.put(glob, sparsity);
            return this;
        }

        /**
         * Sets the share of channels to remove from each masked layer, in [0, 1).
         *
         * @param finalSparsity the sparsity, e.g. 0.75 for ACoSP-4
         * @return this builder
         */
        public Builder setFinalSparsity(float finalSparsity) {
            if (!(finalSparsity >= 0 && finalSparsity < 1)) {
                throw new IllegalArgumentException(
                        "final sparsity must be in [0, 1), got " + finalSparsity);
            }
            this.finalSparsity = finalSparsity;
            return this;
        }

        /**
         * Sets the epoch at which the masks harden (the end of the pruning phase).
         *
         * @param endingEpoch the 0-based epoch
         * @return this builder
         */
        public Builder setEndingEpoch(int endingEpoch) {
            this.endingEpoch = endingEpoch;
            return this;
        }

        /**
         * Sets the epoch from which the temperature falls; default 0.
         *
         * @param startingEpoch the 0-based epoch
         * @return this builder
         */
        public Builder optStartingEpoch(int startingEpoch) {
            this.startingEpoch = startingEpoch;
            return this;
        }

        /**
         * Sets whether the pruner changes the model; default: whether the sparsity is above 0.
         *
         * @param active true to prune
         * @return this builder
         */
        public Builder optActive(boolean active) {
            this.active = active;
            return this;
        }

        /**
         * Sets the minimum number of channels a masked layer keeps; default 8.
         *
         * @param minRemainingElements at least 1
         * @return this builder
         */
        public Builder optMinRemainingElements(int minRemainingElements) {
            if (minRemainingElements < 1) {
                throw new IllegalArgumentException(
                        "min remaining elements must be >= 1, got " + minRemainingElements);
            }
            this.minRemainingElements = minRemainingElements;
            return this;
        }

        /**
         * Sets the temperature of the first epochs; default 1.
         *
         * @param initialTemperature greater than 0
         * @return this builder
         */
        public Builder optInitialTemperature(float initialTemperature) {
            this.initialTemperature = initialTemperature;
            return this;
        }

        /**
         * Sets the temperature reached at the ending epoch; default 0.001.
         *
         * @param finalTemperature greater than 0
         * @return this builder
         */
        public Builder optFinalTemperature(float finalTemperature) {
            this.finalTemperature = finalTemperature;
            return this;
        }

        /**
         * Sets whether the mask logits are trained; default true. Otherwise they stay a fixed
         * random draw.
         *
         * @param learnableWeights true for learnable logits
         * @return this builder
         */
        public Builder optLearnableWeights(boolean learnableWeights) {
            this.learnableWeights = learnableWeights;
            return this;
        }

        /**
         * Sets whether {@link #onPruningEnd} folds the hard masks into the convolutions and
         * re-initialises the pruned filters (the {@code refill_pruned} option); default false.
         *
         * @param refillPruned true to refill
         * @return this builder
         */
        public Builder optRefillPruned(boolean refillPruned) {
            this.refillPruned = refillPruned;
            return this;
        }

        /**
         * Builds the pruner.
         *
         * @return the pruner
         * @throws IllegalArgumentException if a required value is missing or the values are
         *     inconsistent
         */
        public SoftTopKPruner build() {
            if (finalSparsity == null) {
                throw new IllegalArgumentException("final sparsity is not set");
            }
            if (endingEpoch == null) {
                if (active == null ? finalSparsity > 0 : active) {
                    throw new IllegalArgumentException(
                            "ending epoch is not set (a pruner that prunes needs it)");
                }
                // an inactive pruner never anneals or hardens; its schedule only has to be valid
                endingEpoch = startingEpoch + 1;
            }
            // the temperature schedule checks the epochs and temperatures
            return new SoftTopKPruner(this);
        }
    }
}
