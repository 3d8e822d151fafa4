package ai.acosp.models.pspnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.BlockTree;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.UnprunableConv2d;
import ai.acosp.models.ModelTesting;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class PSPNetTest {

    @Test
    void outputShapesInInferenceAndTraining() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            PSPNet net = PSPNet.builder().setLayers(50).setClasses(5).build();
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 33, 33));
            ParameterStore ps = new ParameterStore(manager, false);

            NDList inference =
                    net.forward(
                            ps, new NDList(manager.randomNormal(new Shape(1, 3, 41, 25))), false);
            assertEquals(1, inference.size(), "inference returns the main logits only");
            assertEquals(new Shape(1, 5, 41, 25), inference.head().getShape());
            assertEquals(
                    new Shape(1, 5, 41, 25),
                    net.getOutputShapes(new Shape[] {new Shape(1, 3, 41, 25)})[0]);

            NDList training =
                    net.forward(
                            ps, new NDList(manager.randomNormal(new Shape(2, 3, 33, 33))), true);
            assertEquals(2, training.size(), "training returns main and auxiliary logits");
            assertEquals(new Shape(2, 5, 33, 33), training.get(0).getShape());
            assertEquals(new Shape(2, 5, 33, 33), training.get(1).getShape());

            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    net.forward(
                                            ps,
                                            new NDList(manager.zeros(new Shape(1, 3, 32, 33))),
                                            false));
            assertTrue(error.getMessage().contains("(H - 1) % 8 == 0"), error.getMessage());
        }
    }

    @Test
    void zoomFactorOneKeepsTheStrideEightGrid() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PSPNet net =
                    PSPNet.builder()
                            .setLayers(50)
                            .setClasses(3)
                            .optZoomFactor(1)
                            .optUseAux(false)
                            .build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 41, 25));
            NDList training =
                    net.forward(
                            new ParameterStore(manager, false),
                            new NDList(manager.randomNormal(new Shape(2, 3, 41, 25))),
                            true);
            assertEquals(1, training.size(), "no auxiliary head, no auxiliary output");
            assertFalse(net.hasAuxiliaryHead());
            assertTrue(net.usesPpm());
            assertFalse(
                    PSPNet.builder()
                            .setLayers(50)
                            .setClasses(3)
                            .optUsePpm(false)
                            .build()
                            .usesPpm());
            assertEquals(new Shape(2, 3, 6, 4), training.head().getShape());
            assertEquals(5, net.outputSize(33));
            assertEquals(
                    9,
                    PSPNet.builder()
                            .setLayers(50)
                            .setClasses(3)
                            .optZoomFactor(2)
                            .build()
                            .outputSize(33));
        }
    }

    @Test
    void gradientReachesEveryParameter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            PSPNet net = PSPNet.builder().setLayers(50).setClasses(4).build();
            Shape input = new Shape(2, 3, 33, 33);
            net.initialize(manager, DataType.FLOAT32, input);
            NDArray labels = manager.randomInteger(0, 4, new Shape(2, 33, 33), DataType.INT32);
            ModelTesting.assertGradientReachesEveryParameter(
                    net,
                    manager,
                    new NDList(manager.randomNormal(input)),
                    new NDList(labels),
                    PSPNet.trainingLoss(0.4f, 255));
        }
    }

    @Test
    void deeperVariantsDifferOnlyInStageDepths() {
        // one bottleneck of stage 3 (1024 -> 256 -> 256 -> 1024, dilated) and of stage 2 (512 ->
        // 128 -> 128 -> 512)
        long stage3Block = 1024 * 256 + 256 * 256 * 9 + 256 * 1024 + 2 * (256 + 256 + 1024);
        long stage2Block = 512 * 128 + 128 * 128 * 9 + 128 * 512 + 2 * (128 + 128 + 512);
        Shape in = new Shape(1, 3, 9, 9);
        long fifty = 49_080_038L;
        assertEquals(
                fifty + 17 * stage3Block,
                ModelTesting.count(PSPNet.builder().setLayers(101).setClasses(19).build(), in));
        assertEquals(
                fifty + 4 * stage2Block + 30 * stage3Block,
                ModelTesting.count(PSPNet.builder().setLayers(152).setClasses(19).build(), in));
        assertThrows(
                IllegalArgumentException.class,
                () -> PSPNet.builder().setLayers(34).setClasses(19).build());
    }

    @Test
    void thePrunerMasksEveryConvolutionButTheClassifiers() {
        PSPNet net = PSPNet.builder().setLayers(50).setClasses(19).build();
        int masked = ModelTesting.halfPruner().configureModel(net);
        // stem 3, bottlenecks 16 x 3, downsamples 4, pyramid 4, the two heads' 3x3 convs
        assertEquals(3 + 48 + 4 + 4 + 2, masked);
        assertEquals(masked, BlockTree.find(net, MaskedConvolution.class).size());
        assertEquals(2, BlockTree.find(net, UnprunableConv2d.class).size());
    }
}
