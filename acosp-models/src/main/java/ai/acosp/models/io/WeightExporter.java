package ai.acosp.models.io;

import ai.acosp.core.ArrayCopies;
import ai.acosp.core.nn.SoftTopKMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports a DJL block's parameters under the keys PyTorch's {@code state_dict()} gives the
 * reference network ({@link StateDictKeys}), so that PyTorch users can load a model trained here:
 *
 * <pre>
 * from safetensors.torch import load_file
 * model.load_state_dict(load_file("pspnet50.safetensors"))
 * </pre>
 *
 * <p>Batch norm's {@code num_batches_tracked} is written as 0 and a soft mask's {@code .mask}
 * buffer as its current mask, so the key set equals the reference's.
 */
public final class WeightExporter {

    private WeightExporter() {}

    /**
     * The block's state dict: copies of its parameters, attached to {@code manager}.
     *
     * @param block the initialised network
     * @param manager the manager of the copies
     * @return tensors by PyTorch key, in PyTorch's order
     */
    public static Map<String, NDArray> stateDict(Block block, NDManager manager) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (StateDictKeys.Entry entry : StateDictKeys.of(block).values()) {
            NDArray value;
            switch (entry.getRole()) {
                case PARAMETER:
                    if (!entry.getParameter().isInitialized()) {
                        throw new IllegalStateException(
                                "cannot export "
                                        + entry.getKey()
                                        + ": the block is not initialised");
                    }
                    NDArray array = entry.getParameter().getArray();
                    value =
                            ArrayCopies.copyOf(
                                    array, manager.getDevice(), array.getDataType(), manager);
                    break;
                case SOFT_MASK_VALUES:
                    value = ((SoftTopKMask) entry.getBlock()).currentMask(manager);
                    break;
                case BATCHES_TRACKED:
                    value = manager.create(0L);
                    break;
                default:
                    throw new IllegalStateException("unhandled role " + entry.getRole());
            }
            if (value.getDataType() != DataType.FLOAT32 && value.getDataType().isFloating()) {
                value = value.toType(DataType.FLOAT32, false);
            }
            tensors.put(entry.getKey(), value);
        }
        return tensors;
    }

    /**
     * Writes the block's state dict as a safetensors file.
     *
     * @param block the initialised network
     * @param file the file to write
     * @throws IOException if the file cannot be written
     */
    public static void export(Block block, Path file) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Safetensors.write(stateDict(block, manager), file);
        }
    }
}
