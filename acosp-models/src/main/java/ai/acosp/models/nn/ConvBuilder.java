package ai.acosp.models.nn;

import ai.acosp.core.nn.UnprunableConv2d;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Builds a square-kernel {@link Conv2d} the way the PyTorch reference declares {@code nn.Conv2d(in,
 * out, k, stride, padding, dilation, bias)}, with the reference's initialisation attached to its
 * parameters. Knowing the input channels lets the bias get PyTorch's default initialisation, which
 * depends on the fan-in.
 *
 * <pre>{@code
 * Conv2d conv = ConvBuilder.conv(64, 128, 3).optPadding(1).optBias(false).build();
 * }</pre>
 */
public final class ConvBuilder {

    /** How a convolution's weight is initialised. */
    public enum Init {
        /** {@link PyTorchInit#kaimingNormalFanOut()}, the ResNet backbones' choice. */
        KAIMING_NORMAL_FAN_OUT,
        /** {@link PyTorchInit#defaultWeight()}, PyTorch's default. */
        PYTORCH_DEFAULT
    }

    private final long inChannels;
    private final int outChannels;
    private final int kernel;
    private int stride = 1;
    private int padding;
    private int dilation = 1;
    private boolean bias = true;
    private boolean unprunable;
    private Init init = Init.PYTORCH_DEFAULT;

    private ConvBuilder(long inChannels, int outChannels, int kernel) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1) {
            throw new IllegalArgumentException(
                    "need positive channels and kernel, got in="
                            + inChannels
                            + " out="
                            + outChannels
                            + " kernel="
                            + kernel);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
    }

    /**
     * Starts a convolution {@code in -> out} with a {@code kernel x kernel} kernel, stride 1, no
     * padding, dilation 1, with bias, PyTorch's default initialisation, prunable.
     *
     * @param inChannels the input channels
     * @param outChannels the output channels (filters)
     * @param kernel the kernel size
     * @return the builder
     */
    public static ConvBuilder conv(long inChannels, int outChannels, int kernel) {
        return new ConvBuilder(inChannels, outChannels, kernel);
    }

    /**
     * Starts a ResNet backbone convolution: as {@link #conv} but without bias and with
     * Kaiming-normal (fan-out) initialisation, as torchvision's ResNets.
     *
     * @param inChannels the input channels
     * @param outChannels the output channels (filters)
     * @param kernel the kernel size
     * @return the builder
     */
    public static ConvBuilder resNetConv(long inChannels, int outChannels, int kernel) {
        return conv(inChannels, outChannels, kernel)
                .optBias(false)
                .optInit(Init.KAIMING_NORMAL_FAN_OUT);
    }

    /**
     * Sets the stride (default 1).
     *
     * @param stride the stride in both directions
     * @return this builder
     */
    public ConvBuilder optStride(int stride) {
        this.stride = stride;
        return this;
    }

    /**
     * Sets the zero padding (default 0).
     *
     * @param padding the padding on every side
     * @return this builder
     */
    public ConvBuilder optPadding(int padding) {
        this.padding = padding;
        return this;
    }

    /**
     * Sets the dilation (default 1).
     *
     * @param dilation the dilation in both directions
     * @return this builder
     */
    public ConvBuilder optDilation(int dilation) {
        this.dilation = dilation;
        return this;
    }

    /**
     * Sets whether the convolution has a bias (default true).
     *
     * @param bias whether to add a bias
     * @return this builder
     */
    public ConvBuilder optBias(boolean bias) {
        this.bias = bias;
        return this;
    }

    /**
     * Sets the weight initialisation (default {@link Init#PYTORCH_DEFAULT}).
     *
     * @param init the initialisation
     * @return this builder
     */
    public ConvBuilder optInit(Init init) {
        this.init = init;
        return this;
    }

    /**
     * Makes the convolution an {@link UnprunableConv2d}, which the pruner never masks (the final
     * classifiers).
     *
     * @return this builder
     */
    public ConvBuilder optUnprunable() {
        this.unprunable = true;
        return this;
    }

    /**
     * Builds the convolution.
     *
     * @return a {@link Conv2d}, or an {@link UnprunableConv2d} if requested
     */
    public Conv2d build() {
        Conv2d.Builder builder = unprunable ? UnprunableConv2d.builder() : Conv2d.builder();
        Conv2d conv =
                builder.setKernelShape(new Shape(kernel, kernel))
                        .setFilters(outChannels)
                        .optStride(new Shape(stride, stride))
                        .optPadding(new Shape(padding, padding))
                        .optDilation(new Shape(dilation, dilation))
                        .optBias(bias)
                        .build();
        conv.setInitializer(
                init == Init.KAIMING_NORMAL_FAN_OUT
                        ? PyTorchInit.kaimingNormalFanOut()
                        : PyTorchInit.defaultWeight(),
                "weight");
        if (bias) {
            conv.setInitializer(PyTorchInit.defaultBias(inChannels * kernel * kernel), "bias");
        }
        return conv;
    }
}
