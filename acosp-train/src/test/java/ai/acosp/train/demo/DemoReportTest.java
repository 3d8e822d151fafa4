package ai.acosp.train.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.train.compact.CompressionReport;
import ai.acosp.train.metrics.SegmentationMetrics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's printed text around the compression table. */
class DemoReportTest {

    @Test
    void tableThenIouPerClassThenAgreement() {
        SegmentationMetrics metrics = new SegmentationMetrics(2, 255);
        metrics.add(new int[] {0, 0, 0, 1}, new int[] {0, 0, 1, 1});
        CompressionReport comparison =
                new CompressionReport(
                        List.of(
                                CompressionReport.Row.of("SegNet (dense)", 0, 100, 1000)
                                        .withMetrics(metrics),
                                CompressionReport.Row.of("  compacted", 0, 10, 100)
                                        .withMetrics(metrics)));
        String text =
                new DemoReport(
                                comparison,
                                1.0,
                                "48x48",
                                3.21,
                                List.of("background", "circle"),
                                Path.of("demo.png"),
                                Path.of("pruning.png"),
                                List.of(Path.of("segnet")))
                        .text();
        String expected =
                "\nACoSP demo on the synthetic data set, CPU, 3.2 minutes\n"
                        + comparison.table()
                        + "IoU per class   background     circle\n"
                        + "SegNet (dense)      0.6667     0.5000\n"
                        + "  compacted         0.6667     0.5000\n"
                        + "The compact model predicts the masked model's class on 100.0000% of the"
                        + " test pixels.\n"
                        + "MACs and inference for one 48x48 test image, median of the timed rounds (";
        assertTrue(text.startsWith(expected), text);
        assertTrue(
                text.endsWith(
                        "Outputs (checkpoints, logs, tensorboard/, result/ with gray/"
                                + " and color/ predictions and results.csv):\n  segnet\n"),
                text);
    }
}
