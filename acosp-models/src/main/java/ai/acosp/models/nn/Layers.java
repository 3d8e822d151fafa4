package ai.acosp.models.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/** The parameter-free, normalisation and shortcut layers the models share, set up as in PyTorch. */
public final class Layers {

    /** PyTorch's default batch-norm epsilon. */
    public static final float BATCH_NORM_EPSILON = 1e-5f;

    /** DJL's batch-norm momentum that equals PyTorch's default 0.1 (DJL weighs the old value). */
    public static final float BATCH_NORM_MOMENTUM = 0.9f;

    private Layers() {}

    /**
     * {@code nn.BatchNorm2d(c)} with PyTorch's defaults: momentum 0.1 (DJL 0.9), epsilon 1e-5,
     * gamma 1, beta 0.
     *
     * @return the block
     */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder()
                .optMomentum(BATCH_NORM_MOMENTUM)
                .optEpsilon(BATCH_NORM_EPSILON)
                .build();
    }

    /**
     * {@code nn.ReLU()}.
     *
     * @return the block
     */
    public static Block relu() {
        return Activation.reluBlock();
    }

    /**
     * {@code nn.MaxPool2d(kernel, stride, padding)} with floor rounding.
     *
     * @param kernel the window size
     * @param stride the stride
     * @param padding the padding
     * @return the block
     */
    public static Block maxPool(int kernel, int stride, int padding) {
        return Pool.maxPool2dBlock(
                new Shape(kernel, kernel),
                new Shape(stride, stride),
                new Shape(padding, padding),
                false);
    }

    /**
     * A ResNet block's {@code downsample} shortcut: a strided 1x1 backbone convolution and batch
     * norm, children {@code 0} and {@code 1} as in PyTorch.
     *
     * @param inChannels the input channels
     * @param outChannels the output channels
     * @param stride the stride
     * @return the block
     */
    public static SequentialBlock resNetDownsample(long inChannels, int outChannels, int stride) {
        return new SequentialBlock()
                .add(ConvBuilder.resNetConv(inChannels, outChannels, 1).optStride(stride).build())
                .add(batchNorm());
    }
}
