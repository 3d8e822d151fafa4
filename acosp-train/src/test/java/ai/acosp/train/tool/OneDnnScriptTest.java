package ai.acosp.train.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tool/onednn.sh, sourced by a shell with a controlled environment, a CPU description of its own
 * and a stand-in for the check's JVM: when the check runs, what the script exports, and the one
 * line it prints.
 */
class OneDnnScriptTest {

    private static final Path SCRIPT = Path.of("..", "tool", "onednn.sh");

    private static final String AVX2 = "flags\t\t: fpu sse sse2 ssse3 sse4_1 avx fma avx2 bmi2\n";
    private static final String NO_AVX2 = "flags\t\t: fpu sse sse2 ssse3 sse4_1 avx fma avx512f\n";

    /**
     * What a run did.
     *
     * @param checks the arguments the check's JVM got, one line per start
     * @param isa the exported {@code ONEDNN_MAX_CPU_ISA}, empty if none
     * @param line what the script printed on stderr
     */
    private record Outcome(String checks, String isa, String line) {}

    @Test
    void anAvx2CpuTakesTheDefaultPathWithoutAJvm(@TempDir Path dir) throws Exception {
        Outcome out = source(dir, AVX2, Map.of(), "-");
        assertEquals("", out.checks);
        assertEquals("", out.isa);
        assertEquals(
                "oneDNN: default path (the CPU has AVX2; the float32 convolution fault was seen"
                        + " only without it; ACOSP_ONEDNN_CHECK=1 checks)",
                out.line);
    }

    @Test
    void aCpuWithoutAvx2IsCheckedAndTakesTheCheckedPath(@TempDir Path dir) throws Exception {
        Outcome failed = source(dir, NO_AVX2, Map.of(), "SSE41");
        assertEquals("no-avx2", failed.checks);
        assertEquals("SSE41", failed.isa);
        Outcome passed = source(dir, NO_AVX2, Map.of(), "-");
        assertEquals("no-avx2", passed.checks);
        assertEquals("", passed.isa);
    }

    @Test
    void theUserDecides(@TempDir Path dir) throws Exception {
        Outcome asked = source(dir, AVX2, Map.of("ACOSP_ONEDNN_CHECK", "1"), "SSE41");
        assertEquals("asked", asked.checks);
        assertEquals("SSE41", asked.isa);

        Outcome skipped = source(dir, NO_AVX2, Map.of("ACOSP_ONEDNN_CHECK", "0"), "SSE41");
        assertEquals("", skipped.checks);
        assertEquals("", skipped.isa);
        assertEquals(
                "oneDNN: default path (ACOSP_ONEDNN_CHECK=0: no convolution check)", skipped.line);

        Outcome set =
                source(
                        dir,
                        NO_AVX2,
                        Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "ACOSP_ONEDNN_CHECK", "1"),
                        "SSE41");
        assertEquals("", set.checks);
        assertEquals("AVX2", set.isa);
        assertEquals(
                "oneDNN: ONEDNN_MAX_CPU_ISA=AVX2 as set in the environment (no convolution check)",
                set.line);
    }

    @Test
    void noX86FlagsTakeTheDefaultPath(@TempDir Path dir) throws Exception {
        Outcome out = source(dir, "Features\t: fp asimd\n", Map.of(), "SSE41");
        assertEquals("", out.checks);
        assertEquals("", out.isa);
        assertTrue(out.line.startsWith("oneDNN: default path (no x86 CPU flags in "), out.line);
    }

    /**
     * Sources the script with the given CPU description and variables; the check's JVM is a shell
     * function that records its arguments and answers {@code answer}.
     */
    private static Outcome source(
            Path dir, String cpuinfo, Map<String, String> environment, String answer)
            throws IOException, InterruptedException {
        Path cpu = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\n" + cpuinfo);
        Path checks = dir.resolve("checks");
        Files.deleteIfExists(checks);
        ProcessBuilder shell =
                new ProcessBuilder(
                        "sh",
                        "-c",
                        "run_java() { shift; echo \"$*\" >> \"$CHECKS\"; echo \"$ANSWER\"; };"
                                + " . \"$0\"; status=$?; echo \"${ONEDNN_MAX_CPU_ISA:-}\";"
                                + " exit $status",
                        SCRIPT.toString());
        Map<String, String> env = shell.environment();
        env.remove("ONEDNN_MAX_CPU_ISA");
        env.remove("ACOSP_ONEDNN_CHECK");
        Map<String, String> set = new HashMap<>(environment);
        set.put("ACOSP_CPUINFO_FILE", cpu.toString());
        set.put("CHECKS", checks.toString());
        set.put("ANSWER", answer);
        env.putAll(set);
        Process process = shell.start();
        String printed =
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), errors);
        String ran = Files.exists(checks) ? Files.readString(checks).strip() : "";
        return new Outcome(ran, printed.strip(), errors.strip());
    }
}
