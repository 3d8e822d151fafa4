package ai.acosp.models.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * The initialisers of the PyTorch reference, which differ from DJL's defaults.
 *
 * <ul>
 *   <li>{@link #kaimingNormalFanOut()}: {@code nn.init.kaiming_normal_(w, mode="fan_out",
 *       nonlinearity="relu")}, used for the convolutions of torchvision-style ResNets;
 *   <li>{@link #defaultWeight()}: the default of {@code nn.Conv2d} and {@code nn.Linear}, {@code
 *       kaiming_uniform_(w, a=sqrt(5))}, which is {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))};
 *   <li>{@link #defaultBias(long)}: the default bias, {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}.
 * </ul>
 *
 * <p>Batch norm needs nothing here: DJL initialises gamma to 1 and beta to 0 as PyTorch does.
 */
public final class PyTorchInit {

    private PyTorchInit() {}

    /**
     * Kaiming-normal initialisation with {@code fan_out} and the ReLU gain: {@code N(0, 2 /
     * fan_out)} where {@code fan_out = out_channels * kernel area}.
     *
     * @return the initialiser
     */
    public static Initializer kaimingNormalFanOut() {
        return (manager, shape, dataType) -> {
            double std = Math.sqrt(2.0 / fanOut(shape));
            return manager.randomNormal(0f, (float) std, shape, dataType);
        };
    }

    /**
     * PyTorch's default weight initialisation of convolutions and linear layers, {@code
     * U(-1/sqrt(fan_in), 1/sqrt(fan_in))} with {@code fan_in = in_channels * kernel area}.
     *
     * @return the initialiser
     */
    public static Initializer defaultWeight() {
        return (manager, shape, dataType) -> {
            float bound = (float) (1.0 / Math.sqrt(fanIn(shape)));
            return manager.randomUniform(-bound, bound, shape, dataType);
        };
    }

    /**
     * PyTorch's default bias initialisation, {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}; the bias
     * alone does not know the fan-in, so it is given here.
     *
     * @param fanIn the fan-in of the layer's weight
     * @return the initialiser
     */
    public static Initializer defaultBias(long fanIn) {
        if (fanIn < 1) {
            throw new IllegalArgumentException("fan_in must be positive, got " + fanIn);
        }
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        return (manager, shape, dataType) -> manager.randomUniform(-bound, bound, shape, dataType);
    }

    /**
     * The fan-in of a weight of shape {@code (out, in, k...)}: {@code in * prod(k)}.
     *
     * @param shape the weight shape
     * @return the fan-in
     */
    public static long fanIn(Shape shape) {
        requireWeight(shape);
        return shape.get(1) * receptiveField(shape);
    }

    /**
     * The fan-out of a weight of shape {@code (out, in, k...)}: {@code out * prod(k)}.
     *
     * @param shape the weight shape
     * @return the fan-out
     */
    public static long fanOut(Shape shape) {
        requireWeight(shape);
        return shape.get(0) * receptiveField(shape);
    }

    private static long receptiveField(Shape shape) {
        long size = 1;
        for (int i = 2; i < shape.dimension(); i++) {
            size *= shape.get(i);
        }
        return size;
    }

    private static void requireWeight(Shape shape) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(
                    "fan-in and fan-out need a weight of at least 2 dimensions, got " + shape);
        }
    }
}
