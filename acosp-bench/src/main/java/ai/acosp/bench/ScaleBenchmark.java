package ai.acosp.bench;

import ai.acosp.bench.cpu.CacheVisibility;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real-size benchmark ({@code tool/bench.sh scale}): each {@link ScaleCase} in a fresh JVM and
 * the same work in PyTorch in a fresh Python process ({@code src-test-data/parity/scale_twin.py},
 * the parity re-implementations of the reference networks), with the same engine threads and the
 * same environment; a table of median wall and process CPU times and peak resident memory of the
 * whole process, with the ratios. The PyTorch column is skipped, with a note, where {@code python3
 * -c 'import torch'} fails; the project itself never needs Python.
 */
public final class ScaleBenchmark {

    /** Where Debian's python3-torch is, when another python3 comes first on the path. */
    private static final String DEBIAN_PYTHON = "/usr/bin/python3";

    private static final Path TWIN = Path.of("src-test-data", "parity", "scale_twin.py");

    private static final String ROW = "%-56s %9s %9s %9s %7s %10s %9s %10s %7s %6s %6s %6s%n";

    private ScaleBenchmark() {}

    /**
     * A measured run: median wall milliseconds, peak resident KiB, median process CPU milliseconds
     * and median minor page faults of a repetition, or the reason it has none.
     */
    private record Measured(double ms, long peakKb, double cpuMs, double faults, String failure) {

        Measured(String failure) {
            this(0, 0, 0, 0, failure);
        }

        String faultCount() {
            return failure == null ? String.format(Locale.ROOT, "%.0fk", faults / 1000) : "-";
        }

        String time() {
            return failure == null ? String.format(Locale.ROOT, "%.0f ms", ms) : "-";
        }

        String cpu() {
            return failure == null ? String.format(Locale.ROOT, "%.0f ms", cpuMs) : "-";
        }

        String peak() {
            return failure == null
                    ? String.format(Locale.ROOT, "%.2f GiB", peakKb / 1048576.0)
                    : "-";
        }
    }

    /**
     * Runs the cases and prints the table.
     *
     * @param cases the case names ({@link ScaleCase#CASES}; "all" for every case)
     * @param reps measured repetitions per case after its warm-ups ({@link ScaleCase#warmUps})
     * @param threads engine intra-op threads, for both engines
     * @param out where the table goes
     * @throws IOException if a child process cannot be started
     * @throws InterruptedException if interrupted
     */
    public static void run(List<String> cases, int reps, int threads, PrintStream out)
            throws IOException, InterruptedException {
        List<String> names = cases.contains("all") ? List.copyOf(ScaleCase.CASES.keySet()) : cases;
        for (String name : names) {
            if (!ScaleCase.CASES.containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown case " + name + "; known: " + ScaleCase.CASES.keySet());
            }
        }
        String python = null;
        for (String candidate : new String[] {"python3", DEBIAN_PYTHON}) {
            if (python == null && importsTorch(candidate)) {
                python = candidate;
            }
        }
        boolean torch = python != null;
        if (!torch) {
            out.println(
                    "PyTorch column skipped: python3 -c 'import torch' failed (Debian: apt-get install python3-torch)");
        } else {
            out.println("PyTorch twin: " + python + " " + TWIN);
        }
        out.println("memory allocator (both engines): " + allocatorSettings());
        CacheVisibility.noteForThisMachine().ifPresent(out::println);
        out.printf(
                Locale.ROOT,
                ROW,
                "case (median of "
                        + reps
                        + " after 1 warm-up, steps after "
                        + ScaleCase.TRAINING_WARM_UPS
                        + "; peak RSS of the process)",
                "DJL time",
                "DJL CPU",
                "DJL peak",
                "faults",
                "torch time",
                "torch CPU",
                "torch peak",
                "faults",
                "time x",
                "CPU x",
                "peak x");
        for (String name : names) {
            Measured djl = java(name, reps, threads);
            Measured py =
                    torch && !name.startsWith("compact")
                            ? run(
                                    List.of(
                                            python,
                                            TWIN.toString(),
                                            name,
                                            Integer.toString(reps),
                                            Integer.toString(threads),
                                            Integer.toString(ScaleCase.warmUps(name))),
                                    null,
                                    null)
                            : new Measured("no twin");
            boolean both = djl.failure == null && py.failure == null;
            out.printf(
                    Locale.ROOT,
                    ROW,
                    ScaleCase.CASES.get(name),
                    djl.time(),
                    djl.cpu(),
                    djl.peak(),
                    djl.faultCount(),
                    py.time(),
                    py.cpu(),
                    py.peak(),
                    py.faultCount(),
                    both ? ratio(djl.ms, py.ms) : "-",
                    both ? ratio(djl.cpuMs, py.cpuMs) : "-",
                    both ? ratio(djl.peakKb, py.peakKb) : "-");
            for (Measured m : new Measured[] {djl, py}) {
                if (m.failure != null && !m.failure.equals("no twin")) {
                    out.println("    failed: " + m.failure);
                }
            }
        }
    }

