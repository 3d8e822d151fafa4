package ai.acosp.train.timing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inference latency of several networks on one input, timed round-robin (one run of each per round)
 * after warm-up rounds, so that load changes on a shared machine hit every variant alike; the
 * median per variant is reported. A run ends when the output has been copied to Java memory. Each
 * run's arrays are freed before the next one starts, so memory stays flat over the rounds.
 */
public final class RoundRobinTimer {

    private RoundRobinTimer() {}

    /**
     * Times the variants.
     *
     * @param variants name to network (initialised, on the input's device)
     * @param input the input
     * @param warmup unmeasured rounds first
     * @param rounds measured rounds
     * @return name to median milliseconds, in the variants' order
     */
    public static Map<String, Double> inferenceMedians(
            Map<String, Block> variants, NDArray input, int warmup, int rounds) {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        variants.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        for (int round = -warmup; round < rounds; round++) {
            for (Map.Entry<String, Block> v : variants.entrySet()) {
                try (NDManager scope = input.getManager().newSubManager()) {
                    // the pass's results live in the manager of its input: lend the input to the
                    // scope, or every intermediate of every round stays in the input's manager
                    input.tempAttach(scope);
                    long t0 = System.nanoTime();
                    NDList out =
                            v.getValue()
                                    .forward(
                                            new ParameterStore(scope, false),
                                            new NDList(input),
                                            false);
                    out.head().toFloatArray();
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (round >= 0) {
                        times.get(v.getKey()).add(ms);
                    }
                }
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        times.forEach((k, v) -> medians.put(k, median(v)));
        return medians;
    }

    /**
     * The median of measurements.
     *
     * @param values the values (not empty)
     * @return the middle value (the upper one of an even count)
     */
    public static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * The system load average, for the record.
     *
     * @return the 1, 5 and 15 minute averages, or "n/a"
     */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    /**
     * The CPU threads the JVM and the engine see.
     *
     * @return a line such as {@code "2 cores, engine threads: default"}
     */
    public static String threads() {
        return Runtime.getRuntime().availableProcessors()
                + " cores, engine intra-op threads: "
                + System.getProperty("ai.djl.pytorch.num_threads", "default")
                + ", inter-op: "
                + System.getProperty("ai.djl.pytorch.num_interop_threads", "default");
    }
}
