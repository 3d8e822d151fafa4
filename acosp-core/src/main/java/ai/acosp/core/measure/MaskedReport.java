package ai.acosp.core.measure;

import java.util.List;
import java.util.Locale;

/**
 * Dense and pruned parameter and multiply-add counts of a masked network (see {@link
 * MaskedAccounting}).
 *
 * @param layers one entry per convolution, transposed convolution and linear layer, in tree order
 * @param denseParameters all learnable parameters of the dense network
 * @param removedBatchNormParameters batch-norm scales and shifts of removed channels
 */
public record MaskedReport(
        List<Layer> layers, long denseParameters, long removedBatchNormParameters) {

    /**
     * The counts of one layer.
     *
     * @param path the block path
     * @param masked whether the layer has a channel mask
     * @param outputChannels n
     * @param keptOutputChannels k
     * @param inputChannels input channels
     * @param liveInputChannels input channels not removed upstream
     * @param denseParameters weights and bias, dense
     * @param prunedParameters weights and bias that remain
     * @param denseMacs multiply-adds per sample, dense
     * @param prunedMacs multiply-adds per sample that remain
     */
    public record Layer(
            String path,
            boolean masked,
            long outputChannels,
            long keptOutputChannels,
            long inputChannels,
            long liveInputChannels,
            long denseParameters,
            long prunedParameters,
            long denseMacs,
            long prunedMacs) {

        /**
         * The kept share of output channels {@code k / n}.
         *
         * @return k / n
         */
        public double keptShare() {
            return (double) keptOutputChannels / outputChannels;
        }
    }

    /**
     * Learnable parameters left after pruning.
     *
     * @return the pruned parameter count
     */
    public long prunedParameters() {
        long removed = removedBatchNormParameters;
        for (Layer layer : layers) {
            removed += layer.denseParameters() - layer.prunedParameters();
        }
        return denseParameters - removed;
    }

    /**
     * Multiply-adds per sample of the dense network.
     *
     * @return dense MACs
     */
    public long denseMacs() {
        return layers.stream().mapToLong(Layer::denseMacs).sum();
    }

    /**
     * Multiply-adds per sample left after pruning.
     *
     * @return pruned MACs
     */
    public long prunedMacs() {
        return layers.stream().mapToLong(Layer::prunedMacs).sum();
    }

    /**
     * Dense over pruned parameters.
     *
     * @return the measured parameter compression ratio
     */
    public double parameterRatio() {
        return (double) denseParameters / prunedParameters();
    }

    /**
     * Dense over pruned multiply-adds.
     *
     * @return the measured MAC compression ratio
     */
    public double macRatio() {
        return (double) denseMacs() / prunedMacs();
    }

    /**
     * How many layers carry a mask.
     *
     * @return the masked layer count
     */
    public long maskedLayers() {
        return layers.stream().filter(Layer::masked).count();
    }

    /**
     * The published ratio convention {@code 1 / (1 - s)}.
     *
     * @param sparsity the final sparsity
     * @return the nominal compression ratio
     */
    public static double nominalRatio(float sparsity) {
        return 1.0 / (1.0 - sparsity);
    }

    /**
     * A multi-line table: one line per layer with k/n, then the totals and both ratios.
     *
     * @return the table
     */
    public String table() {
        StringBuilder text = new StringBuilder();
        text.append(
                String.format(
                        Locale.ROOT,
                        "%-60s %11s %11s %14s %14s%n",
                        "layer",
                        "k/n out",
                        "live/in",
                        "params",
                        "MACs"));
        for (Layer layer : layers) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%-60s %5d/%-5d %5d/%-5d %6d/%-7d %7.3g/%-7.3g%n",
                            layer.path(),
                            layer.keptOutputChannels(),
                            layer.outputChannels(),
                            layer.liveInputChannels(),
                            layer.inputChannels(),
                            layer.prunedParameters(),
                            layer.denseParameters(),
                            (double) layer.prunedMacs(),
                            (double) layer.denseMacs()));
        }
        text.append(summary());
        return text.toString();
    }

    /**
     * One line of totals and ratios.
     *
     * @return the summary
     */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%d masked layers; parameters %,d -> %,d (%.2fx); MACs %,d -> %,d (%.2fx)",
                maskedLayers(),
                denseParameters,
                prunedParameters(),
                parameterRatio(),
                denseMacs(),
                prunedMacs(),
                macRatio());
    }
}
