package ai.acosp.models.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.core.BlockTree;
import ai.acosp.core.Inject;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.models.ModelTesting;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResNet18CifarTest {

    @Test
    void classifiesCifarImages() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(8);
            ResNet18Cifar net = ResNet18Cifar.builder().build();
            Shape input = new Shape(2, 3, 32, 32);
            net.initialize(manager, DataType.FLOAT32, input);
            ParameterStore ps = new ParameterStore(manager, false);
            for (boolean training : new boolean[] {false, true}) {
                NDList output = net.forward(ps, new NDList(manager.randomNormal(input)), training);
                assertEquals(1, output.size());
                assertEquals(new Shape(2, 10), output.head().getShape());
            }
            NDArray labels = manager.create(new int[] {3, 7});
            ModelTesting.assertGradientReachesEveryParameter(
                    net,
                    manager,
                    new NDList(manager.randomNormal(input)),
                    new NDList(labels),
                    Loss.softmaxCrossEntropyLoss());
        }
    }

    @Test
    void convolutionsAreKaimingNormalFanOut() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(9);
            ResNet18Cifar net = ResNet18Cifar.builder().build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            // layer4.1.conv2: 512 x 512 x 3 x 3, std sqrt(2 / (512 * 9))
            NDArray weight = net.getParameters().get("layer4_02BasicBlock_conv2_weight").getArray();
            float std = weight.sub(weight.mean()).pow(2).mean().sqrt().getFloat();
            assertEquals(Math.sqrt(2.0 / (512 * 9)), std, 0.01 * std);
            // the classifier is PyTorch's default: U(-1/sqrt(512), 1/sqrt(512))
            NDArray fc = net.getParameters().get("fc_weight").getArray();
            float bound = (float) (1 / Math.sqrt(512));
            assertEquals(bound, fc.abs().max().getFloat(), 0.01f * bound);
            assertEquals(1f, net.getParameters().get("bn1_gamma").getArray().min().getFloat());
        }
    }

    @Test
    void savesAndLoadsWithDjlsModelFormat(@TempDir Path dir)
            throws IOException, MalformedModelException {
        NDArray input;
        NDArray expected;
        try (Model model = Model.newInstance("resnet18")) {
            Engine.getInstance().setRandomSeed(10);
            ResNet18Cifar net = ResNet18Cifar.builder().build();
            ModelTesting.halfPruner().configureModel(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 3, 32, 32));
            Inject.softToHardK(net);
            model.setBlock(net);
            model.save(dir, "resnet18");
            input = model.getNDManager().randomNormal(new Shape(2, 3, 32, 32));
            expected = infer(net, model.getNDManager(), input);
            input.detach();
            expected.detach();
        }
        try (Model model = Model.newInstance("resnet18")) {
            ResNet18Cifar net = ResNet18Cifar.builder().build();
            ModelTesting.halfPruner().configureModel(net);
            Inject.softToHardK(net);
            model.setBlock(net);
            model.load(dir, "resnet18");
            input.attach(model.getNDManager());
            expected.attach(model.getNDManager());
            assertEquals(expected, infer(net, model.getNDManager(), input));
        }
    }

    private static NDArray infer(ResNet18Cifar net, NDManager manager, NDArray input) {
        return net.forward(new ParameterStore(manager, false), new NDList(input), false).head();
    }

    @Test
    void theFullyConnectedLayerIsNotPruned() {
        ResNet18Cifar net = ResNet18Cifar.builder().build();
        // conv1, 8 blocks x 2 convs, 3 downsamples
        assertEquals(1 + 16 + 3, ModelTesting.halfPruner().configureModel(net));
        assertEquals(20, BlockTree.find(net, MaskedConvolution.class).size());
    }
}
