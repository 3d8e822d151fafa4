package ai.acosp.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.train.TestConfigs;
import ai.acosp.train.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three hundred and eighty-four tiny iterations (64 an epoch) leave the number of live arrays and
 * the process memory (after a garbage collection) flat from epoch to epoch, once the masks have
 * hardened (which changes the structure once). The build runs this class alone in a JVM whose heap
 * is fixed and resident from the start (acosp-train/pom.xml), so resident memory that grows is
 * native memory, not the Java heap of other tests.
 */
class MemoryFlatnessTest {

    @Test
    void liveArraysAndResidentMemoryStayFlat(@TempDir Path root) throws Exception {
        ExperimentConfig c =
                TestConfigs.tinySynthetic(
                        root,
                        "segnet_0.75",
                        "synthetic_size",
                        "[64, 1, 32, 32]",
                        "batch_size",
                        "1",
                        "epochs",
                        "6",
                        "ending_epoch",
                        "1",
                        "save_freq",
                        "10",
                        "print_freq",
                        "100");
        List<Integer> arrays = new ArrayList<>();
        List<Long> resident = new ArrayList<>();
        new TrainingRun(c)
                .setEpochListener(
                        (epoch, model, trainer) -> {
                            arrays.add(model.getNDManager().getManagedArrays().size());
                            System.gc();
                            resident.add(residentKilobytes());
                        })
                .run();
        assertEquals(6, arrays.size());
        // epochs 1 to 4 (0-based) run with hard masks and write no checkpoint (the last epoch
        // does): nothing may accumulate between their ends. A leak grows resident memory every
        // epoch; warm-up (the JIT's compilations and the allocator's pools, later on a loaded
        // machine: 28 MB once between epochs 2 and 3, 37 MB once between 3 and 4) grows it once.
        // So the flattest of the three intervals must be flat, and all three together bounded
        assertEquals(arrays.get(1), arrays.get(4), "live arrays after each epoch: " + arrays);
        String seen = "resident memory after each epoch (KiB): " + resident;
        System.out.println(seen);
        long flattest = Long.MAX_VALUE;
        for (int epoch = 1; epoch < 4; epoch++) {
            flattest = Math.min(flattest, resident.get(epoch + 1) - resident.get(epoch));
        }
        assertTrue(flattest < 4 * 1024, seen);
        assertTrue(resident.get(4) - resident.get(1) < 64 * 1024, seen);
    }

    private static long residentKilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux: only the array count is checked
        }
        return 0;
    }
}
