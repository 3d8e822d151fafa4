package ai.acosp.bench;

import ai.acosp.core.BlockTree;
import ai.acosp.core.Inject;
import ai.acosp.core.MaskPlacement;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.measure.CompactMacs;
import ai.acosp.core.measure.MaskedAccounting;
import ai.acosp.core.nn.BlockParameters;
import ai.acosp.core.nn.ChannelMask;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.SoftTopKMask;
import ai.acosp.models.compact.ModelCompaction;
import ai.acosp.train.checkpoint.Checkpoint;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.config.Pruning;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelFactory;
import ai.acosp.train.experiment.ModelSetup;
import ai.acosp.train.run.TestRun;
import ai.acosp.train.run.TrainingRun;
import ai.acosp.train.timing.RoundRobinTimer;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which channels to keep: ACoSP-4 SegNet on the synthetic set, fine-tuned from one dense checkpoint
 * with the channels chosen five ways, over several seeds ({@code tool/bench.sh study}). Learned
 * selections train soft masks for the configuration's {@code ending_epoch} epochs and then hard
 * ones; the controls fix their hard masks from the start and train as many epochs.
 *
 * <ul>
 *   <li>{@code reference}: a mask after every convolution, as the reference;
 *   <li>{@code visible}: a mask per convolution after its batch norm;
 *   <li>{@code groups}: one mask per coupled group, after the convolutions (the default);
 *   <li>{@code groups_visible}: one mask per group, after the batch norms;
 *   <li>{@code random}: a random k-subset per group, hard from the start;
 *   <li>{@code l1}: the k filters of largest L1 norm per group (summed over its members), hard from
 *       the start.
 * </ul>
 *
 * <p>Per run: test mIoU, compact MACs at the test size and the compact model's speed-up over the
 * trained dense network (median of round-robin rounds on one test-size input). The runs keep their
 * files under {@code <experiment root>/synthetic/segnet_0.75/study/}; a run whose final checkpoint
 * is there is not trained again.
 */
public final class SelectionStudy {

    /** The ways of choosing channels, in the table's order. */
    public static final List<String> VARIANTS =
            List.of("reference", "visible", "groups", "groups_visible", "random", "l1");

    private static final String STUDY = "study";

    private final Path configRoot;
    private final List<String> variants;
    private final List<Integer> seeds;
    private final int rounds;
    private final PrintStream out;

    /**
     * Creates the study.
     *
     * @param configRoot the repository's {@code config} folder
     * @param variants which of {@link #VARIANTS} to run
     * @param seeds the training seeds ({@code manual_seed}); each variant runs once per seed
     * @param rounds timing rounds per run
     * @param out where the progress and the table go
     */
    public SelectionStudy(
            Path configRoot,
            List<String> variants,
            List<Integer> seeds,
            int rounds,
            PrintStream out) {
        for (String variant : variants) {
            if (!VARIANTS.contains(variant)) {
                throw new IllegalArgumentException(
                        "unknown study variant " + variant + "; known: " + VARIANTS);
            }
        }
        this.configRoot = configRoot;
        this.variants = variants;
        this.seeds = seeds;
        this.rounds = rounds;
        this.out = out;
    }

    /** One run's figures. */
    record Run(String variant, int seed, double miou, long macs, long denseMacs, double speedUp) {}

    /**
     * Runs every variant for every seed and prints the table.
     *
     * @return the runs
     * @throws Exception if a run fails
     */
    public List<Run> run() throws Exception {
        long start = System.nanoTime();
        ExperimentConfig dense = config("segnet", STUDY + "/dense", List.of());
        Path denseCheckpoint = new ExperimentLayout(dense).finalCheckpoint();
        if (!Files.isRegularFile(denseCheckpoint)) {
            new TrainingRun(dense).run();
        }
        double denseMiou = new TestRun(dense).run().meanIou();
        out.printf(
                Locale.ROOT, "=> study: dense SegNet mIoU %.4f (%s)%n", denseMiou, denseCheckpoint);
        List<Run> runs = new ArrayList<>();
        try (Model denseModel = Model.newInstance("dense")) {
            Dense trained =
                    new Dense(
                            denseCheckpoint,
                            ModelSetup.loadTrained(dense, denseCheckpoint, denseModel),
                            testShape(dense));
            for (String variant : variants) {
                for (int seed : seeds) {
                    runs.add(run(variant, seed, trained));
                }
            }
        }
        out.print(table(runs, denseMiou));

        out.printf(
                Locale.ROOT,
                "study: %d runs in %.1f min; %s; load average %s%n",
                runs.size(),
                (System.nanoTime() - start) / 60e9,
                RoundRobinTimer.threads(),
                RoundRobinTimer.loadAverage());
        return runs;
    }

