package ai.acosp.train.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.train.TestConfigs;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelSetup;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

        try (Model a = Model.newInstance("a", Device.cpu());
                Model b = Model.newInstance("b", Device.cpu())) {
            Block first = ModelSetup.loadTrained(whole, uninterrupted, a);
            Block second = ModelSetup.loadTrained(whole, continued, b);
            List<Pair<String, Parameter>> left = new ArrayList<>();
            first.getParameters().forEach(left::add);
            List<Pair<String, Parameter>> right = new ArrayList<>();
            second.getParameters().forEach(right::add);
            assertEquals(left.size(), right.size());
            for (int i = 0; i < left.size(); i++) {
                assertArrayEquals(
                        left.get(i).getValue().getArray().toFloatArray(),
                        right.get(i).getValue().getArray().toFloatArray(),
                        1e-4f,
                        left.get(i).getKey());
            }
        }
    }
}
