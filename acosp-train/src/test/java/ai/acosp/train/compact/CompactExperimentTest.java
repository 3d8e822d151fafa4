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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
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
        ExperimentConfig c =
                TestConfigs.tinySynthetic(
                        root, "segnet_0.75", "ending_epoch", "1", "target_macs", "0.3");
        Path checkpoint = new ExperimentLayout(c).finalCheckpoint();
        writeHardMaskedCheckpoint(c, checkpoint);
        String report = run(c, 1);
        System.out.println(report);
        ExperimentLayout layout = new ExperimentLayout(c);
        Path folder = layout.modelFolder().resolve("compact");
        assertTrue(CompactModels.isCompactModel(folder));
        for (String part :
                new String[] {
                    "channel quantum: 1 (off)",
                    // group masks: compact reaches what the masks reach (the solver predicts
                    // 0.2981)
                    "MAC target 0.3000 of dense: reached 0.2981 masked, 0.2981 compact",
                    "down1/conv1",
                    "MACs/image",
                    "compact (as saved and run)",
                    "files:",
                    "masked",
                    "ms"
                }) {
            assertTrue(report.contains(part), "the report lacks '" + part + "'");
        }
        assertComputesTheMaskedModel(c, checkpoint, folder, 3);
    }

    /**
     * Issue 21: one checkpoint compacts to one model on every machine. The host state that used to
     * choose the rounding ({@code acosp.conv.fault}: true on the faulty CPU, false elsewhere) gives
     * the same saved model (compact.json and parameter values), each computing the masked outputs;
     * the key {@code channel_quantum} asks for rounding explicitly and the report names it.
     */
    @Test
    void oneCheckpointOneCompactModelWhateverTheHost(@TempDir Path root) throws Exception {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75", "ending_epoch", "1");
        Path checkpoint = new ExperimentLayout(c).finalCheckpoint();
        writeHardMaskedCheckpoint(c, checkpoint);
        Path folder = new ExperimentLayout(c).modelFolder().resolve("compact");
        CompactionChecks.underBothFormerFaultStates(
                fault -> {
                    String report = run(c, 0);
                    assertTrue(report.contains("channel quantum: 1 (off)"), report);
                    assertComputesTheMaskedModel(c, checkpoint, folder, 2);
                    Path copy = root.resolve("fault-" + fault);
                    Files.createDirectories(copy);
                    try (Stream<Path> files = Files.list(folder)) {
                        for (Path file : files.toList()) {
                            Files.copy(file, copy.resolve(file.getFileName()));
                        }
                    }
                });
        CompactionChecks.assertSameSavedModel(
                root.resolve("fault-true"), root.resolve("fault-false"), "compact");

        ExperimentConfig rounded = c.with(Map.<String, Object>of("channel_quantum", 16), "test");
        String report = run(rounded, 0);
        assertTrue(report.contains("channel quantum: 16 (inputs of convolutions"), report);
        assertComputesTheMaskedModel(rounded, checkpoint, folder, 2);
    }

    /** Runs tool/compact.sh's job and returns its report. */
    private static String run(ExperimentConfig c, int rounds) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Path folder;
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            folder = new CompactExperiment(c, rounds).run(out);
        }
        assertEquals(new ExperimentLayout(c).modelFolder().resolve("compact"), folder);
        return text.toString(StandardCharsets.UTF_8);
    }

    /**
     * The saved compact model computes what the trained, hard-masked model computes (1e-4 relative,
     * same argmax) and is smaller by more than {@code factor}.
     */
    private static void assertComputesTheMaskedModel(
            ExperimentConfig c, Path checkpoint, Path folder, int factor) throws Exception {
        try (Model masked = Model.newInstance("masked");
                Model compact = CompactModels.load(folder)) {
            Block reference = ModelSetup.loadTrained(c, checkpoint, masked);
            Shape shape = new Shape(1, 3, 40, 36);
            NDArray x = masked.getNDManager().randomNormal(0, 1, shape, DataType.FLOAT32);
            float[] expected = CompactionChecks.infer(reference, masked.getNDManager(), x);
            float[] actual =
                    CompactionChecks.infer(
                            compact.getBlock(),
                            compact.getNDManager(),
                            x.toDevice(x.getDevice(), true));
            double error = CompactionChecks.relativeError(expected, actual);
            assertTrue(error < 1e-4, "relative error " + error);
            Shape out = reference.getOutputShapes(new Shape[] {shape})[0];
            assertEquals(0, CompactionChecks.argmaxMismatches(expected, actual, out), "argmax");
            long before = LearnableParameters.count(reference);
            long after = LearnableParameters.count(compact.getBlock());
            assertTrue(after < before / factor, before + " -> " + after);
        }
    }
}
