package ai.acosp.train.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The pruning picture of a demo: after each epoch, above, the shares of chosen, pruned and
 * undecided channels of the ACoSP model's masks and their temperature (log scale, right; none once
 * the masks are hard); below, the validation mIoU of the dense and the ACoSP model.
 */
public final class PruningChart {

    private PruningChart() {}

    /**
     * What an epoch of the ACoSP run left: mask shares (means over the masked layers), the
     * temperature of the soft masks for the next epoch ({@code NaN} once they are hard) and the
     * validation mIoU.
     *
     * @param epoch the 1-based epoch
     * @param chosen the share of chosen channels
     * @param pruned the share of pruned channels
     * @param undecided the share of undecided channels
     * @param temperature the temperature, or {@code NaN}
     * @param meanIou the validation mIoU, or {@code NaN}
     */
    public record Epoch(
            int epoch,
            double chosen,
            double pruned,
            double undecided,
            double temperature,
            double meanIou) {}

    /**
     * Draws the chart and writes it as PNG.
     *
     * @param file the PNG to write (its folder is created)
     * @param title the chart's title
     * @param denseIou the dense model's validation mIoU per epoch (index 0: epoch 1)
     * @param acosp the ACoSP run, epoch by epoch
     * @param acospName the ACoSP model's name in the legend
     * @throws IOException if the file cannot be written
     */
    public static void write(
            Path file, String title, List<Double> denseIou, List<Epoch> acosp, String acospName)
            throws IOException {
        XYSeries chosen = new XYSeries("chosen channels");
        XYSeries pruned = new XYSeries("pruned channels");
        XYSeries undecided = new XYSeries("undecided channels");
        XYSeries temperature = new XYSeries("temperature (right, log)");
        XYSeries acospIou = new XYSeries(acospName);
        for (Epoch e : acosp) {
            chosen.add(e.epoch(), e.chosen());
            pruned.add(e.epoch(), e.pruned());
            undecided.add(e.epoch(), e.undecided());
            if (!Double.isNaN(e.temperature())) {
                temperature.add(e.epoch(), e.temperature());
            }
            if (!Double.isNaN(e.meanIou())) {
                acospIou.add(e.epoch(), e.meanIou());
            }
        }
        XYSeries dense = new XYSeries("dense SegNet");
        for (int i = 0; i < denseIou.size(); i++) {
            dense.add(i + 1, denseIou.get(i));
        }

        XYPlot shares = new XYPlot();
        shares.setDataset(0, collection(chosen, pruned, undecided));
        shares.setRangeAxis(0, unitAxis("share of channels"));
        shares.setRenderer(
                0,
                renderer(new Color(40, 150, 60), new Color(200, 50, 40), new Color(120, 120, 120)));
        if (temperature.getItemCount() > 0) {
            shares.setDataset(1, collection(temperature));
            LogAxis logAxis = new LogAxis("temperature");
            logAxis.setRange(temperature.getMinY() / 3, Math.max(1, temperature.getMaxY() * 3));
            logAxis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
            shares.setRangeAxis(1, logAxis);
            shares.mapDatasetToRangeAxis(1, 1);
            XYLineAndShapeRenderer dashed = renderer(new Color(60, 90, 200));
            dashed.setSeriesStroke(
                    0,
                    new BasicStroke(
                            2f,
                            BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER,
                            1f,
                            new float[] {6f, 4f},
                            0f));
            shares.setRenderer(1, dashed);
        }

        XYPlot accuracy = new XYPlot();
        accuracy.setDataset(collection(dense, acospIou));
        accuracy.setRangeAxis(unitAxis("validation mIoU"));
        accuracy.setRenderer(renderer(Color.BLACK, new Color(200, 50, 40)));

        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setTickUnit(new NumberTickUnit(1));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
        plot.setGap(12);
        plot.add(shares, 3);
        plot.add(accuracy, 2);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 640);
    }

    private static XYSeriesCollection collection(XYSeries... series) {
        XYSeriesCollection collection = new XYSeriesCollection();
        for (XYSeries s : series) {
            collection.addSeries(s);
        }
        return collection;
    }

    private static NumberAxis unitAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(0, 1.02);
        return axis;
    }

    private static XYLineAndShapeRenderer renderer(Color... colors) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        return renderer;
    }
}
