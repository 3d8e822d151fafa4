package ai.acosp.models.segnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.acosp.core.BlockTree;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.models.ModelTesting;
import ai.acosp.models.loss.IgnoreLabelSoftmaxCrossEntropy;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class SegNetTest {

    @Test
    void outputHasTheInputSizeForAnySize() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            SegNet net = SegNet.builder().setClasses(7).build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ParameterStore ps = new ParameterStore(manager, false);
            for (Shape input :
                    new Shape[] {
                        new Shape(1, 3, 32, 32), new Shape(1, 3, 45, 37), new Shape(2, 3, 33, 64)
                    }) {
                for (boolean training : new boolean[] {false, true}) {
                    NDList output =
                            net.forward(ps, new NDList(manager.randomNormal(input)), training);
                    assertEquals(1, output.size());
                    assertEquals(
                            new Shape(input.get(0), 7, input.get(2), input.get(3)),
                            output.head().getShape(),
                            input + " training " + training);
                }
            }
            assertThrows(
                    IllegalArgumentException.class,
                    () ->
                            net.forward(
                                    ps, new NDList(manager.zeros(new Shape(1, 3, 20, 28))), false));
        }
    }

    @Test
    void gradientReachesEveryParameter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            SegNet net = SegNet.builder().setClasses(5).build();
            Shape input = new Shape(2, 3, 32, 40);
            net.initialize(manager, DataType.FLOAT32, input);
            NDArray labels = manager.randomInteger(0, 5, new Shape(2, 32, 40), DataType.INT32);
            ModelTesting.assertGradientReachesEveryParameter(
                    net,
                    manager,
                    new NDList(manager.randomNormal(input)),
                    new NDList(labels),
                    new IgnoreLabelSoftmaxCrossEntropy(255));
        }
    }

    @Test
    void thePrunerSkipsOnlyTheLastConvolution() {
        SegNet net = SegNet.builder().setClasses(19).build();
        assertEquals(3, net.getInChannels());
        assertEquals(1, SegNet.builder().setClasses(2).optInChannels(1).build().getInChannels());
        assertEquals(25, ModelTesting.halfPruner().configureModel(net));
        assertEquals(25, BlockTree.find(net, MaskedConvolution.class).size());
    }
}
