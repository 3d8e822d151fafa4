package ai.acosp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.function.Function;
import java.util.function.UnaryOperator;

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
     * {@code nn.ReLU(inplace=True)}, as in the reference networks: on the PyTorch engine it
     * overwrites its input (see {@link #reluInPlace}), so it belongs only after a layer whose
     * output nothing else reads and whose backward pass does not need it.
     *
     * @return the block
     */
    public static Block relu() {
        return new ShapedLambdaBlock(
                in -> new NDList(reluInPlace(in.singletonOrThrow())), "ReLU", shape -> shape);
    }

    /**
     * {@code torch.relu_(x)} on the PyTorch engine: the input's memory takes the result, as {@code
     * nn.ReLU(inplace=True)} does, in inference and in training (autograd saves the result, which
     * is all the backward pass of a ReLU needs). A new full-size array costs more than the
     * comparison itself (fresh pages), and in training it is one more activation-sized array a
     * layer. The input must not be read afterwards, nor be needed by the backward pass of the layer
     * that made it (a batch norm, a convolution and a sum need only their inputs). The batch norms
     * of this project's containers give arrays of their own ({@link ChildForward}); after a view
     * (DJL's own batch norm) autograd copies the base in the backward pass, which is correct but
     * slower. Other engines get DJL's relu.
     *
     * @param x the input, overwritten on the PyTorch engine
     * @return {@code max(x, 0)}, bitwise as {@link Activation#relu}
     */
    public static NDArray reluInPlace(NDArray x) {
        return AtenOperators.supports(x) ? AtenOperators.reluInPlace(x) : Activation.relu(x);
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
        Shape window = new Shape(kernel, kernel);
        Shape strides = new Shape(stride, stride);
        Shape pads = new Shape(padding, padding);
        return new ShapedLambdaBlock(
                in ->
                        new NDList(
                                Pool.maxPool2d(
                                        in.singletonOrThrow(), window, strides, pads, false)),
                "maxPool2d",
                s ->
                        new Shape(
                                s.get(0),
                                s.get(1),
                                pooled(s.get(2), kernel, stride, padding),
                                pooled(s.get(3), kernel, stride, padding)));
    }

    private static long pooled(long size, int kernel, int stride, int padding) {
        return (size + 2L * padding - kernel) / stride + 1;
    }

    /**
     * A lambda block that computes its output shape from its input shape. DJL's own lambda block
     * finds it by running the lambda on zero arrays of the input shape, so initialising a network
     * at a full-size input allocated full-size temporaries for every ReLU, again for every
     * enclosing block's shape query, and the freed memory stayed with the process (hundreds of MB
     * for SegNet at 360x480).
     */
    private static final class ShapedLambdaBlock extends LambdaBlock {

        private final UnaryOperator<Shape> outputShape;

        ShapedLambdaBlock(
                Function<NDList, NDList> lambda, String name, UnaryOperator<Shape> outputShape) {
            super(lambda, name);
            this.outputShape = outputShape;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {outputShape.apply(inputShapes[0])};
        }
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
        return new ScopedSequentialBlock()
                .add(ConvBuilder.resNetConv(inChannels, outChannels, 1).optStride(stride).build())
                .add(batchNorm());
    }
}
