package ai.acosp.train.cpu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Locale;
import java.util.Random;

/**
 * Checks the engine's float32 3x3 convolution against its float64 one.
 *
 * <p>On one CPU (an earlier machine of this project: an AMD EPYC with AVX and FMA but no AVX2)
 * libtorch 2.7.1's oneDNN convolutions returned wrong float32 values (15-31 % relative error, or
 * NaN) for kernels larger than 1x1 with more than 16 input channels that are not a multiple of 16,
 * on every instruction set path but SSE4.1. The check runs a few such convolutions (about 0.1 s
 * once the engine is loaded) and compares them with float64.
 *
 * <p>Only {@link OneDnnPath} runs it, in the short JVM the tool scripts start where it matters (a
 * CPU without AVX2) or where the user asks; its answer chooses oneDNN's instruction set before the
 * real JVM loads libtorch. Nothing else in the project asks the host: compaction and the compact
 * layers are the same on every machine.
 */
public final class ConvolutionAccuracy {

    /** Input channel counts checked: correct ones and ones the fault hits. */
    private static final int[] CHANNELS = {3, 16, 24, 28, 59, 64};

    /** The largest relative error (L2 norm) that passes. */
    public static final double TOLERANCE = 1e-5;

    private ConvolutionAccuracy() {}

    /**
     * The outcome of a check: the worst channel count and its error.
     *
     * @param channels the input channel count with the largest error
     * @param relativeError its relative error against float64 (NaN if float32 gave NaN)
     */
    public record Result(int channels, double relativeError) {

        /**
         * Whether float32 agrees with float64 everywhere.
         *
         * @return true if the error is within {@link #TOLERANCE}
         */
        public boolean passed() {
            return relativeError <= TOLERANCE;
        }

        /**
         * The result as one line, e.g. {@code fail 28 0.213} (read back by {@link #parse}).
         *
         * @return the line
         */
        public String format() {
            return String.format(
                    Locale.ROOT, "%s %d %.3g", passed() ? "pass" : "fail", channels, relativeError);
        }

        /**
         * Reads a line written by {@link #format()}.
         *
         * @param line the line
         * @return the result
         * @throws IllegalArgumentException if the line is not such a result
         */
        public static Result parse(String line) {
            String[] words = line.trim().split(" ");
            if (words.length != 3 || !words[0].matches("pass|fail")) {
                throw new IllegalArgumentException("not a convolution check result: " + line);
            }
            Result result = new Result(Integer.parseInt(words[1]), Double.parseDouble(words[2]));
            if (result.passed() != words[0].equals("pass")) {
                throw new IllegalArgumentException(
                        "inconsistent convolution check result: " + line);
            }
            return result;
        }
    }

    /**
     * Runs the check for every count in {@link #CHANNELS}.
     *
     * @return the worst result
     */
    public static Result check() {
        Result worst = null;
        for (int channels : CHANNELS) {
            double error = relativeError(channels);
            // NaN compares false: make it the worst
            if (worst == null || Double.isNaN(error) || error > worst.relativeError()) {
                worst = new Result(channels, error);
                if (Double.isNaN(error)) {
                    break;
                }
            }
        }
        return worst;
    }

    /**
     * The relative error (L2 norm) of a float32 3x3 convolution with padding 1, 16 filters and a
     * bias on a 48x64 input, against the same convolution in float64. Inputs are seeded (Java's
     * generator; the engine's is left alone).
     *
     * @param inChannels the input channel count
     * @return the relative error, NaN if float32 gave NaN
     */
    public static double relativeError(int inChannels) {
        Random random = new Random(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = gaussian(manager, random, new Shape(1, inChannels, 48, 64));
            NDArray w = gaussian(manager, random, new Shape(16, inChannels, 3, 3));
            NDArray b = gaussian(manager, random, new Shape(16));
            NDArray single = conv(x, w, b);
            NDArray reference =
                    conv(
                            x.toType(DataType.FLOAT64, false),
                            w.toType(DataType.FLOAT64, false),
                            b.toType(DataType.FLOAT64, false));
            NDArray difference = single.toType(DataType.FLOAT64, false).sub(reference);
            return difference.norm().getDouble() / reference.norm().getDouble();
        }
    }

    private static NDArray gaussian(NDManager manager, Random random, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, shape);
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray b) {
        return Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                .singletonOrThrow();
    }
}
