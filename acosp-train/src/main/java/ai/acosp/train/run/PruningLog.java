package ai.acosp.train.run;

import ai.acosp.core.MaskStatistics;
import ai.acosp.core.SoftTopKPruner;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;

/**
 * What a training run reports about the masks: a training listener added after the {@link
 * SoftTopKPruner}, which reads what the pruner's own hooks just did and prints it ({@link
 * TrainingConsole}) and logs it ({@link TrainingScalars}): the mask statistics of each epoch while
 * the masks are soft, and how many masks were hardened and when.
 */
final class PruningLog extends TrainingListenerAdapter {

    private final SoftTopKPruner pruner;
    private final TrainingConsole console;
    private final TrainingScalars scalars;
    private final int epochs;
    private MaskStatistics logged;

    /**
     * Creates the log.
     *
     * @param pruner the pruner, a listener before this one
     * @param console the run's console
     * @param scalars the run's scalars
     * @param epochs the epochs of the run: the masks hardened when training ends are reported only
     *     after the last one (a stopped run's trainer hardens them too when it closes, after the
     *     checkpoint was written)
     */
    PruningLog(
            SoftTopKPruner pruner, TrainingConsole console, TrainingScalars scalars, int epochs) {
        this.pruner = pruner;
        this.console = console;
        this.scalars = scalars;
        this.epochs = epochs;
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        reportHardened();
    }

    /** {@inheritDoc} */
    @Override
    public void onEpoch(Trainer trainer) {
        int ended = pruner.getCurrentEpoch() - 1;
        MaskStatistics statistics = pruner.getLastStatistics();
        // the pruner keeps the statistics of the last epoch whose masks were soft
        if (statistics != null && statistics != logged) {
            console.masks(ended, statistics);
            scalars.masks(ended, statistics);
            logged = statistics;
        }
        reportHardened();
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        if (pruner.getLastHardened() > 0 && pruner.getCurrentEpoch() == epochs) {
            console.hardenedAtEnd(pruner.getLastHardened());
        }
    }

    private void reportHardened() {
        if (pruner.getLastHardened() > 0) {
            console.hardened(pruner.getCurrentEpoch(), pruner.getLastHardened());
        }
    }
}
