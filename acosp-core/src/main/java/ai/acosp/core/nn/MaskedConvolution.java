package ai.acosp.core.nn;

import ai.acosp.core.DjlInternals;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.convolutional.Deconvolution;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution followed by a channel mask on its output channels: the seed's {@code
 * nn.Sequential(conv, mask)}. Its children are named {@code conv} and {@code mask}, which a PyTorch
 * state dict calls {@code <path>.0} and {@code <path>.1}.
 */
public class MaskedConvolution extends MaskedLayer {

    /** The name of the convolution child. */
    public static final String CONV = "conv";

    private final Block conv;

    /**
     * Puts a mask after a convolution.
     *
     * @param conv a {@link Convolution} or {@link Deconvolution}
     * @param mask a mask over the convolution's output channels
     */
    public MaskedConvolution(Block conv, ChannelMask mask) {
        super(conv, CONV, conv, mask);
        this.conv = conv;
    }

    /**
     * The number of output channels of a convolution or transposed convolution.
     *
     * @param conv the block
     * @return its filters
     * @throws IllegalArgumentException if the block is no convolution
     */
    public static int outputChannels(Block conv) {
        if (conv instanceof Convolution c) {
            return c.getFilters();
        }
        if (conv instanceof Deconvolution d) {
            return DjlInternals.deconvolutionFilters(d);
        }
        throw new IllegalArgumentException("not a convolution: " + conv.getClass().getSimpleName());
    }

    /**
     * The wrapped convolution.
     *
     * @return the convolution block
     */
    public Block getConv() {
        return conv;
    }

    /** {@inheritDoc} */
    @Override
    public Block getConvolution() {
        return conv;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (conv.getClass() == Conv2d.class && filtersAreSmaller(inputs)) {
            return maskedFilters((Conv2d) conv, parameterStore, inputs, training);
        }
        NDList convolved = conv.forward(parameterStore, inputs, training, params);
        return getMask().forward(parameterStore, convolved, training, params);
    }

    /** Whether the filters hold fewer values than the output of this pass. */
    private boolean filtersAreSmaller(NDList inputs) {
        Parameter weight = BlockParameters.direct(conv, "weight");
        if (weight.getShape() == null) {
            return false;
        }
        Shape output = conv.getOutputShapes(new Shape[] {inputs.singletonOrThrow().getShape()})[0];
        return weight.getShape().size() < output.size();
    }

    /**
     * Scales the filters rather than the output: {@code conv(x, W) * m == conv(x, W * m) } per
     * output channel. Used when the filters are smaller than the output (early, wide layers with
     * large batches), where it saves a pass over the activations forward and backward; deep layers
     * on small inputs mask their output instead.
     */
    private NDList maskedFilters(
            Conv2d conv2d, ParameterStore parameterStore, NDList inputs, boolean training) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray weight =
                parameterStore.getValue(BlockParameters.direct(conv2d, "weight"), device, training);
        Parameter biasParameter = BlockParameters.direct(conv2d, "bias");
        NDArray bias =
                biasParameter == null
                        ? null
                        : parameterStore.getValue(biasParameter, device, training);
        NDArray values = getMask().forwardMask(parameterStore, input, training);
        if (values != null) {
            // the mask lives in the batch's manager, so the scaled filters do too
            weight = values.reshape(values.size(), 1, 1, 1).mul(weight);
            bias = bias == null ? null : values.mul(bias);
        }
        return Conv2d.conv2d(
                input,
                weight,
                bias,
                conv2d.getStride(),
                conv2d.getPadding(),
                conv2d.getDilation(),
                conv2d.getGroups());
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        getMask().initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
