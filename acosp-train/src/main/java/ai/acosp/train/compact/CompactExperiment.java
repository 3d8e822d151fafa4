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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compacts the trained checkpoint of an experiment ({@code model_path}, by default its final
 * checkpoint; soft masks are hardened first), saves the compact model to {@code
 * <save_path>/compact/} beside the checkpoints and prints the report: per-layer channels before and
 * after, then the {@link CompressionReport} of the dense (same architecture, untrained), masked and
 * compact networks: parameters and multiply-adds, the checkpoint's and the compact model's file
 * sizes, and their inference latency on one {@code train_h x train_w} input.
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

            MaskedReport accounting = MaskedAccounting.measure(reference, input);
            CompressionReport.Row denseRow =
                    CompressionReport.Row.of(
                            "dense",
                            0,
                            LearnableParameters.count(dense),
                            MaskedAccounting.measure(dense, input).denseMacs());
            CompressionReport.Row maskedRow =
                    CompressionReport.Row.of(
                                    "masked (kept channels counted)",
                                    accounting.maskedLayers(),
                                    accounting.prunedParameters(),
                                    accounting.prunedMacs())
                            .withBytes(Files.size(checkpoint));

            int quantum = config.getInt("channel_quantum");
            long t0 = System.nanoTime();
            CompactionResult result = ModelCompaction.compact(net, quantum);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long compactParameters = LearnableParameters.count(net);
            long compactMacs = CompactMacs.count(net, input);
            CompactModels.save(compact, target, result);
            ServingFolder.writeLoadingFiles(config, target, null);
            CompressionReport.Row compactRow =
                    CompressionReport.Row.of(
                                    "compact (as saved and run)", 0, compactParameters, compactMacs)
                            .withBytes(folderSize(target));

            out.println(
                    "=> compacted '"
                            + checkpoint
                            + "' in "
                            + String.format(Locale.ROOT, "%.1f s", seconds));
            out.println(quantumLine(quantum));
            out.print(result.format());
            out.println();
            if (rounds > 0) {
                Map<String, Block> variants = new LinkedHashMap<>();
                variants.put("dense", dense);
                variants.put("masked", reference);
                variants.put("compact", net);
                NDArray x = manager.randomNormal(0, 1, input, DataType.FLOAT32);
                Map<String, Double> ms = RoundRobinTimer.inferenceMedians(variants, x, 2, rounds);
                denseRow = denseRow.withMilliseconds(ms.get("dense"));
                maskedRow = maskedRow.withMilliseconds(ms.get("masked"));
                compactRow = compactRow.withMilliseconds(ms.get("compact"));
            }
            out.print(new CompressionReport(List.of(denseRow, maskedRow, compactRow)).table());
            if (config.get("target_macs") != null) {
                out.printf(
                        Locale.ROOT,
                        "MAC target %.4f of dense: reached %.4f masked, %.4f compact%n",
                        config.getDouble("target_macs"),
                        (double) accounting.prunedMacs() / denseRow.macs(),
                        (double) compactMacs / denseRow.macs());
            }
            out.printf(
                    Locale.ROOT,
                    "MACs for input %s, the compact model's over live input channels only; files:"
                            + " the checkpoint %s (masked) and the compact model's folder%n",
                    input,
                    checkpoint.getFileName());
            if (rounds > 0) {
                out.printf(
                        Locale.ROOT,
                        "inference: median of %d round-robin rounds, the dense network untrained"
                                + " (%s; load average %s)%n",
                        rounds,
                        RoundRobinTimer.threads(),
                        RoundRobinTimer.loadAverage());
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
