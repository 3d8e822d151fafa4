package ai.acosp.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.train.TestConfigs;
import ai.acosp.train.checkpoint.Checkpoint;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of an epoch of a real {@code Train} process: the process saves a checkpoint
 * after the current step, says how to resume and exits 143; the checkpoint loads, and resuming from
 * it ends with the weights of an uninterrupted run. A temporary file left by a killed checkpoint
 * write is removed by the next start.
 */
class StopAndResumeTest {

    /** 8 training images, batch 2: 4 steps an epoch; pruning ends at epoch 1. */
    private static final String[] OVERRIDES = {
        "synthetic_size", "[8, 2, 40, 48]", "epochs", "2", "ending_epoch", "1", "print_freq", "1"
    };

    @Test
    void sigtermSavesACheckpointThatResumesToTheUninterruptedResult(@TempDir Path root)
            throws Exception {
        ExperimentConfig whole =
                TestConfigs.tinySynthetic(root.resolve("a"), "segnet_0.75", OVERRIDES);
        Path uninterrupted = new TrainingRun(whole).run();
        Path dataRoot = root.resolve("a").resolve("data");

        // a process that is stopped during epoch 2
        Path stoppedRoot = root.resolve("b");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-D" + ExperimentLayout.ROOT_PROPERTY + "=" + stoppedRoot,
                                "-cp",
                                System.getProperty("java.class.path"),
                                "ai.acosp.train.cli.Train",
                                TestConfigs.CONFIG
                                        .resolve("synthetic/synthetic_segnet_0.75.yaml")
                                        .toString()));
        command.addAll(TestConfigs.tinyOverrides(dataRoot, OVERRIDES));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean signalled = false;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                if (!signalled && line.startsWith("Epoch: [2/2][1/4]")) {
                    process.toHandle()
                            .destroy(); // SIGTERM; Process.destroy() would close the output
                    signalled = true;
                }
            }
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, process.exitValue(), output.toString());
        assertTrue(output.toString().contains("stopped by SIGTERM after step"), output.toString());
        assertTrue(
                output.toString().contains("to resume, run the same command with: resume "),
                output.toString());
        assertFalse(output.toString().contains("hs_err"), output.toString());

        ExperimentLayout stoppedLayout =
                new ExperimentLayout(
                        TestConfigs.tinySynthetic(stoppedRoot, "segnet_0.75", OVERRIDES));
        Path checkpoint;
        try (Stream<Path> files = Files.list(stoppedLayout.modelFolder())) {
            checkpoint =
                    files.filter(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .matches("train_epoch_1_step_[1-3]\\.ckpt"))
                            .findFirst()
                            .orElseThrow(
                                    () -> new AssertionError("no mid-epoch checkpoint: " + output));
        }
        Checkpoint.verify(checkpoint);
        long step =
                Long.parseLong(
                        checkpoint
                                .getFileName()
                                .toString()
                                .replaceAll("\\D+(\\d+)\\D+(\\d+)\\D+", "$2"));
        assertEquals(4 + step, Checkpoint.readHeader(checkpoint).iteration());

        // a killed write's temporary file, removed by the resumed run
        Path leftover =
                Files.write(
                        stoppedLayout.modelFolder().resolve(".train_epoch_2.ckpt.99.tmp"),
                        new byte[8]);
        List<String> resume = new ArrayList<>(List.of(OVERRIDES));
        resume.addAll(List.of("data_root", dataRoot.toString(), "resume", checkpoint.toString()));
        ExperimentConfig resumed =
                TestConfigs.tinySynthetic(
                        stoppedRoot, "segnet_0.75", resume.toArray(String[]::new));
        Path continued = new TrainingRun(resumed).run();
        assertFalse(Files.exists(leftover));

        TrainedWeights.assertSame(whole, uninterrupted, continued);
    }
}
