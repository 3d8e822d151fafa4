package ai.acosp.models.nn;

import ai.acosp.core.DjlInternals;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Runs a child block in a forward pass of this project's containers. A DJL {@link BatchNorm} over
 * axis 1 of a PyTorch array runs libtorch's {@code batch_norm} on the array itself: DJL 0.36 wraps
 * the call in an identity transpose before and after, so its output is a view, and a ReLU in place
 * after a view makes autograd copy the whole array twice in the backward pass. Same kernel, same
 * running statistics, same parameters; everything else runs the child's own forward.
 */
public final class ChildForward {

    private ChildForward() {}

    /**
     * Runs the child.
     *
     * @param child the block
     * @param parameterStore the parameter store of the pass
     * @param inputs its inputs
     * @param training whether this is a training pass
     * @param params the forward parameters
     * @return its outputs
     */
    public static NDList run(
            Block child,
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (child instanceof BatchNorm batchNorm
                && child.isInitialized()
                && inputs.size() == 1
                && inputs.head() instanceof PtNDArray input
                && input.getShape().dimension() > 1
                && DjlInternals.batchNormAxis(batchNorm) == 1) {
            return new NDList(batchNorm(batchNorm, parameterStore, input, training));
        }
        return child.forward(parameterStore, inputs, training, params);
    }

    private static NDArray batchNorm(
            BatchNorm block, ParameterStore parameterStore, PtNDArray input, boolean training) {
        Device device = input.getDevice();
        PairList<String, Parameter> parameters = block.getDirectParameters();
        PtNDArray gamma = value(parameterStore, parameters, "gamma", device, training);
        PtNDArray beta = value(parameterStore, parameters, "beta", device, training);
        PtNDArray mean = value(parameterStore, parameters, "runningMean", device, training);
        PtNDArray variance = value(parameterStore, parameters, "runningVar", device, training);
        // DJL's momentum keeps that share of the running statistics; libtorch's replaces it
        return JniUtils.batchNorm(
                input,
                mean,
                variance,
                gamma,
                beta,
                training,
                1f - DjlInternals.batchNormMomentum(block),
                DjlInternals.batchNormEpsilon(block));
    }

    private static PtNDArray value(
            ParameterStore parameterStore,
            PairList<String, Parameter> parameters,
            String name,
            Device device,
            boolean training) {
        return (PtNDArray) parameterStore.getValue(parameters.get(name), device, training);
    }
}
