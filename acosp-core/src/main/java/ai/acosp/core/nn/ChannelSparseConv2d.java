package ai.acosp.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An inference-time 2-D convolution that computes only its kept output channels and scatters them
 * into a zero tensor of the full channel count (the reference's channel-sparse conversion). The
 * kept filters are already multiplied by their mask values.
 */
public class ChannelSparseConv2d extends AbstractBlock implements LeafBlock {

    private final int channels;
    private final Shape kernelShape;
    private final Shape stride;
    private final Shape padding;
    private final Shape dilation;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter indices;

    /**
     * Creates the block from the kept part of a convolution.
     *
     * @param conv the dense convolution, for its geometry (groups must be 1)
     * @param keptWeight the kept filters {@code (k, in, kh, kw)}, scaled by their mask values
     * @param keptBias the kept biases {@code (k)} scaled likewise, or null
     * @param keptIndices the kept output channel indices {@code (k)}, as INT64
     */
    public ChannelSparseConv2d(
            Conv2d conv, NDArray keptWeight, NDArray keptBias, NDArray keptIndices) {
        super((byte) 1);
        if (conv.getGroups() != 1) {
            throw new IllegalArgumentException("channel-sparse conv needs groups == 1");
        }
        channels = conv.getFilters();
        kernelShape = conv.getKernelShape();
        stride = conv.getStride();
        padding = conv.getPadding();
        dilation = conv.getDilation();
        weight = addParameter(fixed("weight", keptWeight));
        bias = keptBias == null ? null : addParameter(fixed("bias", keptBias));
        indices = addParameter(fixed("indices", keptIndices.toType(DataType.INT64, false)));
    }

    private static Parameter fixed(String name, NDArray array) {
        return Parameter.builder()
                .setName(name)
                .setType(ChannelMask.BUFFER)
                .optArray(array)
                .optRequiresGrad(false)
                .build();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, input.getDevice(), false);
        NDArray b = bias == null ? null : parameterStore.getValue(bias, input.getDevice(), false);
        NDArray index = parameterStore.getValue(indices, input.getDevice(), false);
        NDArray kept = Conv2d.conv2d(input, w, b, stride, padding, dilation, 1).singletonOrThrow();
        Shape keptShape = kept.getShape();
        NDArray out =
                input.getManager()
                        .zeros(
                                new Shape(
                                        keptShape.get(0),
                                        channels,
                                        keptShape.get(2),
                                        keptShape.get(3)),
                                kept.getDataType(),
                                kept.getDevice());
        out.set(new NDIndex(":, {}", index), kept);
        return new NDList(out);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        long[] shape = {in.get(0), channels, 0, 0};
        for (int i = 0; i < 2; i++) {
            shape[2 + i] =
                    (in.get(2 + i)
                                            + 2 * padding.get(i)
                                            - dilation.get(i) * (kernelShape.get(i) - 1)
                                            - 1)
                                    / stride.get(i)
                            + 1;
        }
        return new Shape[] {new Shape(shape)};
    }
}
