package ai.acosp.train.demo;

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
import ai.acosp.train.compact.CompressionReport;
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
import ai.djl.MalformedModelException;
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
import java.util.List;
import java.util.Map;

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

    private DemoRun() {}

    /**
     * What a demo produced.
     *
     * @param comparison dense, ACoSP-4 masked and ACoSP-4 compact: counts, files, times, tests
     * @param agreement the share of test pixels where compact and masked predictions agree
     * @param report the printed report
     */
    public record Result(CompressionReport comparison, double agreement, String report) {

        /**
         * Every figure that must repeat exactly on a rerun (all but the times).
         *
         * @return the figures as text
         */
        String figures() {
            StringBuilder text = new StringBuilder();
            for (CompressionReport.Row row : comparison.rows()) {
                SegmentationMetrics metrics = row.metrics().orElseThrow();
                text.append(row.name()).append(' ').append(metrics.summary());
                text.append(' ').append(Arrays.toString(metrics.iou()));
                text.append(' ').append(row.maskedLayers()).append(' ').append(row.parameters());
                text.append(' ').append(row.macs()).append(' ').append(row.bytes().orElseThrow());
                text.append('\n');
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
        List<String> prunedOverrides = concat(overrides, "weight", denseCheckpoint.toString());
        ExperimentConfig pruned = load(configRoot, PRUNED, prunedOverrides);

        List<Double> denseCurve = new ArrayList<>();
        TrainingRun denseRun = new TrainingRun(dense);
        denseRun.setEpochListener((epoch, model, trainer) -> denseCurve.add(meanIou(denseRun)));
        denseRun.run();
        SegmentationMetrics denseMetrics = new TestRun(dense).run();

        List<PruningChart.Epoch> pruning = new ArrayList<>();
        TrainingRun prunedRun = new TrainingRun(pruned);
        prunedRun.setEpochListener(
                (epoch, model, trainer) ->
                        pruning.add(
                                DemoPictures.epoch(
                                        epoch + 1, model.getBlock(), meanIou(prunedRun))));
        Path prunedCheckpoint = prunedRun.run();
        SegmentationMetrics prunedMetrics = new TestRun(pruned).run();

        ExperimentLayout prunedLayout = new ExperimentLayout(pruned);
        Path compactFolder = compact(pruned, prunedLayout);
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
        double agreement = maskedPredictions.agreement(compactPredictions, testData);

        CompressionReport comparison;
        try (Model denseModel = Model.newInstance("dense");
                Model maskedModel = Model.newInstance("masked");
                Model compactModel = CompactModels.load(compactFolder);
                NDManager manager = NDManager.newBaseManager()) {
            Block denseBlock = ModelSetup.loadTrained(dense, denseCheckpoint, denseModel);
            Block maskedBlock = ModelSetup.loadTrained(pruned, prunedCheckpoint, maskedModel);
            Block compactBlock = compactModel.getBlock();
            NDArray image = firstImage(testData, manager);
            Shape shape = image.getShape();
            CompressionReport.Row denseRow =
                    trained("SegNet (dense)", denseMetrics, denseBlock, denseCheckpoint, shape);
            CompressionReport.Row maskedRow =
                    trained(
                            "SegNet @ ACoSP-4",
                            prunedMetrics,
                            maskedBlock,
                            prunedCheckpoint,
                            shape);
            CompressionReport.Row compactRow =
                    CompressionReport.Row.of(
                                    "  compacted",
                                    0,
                                    LearnableParameters.count(compactBlock),
                                    CompactMacs.count(compactBlock, shape))
                            .withMetrics(compactMetrics)
                            .withBytes(CompactExperiment.folderSize(compactFolder));
            Map<String, Double> ms =
                    InferenceTiming.denseAgainstCompact(denseBlock, compactBlock, image, rounds);
            comparison =
                    new CompressionReport(
                            List.of(
                                    denseRow.withMilliseconds(ms.get("dense")),
                                    maskedRow,
                                    compactRow.withMilliseconds(ms.get("compact"))));
        }

        Path pictures = ExperimentLayout.experimentRoot().resolve(dense.getDataset());
        Path panel =
                DemoPictures.panel(
                        pictures, testData, palette, densePredictions, compactPredictions);
        Path chart = DemoPictures.chart(pictures, denseCurve, pruning);

        double minutes = (System.nanoTime() - start) / 6e10;
        DemoReport report =
                new DemoReport(
                        comparison,
                        agreement,
                        imageSize(testData),
                        minutes,
                        palette.getNames(),
                        panel,
                        chart,
                        List.of(
                                new ExperimentLayout(dense).folder(),
                                prunedLayout.folder(),
                                compactFolder));
        return new Result(comparison, agreement, report.text());
    }

    /** Compacts the ACoSP-4 model as tool/compact.sh does, its report going to the log. */
    private static Path compact(ExperimentConfig pruned, ExperimentLayout layout)
            throws IOException, MalformedModelException {
        Progress compacting = new Progress("Compacting " + PRUNED, 1, "model");
        compacting.update(0, "");
        Path folder;
        try (PrintStream log =
                new PrintStream(
                        Files.newOutputStream(layout.logFile("compact")),
                        true,
                        StandardCharsets.UTF_8)) {
            folder = new CompactExperiment(pruned, 0).run(log);
        }
        compacting.finish("saved to " + folder + " (report in " + layout.logFile("compact") + ")");
        return folder;
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

    /** A trained network's row: its counts as its masks leave it, its test and its weights file. */
    private static CompressionReport.Row trained(
            String name, SegmentationMetrics metrics, Block block, Path checkpoint, Shape shape)
            throws IOException {
        MaskedReport count = MaskedAccounting.measure(block, shape);
        return CompressionReport.Row.of(
                        name, count.maskedLayers(), count.prunedParameters(), count.prunedMacs())
                .withMetrics(metrics)
                .withBytes(weightsFile(checkpoint, block));
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

    /** The first test image as a normalised {@code (1, 3, H, W)} batch. */
    private static NDArray firstImage(SemSegDataset data, NDManager manager) throws IOException {
        try (SegSample sample = data.readSample(0)) {
            return TensorConversion.toImageTensor(manager, sample.image(), data.getNormalization())
                    .expandDims(0);
        }
    }

    private static String imageSize(SemSegDataset data) throws IOException {
        try (SegSample sample = data.readSample(0)) {
            return sample.height() + "x" + sample.width();
        }
    }
}
