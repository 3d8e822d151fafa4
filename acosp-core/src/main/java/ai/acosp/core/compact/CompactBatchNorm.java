package ai.acosp.core.compact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A batch norm over axis 1 whose channel count is fixed at construction (DJL's {@link BatchNorm}
 * takes it from the input shape at initialisation, which container blocks of a compacted model may
 * no longer report correctly). It computes exactly what {@link BatchNorm} computes.
 */
public class CompactBatchNorm extends AbstractCompactLayer {

    private final long channels;
    private final float epsilon;
    private final float momentum;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /**
     * Creates the layer from cut arrays; it takes ownership of them.
     *
     * @param gamma the scale
     * @param beta the shift
     * @param runningMean the running mean
     * @param runningVar the running variance
     * @param epsilon the epsilon
     * @param momentum DJL's momentum (weight of the running value)
     */
    public CompactBatchNorm(
            NDArray gamma,
            NDArray beta,
            NDArray runningMean,
            NDArray runningVar,
            float epsilon,
            float momentum) {
        super(LayerSpec.BATCH_NORM);
        channels = gamma.size();
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.gamma = addParameter(parameter("gamma", Parameter.Type.GAMMA, gamma, null));
        this.beta = addParameter(parameter("beta", Parameter.Type.BETA, beta, null));
        this.runningMean =
                addParameter(
                        parameter("runningMean", Parameter.Type.RUNNING_MEAN, runningMean, null));
        this.runningVar =
                addParameter(parameter("runningVar", Parameter.Type.RUNNING_VAR, runningVar, null));
    }

    /**
     * Creates the layer from its spec; the parameters are filled by loading.
     *
     * @param spec the spec, of type {@link LayerSpec#BATCH_NORM}
     */
    public CompactBatchNorm(LayerSpec spec) {
        super(LayerSpec.BATCH_NORM);
        channels = spec.out;
        epsilon = spec.epsilon;
        momentum = spec.momentum;
        Shape shape = new Shape(channels);
        gamma = addParameter(parameter("gamma", Parameter.Type.GAMMA, null, shape));
        beta = addParameter(parameter("beta", Parameter.Type.BETA, null, shape));
        runningMean =
                addParameter(parameter("runningMean", Parameter.Type.RUNNING_MEAN, null, shape));
        runningVar = addParameter(parameter("runningVar", Parameter.Type.RUNNING_VAR, null, shape));
    }

    /**
     * The number of channels.
     *
     * @return channels
     */
    public long getChannels() {
        return channels;
    }

    /**
     * The inference-mode batch norm as a per-channel affine map {@code y = scale * x + shift}, with
     * {@code scale = gamma / sqrt(runningVar + epsilon)} and {@code shift = beta - runningMean *
     * scale}.
     *
     * @param manager the manager of the results
     * @return the NDList (scale, shift), each of shape {@code (channels)}
     */
    public NDList affine(ai.djl.ndarray.NDManager manager) {
        NDArray g = gamma.getArray();
        NDArray scale =
                g.div(runningVar.getArray().add(epsilon).sqrt()).toDevice(g.getDevice(), false);
        NDArray shift = beta.getArray().sub(runningMean.getArray().mul(scale));
        scale.attach(manager);
        shift.attach(manager);
        return new NDList(scale, shift);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().get(1) != channels) {
            throw new IllegalArgumentException(
                    "compact batch norm of " + channels + " channels got " + x.getShape());
        }
        return BatchNorm.batchNorm(
                x,
                parameterStore.getValue(runningMean, x.getDevice(), training),
                parameterStore.getValue(runningVar, x.getDevice(), training),
                parameterStore.getValue(gamma, x.getDevice(), training),
                parameterStore.getValue(beta, x.getDevice(), training),
                1,
                momentum,
                epsilon,
                training);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected long[] channelCounts() {
        return new long[] {channels};
    }

    /** {@inheritDoc} */
    @Override
    protected void describe(LayerSpec spec) {
        spec.in = channels;
        spec.out = channels;
        spec.epsilon = epsilon;
        spec.momentum = momentum;
    }
}
