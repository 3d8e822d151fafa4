package ai.acosp.train.demo;

import ai.acosp.train.compact.CompressionReport;
import ai.acosp.train.timing.RoundRobinTimer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The text the demo prints: a title with its minutes, the compression table of the dense, ACoSP-4
 * and compact models, their IoU per class, how often the compact model predicts what the masked one
 * does, what was measured on which machine, and where the pictures and outputs are.
 *
 * @param comparison the three models
 * @param agreement the share of test pixels where compact and masked predictions agree
 * @param imageSize the test image's size, e.g. {@code 48x48}
 * @param minutes how long the demo took
 * @param classNames the data set's classes
 * @param panel {@code demo.png}
 * @param chart {@code pruning.png}
 * @param folders the experiments' folders and the compact model's
 */
record DemoReport(
        CompressionReport comparison,
        double agreement,
        String imageSize,
        double minutes,
        List<String> classNames,
        Path panel,
        Path chart,
        List<Path> folders) {

    /**
     * The report, with the machine's load average now.
     *
     * @return the lines
     */
    String text() {
        StringBuilder text = new StringBuilder();
        text.append(
                String.format(
                        Locale.ROOT,
                        "%nACoSP demo on the synthetic data set, CPU, %.1f minutes%n",
                        minutes));
        text.append(comparison.table());
        String name = "%-" + comparison.nameWidth() + "s";
        text.append(String.format(Locale.ROOT, name, "IoU per class"));
        classNames.forEach(n -> text.append(String.format(Locale.ROOT, " %10s", n)));
        text.append('\n');
        for (CompressionReport.Row row : comparison.rows()) {
            text.append(String.format(Locale.ROOT, name, row.name()));
            for (double iou : row.metrics().orElseThrow().iou()) {
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
