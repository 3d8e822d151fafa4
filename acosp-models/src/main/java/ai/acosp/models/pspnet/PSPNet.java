package ai.acosp.models.pspnet;

import ai.acosp.core.ForwardScope;
import ai.acosp.models.loss.AuxiliaryLoss;
import ai.acosp.models.loss.IgnoreLabelSoftmaxCrossEntropy;
import ai.acosp.models.nn.AtenOperators;
import ai.acosp.models.nn.ChannelDropout;
import ai.acosp.models.nn.ConvBuilder;
import ai.acosp.models.nn.Layers;
import ai.acosp.models.nn.ModuleBlock;
import ai.acosp.models.nn.Resampling;
import ai.acosp.models.nn.ScopedSequentialBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * PSPNet with a dilated deep-base ResNet backbone (output stride 8), as in the semseg reference.
 *
 * <pre>
 * layer0   3x3 convs 3-&gt;64 (stride 2), 64-&gt;64, 64-&gt;128, each BN, ReLU; max pool
 * layer1   bottlenecks, 64 planes,  stride 1                 -&gt; 256 channels, 1/4
 * layer2   bottlenecks, 128 planes, stride 2                 -&gt; 512 channels, 1/8
 * layer3   bottlenecks, 256 planes, dilation 2 (stride 1)    -&gt; 1024 channels, 1/8
 * layer4   bottlenecks, 512 planes, dilation 4 (stride 1)    -&gt; 2048 channels, 1/8
 * ppm      pyramid pooling, bins 1, 2, 3, 6, 512 each        -&gt; 4096 channels
 * cls      3x3 conv -&gt;512, BN, ReLU, channel dropout, 1x1 conv -&gt;classes
 * aux      on layer3: 3x3 conv -&gt;256, BN, ReLU, channel dropout, 1x1 conv -&gt;classes
 * (the two final 1x1 convs are unprunable)
 * </pre>
 *
 * <p>The stage depths of ResNet-50/101/152 are {@link #STAGE_DEPTHS}. Children carry the
 * reference's module names ({@code layer0 ... layer4, ppm, cls, aux}).
 *
 * <p><b>Input</b>: {@code (N, 3, H, W)} with {@code (H - 1) % 8 == 0} and {@code (W - 1) % 8 == 0}.
 * <b>Output</b>: logits {@code (N, classes, h, w)} with {@code h = (H - 1) / 8 * zoom + 1}
 * (bilinear, {@code align_corners=True}); in training with the auxiliary head the NDList {@code
 * (main, aux)}, otherwise {@code (main)}. {@link #getOutputShapes} describes the inference output.
 */
public class PSPNet extends ModuleBlock {

    /** The bottleneck blocks in stages 1 to 4 for each supported depth. */
    public static final Map<Integer, int[]> STAGE_DEPTHS =
            Map.of(
                    50, new int[] {3, 4, 6, 3},
                    101, new int[] {3, 4, 23, 3},
                    152, new int[] {3, 8, 36, 3});

    private static final int[] STAGE_PLANES = {64, 128, 256, 512};
    private static final int[] STAGE_STRIDES = {1, 2, 1, 1};
    private static final int[] STAGE_DILATIONS = {1, 1, 2, 4};
    private static final int STEM_CHANNELS = 128;
    private static final int[] PYRAMID_BINS = {1, 2, 3, 6};

    private final int layers;
    private final int classes;
    private final int zoomFactor;
    private final float dropout;
    private final boolean useAux;
    private final boolean usePpm;

    PSPNet(Builder builder) {
        layers = builder.layers;
        classes = builder.classes;
        zoomFactor = builder.zoomFactor;
        dropout = builder.dropout;
        useAux = builder.useAux;
        usePpm = builder.usePpm;

        addChild("layer0", stem());
        long channels = STEM_CHANNELS;
        int[] depths = STAGE_DEPTHS.get(layers);
        for (int stage = 0; stage < 4; stage++) {
            addChild(
                    "layer" + (stage + 1),
                    stage(
                            channels,
                            STAGE_PLANES[stage],
                            depths[stage],
                            STAGE_STRIDES[stage],
                            STAGE_DILATIONS[stage]));
            channels = (long) STAGE_PLANES[stage] * Bottleneck.EXPANSION;
        }
        long features = channels;
        if (usePpm) {
            PyramidPooling ppm = new PyramidPooling(channels, (int) (channels / 4), PYRAMID_BINS);
            addChild("ppm", ppm);
            features = ppm.getOutputChannels();
        }
        addChild("cls", head(features, 512));
        if (useAux) {
            addChild("aux", head((long) STAGE_PLANES[2] * Bottleneck.EXPANSION, 256));
        }
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static Block stem() {
        return new ScopedSequentialBlock()
                .add(ConvBuilder.resNetConv(3, 64, 3).optStride(2).optPadding(1).build())
                .add(Layers.batchNorm())
                .add(Layers.relu())
                .add(ConvBuilder.resNetConv(64, 64, 3).optPadding(1).build())
                .add(Layers.batchNorm())
                .add(Layers.relu())
                .add(ConvBuilder.resNetConv(64, STEM_CHANNELS, 3).optPadding(1).build())
                .add(Layers.batchNorm())
                .add(Layers.relu())
                .add(Layers.maxPool(3, 2, 1));
    }

    private static Block stage(long inChannels, int planes, int blocks, int stride, int dilation) {
        SequentialBlock stage = new ScopedSequentialBlock();
        stage.add(new Bottleneck(inChannels, planes, stride, dilation));
        for (int i = 1; i < blocks; i++) {
            stage.add(new Bottleneck((long) planes * Bottleneck.EXPANSION, planes, 1, dilation));
        }
        return stage;
    }

    private Block head(long inChannels, int width) {
        return new ScopedSequentialBlock()
                .add(ConvBuilder.conv(inChannels, width, 3).optPadding(1).optBias(false).build())
                .add(Layers.batchNorm())
                .add(Layers.relu())
                .add(new ChannelDropout(dropout))
                .add(ConvBuilder.conv(width, classes, 1).optUnprunable().build());
    }

    /**
     * The backbone depth.
     *
     * @return 50, 101 or 152
     */
    public int getLayers() {
        return layers;
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
     * The zoom factor of the output.
     *
     * @return 1, 2, 4 or 8
     */
    public int getZoomFactor() {
        return zoomFactor;
    }

    /**
     * Whether training passes also return the auxiliary head's logits.
     *
     * @return true with the auxiliary head
     */
    public boolean hasAuxiliaryHead() {
        return useAux;
    }

    /**
     * Whether the head has the pyramid pooling module.
     *
     * @return true with the pyramid pooling module
     */
    public boolean usesPpm() {
        return usePpm;
    }

    /**
     * The output size for an input size: {@code (size - 1) / 8 * zoom + 1}.
     *
     * @param inputSize the input height or width, with {@code (inputSize - 1) % 8 == 0}
     * @return the output height or width
     */
    public long outputSize(long inputSize) {
        return (inputSize - 1) / 8 * zoomFactor + 1;
    }

    /**
     * The training loss of the reference: {@code main + auxWeight * aux}, each a softmax cross
     * entropy that skips {@code ignoreLabel}. In inference passes (main logits only) it is the main
     * loss.
     *
     * @param auxWeight the weight of the auxiliary loss (0.4 in the reference)
     * @param ignoreLabel the label to skip (255)
     * @return the loss
     */
    public static Loss trainingLoss(float auxWeight, int ignoreLabel) {
        return new AuxiliaryLoss(new IgnoreLabelSoftmaxCrossEntropy(ignoreLabel), auxWeight);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = checkInput(x.getShape());
        long height = outputSize(shape.get(2));
        long width = outputSize(shape.get(3));
        Runner r = runner(ps, training, params);

        // each stage's input is closed once the stage has run (the network's input is the caller's)
        NDArray stage0 = r.run("layer0", x);
        NDArray stage1 = consume(r.run("layer1", stage0), stage0);
        NDArray stage2 = consume(r.run("layer2", stage1), stage1);
        NDArray stage3 = consume(r.run("layer3", stage2), stage2);
        x = r.run("layer4", stage3);
        if (usePpm) {
            x = consume(r.run("ppm", x), x);
        }
        NDArray logits = consume(r.run("cls", x), x);
        NDArray main = upsample(logits, height, width);
        if (training && useAux) {
            NDArray auxLogits = r.run("aux", stage3);
            return new NDList(main, upsample(auxLogits, height, width));
        }
        stage3.close();
        return new NDList(main);
    }

    /** Closes {@code used} (unless it is {@code result} itself) and returns {@code result}. */
    private static NDArray consume(NDArray result, NDArray used) {
        ForwardScope.closeUnless(used, result);
        return result;
    }

    /**
     * The logits at the input's size; {@code logits} is closed. On the CPU they are upsampled in
     * channels-last memory and come back so: libtorch 2.7.1's bilinear kernel takes a third of the
     * time there (2x150x60x60 to 473x473), the loss reads them as (pixel, class) rows and a class
     * map's argmax over channels reads them in order.
     */
    private static NDArray upsample(NDArray logits, long height, long width) {
        if (!AtenOperators.supports(logits) || logits.getDevice().isGpu()) {
            return consume(resize(logits, height, width), logits);
        }
        NDArray channelsLast = consume(AtenOperators.channelsLast(logits), logits);
        return consume(resize(channelsLast, height, width), channelsLast);
    }

    private static NDArray resize(NDArray logits, long height, long width) {
        Shape shape = logits.getShape();
        if (shape.get(2) == height && shape.get(3) == width) {
            return logits;
        }
        return Resampling.bilinearAlignCorners(logits, height, width);
    }

    private static Shape checkInput(Shape shape) {
        if (shape.dimension() != 4
                || (shape.get(2) - 1) % 8 != 0
                || (shape.get(3) - 1) % 8 != 0
                || shape.get(2) < 9
                || shape.get(3) < 9) {
            throw new IllegalArgumentException(
                    "PSPNet needs an (N, C, H, W) input with (H - 1) % 8 == 0 and (W - 1) % 8 == 0"
                            + " (e.g. 473x473 or 713x713), got "
                            + shape);
        }
        return shape;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = checkInput(inputShapes[0]);
        return new Shape[] {
            new Shape(in.get(0), classes, outputSize(in.get(2)), outputSize(in.get(3)))
        };
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes[0]);
        Shape[] shapes = initializeChild("layer0", manager, dataType, inputShapes);
        shapes = initializeChild("layer1", manager, dataType, shapes);
        shapes = initializeChild("layer2", manager, dataType, shapes);
        Shape[] stage3 = initializeChild("layer3", manager, dataType, shapes);
        shapes = initializeChild("layer4", manager, dataType, stage3);
        if (usePpm) {
            shapes = initializeChild("ppm", manager, dataType, shapes);
        }
        initializeChild("cls", manager, dataType, shapes);
        if (useAux) {
            initializeChild("aux", manager, dataType, stage3);
        }
    }

    /** The builder of {@link PSPNet}. */
    public static final class Builder {

        private int layers;
        private int classes;
        private int zoomFactor = 8;
        private float dropout = 0.1f;
        private boolean useAux = true;
        private boolean usePpm = true;

        Builder() {}

        /**
         * Sets the backbone depth (required).
         *
         * @param layers 50, 101 or 152
         * @return this builder
         */
        public Builder setLayers(int layers) {
            this.layers = layers;
            return this;
        }

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
         * Sets the zoom factor of the output (default 8: the input resolution).
         *
         * @param zoomFactor 1, 2, 4 or 8
         * @return this builder
         */
        public Builder optZoomFactor(int zoomFactor) {
            this.zoomFactor = zoomFactor;
            return this;
        }

        /**
         * Sets the channel dropout probability of both heads (default 0.1).
         *
         * @param dropout the probability in [0, 1)
         * @return this builder
         */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Sets whether the model has the auxiliary head on stage 3 (default true).
         *
         * @param useAux whether to build the auxiliary head
         * @return this builder
         */
        public Builder optUseAux(boolean useAux) {
            this.useAux = useAux;
            return this;
        }

        /**
         * Sets whether the model has the pyramid pooling module (default true).
         *
         * @param usePpm whether to build the pyramid pooling module
         * @return this builder
         */
        public Builder optUsePpm(boolean usePpm) {
            this.usePpm = usePpm;
            return this;
        }

        /**
         * Builds the network.
         *
         * @return the PSPNet
         * @throws IllegalArgumentException if a setting is invalid
         */
        public PSPNet build() {
            if (!STAGE_DEPTHS.containsKey(layers)) {
                throw new IllegalArgumentException(
                        "PSPNet layers must be 50, 101 or 152, got " + layers);
            }
            if (classes < 2) {
                throw new IllegalArgumentException("PSPNet needs classes >= 2, got " + classes);
            }
            if (zoomFactor != 1 && zoomFactor != 2 && zoomFactor != 4 && zoomFactor != 8) {
                throw new IllegalArgumentException(
                        "zoom factor must be 1, 2, 4 or 8, got " + zoomFactor);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            return new PSPNet(this);
        }
    }
}
