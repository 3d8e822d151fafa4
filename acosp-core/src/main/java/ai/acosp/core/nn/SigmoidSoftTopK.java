package ai.acosp.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The sigmoid soft top-k function of ACoSP.
 *
 * <p>For logits {@code w} of length {@code n}: {@code z = (w - mean(w)) / max(std(w), 1e-3)} with
 * the unbiased standard deviation, {@code x0 = quantile(z, 1 - k/n)} (linear interpolation, treated
 * as a constant) and {@code mask = sigmoid((z - x0) / T)}. Exactly {@code k} entries of the mask
 * lie above 0.5 when the logits are distinct.
 */
public final class SigmoidSoftTopK {

    /** The smallest standard deviation used to normalise the logits. */
    public static final float MIN_STD = 1e-3f;

    private SigmoidSoftTopK() {}

    /**
     * Computes the soft top-k mask of a vector of logits.
     *
     * @param logits a 1-D array of {@code n} logits; gradients flow to it through mean and std
     * @param k how many channels to keep, {@code 1 <= k <= n}
     * @param temperature the sigmoid temperature, greater than 0
     * @return an NDList of the mask (shape {@code (n)}, values in (0, 1)) and the threshold {@code
     *     x0} as a scalar array; for {@code k == n} the mask is all ones and {@code x0} is the
     *     minimum of the normalised logits
     */
    public static NDList softTopK(NDArray logits, int k, float temperature) {
        if (logits.getShape().dimension() != 1) {
            throw new IllegalArgumentException(
                    "logits must be one-dimensional, got shape " + logits.getShape());
        }
        int n = Math.toIntExact(logits.size());
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, " + n + "], got " + k);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        NDArray z = normalise(logits);
        NDArray x0 = quantile(z.stopGradient(), 1.0 - (double) k / n);
        if (k == n) {
            return new NDList(logits.onesLike(), x0);
        }
        NDArray mask = Activation.sigmoid(z.sub(x0).div(Scalars.of(z, temperature)));
        return new NDList(mask, x0);
    }

    /**
     * Standardises logits with the unbiased standard deviation, bounded below by {@link #MIN_STD}.
     *
     * @param logits a 1-D array with at least two entries
     * @return {@code (w - mean(w)) / max(std(w), 1e-3)}
     */
    public static NDArray normalise(NDArray logits) {
        long n = logits.size();
        NDArray centred = logits.sub(logits.mean());
        if (n < 2) {
            return centred;
        }
        NDArray std = centred.square().sum().div(Scalars.of(centred, n - 1)).sqrt();
        return centred.div(std.maximum(Scalars.of(std, MIN_STD)));
    }

    /**
     * The {@code q}-quantile of a 1-D array with linear interpolation between order statistics, as
     * {@code torch.quantile} and {@code numpy.quantile} define it by default.
     *
     * @param values a 1-D array
     * @param q the quantile in [0, 1]
     * @return a scalar array
     */
    public static NDArray quantile(NDArray values, double q) {
        long n = values.size();
        NDArray sorted = values.sort();
        double position = q * (n - 1);
        long lower = (long) Math.floor(position);
        long upper = Math.min(lower + 1, n - 1);
        double fraction = position - lower;
        NDArray low = sorted.get(new NDIndex(lower));
        if (fraction == 0 || upper == lower) {
            return low;
        }
        NDArray high = sorted.get(new NDIndex(upper));
        return low.add(high.sub(low).mul(Scalars.of(low, fraction)));
    }

    /**
     * How many of {@code n} channels a layer keeps: {@code min(n, max(ceil((1 - s) * n), rMin))}.
     *
     * <p>The product is computed on the decimal value of {@code s}, so that {@code s = 0.3} keeps
     * exactly 7 of 10 channels.
     *
     * @param n the number of output channels
     * @param sparsity the final sparsity {@code s} in [0, 1)
     * @param minRemaining the minimum number of channels to keep
     * @return k
     */
    public static int keptChannels(int n, float sparsity, int minRemaining) {
        BigDecimal keep =
                BigDecimal.ONE
                        .subtract(new BigDecimal(Float.toString(sparsity)))
                        .multiply(BigDecimal.valueOf(n));
        int k = keep.setScale(0, RoundingMode.CEILING).intValueExact();
        return Math.min(n, Math.max(k, minRemaining));
    }
}
