package ai.acosp.train.demo;

import ai.acosp.core.MaskStatistics;
import ai.acosp.data.image.TensorConversion;
import ai.acosp.data.meta.ClassPalette;
import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.data.transform.SegSample;
import ai.acosp.train.inference.PredictionFiles;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The demo's two pictures: {@code demo.png}, the first validation images with their ground truth
 * and the dense and compact predictions ({@link PredictionPanel}), and {@code pruning.png}, the
 * ACoSP-4 masks and the validation mIoU of both runs per epoch ({@link PruningChart}).
 */
final class DemoPictures {

    private static final int PANEL_ROWS = 4;
    private static final int PANEL_SCALE = 3;

    private DemoPictures() {}

    /**
     * What an epoch of the ACoSP-4 run left, for the chart.
     *
     * @param epoch the 1-based epoch
     * @param model the network after the epoch
     * @param meanIou its validation mIoU, or {@code NaN}
     * @return the chart's point
     */
    static PruningChart.Epoch epoch(int epoch, Block model, double meanIou) {
        MaskStatistics masks = MaskStatistics.collect(model);
        var temperature = masks.aggregates().get("temperature");
        return new PruningChart.Epoch(
                epoch,
                masks.aggregates().get("chosen").mean(),
                masks.aggregates().get("pruned").mean(),
                masks.aggregates().get("undecided").mean(),
                temperature == null ? Double.NaN : temperature.mean(),
                meanIou);
    }

    /**
     * Draws {@code demo.png}.
     *
     * @param folder where it goes
     * @param data the test data
     * @param palette the class colours and names
     * @param dense the dense model's predictions
     * @param compact the compact model's predictions
     * @return the file
     * @throws IOException if an image cannot be read or the picture written
     */
    static Path panel(
            Path folder,
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
        Path file = folder.resolve("demo.png");
        PredictionPanel.write(
                file,
                List.of("image", "ground truth", "dense SegNet", "compact ACoSP-4"),
                rows,
                palette,
                PANEL_SCALE);
        return file;
    }

    /**
     * Draws {@code pruning.png}.
     *
     * @param folder where it goes
     * @param denseIou the dense run's validation mIoU per epoch
     * @param acosp the ACoSP-4 run, epoch by epoch
     * @return the file
     * @throws IOException if the picture cannot be written
     */
    static Path chart(Path folder, List<Double> denseIou, List<PruningChart.Epoch> acosp)
            throws IOException {
        Path file = folder.resolve("pruning.png");
        PruningChart.write(
                file,
                "ACoSP-4 on SegNet, synthetic data set: masks and validation mIoU per epoch",
                denseIou,
                acosp,
                "SegNet @ ACoSP-4 (from the dense weights)");
        return file;
    }
}