    /** The trained dense network, its multiply-adds at the test size and that size. */
    private record Dense(Path checkpoint, Block block, Shape input, long macs) {
        Dense(Path checkpoint, Block block, Shape input) {
            this(checkpoint, block, input, MaskedAccounting.measure(block, input).denseMacs());
        }
    }

    private static Shape testShape(ExperimentConfig c) {
        return new Shape(1, 3, c.getInt("test_h"), c.getInt("test_w"));
    }

    private Run run(String variant, int seed, Dense dense) throws Exception {
        Path denseCheckpoint = dense.checkpoint();
        String folder = STUDY + "/" + variant + "/seed" + seed;
        List<String> overrides = new ArrayList<>(List.of("manual_seed", String.valueOf(seed)));
        overrides.addAll(
                List.of(
                        "mask_groups",
                        String.valueOf(!variant.equals("reference") && !variant.equals("visible")),
                        "mask_position",
                        variant.endsWith("visible") ? "batch_norm" : "conv"));
        ExperimentConfig pruned = config("segnet_0.75", folder, overrides);
        ExperimentLayout layout = new ExperimentLayout(pruned);
        boolean trained = Files.isRegularFile(layout.finalCheckpoint());
        if (variant.equals("random") || variant.equals("l1")) {
            Path fixed = layout.modelFolder().resolve("fixed_selection.ckpt");
            if (!trained) {
                writeFixedSelection(pruned, denseCheckpoint, fixed, variant, seed);
            }
            overrides.addAll(List.of("weight", fixed.toString()));
        } else {
            overrides.addAll(List.of("weight", denseCheckpoint.toString()));
        }
        pruned = config("segnet_0.75", folder, overrides);
        if (!trained) {
            new TrainingRun(pruned).run();
        }
        double miou = new TestRun(pruned).run().meanIou();
        Run run = measure(variant, seed, miou, dense, pruned, layout);
        out.printf(
                Locale.ROOT,
                "=> study: %s seed %d: mIoU %.4f, compact MACs %,d (%.2fx), %.2fx faster%n",
                variant,
                seed,
                run.miou(),
                run.macs(),
                (double) run.denseMacs() / run.macs(),
                run.speedUp());
        return run;
    }

    private Run measure(
            String variant,
            int seed,
            double miou,
            Dense dense,
            ExperimentConfig pruned,
            ExperimentLayout layout)
            throws Exception {
        try (Model compactModel = Model.newInstance("compact");
                NDManager manager = NDManager.newBaseManager()) {
            Block compact = ModelSetup.loadTrained(pruned, layout.finalCheckpoint(), compactModel);
            ModelCompaction.compact(compact);
            long macs = CompactMacs.count(compact, dense.input());
            Map<String, Block> timed = new LinkedHashMap<>();
            timed.put("dense", dense.block());
            timed.put("compact", compact);
            NDArray x = manager.randomNormal(0, 1, dense.input(), DataType.FLOAT32);
            Map<String, Double> ms = RoundRobinTimer.inferenceMedians(timed, x, 2, rounds);
            return new Run(
                    variant, seed, miou, macs, dense.macs(), ms.get("dense") / ms.get("compact"));
        }
    }

