package ai.acosp.core.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The learnable soft top-k channel mask of ACoSP: one logit per channel, turned into a mask by
 * {@link SigmoidSoftTopK#softTopK} at the current temperature.
 *
 * <p>The mask is recomputed from the logits and temperature in every forward pass, in training and
 * in inference alike (the reference keeps the last training mask for inference; recomputing gives
 * the same values without hidden state). The temperature is saved with the parameters.
 */
public class SoftTopKMask extends ChannelMask {

    /** The serialisation version; distinct from {@link HardChannelMask}'s. */
    public static final byte VERSION = 11;

    private final Parameter logits;
    private float temperature;

    /**
     * Creates a soft mask with logits drawn from N(0, 1).
     *
     * @param channels the number of channels {@code n}
     * @param kept the number of channels to keep {@code k}
     * @param learnable whether the logits are trained; if not they are a fixed random buffer
     * @param temperature the initial temperature
     */
    public SoftTopKMask(int channels, int kept, boolean learnable, float temperature) {
        super(VERSION, channels, kept);
        setTemperature(temperature);
        logits =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(learnable ? Parameter.Type.OTHER : BUFFER)
                                .optInitializer(new NormalInitializer(1f))
                                .optShape(new Shape(channels))
                                .optRequiresGrad(learnable)
                                .build());
    }

    /**
     * The parameter holding the logits (named {@code weight}, as in the reference).
     *
     * @return the logits parameter
     */
    public Parameter getLogits() {
        return logits;
    }

    /**
     * Whether the logits are trained.
     *
     * @return true for learnable logits
     */
    public boolean isLearnable() {
        return logits.requiresGradient();
    }

    /**
     * The current temperature.
     *
     * @return T
     */
    public float getTemperature() {
        return temperature;
    }

    /**
     * Sets the temperature used from the next forward pass on.
     *
     * @param temperature a positive temperature
     */
    public final void setTemperature(float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    /** {@inheritDoc} */
    @Override
    public boolean isHard() {
        return false;
    }

    /**
     * The mask and threshold as they are now, without gradient.
     *
     * @param manager the manager that owns the returned arrays
     * @return the NDList (mask, x0) of {@link SigmoidSoftTopK#softTopK}
     */
    public NDList currentMaskAndThreshold(NDManager manager) {
        NDArray values = logits.getArray().duplicate();
        values.attach(manager);
        NDList result = SigmoidSoftTopK.softTopK(values, getKept(), temperature);
        result.attach(manager);
        return result;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray currentMask(NDManager manager) {
        return currentMaskAndThreshold(manager).get(0);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray forwardMask(ParameterStore parameterStore, NDArray input, boolean training) {
        if (getKept() == getChannels()) {
            return null;
        }
        NDArray values = parameterStore.getValue(logits, input.getDevice(), training);
        return SigmoidSoftTopK.softTopK(Scalars.local(values, input), getKept(), temperature)
                .get(0);
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        super.saveMetadata(os);
        os.writeFloat(temperature);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        super.loadMetadata(loadVersion, is);
        setTemperature(is.readFloat());
    }
}
