package ai.acosp.core.compact;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A batch norm over axis 1 whose channel count is fixed at construction (DJL's {@link BatchNorm}
 * takes it from the input shape at initialisation, which container blocks of a compacted model
 * may no longer report correctly). It computes exactly what {@link BatchNorm} computes.
 */
public class CompactBatchNorm extends AbstractBlock implements CompactLayer {

    private static final byte VERSION = 1;

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
        super(VERSION);
        channels = gamma.size();
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.gamma = addParameter(CompactConv2d.param("gamma", Parameter.Type.GAMMA, gamma, null));
        this.beta = addParameter(CompactConv2d.param("beta", Parameter.Type.BETA, beta, null));
        this.runningMean =
                addParameter(stat("runningMean", Parameter.Type.RUNNING_MEAN, runningMean, null));
        this.runningVar =
                addParameter(stat("runningVar", Parameter.Type.RUNNING_VAR, runningVar, null));
    }

    /**
     * Creates the layer from its spec; the parameters are filled by loading.
     *
     * @param spec the spec, of type {@link LayerSpec#BATCH_NORM}
     */
    public CompactBatchNorm(LayerSpec spec) {
        super(VERSION);
        channels = spec.out;
        epsilon = spec.epsilon;
        momentum = spec.momentum;
        Shape shape = new Shape(channels);
        gamma = addParameter(CompactConv2d.param("gamma", Parameter.Type.GAMMA, null, shape));
        beta = addParameter(CompactConv2d.param("beta", Parameter.Type.BETA, null, shape));
        runningMean = addParameter(stat("runningMean", Parameter.Type.RUNNING_MEAN, null, shape));
        runningVar = addParameter(stat("runningVar", Parameter.Type.RUNNING_VAR, null, shape));
    }

    private static Parameter stat(String name, Parameter.Type type, NDArray array, Shape shape) {
        Parameter.Builder builder =
                Parameter.builder().setName(name).setType(type).optRequiresGrad(false);
        if (array != null) {
            builder.optArray(array).optShape(array.getShape());
        } else {
            builder.optShape(shape)
                    .optInitializer(
                            type == Parameter.Type.RUNNING_VAR
                                    ? ai.djl.training.initializer.Initializer.ONES
                                    : ai.djl.training.initializer.Initializer.ZEROS);
        }
        return builder.build();
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
     * The inference-mode batch norm as a per-channel affine map {@code y = scale * x + shift},
     * with {@code scale = gamma / sqrt(runningVar + epsilon)} and {@code shift = beta - runningMean
     * * scale}.
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
    protected void saveMetadata(DataOutputStream os) throws IOException {
        ChannelCounts.write(os, channels);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        ChannelCounts.check("CompactBatchNorm", loadVersion, version, is, channels);
    }

    /** {@inheritDoc} */
    @Override
    public LayerSpec spec(String path) {
        LayerSpec spec = new LayerSpec();
        spec.path = path;
        spec.type = LayerSpec.BATCH_NORM;
        spec.in = channels;
        spec.out = channels;
        spec.epsilon = epsilon;
        spec.momentum = momentum;
        return spec;
    }
}
