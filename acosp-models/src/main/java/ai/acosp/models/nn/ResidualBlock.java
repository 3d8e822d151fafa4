package ai.acosp.models.nn;

import ai.acosp.core.ForwardScope;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A ResNet residual block: convolutions {@code conv1, conv2, ...}, each followed by its batch norm
 * {@code bn<i>}, with ReLU between them; the result is added to the shortcut, the {@code
 * downsample} branch (a 1x1 convolution with batch norm) where the shape changes or else the input,
 * and passed through a ReLU. Subclasses add the convolutions in order, then the shortcut.
 */
public abstract class ResidualBlock extends ModuleBlock {

    private int convolutions;

    /** Creates a block without children. */
    protected ResidualBlock() {}

    /**
     * Adds the next convolution, {@code conv<i>}, and its batch norm {@code bn<i>}.
     *
     * @param conv the convolution
     */
    protected final void addConvolution(Block conv) {
        convolutions++;
        addChild("conv" + convolutions, conv);
        addChild("bn" + convolutions, Layers.batchNorm());
    }

    /**
     * Adds the {@code downsample} shortcut when the stride or the channel count changes the shape.
     *
     * @param inChannels the block's input channels
     * @param outChannels the block's output channels
     * @param stride the block's stride
     */
    protected final void addShortcut(long inChannels, int outChannels, int stride) {
        if (stride != 1 || inChannels != outChannels) {
            addChild("downsample", Layers.resNetDownsample(inChannels, outChannels, stride));
        }
    }

    private boolean hasDownsample() {
        return getChildren().contains("downsample");
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Runner r = runner(ps, training, params);
        NDArray x = inputs.singletonOrThrow();
        // each intermediate is closed once read, as PyTorch frees it with its last reference: the
        // next layer's output then takes memory that is still in the cache (autograd keeps what
        // its backward pass needs through references of its own); a child may hand back its input
        NDArray out = x;
        for (int i = 1; i <= convolutions; i++) {
            NDArray convInput = i > 1 ? Layers.reluInPlace(out) : x;
            ForwardScope.closeUnless(out, convInput, x);
            NDArray conv = r.run("conv" + i, convInput);
            ForwardScope.closeUnless(convInput, conv, x);
            out = r.run("bn" + i, conv);
            ForwardScope.closeUnless(conv, out, x);
        }
        NDArray identity = hasDownsample() ? r.run("downsample", x) : x;
        NDArray sum = out.add(identity);
        ForwardScope.closeUnless(out, sum, x);
        ForwardScope.closeUnless(identity, sum, x);
        NDArray result = Layers.reluInPlace(sum);
        ForwardScope.closeUnless(sum, result);
        return new NDList(result);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (int i = 1; i <= convolutions; i++) {
            shapes = childOutputShapes("conv" + i, shapes);
        }
        return shapes;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (int i = 1; i <= convolutions; i++) {
            shapes = initializeChild("conv" + i, manager, dataType, shapes);
            initializeChild("bn" + i, manager, dataType, shapes);
        }
        if (hasDownsample()) {
            initializeChild("downsample", manager, dataType, inputShapes);
        }
    }
}
