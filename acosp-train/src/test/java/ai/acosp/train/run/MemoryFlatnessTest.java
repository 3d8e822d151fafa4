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
        // does): nothing may accumulate between their ends. Epochs 2 and 3 may still warm up (the
        // JIT, allocator pools: up to 28 MB seen between 2 and 3); from then on resident memory
        // must stay flat
        assertEquals(arrays.get(1), arrays.get(4), "live arrays after each epoch: " + arrays);
        System.out.println("resident memory after each epoch (KiB): " + resident);
        long growth = resident.get(4) - resident.get(3);
        assertTrue(growth < 16 * 1024, "resident memory after each epoch (KiB): " + resident);
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
