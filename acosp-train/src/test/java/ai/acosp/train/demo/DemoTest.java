package ai.acosp.train.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.train.TestConfigs;
import ai.acosp.train.compact.CompressionReport;
import ai.acosp.train.experiment.ExperimentLayout;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo, shortened to tiny data, is reproducible and produces its whole pipeline and pictures.
 */
class DemoTest {

    @AfterEach
    void resetRoot() {
        System.clearProperty(ExperimentLayout.ROOT_PROPERTY);
    }

    @Test
    void shortenedDemoRepeatsEveryFigure(@TempDir Path first, @TempDir Path second)
            throws Exception {
        DemoRun.Result a = shortDemo(first);
        DemoRun.Result b = shortDemo(second);
        assertEquals(a.figures(), b.figures());

        List<CompressionReport.Row> rows = a.comparison().rows();
        assertEquals(3, rows.size());
        CompressionReport.Row dense = rows.get(0);
        CompressionReport.Row masked = rows.get(1);
        CompressionReport.Row compact = rows.get(2);
        assertTrue(masked.maskedLayers() > 0);
        assertTrue(compact.parameters() < dense.parameters() / 4, a.report());
        assertTrue(compact.bytes().getAsLong() < dense.bytes().getAsLong() / 4, a.report());
        // the compact model computes what the masked one does
        assertEquals(
                masked.metrics().orElseThrow().meanIou(),
                compact.metrics().orElseThrow().meanIou(),
                1e-3,
                a.report());
        assertTrue(a.agreement() > 0.99, a.report());
        assertTrue(
                dense.milliseconds().getAsDouble() > 0 && compact.milliseconds().getAsDouble() > 0);

        BufferedImage panel = ImageIO.read(first.resolve("synthetic/demo.png").toFile());
        assertTrue(
                panel.getWidth() > 4 * 40 && panel.getHeight() > 2 * 32,
                "panel " + panel.getWidth() + "x" + panel.getHeight());
        BufferedImage chart = ImageIO.read(first.resolve("synthetic/pruning.png").toFile());
        assertEquals(900, chart.getWidth());
        assertTrue(
                a.report().contains("demo.png") && a.report().contains("pruning.png"), a.report());
    }

    private static DemoRun.Result shortDemo(Path root) throws Exception {
        TestConfigs.useExperimentRoot(root);
        List<String> overrides =
                List.of(
                        "data_root", root.resolve("data").toString(),
                        "synthetic_size", "[4, 2, 32, 40]",
                        "train_h", "32",
                        "train_w", "32",
                        "test_h", "32",
                        "test_w", "40",
                        "base_size", "40",
                        "batch_size", "4",
                        "batch_size_val", "2",
                        "epochs", "1",
                        "ending_epoch", "1");
        return DemoRun.run(TestConfigs.CONFIG, overrides, 1);
    }
}
