package ai.acosp.models.pspnet;

import ai.acosp.models.nn.ConvBuilder;
import ai.acosp.models.nn.Layers;
import ai.acosp.models.nn.ModuleBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The ResNet bottleneck block: 1x1 conv to {@code planes}, 3x3 conv (stride and dilation here), 1x1
 * conv to {@code 4 * planes}, each with batch norm, added to the shortcut, then ReLU. The shortcut
 * is a 1x1 conv with batch norm ({@code downsample}) when the shape changes. Children are named as
 * in PyTorch: {@code conv1, bn1, conv2, bn2, conv3, bn3, downsample}.
 */
public class Bottleneck extends ModuleBlock {

    /** The ratio of output channels to {@code planes}. */
    public static final int EXPANSION = 4;

    /**
     * Creates a bottleneck block with Kaiming-normal (fan-out) convolutions.
     *
     * @param inChannels the input channels
     * @param planes the width of the inner convolutions; the block outputs {@code 4 * planes}
     * @param stride the stride of the 3x3 convolution and the shortcut
     * @param dilation the dilation (and padding) of the 3x3 convolution
     */
    public Bottleneck(long inChannels, int planes, int stride, int dilation) {
        int outChannels = planes * EXPANSION;
        addChild("conv1", ConvBuilder.resNetConv(inChannels, planes, 1).build());
        addChild("bn1", Layers.batchNorm());
        addChild(
                "conv2",
                ConvBuilder.resNetConv(planes, planes, 3)
                        .optStride(stride)
                        .optPadding(dilation)
                        .optDilation(dilation)
                        .build());
        addChild("bn2", Layers.batchNorm());
        addChild("conv3", ConvBuilder.resNetConv(planes, outChannels, 1).build());
        addChild("bn3", Layers.batchNorm());
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
        NDArray out = Layers.reluInPlace(r.run("bn1", r.run("conv1", x)));
        out = Layers.reluInPlace(r.run("bn2", r.run("conv2", out)));
        out = r.run("bn3", r.run("conv3", out));
        NDArray identity = hasDownsample() ? r.run("downsample", x) : x;
        return new NDList(Layers.reluInPlace(out.add(identity)));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return childOutputShapes(
                "conv3", childOutputShapes("conv2", childOutputShapes("conv1", inputShapes)));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = initializeChild("conv1", manager, dataType, inputShapes);
        initializeChild("bn1", manager, dataType, shapes);
        shapes = initializeChild("conv2", manager, dataType, shapes);
        initializeChild("bn2", manager, dataType, shapes);
        shapes = initializeChild("conv3", manager, dataType, shapes);
        initializeChild("bn3", manager, dataType, shapes);
        if (hasDownsample()) {
            initializeChild("downsample", manager, dataType, inputShapes);
        }
    }
}