    /**
     * Writes a hard-masked checkpoint of the dense weights whose masks keep a random k-subset or
     * the k filters of largest L1 norm, one selection per mask group.
     */
    private static void writeFixedSelection(
            ExperimentConfig c, Path denseCheckpoint, Path file, String variant, int seed)
            throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ModelFactory.build(c);
            Shape input = ModelFactory.inputShape(c, 1);
            net.initialize(manager, DataType.FLOAT32, input);
            ModelSetup.loadWeights(denseCheckpoint, net, manager);
            SoftTopKPruner pruner = Pruning.fromConfig(c);
            pruner.configureModel(
                    net,
                    ModelSetup.maskGroups(net, pruner, true),
                    ModelSetup.budget(c, net, pruner),
                    MaskPlacement.afterConvolutions());
            Map<ChannelMask, float[]> scores = new IdentityHashMap<>();
            SplittableRandom random = new SplittableRandom(seed);
            for (Pair<String, ChannelMask> entry : MaskPlacement.masksByConvolution(net)) {
                float[] score =
                        scores.computeIfAbsent(entry.getValue(), m -> new float[m.getChannels()]);
                if (variant.equals("random")) {
                    continue;
                }
                float[] l1 = filterL1(conv(net, entry.getKey()));
                for (int i = 0; i < score.length; i++) {
                    score[i] += l1[i];
                }
            }
            for (Map.Entry<ChannelMask, float[]> entry : scores.entrySet()) {
                float[] score = entry.getValue();
                if (variant.equals("random")) {
                    for (int i = 0; i < score.length; i++) {
                        score[i] = (float) random.nextDouble();
                    }
                }
                ((SoftTopKMask) entry.getKey()).getLogits().getArray().set(score);
            }
            Inject.softToHardK(net);
            Files.createDirectories(file.getParent());
            Checkpoint.save(file, net, new Checkpoint.Header(0, 0, MaskState.HARD, Map.of()), null);
        }
    }

    private static Block conv(Block net, String path) {
        Block[] found = {null};
        BlockTree.visit(
                net,
                (p, block) -> {
                    if (p.equals(path)) {
                        found[0] = block instanceof MaskedConvolution m ? m.getConv() : block;
                    }
                });
        return found[0];
    }

    /** The L1 norm of each output filter of a convolution. */
    private static float[] filterL1(Block conv) {
        NDArray weight = BlockParameters.direct(conv, "weight").getArray();
        try (NDManager scope = weight.getManager().newSubManager()) {
            NDArray w = weight.duplicate();
            w.attach(scope);
            return w.abs().reshape(w.getShape().get(0), -1).sum(new int[] {1}).toFloatArray();
        }
    }

    private ExperimentConfig config(String name, String folder, List<String> overrides) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(
                List.of(
                        // the test at the end is the figure: no validation after each epoch
                        "evaluate",
                        "False",
                        "save_path",
                        folder,
                        "save_folder",
                        folder + "/ss",
                        "result_path",
                        folder + "/ss/results.csv"));
        return ConfigLoader.load(
                configRoot.resolve("synthetic").resolve("synthetic_" + name + ".yaml"), all);
    }

    /**
     * The table: per variant the mean and spread (sample standard deviation, min-max) of test mIoU,
     * the compact MACs and the speed-up.
     *
     * @param runs the runs
     * @param denseMiou the dense network's test mIoU
     * @return markdown rows
     */
    static String table(List<Run> runs, double denseMiou) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%n| selection | seeds | test mIoU mean | std | min-max | compact MACs |"
                                + " fewer MACs | speed-up |%n|---|---|---|---|---|---|---|---|%n"));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "| dense | 1 | %.4f | - | - | - | 1.00x | 1.00x |%n",
                        denseMiou));
        Map<String, List<Run>> byVariant = new LinkedHashMap<>();
        for (Run run : runs) {
            byVariant.computeIfAbsent(run.variant(), v -> new ArrayList<>()).add(run);
        }
        for (Map.Entry<String, List<Run>> entry : byVariant.entrySet()) {
            List<Run> group = entry.getValue();
            double[] miou = group.stream().mapToDouble(Run::miou).toArray();
            double mean = mean(miou);
            double macs = group.stream().mapToDouble(Run::macs).average().orElse(0);
            double dense = group.get(0).denseMacs();
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %.4f | %.4f | %.4f-%.4f | %,.0f | %.2fx | %.2fx |%n",
                            entry.getKey(),
                            group.size(),
                            mean,
                            std(miou, mean),
                            Arrays.stream(miou).min().orElse(0),
                            Arrays.stream(miou).max().orElse(0),
                            macs,
                            dense / macs,
                            mean(group.stream().mapToDouble(Run::speedUp).toArray())));
        }
        return sb.toString();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double std(double[] values, double mean) {
        if (values.length < 2) {
            return 0;
        }
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
