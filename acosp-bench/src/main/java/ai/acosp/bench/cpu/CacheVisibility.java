package ai.acosp.bench.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether the CPU tells programs its cache sizes. oneDNN tiles its convolutions to the per-core
 * cache sizes it reads through CPUID. On AMD processors the oneDNN 3.7.1 inside libtorch 2.7.1
 * reads them from CPUID leaf 0x8000001D only and, where a virtual machine returns zeros there,
 * takes every cache level as 1 byte: its large convolutions then run up to twice as slow as in
 * builds that fall back to guessed sizes (older and newer PyTorch). Linux fills {@code
 * /sys/devices/system/cpu/cpu0/cache} from the same leaf, so an empty listing there on an AMD CPU
 * shows the condition without running CPUID.
 */
public final class CacheVisibility {

    private static final Path CACHE_LISTING = Path.of("/sys/devices/system/cpu/cpu0/cache");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private CacheVisibility() {}

    /**
     * The note for this machine, where its caches are hidden from libtorch 2.7.1's oneDNN.
     *
     * @return the one-line note, or empty where the caches are visible or the machine is not a
     *     Linux one
     */
    public static Optional<String> noteForThisMachine() {
        return note(CPUINFO, CACHE_LISTING);
    }

    /**
     * The decision: a note only for an AMD CPU whose cache levels Linux could not list.
     *
     * @param cpuinfo the {@code /proc/cpuinfo} to read the vendor from
     * @param cacheListing the first CPU's cache folder ({@code index0}, {@code index1}, ...)
     * @return the one-line note, or empty (also where {@code cpuinfo} is missing: not Linux)
     */
    static Optional<String> note(Path cpuinfo, Path cacheListing) {
        if (!Files.isRegularFile(cpuinfo)
                || !vendor(cpuinfo).equals("AuthenticAMD")
                || cacheLevelsListed(cacheListing) > 0) {
            return Optional.empty();
        }
        return Optional.of(
                "note: this AMD CPU hides its cache sizes (no "
                        + cacheListing
                        + "/index*; CPUID leaf 0x8000001D is empty, as in some virtual machines):"
                        + " libtorch 2.7.1's oneDNN then tiles convolutions for 1-byte caches and"
                        + " its large convolutions run up to 2x slower than in PyTorch builds that"
                        + " guess the sizes (README, \"Real sizes\")");
    }

    private static String vendor(Path cpuinfo) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("vendor_id"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("");
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static long cacheLevelsListed(Path cacheListing) {
        if (!Files.isDirectory(cacheListing)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(cacheListing)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("index")).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
