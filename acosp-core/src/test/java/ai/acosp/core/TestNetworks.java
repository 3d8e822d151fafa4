package ai.acosp.core;

import ai.acosp.core.nn.UnprunableConv2d;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import java.util.List;

/** Networks and helpers shared by the core tests. */
public final class TestNetworks {

    private TestNetworks() {}

    /** DJL model-zoo ResNet-18 for 32x32 images and 10 classes. */
    public static Block zooResNet18() {
        return ResNetV1.builder()
                .setImageShape(new Shape(3, 32, 32))
                .setNumLayers(18)
                .setOutSize(10)
                .build();
    }

    /** Two branches whose outputs are added, as a residual block adds its shortcut. */
    public static ParallelBlock sum(Block a, Block b) {
        return new ParallelBlock(
                list ->
                        new NDList(
                                list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(a, b));
    }

    /** DJL model-zoo ResNet-18 for 32x32 images behind an unprunable 1x1 input conv. */
    public static SequentialBlock resnet18WithUnprunableStem() {
        Block resnet = zooResNet18();
        return new SequentialBlock()
                .add(
                        UnprunableConv2d.builder()
                                .setKernelShape(new Shape(1, 1))
                                .setFilters(3)
                                .build())
                .add(resnet);
    }

    /** A convolution with a square odd kernel whose padding keeps the spatial size. */
    public static Conv2d sameConv(int filters, int kernel) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .build();
    }

    /** Runs an inference forward pass. */
    public static NDArray infer(Block block, NDManager manager, NDArray input) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), false)
                .singletonOrThrow();
    }

    /** A reproducible random input. */
    public static NDArray input(NDManager manager, long... shape) {
        return manager.randomNormal(0, 1, new Shape(shape), DataType.FLOAT32);
    }
}