    /**
     * The environment that decides how freed memory returns to the operating system, which both
     * children inherit: on a machine where page faults are dear, glibc's defaults (fresh pages for
     * every array above 32 MB) cost more than the convolutions themselves.
     */
    private static String allocatorSettings() {
        List<String> set = new ArrayList<>();
        System.getenv().entrySet().stream()
                .filter(
                        e ->
                                e.getKey().startsWith("MALLOC_")
                                        || e.getKey().equals("GLIBC_TUNABLES")
                                        || e.getKey().equals("THP_MEM_ALLOC_ENABLE")
                                        || e.getKey().equals("LD_PRELOAD"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> set.add(e.getKey() + "=" + e.getValue()));
        return set.isEmpty() ? "glibc defaults" : String.join(" ", set);
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static Measured java(String name, int reps, int threads)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-Dai.djl.pytorch.num_")) {
                command.add(option);
            }
        }
        command.add("-Dai.djl.pytorch.num_threads=" + threads);
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ScaleCase.class.getName());
        command.add(name);
        command.add(Integer.toString(reps));
        command.add(Integer.toString(ScaleCase.warmUps(name)));
        Path expRoot = Files.createTempDirectory("acosp-scale");
        try {
            return run(command, expRoot, name);
        } finally {
            try (Stream<Path> files = Files.walk(expRoot)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static boolean importsTorch(String python) throws InterruptedException {
        try {
            Process check =
                    new ProcessBuilder(python, "-c", "import torch")
                            .redirectErrorStream(true)
                            .start();
            check.getInputStream().readAllBytes();
            return check.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a child process and reads its {@code RESULT <ms> <peak KiB> <CPU ms> <faults>} line. */
    private static Measured run(List<String> command, Path expRoot, String name)
            throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (expRoot != null) {
            builder.environment().put("ACOSP_EXP_ROOT", expRoot.toString());
        }
        Measured result = null;
        List<String> tail = new ArrayList<>();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Measured(command.get(0) + ": " + e.getMessage());
        }
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("RESULT ")) {
                    String[] parts = line.split(" ");
                    result =
                            new Measured(
                                    Double.parseDouble(parts[1]),
                                    Long.parseLong(parts[2]),
                                    Double.parseDouble(parts[3]),
                                    Double.parseDouble(parts[4]),
                                    null);
                } else if (!line.contains("Could not initialize NNPACK")) {
                    tail.add(line);
                    if (tail.size() > 5) {
                        tail.remove(0);
                    }
                }
            }
        } catch (IOException e) {
            tail.add(e.toString());
        }
        int status = process.waitFor();
        if (status != 0 || result == null) {
            return new Measured(
                    (name == null ? command.get(0) : name)
                            + " exited with "
                            + status
                            + ": "
                            + String.join(" | ", tail));
        }
        return result;
    }
}
