package ai.acosp.models.segnet;

import ai.acosp.models.nn.MaxUnpooling;
import ai.acosp.models.nn.ModuleBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An encoder stage of SegNet, the reference's {@code segnetDown2}/{@code segnetDown3}: units {@code
 * conv1, conv2[, conv3]} ({@link ConvBatchNormRelu}) and a 2x2 max pool with stride 2 that returns
 * its argmax indices.
 *
 * <p>Input {@code (N, C, H, W)}; output the NDList {@code (pooled (N, out, H/2, W/2), INT64 indices
 * of the same shape)} (floor division).
 */
public class SegNetDown extends ModuleBlock {

    private final int units;

    /**
     * Creates an encoder stage.
     *
     * @param inChannels the input channels
     * @param outChannels the channels of every unit
     * @param units the number of units, 2 or 3
     */
    public SegNetDown(long inChannels, int outChannels, int units) {
        this.units = units;
        long channels = inChannels;
        for (int i = 1; i <= units; i++) {
            addChild("conv" + i, new ConvBatchNormRelu(channels, outChannels, true));
            channels = outChannels;
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Runner r = runner(ps, training, params);
        NDArray input = inputs.singletonOrThrow();
        NDArray x = input;
        // each unit's output is closed once the next has run (the stage's input is the caller's)
        for (int i = 1; i <= units; i++) {
            NDArray next = r.run("conv" + i, x);
            if (x != input) {
                x.close();
            }
            x = next;
        }
        NDList pooled = MaxUnpooling.maxPool2x2WithIndices(x);
        if (x != input) {
            x.close();
        }
        return pooled;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (int i = 1; i <= units; i++) {
            shapes = childOutputShapes("conv" + i, shapes);
        }
        Shape s = shapes[0];
        Shape pooled = new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2);
        return new Shape[] {pooled, pooled};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (int i = 1; i <= units; i++) {
            shapes = initializeChild("conv" + i, manager, dataType, shapes);
        }
    }
}
