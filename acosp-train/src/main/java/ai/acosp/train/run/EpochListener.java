package ai.acosp.train.run;

import ai.djl.Model;
import ai.djl.training.Trainer;

/** Called by a {@link TrainingRun} after each epoch (after validation and pruner updates). */
@FunctionalInterface
public interface EpochListener {

    /**
     * An epoch ended.
     *
     * @param epoch the 0-based epoch that ended
     * @param model the model being trained
     * @param trainer its trainer
     */
    void onEpochEnd(int epoch, Model model, Trainer trainer);
}
