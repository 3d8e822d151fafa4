package ai.acosp.core.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A block that multiplies each channel of an {@code (N, C, ...)} input by a mask value. The mask
 * keeps {@code k} of {@code n} channels once it is hard.
 */
public abstract class ChannelMask extends AbstractBlock {

    /**
     * The parameter type of fixed values (hard masks, non-learnable logits). DJL unfreezes every
     * parameter of a loaded model when a trainer is created, except running statistics; typing
     * fixed values as running statistics keeps them out of the optimizer.
     */
    public static final Parameter.Type BUFFER = Parameter.Type.RUNNING_MEAN;

    private final int channels;
    private final int kept;

    /**
     * Creates a mask.
     *
     * @param version the serialisation version
     * @param channels the number of channels {@code n}
     * @param kept the number of channels to keep {@code k}
     */
    protected ChannelMask(byte version, int channels, int kept) {
        super(version);
        if (channels < 1 || kept < 1 || kept > channels) {
            throw new IllegalArgumentException(
                    "need 1 <= k <= n, got k=" + kept + " n=" + channels);
        }
        this.channels = channels;
        this.kept = kept;
    }

    /**
     * The number of channels {@code n}.
     *
     * @return n
     */
    public int getChannels() {
        return channels;
    }

    /**
     * The number of channels the mask keeps {@code k}.
     *
     * @return k
     */
    public int getKept() {
        return kept;
    }

    /**
     * Whether the mask is a fixed 0/1 selection.
     *
     * @return true for a hard mask
     */
    public abstract boolean isHard();

    /**
     * The mask values as they are now, without gradient.
     *
     * @param manager the manager that owns the returned array
     * @return a 1-D array of {@code n} values in [0, 1]
     */
    public abstract NDArray currentMask(NDManager manager);

    /**
     * The indices of the {@code k} channels with the largest mask values, ties broken by the lower
     * index, in ascending order. For a hard mask these are its ones.
     *
     * @return k channel indices
     */
    public int[] keptIndices() {
        try (NDManager manager = NDManager.newBaseManager()) {
            return topK(
                    currentMask(manager)
                            .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                            .toFloatArray(),
                    kept);
        }
    }

    /**
     * The indices of the {@code k} largest values, ties broken by the lower index, ascending.
     *
     * @param values the values
     * @param k how many to select
     * @return k indices in ascending order
     */
    public static int[] topK(float[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
                order,
                (a, b) -> {
                    int byValue = Float.compare(values[b], values[a]);
                    return byValue != 0 ? byValue : Integer.compare(a, b);
                });
        int[] selected = new int[k];
        for (int i = 0; i < k; i++) {
            selected[i] = order[i];
        }
        java.util.Arrays.sort(selected);
        return selected;
    }

    /**
     * The mask values of this forward pass, possibly with gradient.
     *
     * @param parameterStore the parameter store
     * @param input the masked input, which fixes the device
     * @param training whether this is a training pass
     * @return a 1-D array of {@code n} values, or {@code null} when the mask is all ones
     */
    protected abstract NDArray forwardMask(
            ParameterStore parameterStore, NDArray input, boolean training);

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        if (input.getShape().get(1) != channels) {
            throw new IllegalArgumentException(
                    "mask of " + channels + " channels got input of shape " + input.getShape());
        }
        NDArray mask = forwardMask(parameterStore, input, training);
        if (mask == null) {
            return new NDList(input);
        }
        return new NDList(input.mul(broadcastable(mask, input.getShape().dimension())));
    }

    /**
     * Reshapes a per-channel vector to {@code (1, C, 1, ...)}.
     *
     * @param mask a 1-D array of length C
     * @param dimensions the number of dimensions of the input
     * @return the reshaped view
     */
    public static NDArray broadcastable(NDArray mask, int dimensions) {
        long[] shape = new long[dimensions];
        java.util.Arrays.fill(shape, 1);
        shape[1] = mask.size();
        return mask.reshape(shape);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(channels);
        os.writeInt(kept);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != version) {
            throw new MalformedModelException(
                    getClass().getSimpleName()
                            + ": parameter file has version "
                            + loadVersion
                            + ", expected "
                            + version
                            + " (was the model saved with soft masks and loaded hard, or the"
                            + " reverse?)");
        }
        readInputShapes(is);
        int savedChannels = is.readInt();
        int savedKept = is.readInt();
        if (savedChannels != channels || savedKept != kept) {
            throw new MalformedModelException(
                    "mask saved with n="
                            + savedChannels
                            + " k="
                            + savedKept
                            + " but the model has n="
                            + channels
                            + " k="
                            + kept
                            + " (configure the pruner with the same sparsity before loading)");
        }
    }
}
