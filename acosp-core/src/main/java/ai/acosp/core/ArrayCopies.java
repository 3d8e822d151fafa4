package ai.acosp.core;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;

/**
 * Copies of arrays that have memory of their own, for what must outlive the array it came from.
 *
 * <p>DJL 0.36's PyTorch engine does not copy in {@code toDevice(sameDevice, true)} or {@code
 * toType(sameType, true)}: it returns a second handle to the same memory. On the CPU an array
 * decoded from bytes ({@code NDArray.decode}, {@code Block.loadParameters}) lives in a Java direct
 * buffer that only the decoded array keeps alive; once that array is closed the buffer is freed,
 * and every other handle to it points into freed memory (a resumed training crashed this way).
 * {@code duplicate()} is PyTorch's {@code clone()}, which always allocates new memory through
 * libtorch; the copies made here go through it.
 */
public final class ArrayCopies {

    private ArrayCopies() {}

    /**
     * A copy of {@code array} in memory of its own, on the same device with the same type.
     *
     * @param array the array
     * @param owner the manager of the copy
     * @return the copy, attached to {@code owner}, without gradient
     */
    public static NDArray copyOf(NDArray array, NDManager owner) {
        return copyOf(array, array.getDevice(), array.getDataType(), owner);
    }

    /**
     * A copy of {@code array} in memory of its own, on a device and with a type.
     *
     * @param array the array
     * @param device the device of the copy
     * @param type the data type of the copy
     * @param owner the manager of the copy
     * @return the copy, attached to {@code owner}, without gradient
     */
    public static NDArray copyOf(NDArray array, Device device, DataType type, NDManager owner) {
        // each conversion returns the array itself when there is nothing to convert
        NDArray onDevice = array.toDevice(device, false);
        NDArray converted = onDevice.toType(type, false);
        NDArray copy = converted.duplicate();
        if (converted != array) {
            converted.close();
        }
        if (onDevice != array && onDevice != converted) {
            onDevice.close();
        }
        copy.attach(owner);
        return copy;
    }

    /**
     * Replaces the array of every initialised parameter of {@code block} with a copy in memory of
     * its own, owned by {@code manager}, and closes the array it replaces. Call it after {@code
     * block.loadParameters}, whose arrays live in decoded buffers, and before a trainer is made.
     *
     * @param block the block whose parameters to replace
     * @param manager the manager of the new arrays (the model's)
     */
    public static void ownParameterArrays(Block block, NDManager manager) {
        for (Pair<String, Parameter> entry : block.getParameters()) {
            Parameter parameter = entry.getValue();
            if (!parameter.isInitialized()) {
                continue;
            }
            NDArray copy = copyOf(parameter.getArray(), manager);
            Initializer initializer = parameter.getInitializer();
            // DJL lets a parameter take a new array only through initialize(), once it has none
            parameter.close();
            parameter.setInitializer((m, shape, type) -> copy);
            parameter.initialize(manager, copy.getDataType());
            parameter.setInitializer(initializer);
        }
    }
}
