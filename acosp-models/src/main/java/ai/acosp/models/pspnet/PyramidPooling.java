package ai.acosp.models.pspnet;

import ai.acosp.core.ForwardScope;
import ai.acosp.models.nn.AdaptiveAvgPool2d;
import ai.acosp.models.nn.ConvBuilder;
import ai.acosp.models.nn.Layers;
import ai.acosp.models.nn.ModuleBlock;
import ai.acosp.models.nn.Resampling;
import ai.acosp.models.nn.ScopedSequentialBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The pyramid pooling module of PSPNet (the reference's {@code PPM}): for each bin size, adaptive
 * average pooling to {@code bin x bin}, a 1x1 convolution without bias, batch norm and ReLU, then
 * bilinear upsampling ({@code align_corners=True}) back to the input size; the input and all
 * branches are concatenated along the channels.
 *
 * <p>The branches are the child {@code features}, a {@link ParallelBlock} whose branch {@code i} is
 * {@code Sequential(pool, conv, bn, relu)}: PyTorch's {@code features.i.1} is the convolution.
 */
public class PyramidPooling extends ModuleBlock {

    private final long inChannels;
    private final int reductionChannels;
    private final int[] bins;

    /**
     * Creates the module.
     *
     * @param inChannels the input channels
     * @param reductionChannels the output channels of each branch
     * @param bins the pooled grid sizes, e.g. 1, 2, 3, 6
     */
    public PyramidPooling(long inChannels, int reductionChannels, int... bins) {
        if (bins.length == 0) {
            throw new IllegalArgumentException("the pyramid needs at least one bin size");
        }
        this.inChannels = inChannels;
        this.reductionChannels = reductionChannels;
        this.bins = bins.clone();
        List<Block> branches = new ArrayList<>();
        for (int bin : bins) {
            branches.add(
                    new ScopedSequentialBlock()
                            .add(new AdaptiveAvgPool2d(bin))
                            .add(
                                    ConvBuilder.conv(inChannels, reductionChannels, 1)
                                            .optBias(false)
                                            .build())
                            .add(Layers.batchNorm())
                            .add(Layers.relu()));
        }
        addChild("features", new ParallelBlock(PyramidPooling::branchOutputs, branches));
    }

    private static NDList branchOutputs(List<NDList> outputs) {
        NDList all = new NDList(outputs.size());
        for (NDList output : outputs) {
            all.add(output.head());
        }
        return all;
    }

    /**
     * The output channels: the input's plus one branch's per bin.
     *
     * @return the channels of the concatenation
     */
    public long getOutputChannels() {
        return inChannels + (long) reductionChannels * bins.length;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long height = x.getShape().get(2);
        long width = x.getShape().get(3);
        NDList pooled = runner(ps, training, params).run("features", new NDList(x));
        NDList pieces = new NDList(pooled.size() + 1);
        pieces.add(x);
        for (NDArray branch : pooled) {
            pieces.add(Resampling.bilinearAlignCorners(branch, height, width));
        }
        NDArray features = NDArrays.concat(pieces, 1);
        // the branches, full-size once upsampled, are read once (the input is the caller's)
        ForwardScope.closeAllBut(pooled, pieces);
        ForwardScope.closeAllBut(pieces, new NDList(x, features));
        return new NDList(features);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), getOutputChannels(), in.get(2), in.get(3))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        child("features").initialize(manager, dataType, inputShapes);
    }
}
