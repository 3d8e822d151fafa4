package ai.acosp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.nn.BlockParameters;
import ai.acosp.core.nn.ChannelSparseConv2d;
import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.SoftTopKMask;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv2dTranspose;
import ai.djl.nn.norm.BatchNorm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InjectTest {

    @TempDir Path tempDir;

    private static SequentialBlock smallNet() {
        return new SequentialBlock()
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(16)
                                .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optStride(new Shape(2, 2))
                                .setFilters(12)
                                .build())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(4).build());
    }

    private static SoftTopKPruner pruner() {
        return SoftTopKPruner.builder()
                .setFinalSparsity(0.75f)
                .setEndingEpoch(5)
                .optMinRemainingElements(1)
                .build();
    }

    private static void setLogits(SequentialBlock net, float[]... values) {
        var masks = BlockTree.find(net, SoftTopKMask.class);
        for (int i = 0; i < values.length; i++) {
            masks.get(i).getValue().getLogits().getArray().set(values[i]);
        }
    }

    @Test
    void hardeningKeepsExactlyKEvenWithTies() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = smallNet();
            pruner().configureModel(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 6, 6));
            float[] tied = new float[16]; // all equal: every soft value is 0.5
            float[] partlyTied = {5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0, 0};
            setLogits(net, tied, partlyTied, new float[4]);
            assertEquals(3, Inject.softToHardK(net));
            var hard = BlockTree.find(net, HardChannelMask.class);
            assertArrayEquals(new int[] {0, 1, 2, 3}, hard.get(0).getValue().keptIndices());
            assertArrayEquals(new int[] {0, 1, 2}, hard.get(1).getValue().keptIndices());
            float[] values = hard.get(1).getValue().getMask().getArray().toFloatArray();
            assertEquals(3f, sum(values));
            assertTrue(BlockTree.find(net, SoftTopKMask.class).isEmpty());
        }
    }

    @Test
    void hardToConvGivesTheSameOutputWithoutMaskLayers() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = smallNet();
            pruner().configureModel(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 6, 6));
            Inject.softToHardK(net);
            NDArray input = TestNetworks.input(manager, 2, 3, 6, 6);
            float[] masked = TestNetworks.infer(net, manager, input).toFloatArray();
            assertEquals(3, Inject.hardToConv(net, false));
            assertTrue(BlockTree.find(net, MaskedConvolution.class).isEmpty());
            float[] folded = TestNetworks.infer(net, manager, input).toFloatArray();
            assertArrayEquals(masked, folded, 1e-5f);
        }
    }

    @Test
    void refillReinitialisesOnlyThePrunedFilters() {
        Engine.getInstance().setRandomSeed(4);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = smallNet();
            pruner().configureModel(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 6, 6));
            Inject.softToHardK(net);
            MaskedConvolution first =
                    BlockTree.find(net, MaskedConvolution.class).get(0).getValue();
            int[] kept = first.getMask().keptIndices();
            NDArray weight = BlockParameters.direct(first.getConv(), "weight").getArray();
            float[] before = weight.toFloatArray();
            Inject.hardToConv(net, true);
            float[] after = weight.toFloatArray();
            int perFilter = 3 * 3 * 3;
            for (int filter = 0; filter < 16; filter++) {
                boolean isKept = java.util.Arrays.binarySearch(kept, filter) >= 0;
                float[] b =
                        java.util.Arrays.copyOfRange(
                                before, filter * perFilter, (filter + 1) * perFilter);
                float[] a =
                        java.util.Arrays.copyOfRange(
                                after, filter * perFilter, (filter + 1) * perFilter);
                if (isKept) {
                    assertArrayEquals(b, a, 0f, "kept filter " + filter);
                } else {
                    assertFalse(java.util.Arrays.equals(b, a), "pruned filter " + filter);
                    assertTrue(sum(abs(a)) > 0, "pruned filter " + filter + " refilled");
                }
            }
        }
    }

    @Test
    void masksTransposedConvolutionsToo() {
        // DJL's PyTorch engine cannot run Conv2dTranspose, so this checks the structure only
        SequentialBlock net =
                new SequentialBlock()
                        .add(
                                Conv2dTranspose.builder()
                                        .setKernelShape(new Shape(2, 2))
                                        .setFilters(12)
                                        .build());
        assertEquals(1, pruner().configureModel(net));
        MaskedConvolution masked = BlockTree.find(net, MaskedConvolution.class).get(0).getValue();
        assertInstanceOf(Conv2dTranspose.class, masked.getConv());
        assertEquals(12, masked.getMask().getChannels());
        assertEquals(3, masked.getMask().getKept());
    }

    @Test
    void hardToConvRefusesSoftMasks() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = smallNet();
            pruner().configureModel(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 6, 6));
            IllegalStateException error =
                    assertThrows(IllegalStateException.class, () -> Inject.hardToConv(net, false));
            assertTrue(error.getMessage().contains("01Conv2d"), error.getMessage());
        }
    }

    @Test
    void channelSparseConvolutionMatchesTheHardMaskedModel() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = smallNet();
            pruner().configureModel(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 6, 6));
            Inject.softToHardK(net);
            NDArray input = TestNetworks.input(manager, 2, 3, 7, 5);
            float[] masked = TestNetworks.infer(net, manager, input).toFloatArray();
            assertEquals(3, Inject.softToChannelSparse(net));
            assertEquals(3, BlockTree.find(net, ChannelSparseConv2d.class).size());
            assertTrue(BlockTree.find(net, MaskedConvolution.class).isEmpty());
            float[] sparse = TestNetworks.infer(net, manager, input).toFloatArray();
            assertArrayEquals(masked, sparse, 1e-5f);
        }
    }

    @Test
    void softMasksSaveAndLoadWithTheirTemperatures() throws Exception {
        Engine.getInstance().setRandomSeed(6);
        SoftTopKPruner pruner = pruner();
        try (Model model = Model.newInstance("soft")) {
            SequentialBlock net = smallNet();
            pruner.configureModel(net);
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 6, 6));
            float temperature = pruner.updateMaskLayers(net, 3);
            model.save(tempDir, "soft");
            NDArray input = TestNetworks.input(model.getNDManager(), 1, 3, 6, 6);
            float[] expected = TestNetworks.infer(net, model.getNDManager(), input).toFloatArray();
            try (Model loaded = Model.newInstance("soft")) {
                SequentialBlock rebuilt = smallNet();
                pruner.configureModel(rebuilt);
                loaded.setBlock(rebuilt);
                loaded.load(tempDir, "soft");
                for (var mask : BlockTree.find(rebuilt, SoftTopKMask.class)) {
                    assertEquals(temperature, mask.getValue().getTemperature(), 0f);
                }
                float[] actual =
                        TestNetworks.infer(rebuilt, loaded.getNDManager(), input).toFloatArray();
                assertArrayEquals(expected, actual, 0f);
                // a soft checkpoint does not load into a hard-masked structure
                SequentialBlock hard = smallNet();
                pruner.configureModel(hard);
                Inject.softToHardK(hard);
                try (Model wrong = Model.newInstance("soft")) {
                    wrong.setBlock(hard);
                    Exception error =
                            assertThrows(Exception.class, () -> wrong.load(tempDir, "soft"));
                    assertTrue(error.getMessage().contains("HardChannelMask"), error.getMessage());
                }
            }
        }
    }

    private static float sum(float[] values) {
        float total = 0;
        for (float value : values) {
            total += value;
        }
        return total;
    }

    private static float[] abs(float[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Math.abs(values[i]);
        }
        return result;
    }
}
