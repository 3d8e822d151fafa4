package ai.acosp.train.run;

import ai.acosp.train.TestConfigs;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two epochs in one go equal one epoch, a stop, and a resumed second epoch. */
class ResumeTest {

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path root) throws Exception {
        // pruning ends at epoch 1, so the resumed epoch also hardens the masks
        ExperimentConfig whole =
                TestConfigs.tinySynthetic(root.resolve("a"), "segnet_0.75", "ending_epoch", "1");
        Path uninterrupted = new TrainingRun(whole).run();
        Path afterFirst = new ExperimentLayout(whole).checkpoint(1);

        ExperimentConfig resumed =
                TestConfigs.tinySynthetic(
                        root.resolve("b"),
                        "segnet_0.75",
                        "ending_epoch",
                        "1",
                        "data_root",
                        root.resolve("a").resolve("data").toString(),
                        "resume",
                        afterFirst.toString());
        Path continued = new TrainingRun(resumed).run();

        TrainedWeights.assertSame(whole, uninterrupted, continued);
    }
}
