package ai.acosp.bench.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hidden-cache note from made-up {@code /proc/cpuinfo} and cache listings. */
class CacheVisibilityTest {

    @Test
    void amdWithoutListedCachesGetsTheNote(@TempDir Path dir) throws Exception {
        Path cpuinfo = cpuinfo(dir, "AuthenticAMD");
        Optional<String> note = CacheVisibility.note(cpuinfo, dir.resolve("absent"));
        assertTrue(note.isPresent());
        assertTrue(note.get().startsWith("note: this AMD CPU hides its cache sizes"), note.get());
        assertFalse(note.get().contains("\n"));
        Path empty = Files.createDirectory(dir.resolve("cache"));
        assertTrue(CacheVisibility.note(cpuinfo, empty).isPresent());
    }

    @Test
    void listedCachesOrAnotherVendorOrNoCpuinfoGetNone(@TempDir Path dir) throws Exception {
        Path cache = Files.createDirectory(dir.resolve("cache"));
        for (String index : new String[] {"index0", "index1", "index2", "index3"}) {
            Files.createDirectory(cache.resolve(index));
        }
        assertTrue(CacheVisibility.note(cpuinfo(dir, "AuthenticAMD"), cache).isEmpty());
        assertTrue(
                CacheVisibility.note(cpuinfo(dir, "GenuineIntel"), dir.resolve("absent"))
                        .isEmpty());
        assertTrue(
                CacheVisibility.note(dir.resolve("no-cpuinfo"), dir.resolve("absent")).isEmpty());
    }

    private static Path cpuinfo(Path dir, String vendor) throws Exception {
        return Files.writeString(
                dir.resolve("cpuinfo-" + vendor),
                "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: 26\n\n");
    }
}
