package ai.acosp.train.demo;

import ai.acosp.core.MaskStatistics;
import ai.acosp.core.measure.CompactMacs;
import ai.acosp.core.measure.LearnableParameters;
import ai.acosp.core.measure.MaskedAccounting;
import ai.acosp.core.measure.MaskedReport;
import ai.acosp.data.image.TensorConversion;
import ai.acosp.data.meta.ClassPalette;
import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.data.transform.SegSample;
import ai.acosp.models.compact.CompactModels;
import ai.acosp.train.checkpoint.Checkpoint;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.DataFactory;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelSetup;
import ai.acosp.train.experiment.Palettes;
import ai.acosp.train.inference.PredictionFiles;
import ai.acosp.train.log.Progress;
import ai.acosp.train.metrics.SegmentationMetrics;
import ai.acosp.train.run.TestRun;
import ai.acosp.train.run.TrainingRun;
import ai.acosp.train.timing.RoundRobinTimer;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The embedded ACoSP experiment, the whole promise in a few minutes on a CPU: trains and tests a
 * dense SegNet on the synthetic data set ({@code config/synthetic/}), prunes it to ACoSP-4 while
 * fine-tuning, compacts the pruned model into a small network, tests that too (it must predict what
 * the masked model predicts), times dense against compact inference on one validation image, draws
 * {@code demo.png} (predictions) and {@code pruning.png} (the masks and mIoU per epoch) and prints
 * a table. {@code tool/demo.sh [key value ...]} ({@link ai.acosp.train.cli.Demo}): the overrides
 * apply to both runs.
 *
 * <p>With its fixed seed every figure but the measured times is the same on every run on the same
 * machine and libtorch build.
 */
public final class DemoRun {

    /** The dense experiment, {@code config/synthetic/synthetic_segnet.yaml}. */
    static final String DENSE = "segnet";

    /** The ACoSP-4 experiment, {@code config/synthetic/synthetic_segnet_0.75.yaml}. */
    static final String PRUNED = "segnet_0.75";

    /** Where the compact model's test writes its predictions, inside the ACoSP-4 experiment. */
    static final String COMPACT_RESULT = "result/compact";

    /** The weights-only copy of a final checkpoint, beside it. */
    static final String WEIGHTS = "final_weights.ckpt";

    private static final int PANEL_ROWS = 4;
    private static final int PANEL_SCALE = 3;

    private DemoRun() {}

    /**
     * One row of the final table.
     *
     * @param name the model
     * @param metrics the test counts
     * @param maskedLayers masked convolutions (0 for dense and compact)
     * @param parameters learnable parameters that count
     * @param macs multiply-adds for one test image
     * @param bytes the size of the saved weights (without optimizer state)
     */
    public record Row(
            String name,
            SegmentationMetrics metrics,
            long maskedLayers,
            long parameters,
            long macs,
            long bytes) {}

    /**
     * What a demo produced.
     *
     * @param rows dense, ACoSP-4 masked, ACoSP-4 compact
     * @param agreement the share of test pixels where compact and masked predictions agree
     * @param milliseconds median inference time of the dense and the compact model
     * @param report the printed report
     */
    public record Result(
            List<Row> rows, double agreement, Map<String, Double> milliseconds, String report) {

        /**
         * Every figure that must repeat exactly on a rerun (all but the times).
         *
         * @return the figures as text
         */
        String figures() {
            StringBuilder text = new StringBuilder();
            for (Row row : rows) {
                text.append(row.name()).append(' ').append(row.metrics().summary());
                text.append(' ').append(Arrays.toString(row.metrics().iou()));
                text.append(' ').append(row.maskedLayers()).append(' ').append(row.parameters());
                text.append(' ').append(row.macs()).append(' ').append(row.bytes()).append('\n');
            }
            return text.append(agreement).toString();
        }
    }

