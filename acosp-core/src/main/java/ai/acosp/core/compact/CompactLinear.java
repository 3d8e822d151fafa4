package ai.acosp.core.compact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A fully connected layer over the live input features of a compacted layer; removed constant
 * features are folded into the bias (exact: {@code b' = b + W[:, removed] . v}).
 */
public class CompactLinear extends AbstractCompactLayer {

    private final long in;
    private final long out;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * Creates the layer from cut arrays; it takes ownership of them.
     *
     * @param weight {@code (out, in)}
     * @param bias {@code (out)} or null
     */
    public CompactLinear(NDArray weight, NDArray bias) {
        super(LayerSpec.LINEAR);
        out = weight.getShape().get(0);
        in = weight.getShape().get(1);
        this.weight = addParameter(parameter("weight", Parameter.Type.WEIGHT, weight, null));
        this.bias =
                bias == null
                        ? null
                        : addParameter(parameter("bias", Parameter.Type.BIAS, bias, null));
    }

    /**
     * Creates the layer from its spec; the parameters are filled by loading.
     *
     * @param spec the spec, of type {@link LayerSpec#LINEAR}
     */
    public CompactLinear(LayerSpec spec) {
        super(LayerSpec.LINEAR);
        in = spec.in;
        out = spec.out;
        weight = addParameter(parameter("weight", Parameter.Type.WEIGHT, null, new Shape(out, in)));
        bias =
                spec.bias
                        ? addParameter(parameter("bias", Parameter.Type.BIAS, null, new Shape(out)))
                        : null;
    }

    /**
     * The input features.
     *
     * @return in
     */
    public long getInFeatures() {
        return in;
    }

    /**
     * The output features.
     *
     * @return out
     */
    public long getOutFeatures() {
        return out;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : parameterStore.getValue(bias, x.getDevice(), training);
        return Linear.linear(x, w, b);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
    }

    /** {@inheritDoc} */
    @Override
    protected long[] channelCounts() {
        return new long[] {in, out};
    }

    /** {@inheritDoc} */
    @Override
    protected void describe(LayerSpec spec) {
        spec.in = in;
        spec.out = out;
        spec.bias = bias != null;
    }
}
