package ai.acosp.models.segnet;

import ai.acosp.models.nn.ConvBuilder;
import ai.acosp.models.nn.Layers;
import ai.acosp.models.nn.ModuleBlock;
import ai.acosp.models.nn.ScopedSequentialBlock;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SegNet's unit, the reference's {@code conv2DBatchNormRelu}: a 3x3 convolution with bias and
 * padding 1, batch norm and ReLU, held in the child {@code cbr_unit} as {@code Sequential(conv, bn,
 * relu)}.
 */
public class ConvBatchNormRelu extends ModuleBlock {

    /**
     * Creates a unit.
     *
     * @param inChannels the input channels
     * @param outChannels the output channels
     * @param prunable false for the network's last unit, whose convolution the pruner must skip
     */
    public ConvBatchNormRelu(long inChannels, int outChannels, boolean prunable) {
        ConvBuilder conv = ConvBuilder.conv(inChannels, outChannels, 3).optPadding(1);
        if (!prunable) {
            conv.optUnprunable();
        }
        Conv2d built = conv.build();
        addChild(
                "cbr_unit",
                new ScopedSequentialBlock().add(built).add(Layers.batchNorm()).add(Layers.relu()));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return runner(ps, training, params).run("cbr_unit", inputs);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return childOutputShapes("cbr_unit", inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        initializeChild("cbr_unit", manager, dataType, inputShapes);
    }
}