    /**
     * Runs the demo.
     *
     * @param configRoot the repository's {@code config} folder
     * @param overrides the overrides for both experiments
     * @param rounds measured rounds of the inference timing
     * @return the figures and the report
     * @throws Exception if a phase fails
     */
    public static Result run(Path configRoot, List<String> overrides, int rounds) throws Exception {
        long start = System.nanoTime();
        ExperimentConfig dense = load(configRoot, DENSE, overrides);
        Path denseCheckpoint = new ExperimentLayout(dense).finalCheckpoint();
        List<String> prunedOverrides = new ArrayList<>(overrides);
        prunedOverrides.addAll(List.of("weight", denseCheckpoint.toString()));
        ExperimentConfig pruned = load(configRoot, PRUNED, prunedOverrides);

        List<Double> denseCurve = new ArrayList<>();
        TrainingRun denseRun = new TrainingRun(dense);
        denseRun.setEpochListener((epoch, model, trainer) -> denseCurve.add(meanIou(denseRun)));
        denseRun.run();
        SegmentationMetrics denseMetrics = new TestRun(dense).run();

        List<PruningChart.Epoch> pruning = new ArrayList<>();
        TrainingRun prunedRun = new TrainingRun(pruned);
        prunedRun.setEpochListener(
                (epoch, model, trainer) -> {
                    MaskStatistics masks = MaskStatistics.collect(model.getBlock());
                    var temperature = masks.aggregates().get("temperature");
                    pruning.add(
                            new PruningChart.Epoch(
                                    epoch + 1,
                                    masks.aggregates().get("chosen").mean(),
                                    masks.aggregates().get("pruned").mean(),
                                    masks.aggregates().get("undecided").mean(),
                                    temperature == null ? Double.NaN : temperature.mean(),
                                    meanIou(prunedRun)));
                });
        Path prunedCheckpoint = prunedRun.run();
        SegmentationMetrics prunedMetrics = new TestRun(pruned).run();

        Progress compacting = new Progress("Compacting " + PRUNED, 1, "model");
        compacting.update(0, "");
        ExperimentLayout prunedLayout = new ExperimentLayout(pruned);
        Path compactFolder;
        try (PrintStream log =
                new PrintStream(
                        Files.newOutputStream(prunedLayout.logFile("compact")),
                        true,
                        StandardCharsets.UTF_8)) {
            compactFolder = new CompactExperiment(pruned, 0).run(log);
        }
        compacting.finish(
                "saved to "
                        + compactFolder
                        + " (report in "
                        + prunedLayout.logFile("compact")
                        + ")");
        ExperimentConfig compact =
                load(
                        configRoot,
                        PRUNED,
                        concat(
                                prunedOverrides,
                                "model_path",
                                compactFolder.toString(),
                                "save_folder",
                                COMPACT_RESULT,
                                "result_path",
                                COMPACT_RESULT + "/results.csv"));
        SegmentationMetrics compactMetrics = new TestRun(compact).run();

        SemSegDataset testData = DataFactory.testing(dense, new ExperimentLayout(dense));
        ClassPalette palette = Palettes.of(dense);
        PredictionFiles densePredictions =
                new PredictionFiles(new ExperimentLayout(dense).saveFolder(), palette);
        PredictionFiles maskedPredictions = new PredictionFiles(prunedLayout.saveFolder(), palette);
        PredictionFiles compactPredictions =
                new PredictionFiles(new ExperimentLayout(compact).saveFolder(), palette);
        double agreement = agreement(testData, maskedPredictions, compactPredictions);

        List<Row> rows = new ArrayList<>();
        Map<String, Double> milliseconds;
        try (Model denseModel = Model.newInstance("dense");
                Model maskedModel = Model.newInstance("masked");
                Model compactModel = CompactModels.load(compactFolder);
                NDManager manager = NDManager.newBaseManager()) {
            Block denseBlock = ModelSetup.loadTrained(dense, denseCheckpoint, denseModel);
            Block maskedBlock = ModelSetup.loadTrained(pruned, prunedCheckpoint, maskedModel);
            Block compactBlock = compactModel.getBlock();
            NDArray image = firstImage(testData, manager);
            Shape shape = image.getShape();
            MaskedReport denseCount = MaskedAccounting.measure(denseBlock, shape);
            MaskedReport maskedCount = MaskedAccounting.measure(maskedBlock, shape);
            rows.add(
                    new Row(
                            "SegNet (dense)",
                            denseMetrics,
                            0,
                            denseCount.prunedParameters(),
                            denseCount.prunedMacs(),
                            weightsFile(denseCheckpoint, denseBlock)));
            rows.add(
                    new Row(
                            "SegNet @ ACoSP-4",
                            prunedMetrics,
                            maskedCount.maskedLayers(),
                            maskedCount.prunedParameters(),
                            maskedCount.prunedMacs(),
                            weightsFile(prunedCheckpoint, maskedBlock)));
            rows.add(
                    new Row(
                            "  compacted",
                            compactMetrics,
                            0,
                            LearnableParameters.count(compactBlock),
                            CompactMacs.count(compactBlock, shape),
                            CompactExperiment.folderSize(compactFolder)));
            milliseconds = time(denseBlock, compactBlock, image, rounds);
        }

        Path pictures = ExperimentLayout.experimentRoot().resolve(dense.getDataset());
        Path panel = pictures.resolve("demo.png");
        writePanel(panel, testData, palette, densePredictions, compactPredictions);
        Path chart = pictures.resolve("pruning.png");
        PruningChart.write(
                chart,
                "ACoSP-4 on SegNet, synthetic data set: masks and validation mIoU per epoch",
                denseCurve,
                pruning,
                "SegNet @ ACoSP-4 (from the dense weights)");

        double minutes = (System.nanoTime() - start) / 6e10;
        String report =
                report(
                        rows,
                        agreement,
                        milliseconds,
                        shape(testData),
                        minutes,
                        palette.getNames(),
                        List.of(
                                new ExperimentLayout(dense).folder(),
                                prunedLayout.folder(),
                                compactFolder),
                        panel,
                        chart);
        return new Result(rows, agreement, milliseconds, report);
    }

