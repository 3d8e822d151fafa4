package ai.acosp.models.segnet;

import ai.acosp.core.ForwardScope;
import ai.acosp.models.nn.AtenOperators;
import ai.acosp.models.nn.ModuleBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SegNet as in the reference: every unit is a 3x3 convolution with bias, batch norm and ReLU
 * ({@link ConvBatchNormRelu}).
 *
 * <pre>
 * down1  2 units -&gt;64,  2x2 max pool with indices
 * down2  2 units -&gt;128, pool
 * down3  3 units -&gt;256, pool
 * down4  3 units -&gt;512, pool
 * down5  3 units -&gt;512, pool
 * up5    unpool, 512-&gt;512, 512-&gt;512, 512-&gt;512
 * up4    unpool, 512-&gt;512, 512-&gt;512, 512-&gt;256
 * up3    unpool, 256-&gt;256, 256-&gt;256, 256-&gt;128
 * up2    unpool, 128-&gt;128, 128-&gt;64
 * up1    unpool, 64-&gt;64,   64-&gt;classes (unprunable; keeps its BN and ReLU as the reference)
 * </pre>
 *
 * <p>Each decoder stage unpools to the size its encoder stage had before pooling, so any input of
 * at least 32x32 works, divisible by 32 or not. <b>Input</b> {@code (N, 3, H, W)}; <b>output</b>
 * the NDList {@code (logits (N, classes, H, W))}, in training and inference. In inference on
 * PyTorch's CPU the pass runs in channels-last memory ({@link AtenOperators#channelsLast}), so the
 * logits have channels-last strides: same shape and values.
 */
public class SegNet extends ModuleBlock {

    private static final int[] DOWN_UNITS = {2, 2, 3, 3, 3};
    private static final int[] DOWN_WIDTHS = {64, 128, 256, 512, 512};
    private static final int STAGES = DOWN_UNITS.length;

    private final int classes;
    private final long inChannels;

    SegNet(Builder builder) {
        classes = builder.classes;
        inChannels = builder.inChannels;
        long channels = builder.inChannels;
        for (int stage = 0; stage < STAGES; stage++) {
            addChild(
                    "down" + (stage + 1),
                    new SegNetDown(channels, DOWN_WIDTHS[stage], DOWN_UNITS[stage]));
            channels = DOWN_WIDTHS[stage];
        }
        addChild("up5", new SegNetUp(512, new int[] {512, 512, 512}, false));
        addChild("up4", new SegNetUp(512, new int[] {512, 512, 256}, false));
        addChild("up3", new SegNetUp(256, new int[] {256, 256, 128}, false));
        addChild("up2", new SegNetUp(128, new int[] {128, 64}, false));
        addChild("up1", new SegNetUp(64, new int[] {64, classes}, true));
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The number of classes.
     *
     * @return the classes
     */
    public int getClasses() {
        return classes;
    }

    /**
     * The number of input channels.
     *
     * @return the input channels (3 for RGB)
     */
    public long getInChannels() {
        return inChannels;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        checkInput(input.getShape());
        Runner r = runner(ps, training, params);
        // each stage's input (the network's input aside, which is the caller's) and each index
        // array are closed once used, and each decoder stage runs in a scope of its own, so that
        // its unpooled map goes when it returns: a pass keeps only what later stages still need
        // (the indices of the stages not yet decoded), as PyTorch frees a tensor with its last
        // reference. In training the autograd graph keeps its own references.
        // inference on the CPU runs in channels-last memory, which oneDNN convolves without
        // reordering each activation (SegNet 360x480 about 10 % faster, 1 or 2 threads; its
        // training step and PSPNet's 4096-channel head are not faster so: docs/benchmarks.md);
        // GPUs keep the reference's layout, unmeasured
        NDArray x =
                training || !AtenOperators.supports(input) || input.getDevice().isGpu()
                        ? input
                        : AtenOperators.channelsLast(input);
        NDArray[] indices = new NDArray[STAGES];
        long[][] sizes = new long[STAGES][];
        for (int stage = 0; stage < STAGES; stage++) {
            sizes[stage] = new long[] {x.getShape().get(2), x.getShape().get(3)};
            NDList pooled = r.run("down" + (stage + 1), new NDList(x));
            if (x != input) {
                x.close();
            }
            x = pooled.get(0);
            indices[stage] = pooled.get(1);
        }
        for (int stage = STAGES - 1; stage >= 0; stage--) {
            PairList<String, Object> upParams = new PairList<>();
            if (params != null) {
                upParams.addAll(params);
            }
            upParams.remove(SegNetUp.OUTPUT_SIZE);
            upParams.add(SegNetUp.OUTPUT_SIZE, sizes[stage]);
            Block up = child("up" + (stage + 1));
            NDList in = new NDList(x, indices[stage]);
            x = ForwardScope.run(in, l -> up.forward(ps, l, training, upParams)).head();
            in.close();
        }
        return new NDList(x);
    }

    private static void checkInput(Shape shape) {
        if (shape.dimension() != 4 || shape.get(2) < 32 || shape.get(3) < 32) {
            throw new IllegalArgumentException(
                    "SegNet needs an (N, C, H, W) input with H, W >= 32 (five 2x2 poolings), got "
                            + shape);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), classes, in.get(2), in.get(3))};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes[0]);
        Shape[] shapes = inputShapes;
        Shape[] pooled = new Shape[STAGES];
        for (int stage = 0; stage < STAGES; stage++) {
            shapes =
                    new Shape[] {
                        initializeChild("down" + (stage + 1), manager, dataType, shapes)[0]
                    };
            pooled[stage] = shapes[0];
        }
        Shape x = pooled[STAGES - 1];
        for (int stage = STAGES - 1; stage >= 0; stage--) {
            // the decoder input has the size of the matching pooled encoder output
            Shape input = new Shape(x.get(0), x.get(1), pooled[stage].get(2), pooled[stage].get(3));
            x = initializeChild("up" + (stage + 1), manager, dataType, input, input)[0];
        }
    }

    /** The builder of {@link SegNet}. */
    public static final class Builder {

        private int classes;
        private long inChannels = 3;

        Builder() {}

        /**
         * Sets the number of classes (required).
         *
         * @param classes the classes, at least 2
         * @return this builder
         */
        public Builder setClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Sets the input channels (default 3).
         *
         * @param inChannels the channels of the input image
         * @return this builder
         */
        public Builder optInChannels(long inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Builds the network.
         *
         * @return the SegNet
         */
        public SegNet build() {
            if (classes < 2) {
                throw new IllegalArgumentException("SegNet needs classes >= 2, got " + classes);
            }
            if (inChannels < 1) {
                throw new IllegalArgumentException("input channels must be positive");
            }
            return new SegNet(this);
        }
    }
}
