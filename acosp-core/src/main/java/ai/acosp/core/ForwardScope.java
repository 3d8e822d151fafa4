package ai.acosp.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;

/**
 * Frees the intermediates of a computation as soon as it returns, as PyTorch does by reference
 * counting.
 *
 * <p>DJL puts the result of an operation in the manager of its first operand, so every intermediate
 * of a forward pass would otherwise live in the caller's manager until that manager closes (a
 * full-size SegNet pass keeps gigabytes). {@link #run} attaches the inputs for the time of the
 * computation to a new sub-manager, so that what the computation creates lands there, hands the
 * outputs back to the inputs' manager and closes the rest. In training the autograd graph keeps its
 * own references to what the backward pass needs; closing DJL's handles only frees what nothing
 * needs any more.
 */
public final class ForwardScope {

    private ForwardScope() {}

    /**
     * Runs a computation on arrays; only its outputs survive it.
     *
     * @param inputs the inputs, returned to their managers afterwards
     * @param body the computation; it must not keep arrays it creates beyond its outputs
     * @return the outputs, in the manager of the first input
     */
    public static NDList run(NDList inputs, UnaryOperator<NDList> body) {
        if (inputs.isEmpty()) {
            return body.apply(inputs);
        }
        NDManager owner = inputs.head().getManager();
        try (NDManager scope = open(inputs)) {
            NDList outputs = body.apply(inputs);
            outputs.attach(owner);
            return outputs;
        }
    }

    /**
     * Opens the scope of a computation whose results the caller takes out itself (Java numbers, or
     * arrays it attaches elsewhere): a sub-manager of the first input's manager, to which the
     * inputs are lent until it closes. What the computation creates lands there and closes with it.
     *
     * @param inputs the inputs (at least one), returned to their managers when the scope closes
     * @return the scope; close it
     */
    public static NDManager open(NDList inputs) {
        NDManager scope = inputs.head().getManager().newSubManager();
        inputs.tempAttach(scope);
        return scope;
    }

    /**
     * Runs a computation on one array; only its output survives it.
     *
     * @param input the input, returned to its manager afterwards
     * @param body the computation
     * @return the output, in the input's manager
     */
    public static NDArray run(NDArray input, UnaryOperator<NDArray> body) {
        return run(new NDList(input), in -> new NDList(body.apply(in.head()))).head();
    }

    /**
     * Closes {@code used} unless it is (the same object as) one of {@code kept}, e.g. a layer's
     * input once the layer has its output, where a layer may hand back its input.
     *
     * @param used the array no longer needed
     * @param kept the arrays that must stay open
     */
    public static void closeUnless(NDArray used, NDArray... kept) {
        for (NDArray k : kept) {
            if (k == used) {
                return;
            }
        }
        used.close();
    }

    /**
     * Closes the arrays of {@code used} that are not (the same object as) an array of {@code kept},
     * e.g. the input of a layer once the next layer has its output.
     *
     * @param used the arrays no longer needed
     * @param kept the lists of arrays that must stay open
     */
    public static void closeAllBut(NDList used, NDList... kept) {
        for (NDArray array : used) {
            boolean keep = false;
            for (NDList list : kept) {
                for (NDArray k : list) {
                    keep |= k == array;
                }
            }
            if (!keep) {
                array.close();
            }
        }
    }
}
