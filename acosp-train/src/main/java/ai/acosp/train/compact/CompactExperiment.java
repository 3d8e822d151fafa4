package ai.acosp.train.compact;

import ai.acosp.core.Inject;
import ai.acosp.core.compact.CompactionResult;
import ai.acosp.core.measure.CompactMacs;
import ai.acosp.core.measure.LearnableParameters;
import ai.acosp.core.measure.MaskedAccounting;
import ai.acosp.core.measure.MaskedReport;
import ai.acosp.models.compact.CompactModels;
import ai.acosp.models.compact.ModelCompaction;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.deploy.ServingFolder;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelFactory;
import ai.acosp.train.experiment.ModelSetup;
import ai.acosp.train.timing.RoundRobinTimer;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compacts the trained checkpoint of an experiment ({@code model_path}, by default its final
 * checkpoint; soft masks are hardened first), saves the compact model to {@code
 * <save_path>/compact/} beside the checkpoints and prints the report: per-layer channels before and
 * after, parameters and multiply-adds of the dense, masked and compact networks, the file sizes,
 * and inference latency of dense (same architecture, untrained), masked and compact networks on one
 * {@code train_h x train_w} input.
 *
 * <p>The key {@code channel_quantum} (default 1: off) rounds the input channels of convolutions
 * larger than 1x1 to multiples ({@link ai.acosp.core.compact.Compactor.Builder#optChannelQuantum});
 * the report names the quantum used. Nothing is chosen from the machine: one checkpoint compacts to
 * one model everywhere.
 *
 * <p>The command line is {@link ai.acosp.train.cli.Compact} ({@code tool/compact.sh}).
 */
public final class CompactExperiment {

    /** The folder under the experiment's {@code save_path} that receives the compact model. */
    public static final String FOLDER = "compact";

    private final ExperimentConfig config;
    private final int rounds;

    /**
     * Creates the job.
     *
     * @param config the experiment's configuration
     * @param rounds measured latency rounds (0: no latency)
     */
    public CompactExperiment(ExperimentConfig config, int rounds) {
        this.config = config;
        this.rounds = rounds;
    }

    /**
     * Compacts, saves and reports.
     *
     * @param out where the report goes
     * @return the folder of the saved compact model
     * @throws IOException if a file cannot be read or written
     * @throws MalformedModelException if the checkpoint does not fit the configuration
     */
    public Path run(PrintStream out) throws IOException, MalformedModelException {
        ExperimentLayout layout = new ExperimentLayout(config);
        Path checkpoint = layout.modelPath();
        Path target = layout.modelFolder().resolve(FOLDER);
        Shape input = ModelFactory.inputShape(config, 1);
        try (Model compact = Model.newInstance("compact");
                Model masked = Model.newInstance("masked");
                NDManager manager = NDManager.newBaseManager()) {
            Block net = loadHard(checkpoint, compact);
            Block reference = loadHard(checkpoint, masked);
            Block dense = ModelFactory.build(config);
            dense.initialize(manager, DataType.FLOAT32, input);

            long denseParameters = LearnableParameters.count(dense);
            MaskedReport accounting = MaskedAccounting.measure(reference, input);
            long denseMacs = MaskedAccounting.measure(dense, input).denseMacs();

            int quantum = config.getInt("channel_quantum");
            long t0 = System.nanoTime();
            CompactionResult result = ModelCompaction.compact(net, quantum);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long compactParameters = LearnableParameters.count(net);
            long compactMacs = CompactMacs.count(net, input);
            CompactModels.save(compact, target, result);
            ServingFolder.writeLoadingFiles(config, target, null);

            out.println(
                    "=> compacted '"
                            + checkpoint
                            + "' in "
                            + String.format(Locale.ROOT, "%.1f s", seconds));
            out.println(quantumLine(quantum));
            out.print(result.format());
            out.println();
            out.printf(
                    Locale.ROOT,
                    "%-34s %14s %8s %16s %8s%n",
                    "",
                    "parameters",
                    "ratio",
                    "MACs/sample",
                    "ratio");
            row(out, "dense", denseParameters, denseParameters, denseMacs, denseMacs);
            row(
                    out,
                    "masked (kept channels counted)",
                    accounting.prunedParameters(),
                    denseParameters,
                    accounting.prunedMacs(),
                    denseMacs);
            row(
                    out,
                    "compact (as saved and run)",
                    compactParameters,
                    denseParameters,
                    compactMacs,
                    denseMacs);
            out.printf(
                    Locale.ROOT,
                    "MACs for input %s; compact MACs count live input channels only%n",
                    input);
            long checkpointBytes = Files.size(checkpoint);
            long compactBytes = folderSize(target);
            out.printf(
                    Locale.ROOT,
                    "files: checkpoint %s %,d bytes; compact %s %,d bytes (x%.2f smaller)%n",
                    checkpoint.getFileName(),
                    checkpointBytes,
                    target,
                    compactBytes,
                    (double) checkpointBytes / compactBytes);
            if (rounds > 0) {
                Map<String, Block> variants = new LinkedHashMap<>();
                variants.put("dense", dense);
                variants.put("masked", reference);
                variants.put("compact", net);
                NDArray x = manager.randomNormal(0, 1, input, DataType.FLOAT32);
                Map<String, Double> ms = RoundRobinTimer.inferenceMedians(variants, x, 2, rounds);
                out.printf(
                        Locale.ROOT,
                        "inference %s, median of %d round-robin rounds (%s; load average %s):%n",
                        input,
                        rounds,
                        RoundRobinTimer.threads(),
                        RoundRobinTimer.loadAverage());
                for (Map.Entry<String, Double> e : ms.entrySet()) {
                    out.printf(
                            Locale.ROOT,
                            "  %-8s %9.1f ms  x%.2f faster than dense%n",
                            e.getKey(),
                            e.getValue(),
                            ms.get("dense") / e.getValue());
                }
            }
            out.println("=> saved compact model to '" + target + "'");
        }
        return target;
    }

    /**
     * The report's line on the channel quantum, e.g. {@code channel quantum: 1 (off)}.
     *
     * @param quantum the quantum used
     * @return the line
     */
    public static String quantumLine(int quantum) {
        return "channel quantum: "
                + quantum
                + (quantum == 1
                        ? " (off)"
                        : " (inputs of convolutions larger than 1x1 rounded to multiples of "
                                + quantum
                                + ")");
    }

    private Block loadHard(Path checkpoint, Model model)
            throws IOException, MalformedModelException {
        Block block = ModelSetup.loadTrained(config, checkpoint, model);
        if (MaskState.of(block) == MaskState.SOFT) {
            Inject.softToHardK(block);
        }
        return block;
    }

    private static void row(
            PrintStream out,
            String name,
            long params,
            long denseParams,
            long macs,
            long denseMacs) {
        out.printf(
                Locale.ROOT,
                "%-34s %,14d %7.2fx %,16d %7.2fx%n",
                name,
                params,
                (double) denseParams / params,
                macs,
                (double) denseMacs / macs);
    }

    /**
     * The bytes of all files below a folder, e.g. a saved compact model.
     *
     * @param dir the folder
     * @return the total size
     * @throws IOException if a file cannot be read
     */
    public static long folderSize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            f -> {
                                try {
                                    return Files.size(f);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .sum();
        }
    }
}
