package ai.acosp.models.resnet;

import ai.acosp.models.nn.AdaptiveAvgPool2d;
import ai.acosp.models.nn.ConvBuilder;
import ai.acosp.models.nn.Layers;
import ai.acosp.models.nn.ModuleBlock;
import ai.acosp.models.nn.PyTorchInit;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torchvision's ResNet-18 with the CIFAR-10 stem of the reference: the first convolution is 3x3,
 * stride 1, padding 1, 64 channels, no bias; the 3x3 max pool with stride 2 after it is kept.
 *
 * <pre>
 * conv1 3x3 3-&gt;64, bn1, relu, maxpool 3x3 stride 2
 * layer1 2 basic blocks 64,  layer2 2 blocks 128 (stride 2)
 * layer3 2 blocks 256 (stride 2), layer4 2 blocks 512 (stride 2)
 * avgpool (global), fc 512-&gt;classes (a Linear, so never masked)
 * </pre>
 *
 * <p><b>Input</b> {@code (N, 3, H, W)} (32x32 for CIFAR-10); <b>output</b> the NDList {@code
 * (logits (N, classes))}. Convolutions are Kaiming-normal (fan-out) initialised, the classifier has
 * PyTorch's default initialisation.
 */
public class ResNet18Cifar extends ModuleBlock {

    private static final int[] STAGE_BLOCKS = {2, 2, 2, 2};
    private static final int[] STAGE_WIDTHS = {64, 128, 256, 512};
    private static final int[] STAGE_STRIDES = {1, 2, 2, 2};

    private final int classes;

    ResNet18Cifar(Builder builder) {
        classes = builder.classes;
        addChild("conv1", ConvBuilder.resNetConv(3, 64, 3).optPadding(1).build());
        addChild("bn1", Layers.batchNorm());
        addChild("relu", Layers.relu());
        addChild("maxpool", Layers.maxPool(3, 2, 1));
        long channels = 64;
        for (int stage = 0; stage < STAGE_BLOCKS.length; stage++) {
            SequentialBlock layer = new SequentialBlock();
            for (int i = 0; i < STAGE_BLOCKS[stage]; i++) {
                layer.add(
                        new BasicBlock(
                                channels, STAGE_WIDTHS[stage], i == 0 ? STAGE_STRIDES[stage] : 1));
                channels = STAGE_WIDTHS[stage];
            }
            addChild("layer" + (stage + 1), layer);
        }
        addChild("avgpool", new AdaptiveAvgPool2d(1));
        Linear fc = Linear.builder().setUnits(classes).build();
        fc.setInitializer(PyTorchInit.defaultWeight(), "weight");
        fc.setInitializer(PyTorchInit.defaultBias(channels), "bias");
        addChild("fc", fc);
    }

    /**
     * Creates a builder (10 classes by default).
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

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Runner r = runner(ps, training, params);
        NDArray x = inputs.singletonOrThrow();
        x = r.run("maxpool", r.run("relu", r.run("bn1", r.run("conv1", x))));
        for (int stage = 1; stage <= STAGE_BLOCKS.length; stage++) {
            x = r.run("layer" + stage, x);
        }
        x = r.run("avgpool", x);
        x = x.reshape(x.getShape().get(0), -1);
        return new NDList(r.run("fc", x));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = initializeChild("conv1", manager, dataType, inputShapes);
        initializeChild("bn1", manager, dataType, shapes);
        initializeChild("relu", manager, dataType, shapes);
        shapes = initializeChild("maxpool", manager, dataType, shapes);
        for (int stage = 1; stage <= STAGE_BLOCKS.length; stage++) {
            shapes = initializeChild("layer" + stage, manager, dataType, shapes);
        }
        shapes = initializeChild("avgpool", manager, dataType, shapes);
        Shape pooled = shapes[0];
        initializeChild("fc", manager, dataType, new Shape(pooled.get(0), pooled.get(1)));
    }

    /** The builder of {@link ResNet18Cifar}. */
    public static final class Builder {

        private int classes = 10;

        Builder() {}

        /**
         * Sets the number of classes (default 10).
         *
         * @param classes the classes, at least 2
         * @return this builder
         */
        public Builder optClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Builds the network.
         *
         * @return the ResNet-18
         */
        public ResNet18Cifar build() {
            if (classes < 2) {
                throw new IllegalArgumentException("ResNet-18 needs classes >= 2, got " + classes);
            }
            return new ResNet18Cifar(this);
        }
    }
}
