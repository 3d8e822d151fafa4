package ai.acosp.train.bench;

import ai.acosp.core.CompressionAccounting;
import ai.acosp.core.Inject;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.compact.CompactionChecks;
import ai.acosp.models.compact.ModelCompaction;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.segnet.SegNet;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Inference latency of dense, hard-masked and compacted SegNet and PSPNet-50 at ACoSP-2/4/8/16 on
 * random weights (batch norms with trained-looking statistics), with parameter counts. Variants
 * are timed round-robin (one run of each per round) after a warm-up, and medians are reported,
 * so that load changes on a shared machine hit every variant alike.
 *
 * <p>Arguments: {@code [segnet|psp|all] [rounds] [HxW for SegNet] [HxW for PSPNet]}.
 */
public final class CompactionBenchmark {

    private static final float[] SPARSITIES = {0.5f, 0.75f, 0.875f, 0.9375f};

    private CompactionBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        long[] segSize = size(args.length > 2 ? args[2] : "96x128");
        long[] pspSize = size(args.length > 3 ? args[3] : "97x97");
        System.out.printf(
                "threads: %d inter-op / %s intra-op; load average: %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"),
                loadAverage());
        if (which.equals("segnet") || which.equals("all")) {
            run("SegNet", () -> SegNet.builder().setClasses(19).build(), new Shape(1, 3, segSize[0], segSize[1]), rounds);
        }
        if (which.equals("psp") || which.equals("all")) {
            run(
                    "PSPNet-50",
                    () -> PSPNet.builder().setLayers(50).setClasses(19).build(),
                    new Shape(1, 3, pspSize[0], pspSize[1]),
                    rounds);
        }
        System.out.println("load average at the end: " + loadAverage());
    }

    private static long[] size(String text) {
        String[] parts = text.split("x");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static void run(String name, Supplier<Block> factory, Shape input, int rounds) {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Block> variants = new LinkedHashMap<>();
            Map<String, Long> params = new LinkedHashMap<>();
            Block dense = factory.get();
            dense.initialize(manager, DataType.FLOAT32, input);
            CompactionChecks.randomizeBatchNorms(dense, 1);
            variants.put("dense", dense);
            params.put("dense", CompressionAccounting.learnableParameters(dense));
            for (float s : SPARSITIES) {
                String tag = "ACoSP-" + Math.round(1 / (1 - s));
                Block masked = factory.get();
                masked.initialize(manager, DataType.FLOAT32, input);
                SoftTopKPruner.builder().setFinalSparsity(s).setEndingEpoch(1).build().configureModel(masked);
                Inject.softToHardK(masked);
                masked.initialize(manager, DataType.FLOAT32, input);
                CompactionChecks.randomizeBatchNorms(masked, 1);
                if (s == 0.75f) {
                    variants.put(tag + " masked", masked);
                    params.put(tag + " masked", CompressionAccounting.learnableParameters(masked));
                    Block compact = factory.get();
                    compact.initialize(manager, DataType.FLOAT32, input);
                    SoftTopKPruner.builder().setFinalSparsity(s).setEndingEpoch(1).build().configureModel(compact);
                    Inject.softToHardK(compact);
                    compact.initialize(manager, DataType.FLOAT32, input);
                    CompactionChecks.randomizeBatchNorms(compact, 1);
                    masked = compact;
                }
                long t0 = System.nanoTime();
                ModelCompaction.compact(masked);
                System.out.printf("%s %s compaction took %.1f s%n", name, tag, (System.nanoTime() - t0) / 1e9);
                variants.put(tag + " compact", masked);
                params.put(tag + " compact", CompressionAccounting.learnableParameters(masked));
            }
            Map<String, List<Double>> times = new LinkedHashMap<>();
            variants.keySet().forEach(k -> times.put(k, new ArrayList<>()));
            NDArray x = manager.randomNormal(0, 1, input, DataType.FLOAT32);
            for (int round = -2; round < rounds; round++) {
                for (Map.Entry<String, Block> v : variants.entrySet()) {
                    try (NDManager scope = manager.newSubManager()) {
                        long t0 = System.nanoTime();
                        NDList out = v.getValue().forward(new ParameterStore(scope, false), new NDList(x), false);
                        out.head().toFloatArray();
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (round >= 0) {
                            times.get(v.getKey()).add(ms);
                        }
                    }
                }
            }
            double denseMs = median(times.get("dense"));
            System.out.printf("%n%s inference %s, %d rounds, median ms (ratio to dense):%n", name, input, rounds);
            for (String key : variants.keySet()) {
                double ms = median(times.get(key));
                System.out.printf(
                        "  %-18s %9.1f ms  x%5.2f faster   params %,12d  (x%.2f smaller)%n",
                        key, ms, denseMs / ms, params.get(key), (double) params.get("dense") / params.get(key));
            }
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
