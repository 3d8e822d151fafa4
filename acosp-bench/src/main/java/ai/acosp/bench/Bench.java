package ai.acosp.bench;

import ai.acosp.bench.data.PipelineBenchmark;
import ai.acosp.models.loss.AuxiliaryLoss;
import ai.acosp.models.loss.IgnoreLabelSoftmaxCrossEntropy;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.segnet.SegNet;
import ai.acosp.train.failure.UsageException;
import ai.acosp.train.timing.RoundRobinTimer;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The project's CPU benchmark ({@code tool/bench.sh}): for SegNet and PSPNet-50 at a small fixed
 * input, the training step time dense and with soft masks, the inference time dense, hard-masked
 * and compacted at ACoSP-2/4/8/16 with parameter and multiply-add counts (and dense, ACoSP-4 and
 * ACoSP-16 compact on ONNX Runtime beside DJL), and the data pipeline rate in the ADE20K setting;
 * ratios beside absolute numbers, thread count and load average.
 *
 * <p>Arguments: {@code [PARTS] [key=value ...]}. PARTS is {@code all} (default) or a comma list of
 * {@code train}, {@code infer}, {@code data}. Keys: {@code models=segnet,psp}, {@code rounds=11}
 * (inference rounds), {@code steps=7} (training steps), {@code segnet=96x128}, {@code psp=97x97},
 * {@code psp_batch=2} (training batch of PSPNet; its batch norms need 2), {@code images=16}, {@code
 * batch=8}, {@code epochs=2}, {@code workers=1,2} (data pipeline), {@code data_steps=1} (dense
 * PSPNet-50 training steps timed at the pipeline's crop after one warm-up step, for comparison; 0
 * skips them), {@code data_step_batch=2} (their batch; 8 needs more than 24 GiB), {@code threads=1}
 * (engine intra-op threads, unless {@code -Dai.djl.pytorch.num_threads} is given).
 *
 * <p>{@code study} is the selection study ({@link SelectionStudy}): keys {@code seeds=1,2,3},
 * {@code variants=all} (or a comma list of {@link SelectionStudy#VARIANTS}), {@code rounds=11},
 * {@code threads=1}.
 *
 * <p>{@code scale} is the real-size benchmark ({@link ScaleBenchmark}): keys {@code cases=all} (or
 * a comma list of {@link ScaleCase#CASES}), {@code reps=3}, {@code threads=2}.
 */
public final class Bench {

    private static final Map<String, String> DEFAULTS =
            Map.ofEntries(
                    Map.entry("models", "segnet,psp"),
                    Map.entry("rounds", "11"),
                    Map.entry("steps", "7"),
                    Map.entry("segnet", "96x128"),
                    Map.entry("psp", "97x97"),
                    Map.entry("psp_batch", "2"),
                    Map.entry("images", "16"),
                    Map.entry("batch", "8"),
                    Map.entry("epochs", "2"),
                    Map.entry("workers", "1,2"),
                    Map.entry("data_steps", "1"),
                    Map.entry("data_step_batch", "2"),
                    Map.entry("threads", "1"),
                    Map.entry("cases", "all"),
                    Map.entry("seeds", "1,2,3"),
                    Map.entry("variants", "all"),
                    Map.entry("reps", "3"));

    private static final int CLASSES = 19;

    private static final int ADE20K_CLASSES = 150;

    private Bench() {}

    /**
     * Runs the benchmark (the entry point is {@link ai.acosp.train.cli.Bench}).
     *
     * @param args see the class comment
     * @throws Exception if a part fails; a bad argument is a {@link UsageException}
     */
    public static void runParts(String[] args) throws Exception {
        String parts = "all";
        Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                parts = arg;
            } else if (DEFAULTS.containsKey(arg.substring(0, eq))) {
                options.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                throw new UsageException("unknown option " + arg, "known: " + DEFAULTS.keySet());
            }
        }
        if (parts.equals("scale")) {
            // two engine threads by default, as the PyTorch figures
            int threads =
                    Arrays.asList(args).stream().anyMatch(a -> a.startsWith("threads="))
                            ? Integer.parseInt(options.get("threads"))
                            : 2;
            System.out.printf(
                    "real-size benchmark, engine threads %d (DJL and PyTorch); load average: %s%n",
                    threads, RoundRobinTimer.loadAverage());
            ScaleBenchmark.run(
                    List.of(options.get("cases").split(",")),
                    Integer.parseInt(options.get("reps")),
                    threads,
                    System.out);
            System.out.printf("load average at the end: %s%n", RoundRobinTimer.loadAverage());
            return;
        }
        if (parts.equals("study")) {
            System.setProperty("ai.djl.pytorch.num_threads", options.get("threads"));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            new SelectionStudy(
                            Path.of("config"),
                            options.get("variants").equals("all")
                                    ? SelectionStudy.VARIANTS
                                    : List.of(options.get("variants").split(",")),
                            Arrays.stream(options.get("seeds").split(","))
                                    .map(Integer::valueOf)
                                    .toList(),
                            Integer.parseInt(options.get("rounds")),
                            System.out)
                    .run();
            return;
        }
        // before the engine starts: one engine thread by default, since two on two shared cores
        // made timings swing by 2-10x with the load of other processes
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", options.get("threads"));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        List<String> selected =
                parts.equals("all") ? List.of("train", "infer", "data") : List.of(parts.split(","));
        List<String> models = List.of(options.get("models").split(","));
        PrintStream out = System.out;
        long start = System.nanoTime();
        out.printf(
                "threads: %s; load average: %s%n",
                RoundRobinTimer.threads(), RoundRobinTimer.loadAverage());
        long[] seg = size(options.get("segnet"));
        long[] psp = size(options.get("psp"));
        int rounds = Integer.parseInt(options.get("rounds"));
        int steps = Integer.parseInt(options.get("steps"));
        IgnoreLabelSoftmaxCrossEntropy ce = new IgnoreLabelSoftmaxCrossEntropy(255);
        if (selected.contains("train")) {
            if (models.contains("segnet")) {
                TrainingStepBenchmark.run(
                        "SegNet",
                        Bench::segNet,
                        new Shape(1, 3, seg[0], seg[1]),
                        CLASSES,
                        ce,
                        steps,
                        true,
                        out);
            }
            if (models.contains("psp")) {
                long batch = Long.parseLong(options.get("psp_batch"));
                TrainingStepBenchmark.run(
                        "PSPNet-50",
                        Bench::pspNet,
                        new Shape(batch, 3, psp[0], psp[1]),
                        CLASSES,
                        new AuxiliaryLoss(ce, 0.4f),
                        steps,
                        true,
                        out);
            }
        }
        if (selected.contains("infer")) {
            if (models.contains("segnet")) {
                CompactionBenchmark.run(
                        "SegNet", Bench::segNet, new Shape(1, 3, seg[0], seg[1]), rounds, out);
                OnnxRuntimeBenchmark.run(
                        "SegNet", Bench::segNet, new Shape(1, 3, seg[0], seg[1]), rounds, out);
            }
            if (models.contains("psp")) {
                CompactionBenchmark.run(
                        "PSPNet-50", Bench::pspNet, new Shape(1, 3, psp[0], psp[1]), rounds, out);
                OnnxRuntimeBenchmark.run(
                        "PSPNet-50", Bench::pspNet, new Shape(1, 3, psp[0], psp[1]), rounds, out);
            }
        }
        if (selected.contains("data")) {
            int images = Integer.parseInt(options.get("images"));
            int batch = Integer.parseInt(options.get("batch"));
            int[] workers =
                    List.of(options.get("workers").split(",")).stream()
                            .mapToInt(Integer::parseInt)
                            .toArray();
            out.printf(
                    Locale.ROOT,
                    "%nData pipeline, ADE20K setting (%dx%d images, %dx%d crops, %d images an epoch, batch %d, median of %s epochs):%n",
                    PipelineBenchmark.IMAGE_H,
                    PipelineBenchmark.IMAGE_W,
                    PipelineBenchmark.CROP,
                    PipelineBenchmark.CROP,
                    images,
                    batch,
                    options.get("epochs"));
            List<PipelineBenchmark.Result> results =
                    PipelineBenchmark.runAdeSetting(
                            images, batch, Integer.parseInt(options.get("epochs")), workers);
            double first = results.get(0).medianSamplesPerSecond();
            for (PipelineBenchmark.Result r : results) {
                out.printf(
                        Locale.ROOT,
                        "  %d worker(s): %7.1f samples/s  x%.2f of %d worker(s)%n",
                        r.workers(),
                        r.medianSamplesPerSecond(),
                        r.medianSamplesPerSecond() / first,
                        results.get(0).workers());
            }
            int dataSteps = Integer.parseInt(options.get("data_steps"));
            if (dataSteps > 0) {
                int stepBatch = Integer.parseInt(options.get("data_step_batch"));
                double ms =
                        TrainingStepBenchmark.run(
                                "PSPNet-50 (ADE20K setting, 150 classes)",
                                () ->
                                        PSPNet.builder()
                                                .setLayers(50)
                                                .setClasses(ADE20K_CLASSES)
                                                .build(),
                                new Shape(
                                        stepBatch,
                                        3,
                                        PipelineBenchmark.CROP,
                                        PipelineBenchmark.CROP),
                                ADE20K_CLASSES,
                                new AuxiliaryLoss(ce, 0.4f),
                                dataSteps,
                                false,
                                out);
                double consumed = stepBatch * 1000.0 / ms;
                out.printf(
                        Locale.ROOT,
                        "  training consumes %.2f samples/s; the loader delivers %.1f with %d worker(s) (x%.0f)%n",
                        consumed,
                        first,
                        results.get(0).workers(),
                        first / consumed);
            }
        }
        out.printf(
                Locale.ROOT,
                "%ntotal %.0f s; load average at the end: %s%n",
                (System.nanoTime() - start) / 1e9,
                RoundRobinTimer.loadAverage());
    }

    private static SegNet segNet() {
        return SegNet.builder().setClasses(CLASSES).build();
    }

    private static PSPNet pspNet() {
        return PSPNet.builder().setLayers(50).setClasses(CLASSES).build();
    }

    private static long[] size(String text) {
        String[] parts = text.split("x");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }
}
