package ai.acosp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Channel dropout, PyTorch's {@code nn.Dropout2d(p)}: in training each channel of each sample of an
 * {@code (N, C, H, W)} input is zeroed as a whole with probability {@code p} and the kept channels
 * are scaled by {@code 1 / (1 - p)}; in inference it is the identity. DJL's {@code Dropout} drops
 * single elements instead.
 */
public class ChannelDropout extends AbstractBlock {

    private static final byte VERSION = 1;

    private final float probability;

    /**
     * Creates channel dropout.
     *
     * @param probability the probability {@code p} in [0, 1) of dropping a channel
     */
    public ChannelDropout(float probability) {
        super(VERSION);
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException(
                    "dropout probability must be in [0, 1), got " + probability);
        }
        this.probability = probability;
    }

    /**
     * The probability of dropping a channel.
     *
     * @return p
     */
    public float getProbability() {
        return probability;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        if (!training || probability == 0) {
            return new NDList(input);
        }
        return new NDList(dropChannels(input, probability));
    }

    /**
     * Applies channel dropout to an {@code (N, C, ...)} array, as in training.
     *
     * @param input the input
     * @param probability the drop probability
     * @return the input with whole channels zeroed and the rest scaled by {@code 1 / (1 - p)}
     */
    public static NDArray dropChannels(NDArray input, float probability) {
        Shape shape = input.getShape();
        long[] maskShape = new long[shape.dimension()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[0] = shape.get(0);
        maskShape[1] = shape.get(1);
        NDArray keep =
                input.getManager()
                        .randomUniform(
                                0f, 1f, new Shape(maskShape), DataType.FLOAT32, input.getDevice())
                        .gte(probability)
                        .toType(input.getDataType(), false)
                        .div(1 - probability);
        return input.mul(keep);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
