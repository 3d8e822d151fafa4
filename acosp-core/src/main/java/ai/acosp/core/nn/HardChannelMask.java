package ai.acosp.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/**
 * A fixed binary channel mask that keeps exactly {@code k} channels. Its values are a parameter
 * named {@code mask} that is saved with the model but never trained.
 */
public class HardChannelMask extends ChannelMask {

    /** The serialisation version; distinct from {@link SoftTopKMask}'s. */
    public static final byte VERSION = 21;

    private final Parameter mask;

    /**
     * Creates a hard mask whose values are set later by {@link Parameter#load} or by {@link
     * #HardChannelMask(NDArray, int)}; it keeps all channels until then.
     *
     * @param channels the number of channels {@code n}
     * @param kept the number of channels kept {@code k}
     */
    public HardChannelMask(int channels, int kept) {
        super(VERSION, channels, kept);
        mask =
                addParameter(
                        Parameter.builder()
                                .setName("mask")
                                .setType(BUFFER)
                                .optInitializer(Initializer.ONES)
                                .optShape(new Shape(channels))
                                .optRequiresGrad(false)
                                .build());
    }

    /**
     * Creates a hard mask from 0/1 values.
     *
     * @param values a 1-D array of zeros and ones; the mask takes ownership of it
     * @param kept the number of ones, checked
     */
    public HardChannelMask(NDArray values, int kept) {
        super(VERSION, Math.toIntExact(values.size()), kept);
        long ones = values.sum().toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
        if (ones != kept) {
            throw new IllegalArgumentException(
                    "hard mask holds " + ones + " ones, expected " + kept);
        }
        mask =
                addParameter(
                        Parameter.builder()
                                .setName("mask")
                                .setType(BUFFER)
                                .optArray(values)
                                .optRequiresGrad(false)
                                .build());
    }

    /**
     * The parameter holding the 0/1 values.
     *
     * @return the mask parameter
     */
    public Parameter getMask() {
        return mask;
    }

    /** {@inheritDoc} */
    @Override
    public boolean isHard() {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray currentMask(NDManager manager) {
        NDArray values = mask.getArray().duplicate();
        values.attach(manager);
        return values;
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        if (!mask.isInitialized()) {
            mask.setShape(new Shape(getChannels()));
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray forwardMask(ParameterStore parameterStore, NDArray input, boolean training) {
        return Scalars.local(parameterStore.getValue(mask, input.getDevice(), training), input);
    }
}
