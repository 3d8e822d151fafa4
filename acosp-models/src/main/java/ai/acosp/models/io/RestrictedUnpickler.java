package ai.acosp.models.io;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for PyTorch checkpoints that resolves only the globals a state dict needs and
 * rejects every other one by name, so that loading a file never constructs arbitrary objects.
 *
 * <p>Allowed: {@code collections.OrderedDict} (a {@link LinkedHashMap}), {@code
 * torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_parameter} and {@code
 * _rebuild_parameter_with_state} (a {@link TorchTensor}), and the typed storage classes {@code
 * torch.FloatStorage} etc. (a {@link TensorType}), which appear inside persistent ids. Persistent
 * ids ({@code ('storage', type, key, location, numel[, view])}) are resolved by the given function.
 * The instance state of an {@code OrderedDict} (a state dict's {@code _metadata}) is dropped. Dicts
 * keep the order of the file (the base unpickler loses it).
 */
final class RestrictedUnpickler extends Unpickler {

    private final Function<List<?>, Object> storageLoader;

    /**
     * Creates the unpickler.
     *
     * @param storageLoader maps a persistent id (as a list) to the storage object it names
     */
    RestrictedUnpickler(Function<List<?>, Object> storageLoader) {
        this.storageLoader = storageLoader;
    }

    /** {@inheritDoc} */
    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL:
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            case Opcodes.STACK_GLOBAL:
                String stackName = (String) stack.pop();
                String stackModule = (String) stack.pop();
                stack.add(resolve(stackModule, stackName));
                return NO_RETURN_VALUE;
            case Opcodes.INST:
                throw new PickleException(
                        "checkpoint uses the INST opcode (old-style class instances), which is not"
                                + " allowed");
            case Opcodes.EMPTY_DICT:
                // keep insertion order, as Python dicts do
                stack.add(new LinkedHashMap<Object, Object>());
                return NO_RETURN_VALUE;
            case Opcodes.SETITEMS:
                List<Object> items = stack.pop_all_since_marker();
                @SuppressWarnings("unchecked")
                Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    dict.put(items.get(i), items.get(i + 1));
                }
                return NO_RETURN_VALUE;
            case Opcodes.BUILD:
                stack.pop(); // the state to set
                Object target = stack.peek();
                if (!(target instanceof Map)) {
                    throw new PickleException(
                            "checkpoint sets the state of a "
                                    + target.getClass().getSimpleName()
                                    + ", which is not allowed");
                }
                // an OrderedDict's attributes, e.g. a state dict's _metadata: not needed
                return NO_RETURN_VALUE;
            default:
                return super.dispatch(key);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected Object persistentLoad(Object pid) {
        if (pid instanceof Object[] array) {
            return storageLoader.apply(Arrays.asList(array));
        }
        if (pid instanceof List<?> list) {
            return storageLoader.apply(list);
        }
        throw new PickleException("unsupported persistent id " + pid);
    }

    private static Object resolve(String module, String name) {
        String global = module + "." + name;
        switch (global) {
            case "collections.OrderedDict":
                return (IObjectConstructor) args -> new LinkedHashMap<Object, Object>();
            case "torch._utils._rebuild_tensor_v2":
                return (IObjectConstructor) TorchTensor::rebuild;
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return (IObjectConstructor) args -> args[0];
            default:
                if ("torch".equals(module)) {
                    TensorType type = TensorType.fromStorage(name);
                    if (type != null) {
                        return type;
                    }
                }
                throw new PickleException(
                        "checkpoint refers to the Python global '"
                                + global
                                + "', which is not allowed (only state-dict tensors and"
                                + " containers can be read)");
        }
    }
}