    private static ExperimentConfig load(Path configRoot, String name, List<String> overrides) {
        return ConfigLoader.load(
                configRoot.resolve("synthetic").resolve("synthetic_" + name + ".yaml"), overrides);
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(Arrays.asList(more));
        return all;
    }

    private static double meanIou(TrainingRun run) {
        return run.lastValidation() == null ? Double.NaN : run.lastValidation().meanIou();
    }

    /**
     * Saves the network's weights without the optimizer state beside its checkpoint, as a fair size
     * to compare with the compact model's files.
     *
     * @return the file's size
     */
    private static long weightsFile(Path checkpoint, Block block) throws IOException {
        Path file = checkpoint.resolveSibling(WEIGHTS);
        Checkpoint.save(file, block, Checkpoint.readHeader(checkpoint), null);
        return Files.size(file);
    }

    /** The share of test pixels where two saved predictions agree. */
    private static double agreement(SemSegDataset data, PredictionFiles a, PredictionFiles b)
            throws IOException {
        long same = 0;
        long all = 0;
        for (int i = 0; i < data.getList().size(); i++) {
            String name = PredictionFiles.baseName(data.getEntry(i).image());
            int[] x = a.readGray(name);
            int[] y = b.readGray(name);
            for (int p = 0; p < x.length; p++) {
                same += x[p] == y[p] ? 1 : 0;
            }
            all += x.length;
        }
        return (double) same / all;
    }

    /** The first test image as a normalised {@code (1, 3, H, W)} batch. */
    private static NDArray firstImage(SemSegDataset data, NDManager manager) throws IOException {
        try (SegSample sample = data.readSample(0)) {
            return TensorConversion.toImageTensor(manager, sample.image(), data.getNormalization())
                    .expandDims(0);
        }
    }

    private static String shape(SemSegDataset data) throws IOException {
        try (SegSample sample = data.readSample(0)) {
            return sample.height() + "x" + sample.width();
        }
    }

