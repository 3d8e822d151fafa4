package ai.acosp.core;

import ai.acosp.core.nn.ChannelMask;
import ai.acosp.core.nn.SoftTopKMask;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The mask statistics of a model: per mask layer the shares of chosen ({@code |m - 1| < 0.01}),
 * pruned ({@code |m| < 0.01}) and undecided channels, and for soft masks the temperature and the
 * threshold {@code x0}; over all layers the mean, variance (population), minimum and maximum of
 * each.
 *
 * @param layers the statistics per mask layer, keyed by the path of its masked convolution
 * @param aggregates the aggregates, keyed {@code chosen}, {@code pruned}, {@code undecided}, {@code
 *     temperature} and {@code x0} (the last two only while soft masks exist)
 */
public record MaskStatistics(
        Map<String, LayerStatistics> layers, Map<String, Aggregate> aggregates) {

    /** How close to 0 or 1 a mask value must be to count as decided. */
    public static final double DECIDED = 0.01;

    /**
     * Collects the statistics of every masked convolution below {@code model}.
     *
     * @param model the network
     * @return the statistics
     */
    public static MaskStatistics collect(Block model) {
        Map<String, LayerStatistics> layers = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Pair<String, ChannelMask> entry : MaskPlacement.masksByConvolution(model)) {
                ChannelMask mask = entry.getValue();
                float[] values;
                Double temperature = null;
                Double x0 = null;
                if (mask instanceof SoftTopKMask soft) {
                    NDList maskAndThreshold = soft.currentMaskAndThreshold(manager);
                    values = toFloats(maskAndThreshold.get(0));
                    temperature = (double) soft.getTemperature();
                    x0 = (double) toFloats(maskAndThreshold.get(1))[0];
                } else {
                    values = toFloats(mask.currentMask(manager));
                }
                layers.put(entry.getKey(), LayerStatistics.of(mask, values, temperature, x0));
            }
        }
        Map<String, Aggregate> aggregates = new LinkedHashMap<>();
        List<LayerStatistics> all = new ArrayList<>(layers.values());
        aggregates.put("chosen", Aggregate.of(all, LayerStatistics::chosen));
        aggregates.put("pruned", Aggregate.of(all, LayerStatistics::pruned));
        aggregates.put("undecided", Aggregate.of(all, LayerStatistics::undecided));
        List<LayerStatistics> soft = all.stream().filter(s -> s.temperature() != null).toList();
        if (!soft.isEmpty()) {
            aggregates.put("temperature", Aggregate.of(soft, LayerStatistics::temperature));
            aggregates.put("x0", Aggregate.of(soft, LayerStatistics::x0));
        }
        return new MaskStatistics(
                Collections.unmodifiableMap(layers), Collections.unmodifiableMap(aggregates));
    }

    private static float[] toFloats(ai.djl.ndarray.NDArray array) {
        return array.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /**
     * A one-line summary of the aggregates, for logs.
     *
     * @return e.g. {@code chosen mean=0.41 ... }
     */
    public String summary() {
        StringBuilder line = new StringBuilder(layers.size() + " masks");
        aggregates.forEach(
                (name, aggregate) ->
                        line.append(
                                String.format(
                                        Locale.ROOT,
                                        "; %s mean=%.4g var=%.4g min=%.4g max=%.4g",
                                        name,
                                        aggregate.mean(),
                                        aggregate.variance(),
                                        aggregate.min(),
                                        aggregate.max())));
        return line.toString();
    }

    /**
     * The statistics of one mask layer.
     *
     * @param channels n
     * @param kept k
     * @param hard whether the mask is hard
     * @param chosen share of channels with {@code |m - 1| < 0.01}
     * @param pruned share of channels with {@code |m| < 0.01}
     * @param undecided the remaining share
     * @param temperature the temperature of a soft mask, else null
     * @param x0 the threshold of a soft mask, else null
     */
    public record LayerStatistics(
            int channels,
            int kept,
            boolean hard,
            double chosen,
            double pruned,
            double undecided,
            Double temperature,
            Double x0) {

        static LayerStatistics of(ChannelMask mask, float[] values, Double temperature, Double x0) {
            int chosen = 0;
            int pruned = 0;
            for (float value : values) {
                if (Math.abs(value - 1) < DECIDED) {
                    chosen++;
                } else if (Math.abs(value) < DECIDED) {
                    pruned++;
                }
            }
            double n = values.length;
            return new LayerStatistics(
                    mask.getChannels(),
                    mask.getKept(),
                    mask.isHard(),
                    chosen / n,
                    pruned / n,
                    (n - chosen - pruned) / n,
                    temperature,
                    x0);
        }
    }

    /**
     * Mean, population variance, minimum and maximum of one statistic over layers; NaN when there
     * are no layers.
     *
     * @param mean the mean
     * @param variance the population variance
     * @param min the minimum
     * @param max the maximum
     */
    public record Aggregate(double mean, double variance, double min, double max) {

        static Aggregate of(List<LayerStatistics> layers, ToDoubleFunction<LayerStatistics> f) {
            if (layers.isEmpty()) {
                return new Aggregate(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double[] values = layers.stream().mapToDouble(f).toArray();
            double mean = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double value : values) {
                mean += value;
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
            mean /= values.length;
            double variance = 0;
            for (double value : values) {
                variance += (value - mean) * (value - mean);
            }
            return new Aggregate(mean, variance / values.length, min, max);
        }
    }
}
