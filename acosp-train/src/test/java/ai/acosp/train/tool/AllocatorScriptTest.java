package ai.acosp.train.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tool/allocator.sh, sourced by a shell with a controlled environment. */
class AllocatorScriptTest {

    /** The repository root, from which tool/classpath.sh sources the script. */
    private static final Path ROOT = Path.of("..");

    private record Outcome(int status, Map<String, String> settings, String errors) {}

    private static final Map<String, String> LEAN =
            Map.of(
                    "GLIBC_TUNABLES", "glibc.malloc.tcache_count=0",
                    "MALLOC_ARENA_MAX", "1",
                    "MALLOC_MMAP_THRESHOLD_", "268435456",
                    "MALLOC_TRIM_THRESHOLD_", "68719476736",
                    "THP_MEM_ALLOC_ENABLE", "1");

    private static final Map<String, String> KEEP =
            Map.of(
                    "GLIBC_TUNABLES", "glibc.malloc.tcache_count=0",
                    "MALLOC_ARENA_MAX", "1",
                    "MALLOC_MMAP_THRESHOLD_", "4294967296",
                    "MALLOC_TRIM_THRESHOLD_", "68719476736");

    private static final Map<String, String> MAP =
            Map.of(
                    "GLIBC_TUNABLES", "glibc.malloc.tcache_count=0",
                    "MALLOC_ARENA_MAX", "1",
                    "MALLOC_MMAP_THRESHOLD_", "2097152",
                    "MALLOC_TRIM_THRESHOLD_", "68719476736",
                    "THP_MEM_ALLOC_ENABLE", "1");

    @Test
    void defaultIsLeanWhereTheKernelGivesHugePages(@TempDir Path dir) throws Exception {
        Path madvise = Files.writeString(dir.resolve("madvise"), "always [madvise] never\n");
        Path always = Files.writeString(dir.resolve("always"), "[always] madvise never\n");
        Path never = Files.writeString(dir.resolve("never"), "always madvise [never]\n");
        assertEquals(LEAN, source(Map.of("ACOSP_THP_SETTING_FILE", madvise.toString())).settings);
        assertEquals(LEAN, source(Map.of("ACOSP_THP_SETTING_FILE", always.toString())).settings);
        assertEquals(KEEP, source(Map.of("ACOSP_THP_SETTING_FILE", never.toString())).settings);
        assertEquals(
                KEEP,
                source(Map.of("ACOSP_THP_SETTING_FILE", dir.resolve("absent").toString()))
                        .settings);
    }

    @Test
    void namedSettingsApplyAsAsked() throws Exception {
        Outcome lean = source(Map.of("ACOSP_MALLOC", "lean"));
        assertEquals(0, lean.status);
        assertEquals(LEAN, lean.settings);
        Outcome keep = source(Map.of("ACOSP_MALLOC", "keep"));
        assertEquals(0, keep.status);
        assertEquals(KEEP, keep.settings);
        Outcome map = source(Map.of("ACOSP_MALLOC", "map"));
        assertEquals(0, map.status);
        assertEquals(MAP, map.settings);
    }

    @Test
    void glibcOrTheUsersOwnVariablesAreLeftAlone() throws Exception {
        assertEquals(Map.of(), source(Map.of("ACOSP_MALLOC", "glibc")).settings);
        for (String mode : new String[] {"", "lean", "keep", "map"}) {
            Outcome out = source(Map.of("ACOSP_MALLOC", mode, "MALLOC_ARENA_MAX", "4"));
            assertEquals(0, out.status);
            assertEquals(Map.of("MALLOC_ARENA_MAX", "4"), out.settings, mode);
        }
    }

    @Test
    void theUsersOwnTunablesAreKept() throws Exception {
        Map<String, String> expected = new TreeMap<>(KEEP);
        expected.put("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
        assertEquals(
                expected,
                source(Map.of("ACOSP_MALLOC", "keep", "GLIBC_TUNABLES", "glibc.malloc.hugetlb=1"))
                        .settings);
    }

    /** The root pom.xml loads keep's values into the tests' environment from the script's file. */
    @Test
    void theTestsRunUnderKeep() {
        Map<String, String> settings = new TreeMap<>();
        KEEP.keySet().forEach(name -> settings.put(name, System.getenv(name)));
        assertEquals(KEEP, settings);
    }

    @Test
    void anUnknownSettingStopsWithOneLine() throws Exception {
        Outcome out = source(Map.of("ACOSP_MALLOC", "fast"));
        assertEquals(2, out.status);
        assertTrue(
                out.errors.startsWith(
                        "ACOSP_MALLOC=fast is not a setting: use lean, keep, map or glibc"),
                out.errors);
        assertEquals(1, out.errors.lines().count());
    }

    /** Sources the script with no allocator variables but the given ones; prints what it set. */
    private static Outcome source(Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder shell =
                new ProcessBuilder(
                        "sh",
                        "-c",
                        ". \"$0\"; status=$?; env | grep -E"
                                + " '^(MALLOC_|THP_MEM_ALLOC_ENABLE=|GLIBC_TUNABLES=)';"
                                + " exit $status",
                        "tool/allocator.sh");
        shell.directory(ROOT.toFile());
        shell.environment().keySet().removeIf(k -> k.startsWith("MALLOC_") || k.startsWith("THP_"));
        shell.environment().remove("ACOSP_MALLOC");
        shell.environment().remove("GLIBC_TUNABLES");
        shell.environment().remove("ACOSP_THP_SETTING_FILE");
        shell.environment().putAll(environment);
        Process process = shell.start();
        String printed =
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        Map<String, String> settings = new TreeMap<>();
        printed.lines().map(line -> line.split("=", 2)).forEach(kv -> settings.put(kv[0], kv[1]));
        return new Outcome(status, settings, errors);
    }
}
