package ai.acosp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.SoftTopKMask;
import ai.acosp.core.nn.UnprunableConv2d;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoftTopKPrunerTest {

    @TempDir Path tempDir;

    private static SoftTopKPruner pruner(float sparsity, int ending) {
        return SoftTopKPruner.builder().setFinalSparsity(sparsity).setEndingEpoch(ending).build();
    }

    @Test
    void builderValidatesItsValues() {
        IllegalArgumentException sparsity =
                assertThrows(IllegalArgumentException.class, () -> pruner(1f, 3));
        assertTrue(sparsity.getMessage().contains("1.0"), sparsity.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pruner(-0.1f, 3));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        SoftTopKPruner.builder()
                                .setFinalSparsity(0.5f)
                                .setEndingEpoch(2)
                                .optStartingEpoch(2)
                                .build());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        SoftTopKPruner.builder()
                                .setFinalSparsity(0.5f)
                                .setEndingEpoch(2)
                                .optFinalTemperature(0)
                                .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> SoftTopKPruner.builder().setFinalSparsity(0.5f).build());
        SoftTopKPruner inactive = pruner(0f, 3);
        assertFalse(inactive.isActive());
        Block net = TestNetworks.resnet18WithUnprunableStem();
        assertEquals(0, inactive.configureModel(net));
        assertTrue(BlockTree.find(net, MaskedConvolution.class).isEmpty());
    }

    @Test
    void denseIsAnInactivePrunerThatNeedsNoEndingEpoch() {
        SoftTopKPruner dense = SoftTopKPruner.builder().setFinalSparsity(0f).build();
        assertFalse(dense.isActive());
        Block net = TestNetworks.resnet18WithUnprunableStem();
        assertEquals(0, dense.configureModel(net));
        assertEquals(0, dense.beginEpoch(net, 5));
        assertEquals(null, dense.endEpoch(net, 5));
        assertEquals(0, dense.endTraining(net));
    }

    /** Epochs 0 to 3 with the ending epoch 2; one epoch of a run whose ending epoch is 10. */
    @ParameterizedTest(name = "ending epoch {0}, {1} epochs")
    @CsvSource({"2, 4", "10, 1"})
    void hardensEveryMaskOnceAtTheEndingEpochOrAtTheEndOfTraining(int ending, int epochs) {
        SoftTopKPruner pruner = pruner(0.5f, ending);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = TestNetworks.resnet18WithUnprunableStem();
            int masked = pruner.configureModel(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            int hardened = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                int now = pruner.beginEpoch(net, epoch);
                assertEquals(epoch == ending ? masked : 0, now, "hardened at epoch " + epoch);
                hardened += now;
                // statistics while the masks are soft, none once they are hard
                MaskStatistics statistics = pruner.endEpoch(net, epoch);
                assertEquals(epoch < ending, statistics != null, "statistics of epoch " + epoch);
                if (epoch == 0) {
                    assertEquals(1.0, statistics.aggregates().get("temperature").mean(), 1e-6);
                }
            }
            hardened += pruner.endTraining(net);
            assertEquals(masked, hardened, "masks hardened over the run");
            assertEquals(masked, BlockTree.find(net, HardChannelMask.class).size());
            assertTrue(BlockTree.find(net, SoftTopKMask.class).isEmpty());
        }
    }

    @Test
    void masksEveryPrunableConvolutionOfResNetV1() {
        SequentialBlock net = TestNetworks.resnet18WithUnprunableStem();
        int convs = BlockTree.find(net, Conv2d.class).size();
        int masked = pruner(0.5f, 4).configureModel(net);
        assertEquals(convs - 1, masked);
        assertInstanceOf(UnprunableConv2d.class, net.getChildren().valueAt(0));
        for (var entry : BlockTree.find(net, MaskedConvolution.class)) {
            SoftTopKMask mask = (SoftTopKMask) entry.getValue().getMask();
            assertEquals(mask.getChannels() / 2, mask.getKept(), entry.getKey());
        }
    }

    @Test
    void refusesBlocksItCannotRewriteAndNamesThem() {
        Block opaque = new OpaqueBlock();
        SequentialBlock net = new SequentialBlock().add(opaque);
        IllegalStateException error =
                assertThrows(
                        IllegalStateException.class, () -> pruner(0.5f, 2).configureModel(net));
        assertTrue(error.getMessage().contains("01OpaqueBlock"), error.getMessage());
    }

    @Test
    void trainsWithEasyTrainAndHardensByItself() throws Exception {
        Engine.getInstance().setRandomSeed(1);
        SoftTopKPruner pruner =
                SoftTopKPruner.builder()
                        .setFinalSparsity(0.75f)
                        .setEndingEpoch(2)
                        .optMinRemainingElements(8)
                        .build();
        try (Model model = Model.newInstance("resnet")) {
            SequentialBlock net = TestNetworks.resnet18WithUnprunableStem();
            model.setBlock(net);
            pruner.configureModel(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.01f))
                                            .optMomentum(0.9f)
                                            .build())
                            .addEvaluator(new ai.djl.training.evaluator.Accuracy())
                            .addTrainingListeners(
                                    new ai.djl.training.listener.EvaluatorTrainingListener())
                            .addTrainingListeners(pruner);
            // a listener after the pruner reads what its hook did
            List<Integer> hardenedAfterEpoch = new ArrayList<>();
            config.addTrainingListeners(
                    new TrainingListenerAdapter() {
                        @Override
                        public void onEpoch(Trainer trainer) {
                            hardenedAfterEpoch.add(pruner.getLastHardened());
                        }
                    });
            NDManager manager = model.getNDManager();
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(TestNetworks.input(manager, 8, 3, 32, 32))
                            .optLabels(
                                    manager.randomInteger(0, 10, new Shape(8), DataType.INT32)
                                            .toType(DataType.FLOAT32, false))
                            .setSampling(4, true)
                            .build();
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(4, 3, 32, 32));
                EasyTrain.fit(trainer, 3, data, null);
                TrainingResult result = trainer.getTrainingResult();
                assertTrue(Float.isFinite(result.getTrainLoss()), "loss " + result.getTrainLoss());
            }
            assertEquals(3, pruner.getCurrentEpoch());
            // hardened when epoch 2 began, i.e. right after epoch 1 ended
            int masked = BlockTree.find(net, MaskedConvolution.class).size();
            assertEquals(List.of(0, masked, 0), hardenedAfterEpoch);
            // statistics were logged at the end of epochs 0 and 1, with temperature T(0) = 1
            assertEquals(
                    1.0, pruner.getLastStatistics().aggregates().get("temperature").mean(), 1e-6);
            assertUntouchedStem(net);
            assertExactlyKNonZeroChannels(net);
            // a hard-masked model saves and loads with DJL and predicts the same
            model.save(tempDir, "hard");
            NDArray input = TestNetworks.input(manager, 2, 3, 32, 32);
            float[] expected = TestNetworks.infer(net, manager, input).toFloatArray();
            try (Model loaded = Model.newInstance("resnet")) {
                SequentialBlock rebuilt = TestNetworks.resnet18WithUnprunableStem();
                pruner.configureModel(rebuilt);
                Inject.softToHardK(rebuilt);
                loaded.setBlock(rebuilt);
                loaded.load(tempDir, "hard");
                float[] actual =
                        TestNetworks.infer(rebuilt, loaded.getNDManager(), input).toFloatArray();
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 0f);
                // DJL unfreezes a loaded model's parameters for training; hard masks stay fixed
                try (Trainer again = loaded.newTrainer(config)) {
                    for (var mask : BlockTree.find(rebuilt, HardChannelMask.class)) {
                        assertFalse(mask.getValue().getMask().requiresGradient(), mask.getKey());
                    }
                }
            }
        }
    }

    private static void assertUntouchedStem(SequentialBlock net) {
        Block stem = net.getChildren().valueAt(0);
        assertInstanceOf(UnprunableConv2d.class, stem);
    }

    private static void assertExactlyKNonZeroChannels(Block net) {
        List<Pair<String, MaskedConvolution>> masked = BlockTree.find(net, MaskedConvolution.class);
        assertEquals(BlockTree.find(net, Conv2d.class).size() - 1, masked.size());
        for (Pair<String, MaskedConvolution> entry : masked) {
            MaskedConvolution layer = entry.getValue();
            HardChannelMask mask = assertInstanceOf(HardChannelMask.class, layer.getMask());
            Shape inputShape = layer.getInputShapes()[0];
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray input = TestNetworks.input(manager, 2, inputShape.get(1), 8, 8);
                NDArray output = TestNetworks.infer(layer, manager, input);
                long nonZero = output.abs().sum(new int[] {0, 2, 3}).gt(0).sum().getLong();
                assertEquals(mask.getKept(), nonZero, entry.getKey());
                assertEquals(Math.max(8, mask.getChannels() / 4), mask.getKept());
            }
        }
    }

    /** A block that keeps a convolution in a field, which the pruner must refuse to rewrite. */
    private static final class OpaqueBlock extends AbstractBlock {
        private final Block conv =
                addChildBlock(
                        "conv",
                        Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(4).build());

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
            return conv.forward(ps, inputs, training, p);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return conv.getOutputShapes(inputShapes);
        }
    }
}
