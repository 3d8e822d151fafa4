package ai.acosp.models.segnet;

import ai.acosp.core.ForwardScope;
import ai.acosp.models.nn.MaxUnpooling;
import ai.acosp.models.nn.ModuleBlock;
import ai.acosp.models.nn.ScopedSequentialBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A decoder stage of SegNet: max unpooling to the size the matching encoder stage had before
 * pooling, then the units in the child {@code convs}, a {@code Sequential} of {@link
 * ConvBatchNormRelu} (the reference's {@code up5.convs.0 ...}).
 *
 * <p>Input: the NDList {@code (x (N, C, h, w), INT64 indices (N, C, h, w))}. The unpooled size is
 * the forward parameter {@link #OUTPUT_SIZE} ({@code long[] {height, width}}); without it the stage
 * unpools to {@code (2h, 2w)}.
 */
public class SegNetUp extends ModuleBlock {

    /** The forward parameter holding the unpooled size as {@code long[] {height, width}}. */
    public static final String OUTPUT_SIZE = "segnet.unpoolSize";

    /**
     * Creates a decoder stage.
     *
     * @param inChannels the input channels
     * @param widths the output channels of each unit in order
     * @param lastUnprunable whether the last unit's convolution is the network's classifier
     */
    public SegNetUp(long inChannels, int[] widths, boolean lastUnprunable) {
        SequentialBlock convs = new ScopedSequentialBlock();
        long channels = inChannels;
        for (int i = 0; i < widths.length; i++) {
            boolean prunable = !(lastUnprunable && i == widths.length - 1);
            convs.add(new ConvBatchNormRelu(channels, widths[i], prunable));
            channels = widths[i];
        }
        addChild("convs", convs);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(
                    "SegNetUp takes (x, indices), got " + inputs.size() + " arrays");
        }
        NDArray x = inputs.get(0);
        long[] size = outputSize(x.getShape(), params);
        NDArray unpooled = MaxUnpooling.maxUnpool(x, inputs.get(1), size[0], size[1]);
        // the unpooled map and each unit's output go once read, as PyTorch frees them
        NDList out = runner(ps, training, params).run("convs", new NDList(unpooled));
        ForwardScope.closeAllBut(new NDList(unpooled), out, inputs);
        return out;
    }

    private static long[] outputSize(Shape input, PairList<String, Object> params) {
        Object size = params == null ? null : params.get(OUTPUT_SIZE);
        if (size instanceof long[] hw) {
            return hw;
        }
        return new long[] {input.get(2) * 2, input.get(3) * 2};
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return childOutputShapes(
                "convs", new Shape(x.get(0), x.get(1), x.get(2) * 2, x.get(3) * 2));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        initializeChild(
                "convs",
                manager,
                dataType,
                new Shape(x.get(0), x.get(1), x.get(2) * 2, x.get(3) * 2));
    }
}
