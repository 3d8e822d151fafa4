package ai.acosp.bench;

import ai.acosp.core.Inject;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.compact.SyntheticBatchNorms;
import ai.acosp.core.measure.CompactMacs;
import ai.acosp.core.measure.LearnableParameters;
import ai.acosp.core.measure.MaskedAccounting;
import ai.acosp.models.compact.ModelCompaction;
import ai.acosp.train.compact.CompressionReport;
import ai.acosp.train.timing.RoundRobinTimer;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Inference latency of a dense, an ACoSP-4 hard-masked and compacted networks at ACoSP-2/4/8/16 on
 * random weights (batch norms with trained-looking statistics), with parameter and multiply-add
 * counts, printed as a {@link CompressionReport}. Variants are timed round-robin ({@link
 * RoundRobinTimer}).
 */
public final class CompactionBenchmark {

    /** The sparsities of ACoSP-2, -4, -8 and -16. */
    private static final float[] SPARSITIES = {0.5f, 0.75f, 0.875f, 0.9375f};

    private CompactionBenchmark() {}

    /**
     * Builds, compacts and times the variants of one network and prints a table.
     *
     * @param name the network's name for the table
     * @param factory builds the dense network
     * @param input the input shape
     * @param rounds measured rounds (after 2 warm-up rounds)
     * @param out where the table goes
     */
    public static void run(
            String name, Supplier<Block> factory, Shape input, int rounds, PrintStream out) {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Block> variants = new LinkedHashMap<>();
            Map<String, CompressionReport.Row> rows = new LinkedHashMap<>();
            Block dense = factory.get();
            dense.initialize(manager, DataType.FLOAT32, input);
            SyntheticBatchNorms.randomize(dense, 1);
            long denseMacs = MaskedAccounting.measure(dense, input).denseMacs();
            add(variants, rows, "dense", dense, 0, denseMacs);
            for (float s : SPARSITIES) {
                String tag = "ACoSP-" + Math.round(1 / (1 - s));
                if (tag.equals("ACoSP-4")) {
                    Block masked = hardMasked(factory, manager, input, s);
                    long maskedLayers = MaskedAccounting.measure(masked, input).maskedLayers();
                    add(variants, rows, tag + " masked", masked, maskedLayers, denseMacs);
                }
                Block compact = hardMasked(factory, manager, input, s);
                long t0 = System.nanoTime();
                ModelCompaction.compact(compact);
                out.printf(
                        Locale.ROOT,
                        "%s %s compaction took %.1f s%n",
                        name,
                        tag,
                        (System.nanoTime() - t0) / 1e9);
                add(
                        variants,
                        rows,
                        tag + " compact",
                        compact,
                        0,
                        CompactMacs.count(compact, input));
            }
            NDArray x = manager.randomNormal(0, 1, input, DataType.FLOAT32);
            Map<String, Double> ms = RoundRobinTimer.inferenceMedians(variants, x, 2, rounds);
            out.printf(
                    Locale.ROOT,
                    "%n%s inference %s, median of %d round-robin rounds (load average %s):%n",
                    name,
                    input,
                    rounds,
                    RoundRobinTimer.loadAverage());
            out.print(
                    new CompressionReport(
                                    rows.entrySet().stream()
                                            .map(
                                                    r ->
                                                            r.getValue()
                                                                    .withMilliseconds(
                                                                            ms.get(r.getKey())))
                                            .toList())
                            .table());
            out.println(
                    "(the masked network's parameters and MACs are dense counts: it computes every"
                            + " channel)");
        }
    }

    /** Adds a network to time and its row, with its parameters as it is. */
    private static void add(
            Map<String, Block> variants,
            Map<String, CompressionReport.Row> rows,
            String key,
            Block net,
            long maskedLayers,
            long macs) {
        variants.put(key, net);
        rows.put(
                key,
                CompressionReport.Row.of(key, maskedLayers, LearnableParameters.count(net), macs));
    }

    /**
     * A network with random hard masks at a sparsity and trained-looking batch-norm statistics.
     *
     * @param factory builds the dense network
     * @param manager the manager of its parameters
     * @param input the input shape
     * @param sparsity the sparsity of the masks
     * @return the initialised hard-masked network, its coupled convolutions sharing masks (the
     *     default of {@code acosp-train})
     */
    static Block hardMasked(
            Supplier<Block> factory, NDManager manager, Shape input, float sparsity) {
        Block net = factory.get();
        net.initialize(manager, DataType.FLOAT32, input);
        SoftTopKPruner.builder()
                .setFinalSparsity(sparsity)
                .setEndingEpoch(1)
                .build()
                .configureModel(net, ModelCompaction.maskGroups(net));
        Inject.softToHardK(net);
        net.initialize(manager, DataType.FLOAT32, input);
        SyntheticBatchNorms.randomize(net, 1);
        return net;
    }
}
