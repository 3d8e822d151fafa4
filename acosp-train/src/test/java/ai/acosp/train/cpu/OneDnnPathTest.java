package ai.acosp.train.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path choice with injected check results: no faulty CPU needed ({@link
 * ConvolutionAccuracyTest} runs the real check). Whether the check runs at all (a CPU without AVX2,
 * {@code ACOSP_ONEDNN_CHECK}, a user-set {@code ONEDNN_MAX_CPU_ISA}) is tool/classpath.sh's
 * decision, tested by {@code OneDnnScriptTest}.
 */
class OneDnnPathTest {

    private static final ConvolutionAccuracy.Result PASSED =
            new ConvolutionAccuracy.Result(59, 3.1e-7);
    private static final ConvolutionAccuracy.Result FAILED =
            new ConvolutionAccuracy.Result(28, 0.213);

    private static final String NO_AVX2 = "the CPU has no AVX2";

    @Test
    void passingCheckKeepsTheDefaultPathAndIsCached(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("acosp/onednn-check-x.txt");
        AtomicInteger runs = new AtomicInteger();
        OneDnnPath.Choice first = OneDnnPath.choose(cache, false, NO_AVX2, counting(runs, PASSED));
        assertNull(first.isa());
        assertEquals("-", first.scriptLine());
        assertTrue(
                first.message()
                        .startsWith(
                                "oneDNN: default path (the CPU has no AVX2: float32 convolution"
                                        + " check passed; checked now"),
                first.message());
        assertEquals("pass 59 3.10e-07\n", Files.readString(cache));

        OneDnnPath.Choice second = OneDnnPath.choose(cache, false, NO_AVX2, counting(runs, FAILED));
        assertEquals(1, runs.get(), "the cached result is used");
        assertNull(second.isa());
        assertTrue(second.message().contains("cached check " + cache), second.message());
    }

    @Test
    void failingCheckFallsBackToSse41AndIsCached(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("check.txt");
        AtomicInteger runs = new AtomicInteger();
        OneDnnPath.Choice first = OneDnnPath.choose(cache, false, NO_AVX2, counting(runs, FAILED));
        assertEquals("SSE41", first.isa());
        assertEquals("SSE41", first.scriptLine());
        assertTrue(
                first.message()
                        .startsWith(
                                "oneDNN: SSE4.1 path (the CPU has no AVX2: float32 convolutions are"
                                        + " wrong at the default path, 28 input channels: relative"
                                        + " error 0.213; checked now"),
                first.message());
        OneDnnPath.Choice second = OneDnnPath.choose(cache, false, NO_AVX2, counting(runs, PASSED));
        assertEquals(1, runs.get());
        assertEquals("SSE41", second.isa());
    }

    @Test
    void askedCheckRunsNowWhateverIsCached(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("check.txt");
        Files.writeString(cache, FAILED.format());
        AtomicInteger runs = new AtomicInteger();
        OneDnnPath.Choice choice =
                OneDnnPath.choose(cache, true, "checked as asked", counting(runs, PASSED));
        assertEquals(1, runs.get());
        assertNull(choice.isa());
        assertTrue(choice.message().startsWith("oneDNN: default path (checked as asked:"));
        assertEquals("pass 59 3.10e-07\n", Files.readString(cache), "the cache is refreshed");
    }

    @Test
    void unreadableCacheIsCheckedAgain(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("check.txt");
        Files.writeString(cache, "half a line");
        AtomicInteger runs = new AtomicInteger();
        assertEquals(
                "SSE41", OneDnnPath.choose(cache, false, NO_AVX2, counting(runs, FAILED)).isa());
        assertEquals(1, runs.get());
        assertEquals("fail 28 0.213\n", Files.readString(cache));
    }

    @Test
    void cacheIsKeyedByCpuAndLibtorch(@TempDir Path dir) {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.toString());
        String cp =
                "/m2/ai/djl/pytorch/pytorch-native-cpu/2.7.1/pytorch-native-cpu-2.7.1-linux-x86_64.jar:/x/api.jar";
        Path file = OneDnnPath.cacheFile(env, "model name: A\nflags: avx fma", cp);
        assertEquals(dir.resolve("acosp"), file.getParent());
        assertTrue(
                file.getFileName().toString().matches("onednn-check-[0-9a-f]{16}\\.txt"),
                file.toString());
        assertEquals(file, OneDnnPath.cacheFile(env, "model name: A\nflags: avx fma", cp));
        assertNotEquals(file, OneDnnPath.cacheFile(env, "model name: A\nflags: avx avx2 fma", cp));
        assertNotEquals(
                file,
                OneDnnPath.cacheFile(
                        env, "model name: A\nflags: avx fma", cp.replace("2.7.1", "2.8.0")));
        Path home = OneDnnPath.cacheFile(Map.of("HOME", dir.toString()), "cpu", cp);
        assertEquals(dir.resolve(".cache").resolve("acosp"), home.getParent());
        assertFalse(OneDnnPath.cpuIdentity().isBlank());
    }

    private static Supplier<ConvolutionAccuracy.Result> counting(
            AtomicInteger runs, ConvolutionAccuracy.Result result) {
        return () -> {
            runs.incrementAndGet();
            return result;
        };
    }
}
