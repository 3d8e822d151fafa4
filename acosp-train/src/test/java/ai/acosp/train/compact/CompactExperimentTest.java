package ai.acosp.train.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.compact.CompactionChecks;
import ai.acosp.core.measure.LearnableParameters;
import ai.acosp.models.compact.CompactModels;
import ai.acosp.train.TestConfigs;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.HardMaskedCheckpoint;
import ai.acosp.train.experiment.ModelSetup;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tool/compact.sh's job on a tiny experiment's checkpoint, end to end. */
public class CompactExperimentTest {

    /**
     * What training leaves behind, without the minutes of training: the configured network with
     * hard ACoSP masks and trained-looking batch-norm statistics, as this project's checkpoint.
     */
    public static void writeHardMaskedCheckpoint(ExperimentConfig c, Path file) throws IOException {
        Engine.getInstance().setRandomSeed(5);
        HardMaskedCheckpoint.write(c, file);
    }

    @Test
    void compactsTheTrainedCheckpointSavesItAndReports(@TempDir Path root) throws Exception {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75", "ending_epoch", "1");
        Path checkpoint = new ExperimentLayout(c).finalCheckpoint();
        writeHardMaskedCheckpoint(c, checkpoint);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Path folder;
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            folder = new CompactExperiment(c, 1).run(out);
        }
        String report = text.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        ExperimentLayout layout = new ExperimentLayout(c);
        assertEquals(layout.modelFolder().resolve("compact"), folder);
        assertTrue(CompactModels.isCompactModel(folder));
        for (String part :
                new String[] {
                    "down1/conv1",
                    "MACs/sample",
                    "compact (as saved and run)",
                    "files:",
                    "masked",
                    "ms"
                }) {
            assertTrue(report.contains(part), "the report lacks '" + part + "'");
        }

        // the saved compact model computes what the trained, hard-masked model computes
        try (Model masked = Model.newInstance("masked");
                Model compact = CompactModels.load(folder)) {
            Block reference = ModelSetup.loadTrained(c, checkpoint, masked);
            NDArray x =
                    masked.getNDManager()
                            .randomNormal(0, 1, new Shape(1, 3, 40, 36), DataType.FLOAT32);
            float[] expected = CompactionChecks.infer(reference, masked.getNDManager(), x);
            float[] actual =
                    CompactionChecks.infer(
                            compact.getBlock(),
                            compact.getNDManager(),
                            x.toDevice(x.getDevice(), true));
            double error = CompactionChecks.relativeError(expected, actual);
            assertTrue(error < 1e-4, "relative error " + error);
            long before = LearnableParameters.count(reference);
            long after = LearnableParameters.count(compact.getBlock());
            assertTrue(after < before / 3, before + " -> " + after);
        }
    }
}
