package ai.acosp.train;

import ai.acosp.core.measure.MaskedAccounting;
import ai.acosp.core.measure.MaskedReport;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelFactory;
import ai.acosp.train.experiment.ModelSetup;
import ai.acosp.train.metrics.SegmentationMetrics;
import ai.acosp.train.run.TestRun;
import ai.acosp.train.run.TrainingRun;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Block;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The embedded ACoSP experiment: trains and tests a dense SegNet and a SegNet at ACoSP-4 on the
 * synthetic data set ({@code config/synthetic/}), then prints mIoU, masked channels and parameter
 * and multiply-add ratios. {@code Demo [key value ...]}: the overrides apply to both runs.
 */
public final class Demo {

    /** The experiments of the demo, {@code config/synthetic/synthetic_<name>.yaml}. */
    static final List<String> NAMES = List.of("segnet", "segnet_0.75");

    private Demo() {}

    /**
     * Entry point.
     *
     * @param args overrides, e.g. {@code epochs 2}
     */
    public static void main(String[] args) {
        String[] withConfig = new String[args.length + 1];
        withConfig[0] = "config/synthetic/synthetic_segnet.yaml";
        System.arraycopy(args, 0, withConfig, 1, args.length);
        CommandLine.run("Demo", withConfig, first -> run(Arrays.asList(args)));
    }

    /**
     * Runs the demo from the repository root.
     *
     * @param overrides the overrides for both experiments
     * @return the report
     * @throws Exception if a run fails
     */
    static String run(List<String> overrides) throws Exception {
        long start = System.nanoTime();
        List<String> rows = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (String name : NAMES) {
            ExperimentConfig config =
                    ConfigLoader.load(
                            Path.of("config", "synthetic", "synthetic_" + name + ".yaml"), overrides);
            Path checkpoint = new TrainingRun(config).run();
            SegmentationMetrics metrics = new TestRun(config).run();
            MaskedReport compression;
            try (Model model = Model.newInstance("demo", Device.cpu())) {
                Block block = ModelSetup.loadTrained(config, checkpoint, model);
                compression =
                        MaskedAccounting.measure(block, ModelFactory.inputShape(config, 1));
            }
            double sparsity = config.getDouble("sparsity");
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "%-16s %6.4f %6.4f %6.4f  %4d  %,11d (%5.2fx) %,14d (%5.2fx)",
                            sparsity == 0
                                    ? "SegNet (dense)"
                                    : String.format(
                                            Locale.ROOT, "SegNet @ ACoSP-%d", Math.round(1 / (1 - sparsity))),
                            metrics.meanIou(),
                            metrics.meanAccuracy(),
                            metrics.allAccuracy(),
                            compression.maskedLayers(),
                            compression.prunedParameters(),
                            compression.parameterRatio(),
                            compression.prunedMacs(),
                            compression.macRatio()));
            folders.add(new ExperimentLayout(config).folder().toString());
        }
        double minutes = (System.nanoTime() - start) / 6e10;
        StringBuilder report = new StringBuilder();
        report.append(
                String.format(
                        Locale.ROOT,
                        "%nACoSP demo on the synthetic data set, CPU, %.1f minutes%n",
                        minutes));
        report.append(
                "model            mIoU   mAcc   allAcc masked  parameters (ratio)     MACs/image (ratio)\n");
        rows.forEach(row -> report.append(row).append('\n'));
        report.append("Outputs (checkpoints, logs, tensorboard/, result/ with gray/ and color/"
                + " predictions and results.csv):\n");
        folders.forEach(folder -> report.append("  ").append(folder).append('\n'));
        System.out.print(report);
        return report.toString();
    }
}
