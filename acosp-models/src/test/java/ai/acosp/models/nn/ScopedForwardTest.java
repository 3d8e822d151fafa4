package ai.acosp.models.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.models.pspnet.Bottleneck;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.segnet.SegNet;
import ai.acosp.models.segnet.SegNetUp;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * A forward pass leaves in the caller's manager only its outputs and a few arrays of the top block,
 * not the hundreds of intermediates of its layers: blocks run their children in scopes ({@link
 * ModuleBlock}) and sequences free each intermediate once used ({@link ScopedSequentialBlock}).
 * Before, a PSPNet-50 pass at 33x33 left 241 arrays there, SegNet 274.
 */
class ScopedForwardTest {

    @Test
    void pspNetLeavesOnlyItsOutputs() {
        Block net = PSPNet.builder().setLayers(50).setClasses(5).build();
        assertFewArraysLeft(net, new Shape(2, 3, 33, 33), 12);
    }

    @Test
    void segNetLeavesOnlyItsStageOutputs() {
        // the encoder's pooled maps and indices stay until the decoder used them (10 arrays)
        Block net = SegNet.builder().setClasses(5).build();
        assertFewArraysLeft(net, new Shape(1, 3, 32, 32), 60);
    }

    @Test
    void residualBlockFreesEachIntermediateOnceRead() {
        // only the input and the output: PyTorch frees a layer's output with its last reference,
        // and PSPNet-50's 713x713 inference was 4-7 % slower with the bottleneck's eleven
        // intermediates kept to the block's end
        Block block = new Bottleneck(16, 8, 1, 1);
        assertFewArraysLeft(block, new Shape(1, 16, 9, 9), 2);
    }

    @Test
    void segNetDecoderStageFreesItsUnpooledMapAndEachUnitsOutput() {
        Block stage = new SegNetUp(8, new int[] {8, 4}, false);
        try (NDManager manager = NDManager.newBaseManager()) {
            stage.initialize(
                    manager, DataType.FLOAT32, new Shape(1, 8, 4, 4), new Shape(1, 8, 4, 4));
            for (boolean training : new boolean[] {false, true}) {
                try (NDManager pass = manager.newSubManager()) {
                    NDList pooled =
                            MaxUnpooling.maxPool2x2WithIndices(
                                    pass.randomNormal(new Shape(1, 8, 8, 8)));
                    int before = pass.getManagedArrays().size();
                    stage.forward(new ParameterStore(pass, false), pooled, training);
                    // the inputs stay (the caller's) and the output is added; before, the unpooled
                    // map stayed too
                    assertTrue(
                            pass.getManagedArrays().size() <= before + 1,
                            (training ? "training" : "inference")
                                    + " stage left "
                                    + (pass.getManagedArrays().size() - before)
                                    + " arrays");
                }
            }
        }
    }

    private static void assertFewArraysLeft(Block net, Shape input, int limit) {
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, input);
            for (boolean training : new boolean[] {false, true}) {
                try (NDManager pass = manager.newSubManager()) {
                    NDArray x = pass.randomNormal(input);
                    NDList out =
                            net.forward(new ParameterStore(pass, false), new NDList(x), training);
                    int left = pass.getManagedArrays().size();
                    assertTrue(
                            left <= limit,
                            (training ? "training" : "inference")
                                    + " pass left "
                                    + left
                                    + " arrays (outputs: "
                                    + out.size()
                                    + ")");
                }
            }
        }
    }
}
