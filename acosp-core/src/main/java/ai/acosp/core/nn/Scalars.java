package ai.acosp.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands for arithmetic that takes part in automatic differentiation.
 *
 * <p>On the CPU, DJL's PyTorch engine turns a Java number ({@code x.div(2f)}) into a tensor that
 * borrows a direct buffer and frees that buffer as soon as the operation returns, but autograd
 * keeps the tensor for the backward pass and may then read freed memory (seen as sporadic NaN
 * gradients). Scalars made here are allocated by libtorch and live in the manager of the array they
 * go with, so they stay valid until that manager closes, and their memory goes back then, not
 * whenever the garbage collector frees a direct buffer (until then a small block that splits the
 * freed memory of large arrays).
 */
public final class Scalars {

    private Scalars() {}

    /**
     * A 0-dimensional array holding {@code value}, with the data type, device and manager of {@code
     * like}.
     *
     * @param like the array the scalar will be combined with
     * @param value the value
     * @return the scalar array
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager()
                .full(new Shape(), (float) value, like.getDataType(), like.getDevice());
    }

    /**
     * A differentiable copy of {@code value} owned by {@code owner}'s manager, so that the results
     * of operations on it live there too rather than in the manager of a parameter.
     *
     * @param value e.g. a parameter's array
     * @param owner an array of the forward pass, e.g. the block's input
     * @return {@code value} as a new array in {@code owner}'s manager
     */
    public static NDArray local(NDArray value, NDArray owner) {
        return owner.getManager()
                .zeros(value.getShape(), value.getDataType(), value.getDevice())
                .add(value);
    }
}
