package ai.acosp.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import net.razorvine.pickle.PickleException;

/**
 * A tensor found in a PyTorch checkpoint, not yet read: its type, shape and where its elements lie
 * in a storage. {@link #toNDArray} reads it.
 */
public final class TorchTensor {

    private final TorchStorage storage;
    private final long offset;
    private final long[] shape;
    private final long[] strides;

    TorchTensor(TorchStorage storage, long offset, long[] shape, long[] strides) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    /**
     * {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)}.
     */
    static Object rebuild(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof TorchStorage storage)) {
            throw new PickleException(
                    "unexpected arguments to _rebuild_tensor_v2: " + Arrays.deepToString(args));
        }
        return new TorchTensor(
                storage, ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
    }

    private static long[] longs(Object tuple) {
        Object[] values = (Object[]) tuple;
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = ((Number) values[i]).longValue();
        }
        return result;
    }

    /**
     * The shape.
     *
     * @return the sizes of each dimension
     */
    public long[] getShape() {
        return shape.clone();
    }

    /**
     * The element type as stored.
     *
     * @return the type
     */
    public TensorType getType() {
        return storage.getType();
    }

    TorchStorage getStorage() {
        return storage;
    }

    /**
     * Reads the tensor into a contiguous DJL array; floating types become FLOAT32.
     *
     * @param manager the manager of the new array
     * @return the array
     */
    public NDArray toNDArray(NDManager manager) {
        return new RawTensor(storage.getType(), shape, strides, offset, storage.bytes())
                .toNDArray(manager);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "TorchTensor(" + storage.getType() + ", " + Arrays.toString(shape) + ")";
    }
}
