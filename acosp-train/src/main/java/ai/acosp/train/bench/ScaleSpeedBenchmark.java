package ai.acosp.train.bench;

import ai.acosp.models.loss.AuxiliaryLoss;
import ai.acosp.models.loss.IgnoreLabelSoftmaxCrossEntropy;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.segnet.SegNet;
import ai.acosp.train.timing.RoundRobinTimer;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Speed at the data sets' real sizes, the same work as {@code src-test-data/parity/speed_twin.py}
 * does in PyTorch: SegNet inference, a SegNet training step and a PSPNet-50 training step (150
 * classes, auxiliary loss, SGD with momentum), with medians, the thread count, load average and the
 * process's peak resident memory.
 *
 * <pre>
 * java ... ai.acosp.train.bench.ScaleSpeedBenchmark [key=value ...]
 *   cases=segnet_infer,segnet_train,psp_train threads=2 rounds=5 steps=3
 *   segnet=360x480 segnet_batch=1 psp=473x473 psp_batch=2
 * </pre>
 */
public final class ScaleSpeedBenchmark {

    private static final Map<String, String> DEFAULTS =
            Map.ofEntries(
                    Map.entry("cases", "segnet_infer,segnet_train,psp_train"),
                    Map.entry("threads", "2"),
                    Map.entry("rounds", "5"),
                    Map.entry("steps", "3"),
                    Map.entry("segnet", "360x480"),
                    Map.entry("segnet_batch", "1"),
                    Map.entry("psp", "473x473"),
                    Map.entry("psp_batch", "2"));

    private static final int SEGNET_CLASSES = 19;
    private static final int PSP_CLASSES = 150;

    private ScaleSpeedBenchmark() {}

    /**
     * Entry point.
     *
     * @param args {@code key=value} options, see the class comment
     */
    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0 || !DEFAULTS.containsKey(arg.substring(0, eq))) {
                System.err.println("unknown option " + arg + "; known: " + DEFAULTS.keySet());
                System.exit(2);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", options.get("threads"));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        PrintStream out = System.out;
        out.printf(
                "threads: %s; load average: %s%n",
                RoundRobinTimer.threads(), RoundRobinTimer.loadAverage());
        List<String> cases = List.of(options.get("cases").split(","));
        long[] seg = size(options.get("segnet"));
        long[] psp = size(options.get("psp"));
        int rounds = Integer.parseInt(options.get("rounds"));
        int steps = Integer.parseInt(options.get("steps"));
        IgnoreLabelSoftmaxCrossEntropy ce = new IgnoreLabelSoftmaxCrossEntropy(255);
        if (cases.contains("segnet_infer")) {
            Shape input = new Shape(1, 3, seg[0], seg[1]);
            double[] ms =
                    inferenceMedians(
                            SegNet.builder().setClasses(SEGNET_CLASSES).build(), input, rounds);
            out.printf(
                    Locale.ROOT,
                    "%nSegNet inference %s, median of %d: %.1f ms, process CPU time %.0f ms (load average %s,"
                            + " peak RSS so far %s)%n",
                    input,
                    rounds,
                    ms[0],
                    ms[1],
                    RoundRobinTimer.loadAverage(),
                    peakRss());
        }
        if (cases.contains("segnet_train")) {
            TrainingStepBenchmark.run(
                    "SegNet",
                    () -> SegNet.builder().setClasses(SEGNET_CLASSES).build(),
                    new Shape(Long.parseLong(options.get("segnet_batch")), 3, seg[0], seg[1]),
                    SEGNET_CLASSES,
                    ce,
                    steps,
                    false,
                    out);
            out.printf("  peak RSS so far %s%n", peakRss());
        }
        if (cases.contains("psp_train")) {
            TrainingStepBenchmark.run(
                    "PSPNet-50 (150 classes)",
                    () -> PSPNet.builder().setLayers(50).setClasses(PSP_CLASSES).build(),
                    new Shape(Long.parseLong(options.get("psp_batch")), 3, psp[0], psp[1]),
                    PSP_CLASSES,
                    new AuxiliaryLoss(ce, 0.4f),
                    steps,
                    false,
                    out);
            out.printf("  peak RSS so far %s%n", peakRss());
        }
        out.printf("%nload average at the end: %s%n", RoundRobinTimer.loadAverage());
    }

    /**
     * Median forward wall and process CPU time in inference mode, one warm-up pass, each pass in
     * its own manager.
     */
    private static double[] inferenceMedians(Block block, Shape input, int rounds) {
        Engine.getInstance().setRandomSeed(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, input);
            ParameterStore ps = new ParameterStore(manager, false);
            List<Double> times = new ArrayList<>();
            List<Double> cpuTimes = new ArrayList<>();
            for (int round = -1; round < rounds; round++) {
                try (NDManager pass = manager.newSubManager()) {
                    NDArray x = pass.randomNormal(0, 1, input, DataType.FLOAT32);
                    long t0 = System.nanoTime();
                    long cpu0 = TrainingStepBenchmark.processCpuNanos();
                    NDList y = block.forward(ps, new NDList(x), false);
                    y.head().getFloat(0, 0, 0, 0);
                    if (round >= 0) {
                        times.add((System.nanoTime() - t0) / 1e6);
                        cpuTimes.add((TrainingStepBenchmark.processCpuNanos() - cpu0) / 1e6);
                    }
                }
            }
            return new double[] {RoundRobinTimer.median(times), RoundRobinTimer.median(cpuTimes)};
        }
    }

    /** The process's peak resident set (VmHWM), or "n/a" off Linux. */
    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.2f GB", kb / 1e6);
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "n/a";
    }

    private static long[] size(String text) {
        String[] parts = text.split("x");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }
}
