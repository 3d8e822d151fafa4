package ai.acosp.models.onnx;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One export in progress: the graph, the emitters by block type, the path of the block being
 * emitted (for tensor names and error messages) and a manager for probes and computed constants.
 */
final class ExportContext {

    private final OnnxGraph graph;
    private final Map<Class<?>, BlockEmitter<?>> emitters;
    private final NDManager manager;
    private final Deque<String> path = new ArrayDeque<>();

    ExportContext(OnnxGraph graph, Map<Class<?>, BlockEmitter<?>> emitters, NDManager manager) {
        this.graph = graph;
        this.emitters = emitters;
        this.manager = manager;
    }

    OnnxGraph graph() {
        return graph;
    }

    /**
     * The manager for probe arrays and computed constants, closed when the export ends.
     *
     * @return the manager
     */
    NDManager manager() {
        return manager;
    }

    /**
     * The path of the block being emitted, e.g. {@code layer1/0/conv2}.
     *
     * @return the path, empty at the top
     */
    String path() {
        StringBuilder joined = new StringBuilder();
        path.descendingIterator()
                .forEachRemaining(n -> joined.append(joined.length() == 0 ? "" : "/").append(n));
        return joined.toString();
    }

    /**
     * Emits a block found under the given name, with the emitter of its class (or of the nearest
     * superclass that has one).
     *
     * @param block the block
     * @param name its name under the current path
     * @param input its input
     * @return its output
     */
    @SuppressWarnings("unchecked")
    Value emit(Block block, String name, Value input) {
        path.push(name);
        try {
            for (Class<?> c = block.getClass(); c != null; c = c.getSuperclass()) {
                BlockEmitter<Block> emitter = (BlockEmitter<Block>) emitters.get(c);
                if (emitter != null) {
                    return emitter.emit(block, input, this);
                }
            }
            throw new UnsupportedOperationException(
                    path()
                            + ": no ONNX export for a "
                            + block.getClass().getName()
                            + " (supported: SegNet, PSPNet, ResNet18Cifar, dense, masked or compact)");
        } finally {
            path.pop();
        }
    }

    /**
     * Emits a named child of a block.
     *
     * @param parent the block
     * @param name the child's name
     * @param input the child's input
     * @return its output
     */
    Value emitChild(Block parent, String name, Value input) {
        return emit(child(parent, name), name, input);
    }

    /**
     * A named child of a block.
     *
     * @param parent the block
     * @param name the child's name
     * @return the child
     */
    Block child(Block parent, String name) {
        Block child = parent.getChildren().get(name);
        if (child == null) {
            throw new IllegalArgumentException(
                    path() + ": " + parent.getClass().getSimpleName() + " has no child " + name);
        }
        return child;
    }

    /**
     * A tensor name hint under the current path.
     *
     * @param suffix what the tensor is
     * @return the hint
     */
    String hint(String suffix) {
        String p = path();
        return p.isEmpty() ? suffix : p + "/" + suffix;
    }

    /**
     * {@code max(x, 0)}.
     *
     * @param x the input
     * @return the output
     */
    Value relu(Value x) {
        return new Value(graph.node("Relu", hint("relu"), List.of(x.name())), x.shape());
    }

    /**
     * The elementwise sum of two tensors of one shape.
     *
     * @param a a tensor
     * @param b a tensor of the same shape
     * @return the sum
     */
    Value add(Value a, Value b) {
        return new Value(graph.node("Add", hint("add"), List.of(a.name(), b.name())), a.shape());
    }
}
