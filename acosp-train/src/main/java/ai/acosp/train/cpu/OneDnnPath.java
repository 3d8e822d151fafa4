package ai.acosp.train.cpu;

import ai.acosp.train.checkpoint.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place that decides oneDNN's instruction-set path from the convolution check ({@link
 * ConvolutionAccuracy}), for the tool scripts ({@code ONEDNN_MAX_CPU_ISA} must be set before
 * libtorch loads, so the check runs in a short JVM of its own, {@link
 * ai.acosp.train.cli.OneDnnCheck}).
 *
 * <p>{@code tool/classpath.sh} decides whether to ask, from {@code /proc/cpuinfo} and without a
 * JVM, and prints one line saying what it chose:
 *
 * <ul>
 *   <li>{@code ONEDNN_MAX_CPU_ISA} set by the user: kept, nothing checked;
 *   <li>{@code ACOSP_ONEDNN_CHECK=1}: the check runs now (the cache is refreshed);
 *   <li>{@code ACOSP_ONEDNN_CHECK=0}: the default path, nothing checked;
 *   <li>otherwise a CPU without AVX2 (where the fault was seen) is checked once per CPU and
 *       libtorch build, the result cached in {@code
 *       ${XDG_CACHE_HOME:-$HOME/.cache}/acosp/onednn-check-<key>.txt}; a CPU with AVX2 takes the
 *       default path without a check.
 * </ul>
 *
 * <p>Where the check passes the default (fastest) path is used; where it fails, SSE4.1, the path on
 * which the fault was not seen. The choice changes only how the engine computes, never a model:
 * compaction gives the same compact model on every machine.
 */
public final class OneDnnPath {

    /** The environment variable oneDNN reads. */
    public static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";

    /** The fallback path where the check fails. */
    public static final String FALLBACK = "SSE41";

    private OneDnnPath() {}

    /**
     * What the scripts should do.
     *
     * @param isa the value for {@code ONEDNN_MAX_CPU_ISA}, or null to leave it unset (default path)
     * @param message the line that says which path and why
     */
    public record Choice(String isa, String message) {

        /**
         * The line for the script.
         *
         * @return the value for {@code ONEDNN_MAX_CPU_ISA}, {@code -} for none
         */
        public String scriptLine() {
            return isa == null ? "-" : isa;
        }
    }

    /**
     * Decides the path from the check.
     *
     * @param cacheFile where the check's result is cached
     * @param fresh true to run the check even if a result is cached (the user asked for it)
     * @param why why the check runs, for the message (e.g. "the CPU has no AVX2")
     * @param check runs the check at the default path (only called when there is no cached result
     *     to use)
     * @return the choice
     * @throws IOException if the cache cannot be written
     */
    public static Choice choose(
            Path cacheFile, boolean fresh, String why, Supplier<ConvolutionAccuracy.Result> check)
            throws IOException {
        ConvolutionAccuracy.Result result = fresh ? null : cached(cacheFile);
        String source;
        if (result == null) {
            result = check.get();
            String line = result.format() + "\n";
            Files.createDirectories(cacheFile.toAbsolutePath().getParent());
            AtomicFiles.write(cacheFile, out -> out.write(line.getBytes(StandardCharsets.UTF_8)));
            source = "checked now, cached in " + cacheFile;
        } else {
            source = "cached check " + cacheFile;
        }
        // the SSE4.1 path gave correct convolutions where the default one did not
        if (result.passed()) {
            return new Choice(
                    null,
                    "oneDNN: default path ("
                            + why
                            + ": float32 convolution check passed; "
                            + source
                            + ")");
        }
        return new Choice(
                FALLBACK,
                "oneDNN: SSE4.1 path ("
                        + why
                        + ": float32 convolutions are wrong at the default path, "
                        + result.channels()
                        + " input channels: relative error "
                        + String.format(Locale.ROOT, "%.3g", result.relativeError())
                        + "; "
                        + source
                        + "; set "
                        + VARIABLE
                        + " to override)");
    }

    /**
     * The cache file for this machine and libtorch build.
     *
     * @param env the environment ({@code XDG_CACHE_HOME}, {@code HOME}, {@code PYTORCH_*})
     * @param cpu the CPU's identity, e.g. from {@link #cpuIdentity()}
     * @param classPath the class path, whose {@code pytorch-native} jar names the libtorch build
     * @return the file
     */
    public static Path cacheFile(Map<String, String> env, String cpu, String classPath) {
        String cacheHome = env.get("XDG_CACHE_HOME");
        Path dir =
                cacheHome != null && !cacheHome.isBlank()
                        ? Path.of(cacheHome)
                        : Path.of(
                                env.getOrDefault("HOME", System.getProperty("user.home")),
                                ".cache");
        StringBuilder libtorch = new StringBuilder();
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = entry.substring(entry.lastIndexOf('/') + 1);
            if (name.startsWith("pytorch-native") || name.startsWith("pytorch-jni")) {
                libtorch.append(name).append(';');
            }
        }
        for (String key : List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR")) {
            libtorch.append(key).append('=').append(env.getOrDefault(key, "")).append(';');
        }
        return dir.resolve("acosp")
                .resolve("onednn-check-" + digest(cpu + "\n" + libtorch) + ".txt");
    }

    /**
     * The CPU's model and feature flags from {@code /proc/cpuinfo} (the OS and architecture where
     * that file does not exist).
     *
     * @return the identity
     */
    public static String cpuIdentity() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        StringBuilder identity =
                new StringBuilder(
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        if (Files.isReadable(cpuinfo)) {
            try {
                for (String field : List.of("vendor_id", "model name", "flags")) {
                    Files.readAllLines(cpuinfo).stream()
                            .filter(l -> l.startsWith(field))
                            .findFirst()
                            .ifPresent(l -> identity.append('\n').append(l));
                }
            } catch (IOException e) {
                // the OS and architecture alone then
            }
        }
        return identity.toString();
    }

    /**
     * The choice for this machine and class path.
     *
     * @param fresh true to run the check even if a result is cached
     * @param why why the check runs, for the message
     * @return the choice
     * @throws IOException if the cache cannot be read or written
     */
    public static Choice chooseForThisMachine(boolean fresh, String why) throws IOException {
        Map<String, String> env = System.getenv();
        Path cache = cacheFile(env, cpuIdentity(), System.getProperty("java.class.path"));
        return choose(cache, fresh, why, ConvolutionAccuracy::check);
    }

    /** The cached result, or null if there is none or it cannot be read (it is then redone). */
    private static ConvolutionAccuracy.Result cached(Path cacheFile) {
        try {
            List<String> lines = Files.readAllLines(cacheFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? null : ConvolutionAccuracy.Result.parse(lines.get(0));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
