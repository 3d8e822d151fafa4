package ai.acosp.models.resnet;

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
 * torchvision's ResNet basic block: two 3x3 convolutions with batch norm, the first with the
 * stride, added to the shortcut, then ReLU; the shortcut is a strided 1x1 convolution with batch
 * norm ({@code downsample}) when the shape changes. Children: {@code conv1, bn1, conv2, bn2,
 * downsample}.
 */
public class BasicBlock extends ModuleBlock {

    /**
     * Creates a basic block with Kaiming-normal (fan-out) convolutions.
     *
     * @param inChannels the input channels
     * @param outChannels the output channels
     * @param stride the stride of the first convolution and of the shortcut
     */
    public BasicBlock(long inChannels, int outChannels, int stride) {
        addChild(
                "conv1",
                ConvBuilder.resNetConv(inChannels, outChannels, 3)
                        .optStride(stride)
                        .optPadding(1)
                        .build());
        addChild("bn1", Layers.batchNorm());
        addChild(
                "conv2", ConvBuilder.resNetConv(outChannels, outChannels, 3).optPadding(1).build());
        addChild("bn2", Layers.batchNorm());
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
        out = r.run("bn2", r.run("conv2", out));
        NDArray identity = hasDownsample() ? r.run("downsample", x) : x;
        return new NDList(Layers.reluInPlace(out.add(identity)));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return childOutputShapes("conv2", childOutputShapes("conv1", inputShapes));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = initializeChild("conv1", manager, dataType, inputShapes);
        initializeChild("bn1", manager, dataType, shapes);
        shapes = initializeChild("conv2", manager, dataType, shapes);
        initializeChild("bn2", manager, dataType, shapes);
        if (hasDownsample()) {
            initializeChild("downsample", manager, dataType, inputShapes);
        }
    }
}