    /** Median inference times of the dense and the compact model, round by round. */
    private static Map<String, Double> time(Block dense, Block compact, NDArray image, int rounds) {
        Map<String, Block> variants = new LinkedHashMap<>();
        variants.put("dense", dense);
        variants.put("compact", compact);
        RoundRobinTimer.inferenceMedians(variants, image, 0, 1); // warm-up
        Map<String, List<Double>> times = new LinkedHashMap<>();
        variants.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        Progress progress = new Progress("Timing dense vs compact", rounds, "rounds");
        for (int round = 0; round < rounds; round++) {
            RoundRobinTimer.inferenceMedians(variants, image, 0, 1)
                    .forEach((k, ms) -> times.get(k).add(ms));
            progress.update(round + 1, "");
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        times.forEach((k, v) -> medians.put(k, RoundRobinTimer.median(v)));
        progress.finish(
                String.format(
                        Locale.ROOT,
                        "dense %.1f ms, compact %.1f ms",
                        medians.get("dense"),
                        medians.get("compact")));
        return medians;
    }

    private static void writePanel(
            Path file,
            SemSegDataset data,
            ClassPalette palette,
            PredictionFiles dense,
            PredictionFiles compact)
            throws IOException {
        List<PredictionPanel.Row> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(PANEL_ROWS, data.getList().size()); i++) {
            String name = PredictionFiles.baseName(data.getEntry(i).image());
            try (SegSample sample = data.readSample(i)) {
                Mat image = new Mat();
                sample.image().convertTo(image, CvType.CV_8UC3);
                byte[] rgb = new byte[(int) (image.total() * 3)];
                image.get(0, 0, rgb);
                image.release();
                byte[] label = TensorConversion.labelBytes(sample.label());
                int[] truth = new int[label.length];
                for (int p = 0; p < label.length; p++) {
                    truth[p] = label[p] & 0xFF;
                }
                rows.add(
                        new PredictionPanel.Row(
                                rgb,
                                List.of(truth, dense.readGray(name), compact.readGray(name)),
                                sample.height(),
                                sample.width()));
            }
        }
        PredictionPanel.write(
                file,
                List.of("image", "ground truth", "dense SegNet", "compact ACoSP-4"),
                rows,
                palette,
                PANEL_SCALE);
    }

    private static String report(
            List<Row> rows,
            double agreement,
            Map<String, Double> ms,
            String imageSize,
            double minutes,
            List<String> classNames,
            List<Path> folders,
            Path panel,
            Path chart) {
        Row denseRow = rows.get(0);
        StringBuilder text = new StringBuilder();
        text.append(
                String.format(
                        Locale.ROOT,
                        "%nACoSP demo on the synthetic data set, CPU, %.1f minutes%n",
                        minutes));
        text.append(
                String.format(
                        Locale.ROOT,
                        "%-17s %6s %6s %6s %6s  %19s  %21s  %16s  %s%n",
                        "model",
                        "mIoU",
                        "mAcc",
                        "allAcc",
                        "masked",
                        "parameters (ratio)",
                        "MACs/image (ratio)",
                        "file (ratio)",
                        "inference (speed-up)"));
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            String speed = "";
            if (r == 0) {
                speed = String.format(Locale.ROOT, "%6.1f ms (1.00x)", ms.get("dense"));
            } else if (r == 2) {
                speed =
                        String.format(
                                Locale.ROOT,
                                "%6.1f ms (%.2fx)",
                                ms.get("compact"),
                                ms.get("dense") / ms.get("compact"));
            }
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%-17s %6.4f %6.4f %6.4f %6d  %,10d (%5.2fx)  %,12d (%5.2fx)  %5.1f MB (%4.1fx)  %s%n",
                            row.name(),
                            row.metrics().meanIou(),
                            row.metrics().meanAccuracy(),
                            row.metrics().allAccuracy(),
                            row.maskedLayers(),
                            row.parameters(),
                            (double) denseRow.parameters() / row.parameters(),
                            row.macs(),
                            (double) denseRow.macs() / row.macs(),
                            row.bytes() / 1e6,
                            (double) denseRow.bytes() / row.bytes(),
                            speed));
        }
        text.append("IoU per class    ");
        classNames.forEach(n -> text.append(String.format(Locale.ROOT, " %10s", n)));
        text.append('\n');
        for (Row row : rows) {
            text.append(String.format(Locale.ROOT, "%-17s", row.name()));
            for (double iou : row.metrics().iou()) {
                text.append(String.format(Locale.ROOT, " %10.4f", iou));
            }
            text.append('\n');
        }
        text.append(
                String.format(
                        Locale.ROOT,
                        "The compact model predicts the masked model's class on %.4f%% of the test pixels."
                                + "%nMACs and inference for one %s test image, median of the timed rounds"
                                + " (%s; load average %s).%n",
                        100 * agreement,
                        imageSize,
                        RoundRobinTimer.threads(),
                        RoundRobinTimer.loadAverage()));
        text.append("Pictures:\n  ")
                .append(panel)
                .append(
                        "   (validation images: image, ground truth, dense and compact predictions)\n");
        text.append("  ")
                .append(chart)
                .append("   (ACoSP-4 masks and validation mIoU per epoch)\n");
        text.append(
                "Outputs (checkpoints, logs, tensorboard/, result/ with gray/ and color/ predictions and results.csv):\n");
        folders.forEach(folder -> text.append("  ").append(folder).append('\n'));
        return text.toString();
    }
}
