package ai.acosp.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.train.TestConfigs;
import ai.acosp.train.checkpoint.Checkpoint;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two epochs in one go equal one epoch, a stop, and a resumed second epoch. Pruning ends after the
 * first epoch, with the pruned filters refilled (random draws): the checkpoint after it holds the
 * folded network the second epoch trains; a checkpoint of that epoch with soft masks (as runs wrote
 * before the pruner hardened right after the epoch) resumes to the same weights.
 */
class ResumeTest {

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path root) throws Exception {
        ExperimentConfig whole =
                TestConfigs.tinySynthetic(
                        root.resolve("a"),
                        "segnet_0.75",
                        "ending_epoch",
                        "1",
                        "refill_pruned",
                        "True",
                        // the folded network is tested as it is, not with hard masks
                        "sparse",
                        "False");
        Path uninterrupted = new TrainingRun(whole).run();
        Path afterFirst = new ExperimentLayout(whole).checkpoint(1);
        assertEquals(MaskState.NONE, Checkpoint.readHeader(afterFirst).maskState());
        String data = root.resolve("a").resolve("data").toString();

        Path continued = new TrainingRun(resumeConfig(root.resolve("b"), data, afterFirst)).run();
        TrainedWeights.assertSame(whole, uninterrupted, continued);

        // the same first epoch, but the masks harden only after the second
        ExperimentConfig later =
                TestConfigs.tinySynthetic(
                        root.resolve("c"),
                        "segnet_0.75",
                        "ending_epoch",
                        "2",
                        "refill_pruned",
                        "True",
                        "data_root",
                        data);
        new TrainingRun(later).run();
        Path soft = new ExperimentLayout(later).checkpoint(1);
        assertEquals(MaskState.SOFT, Checkpoint.readHeader(soft).maskState());
        Path fromSoft = new TrainingRun(resumeConfig(root.resolve("d"), data, soft)).run();
        TrainedWeights.assertSame(whole, uninterrupted, fromSoft);
    }

    private static ExperimentConfig resumeConfig(Path root, String data, Path checkpoint) {
        return TestConfigs.tinySynthetic(
                root,
                "segnet_0.75",
                "ending_epoch",
                "1",
                "refill_pruned",
                "True",
                "data_root",
                data,
                "resume",
                checkpoint.toString());
    }
}
