package ai.acosp.core.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.BlockTree;
import ai.acosp.core.Inject;
import ai.acosp.core.MaskGroups;
import ai.acosp.core.MaskPlacement;
import ai.acosp.core.ParameterFiles;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.TestNetworks;
import ai.acosp.core.measure.CompactMacs;
import ai.acosp.core.measure.LearnableParameters;
import ai.acosp.core.measure.MaskedAccounting;
import ai.acosp.core.nn.MaskedBatchNorm;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.UnprunableConv2d;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {

    @TempDir Path tempDir;

    /**
     * conv3x3(pad 1) 3->16, BN, ReLU, conv3x3(pad 1) ->12, BN, ReLU, maxpool, conv1x1 ->8, BN,
     * ReLU, conv3x3 ->4 (unprunable).
     */
    static SequentialBlock tinyNet() {
        return new SequentialBlock()
                .add(conv(16, 3, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(12, 3, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(conv(8, 1, 0))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(
                        UnprunableConv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .setFilters(4)
                                .build());
    }

    private static Conv2d conv(int filters, int kernel, int padding) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(padding, padding))
                .setFilters(filters)
                .build();
    }

    static void pruneHard(Block net, float sparsity, int minRemaining) {
        SoftTopKPruner.builder()
                .setFinalSparsity(sparsity)
                .setEndingEpoch(1)
                .optMinRemainingElements(minRemaining)
                .build()
                .configureModel(net);
    }

    /** Compacts in place and checks the outputs against the masked model's on several sizes. */
    static CompactionResult compactAndCheck(
            Block net, NDManager manager, Compactor compactor, Shape probe, Shape... sizes) {
        List<NDArray> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (Shape size : sizes) {
            NDArray x = manager.randomNormal(0, 1, size, DataType.FLOAT32);
            inputs.add(x);
            expected.add(CompactionChecks.infer(net, manager, x));
        }
        CompactionResult result = compactor.compact(net, probe);
        assertTrue(BlockTree.find(net, MaskedConvolution.class).isEmpty());
        for (int i = 0; i < sizes.length; i++) {
            float[] actual = CompactionChecks.infer(net, manager, inputs.get(i));
            double error = CompactionChecks.relativeError(expected.get(i), actual);
            assertTrue(error < 1e-4, "relative error " + error + " at " + sizes[i]);
        }
        return result;
    }

    @Test
    void tinyNetworkMatchesMaskedAndHandCounts() throws Exception {
        Engine.getInstance().setRandomSeed(11);
        try (Model model = Model.newInstance("tiny")) {
            SequentialBlock net = tinyNet();
            model.setBlock(net);
            NDManager manager = model.getNDManager();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 12, 12));
            pruneHard(net, 0.75f, 1);
            Inject.softToHardK(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 12, 12));
            SyntheticBatchNorms.randomize(net, 5);
            NDArray originalWeight = net.getParameters().valueAt(0).getArray();
            CompactionResult result =
                    compactAndCheck(
                            net,
                            manager,
                            Compactor.builder().build(),
                            new Shape(1, 3, 12, 12),
                            new Shape(2, 3, 12, 12),
                            new Shape(1, 3, 17, 9),
                            new Shape(1, 3, 8, 8));
            // k = ceil(0.25 n): 16 -> 4, 12 -> 3, 8 -> 2
            // conv1 4*3*9+4, conv2 3*4*9+3, conv3 2*3+2, conv4 4*2*9+4; the batch norms are folded
            long parameters = 112 + 111 + 8 + 76;
            assertEquals(parameters, LearnableParameters.count(net));
            assertEquals(3, BlockTree.find(net, FoldedBatchNorm.class).size());
            assertTrue(originalWeight.isReleased(), "the replaced layers' arrays are freed");
            assertEquals(0, result.keptPrunedFilters());
            LayerChange conv2 = result.changes().get(2);
            assertEquals(16, conv2.inBefore());
            assertEquals(4, conv2.inAfter());
            assertEquals(12, conv2.foldedConstants());
            assertTrue(conv2.biasMap(), "a padded 3x3 conv needs a bias map");
            LayerChange conv3 = result.changes().get(4);
            assertEquals(2, conv3.outAfter());
            assertTrue(!conv3.biasMap(), "a 1x1 conv folds constants into its bias");
            System.out.println(result.format());

            // save and load without the pruning code
            NDArray x = manager.randomNormal(0, 1, new Shape(1, 3, 14, 10), DataType.FLOAT32);
            float[] before = CompactionChecks.infer(net, manager, x);
            JsonObject arch = new JsonObject();
            arch.addProperty("arch", "tiny");
            CompactModelFiles.save(model, tempDir, arch, result.stripped());
            // saving again over the folder leaves one parameter file (DJL numbers a new one)
            CompactModelFiles.save(model, tempDir, arch, result.stripped());
            assertEquals(
                    List.of("tiny-0001.params"),
                    ParameterFiles.list(tempDir, model.getName()).stream()
                            .map(f -> f.getFileName().toString())
                            .toList());
            try (Model loaded = CompactModelFiles.load(tempDir, a -> tinyNet())) {
                float[] after =
                        CompactionChecks.infer(
                                loaded.getBlock(),
                                loaded.getNDManager(),
                                x.toDevice(x.getDevice(), true));
                assertEquals(0.0, CompactionChecks.relativeError(before, after), 1e-6);
                assertEquals(parameters, LearnableParameters.count(loaded.getBlock()));
            }
        }
    }

    /**
     * 24 of 48 channels kept feed a 3x3 conv: the masked network of {@link #roundingNet} before
     * compaction, the same every call (seeded).
     */
    private static SequentialBlock roundingNet(NDManager manager) {
        Engine.getInstance().setRandomSeed(17);
        SequentialBlock net =
                new SequentialBlock()
                        .add(conv(48, 3, 1))
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .add(
                                UnprunableConv2d.builder()
                                        .setKernelShape(new Shape(3, 3))
                                        .setFilters(8)
                                        .build());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 12, 12));
        pruneHard(net, 0.5f, 1);
        Inject.softToHardK(net);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 12, 12));
        SyntheticBatchNorms.randomize(net, 7);
        return net;
    }

    /**
     * The channel quantum is an explicit option, off by default: 24 kept channels feeding a 3x3
     * conv stay 24, and {@code optChannelQuantum(16)} rounds them to 32 with 8 kept zero filters.
     * Exact either way; the saved layer reads exactly its saved channels.
     */
    @Test
    void channelQuantumIsAnOptionOffByDefault() {
        for (int quantum : new int[] {1, 16}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                SequentialBlock net = roundingNet(manager);
                Compactor.Builder builder = Compactor.builder();
                if (quantum > 1) {
                    builder.optChannelQuantum(quantum);
                }
                Compactor compactor = builder.build();
                assertEquals(quantum, compactor.getChannelQuantum());
                CompactionResult result =
                        compactAndCheck(
                                net,
                                manager,
                                compactor,
                                new Shape(1, 3, 12, 12),
                                new Shape(1, 3, 12, 12),
                                new Shape(1, 3, 9, 13));
                LayerChange second = result.changes().get(2);
                assertEquals(quantum == 16 ? 32 : 24, second.inAfter());
                assertEquals(quantum == 16 ? 8 : 0, result.keptPrunedFilters());
                CompactConv2d conv = BlockTree.find(net, CompactConv2d.class).get(1).getValue();
                assertEquals(second.inAfter(), conv.getInChannels());
                for (LayerChange change : result.changes()) {
                    assertTrue(
                            change.keptPruned().values().stream()
                                    .allMatch(KeepPlan.rounding(16)::equals),
                            change.path() + ": " + change.keptPruned());
                }
            }
        }
        assertThrows(
                IllegalArgumentException.class, () -> Compactor.builder().optChannelQuantum(0));
    }

    /**
     * Issue 21: one checkpoint compacts to one model on every machine. The host state that used to
     * steer rounding and padding ({@value CompactionChecks#FORMER_FAULT_PROPERTY} true on the
     * faulty CPU, false elsewhere) gives byte-identical saved models, each computing the masked
     * outputs.
     */
    @Test
    void sameCompactModelWhateverTheHostFaultState() throws Exception {
        CompactionChecks.underBothFormerFaultStates(
                fault -> {
                    try (Model model = Model.newInstance("rounding")) {
                        SequentialBlock net = roundingNet(model.getNDManager());
                        model.setBlock(net);
                        CompactionResult result =
                                compactAndCheck(
                                        net,
                                        model.getNDManager(),
                                        Compactor.builder().build(),
                                        new Shape(1, 3, 12, 12),
                                        new Shape(1, 3, 12, 12),
                                        new Shape(1, 3, 9, 13));
                        assertEquals(24, result.changes().get(2).inAfter());
                        JsonObject arch = new JsonObject();
                        arch.addProperty("arch", "rounding");
                        CompactModelFiles.save(
                                model, tempDir.resolve("fault-" + fault), arch, result.stripped());
                    }
                });
        CompactionChecks.assertSameSavedModel(
                tempDir.resolve("fault-true"), tempDir.resolve("fault-false"), "rounding");
    }

    @Test
    void batchNormsStayWhenFoldingIsOff() {
        Engine.getInstance().setRandomSeed(13);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = tinyNet();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 12, 12));
            pruneHard(net, 0.75f, 1);
            Inject.softToHardK(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 12, 12));
            SyntheticBatchNorms.randomize(net, 6);
            compactAndCheck(
                    net,
                    manager,
                    Compactor.builder().optFoldBatchNorm(false).build(),
                    new Shape(1, 3, 12, 12),
                    new Shape(1, 3, 11, 13));
            assertEquals(3, BlockTree.find(net, CompactBatchNorm.class).size());
            assertTrue(BlockTree.find(net, FoldedBatchNorm.class).isEmpty());
            assertEquals(112 + 8 + 111 + 6 + 8 + 4 + 76, LearnableParameters.count(net));
        }
    }

    @Test
    void extremeMasksAndZooResNetMatchMasked() {
        Engine.getInstance().setRandomSeed(12);
        try (Model model = Model.newInstance("resnet")) {
            Block net = TestNetworks.zooResNet18();
            model.setBlock(net);
            NDManager manager = model.getNDManager();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            pruneHard(net, 0.75f, 8);
            Inject.softToHardK(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            var masked = BlockTree.find(net, MaskedConvolution.class);
            // a layer pruned to a single channel and a layer not pruned at all
            CompactionChecks.setHardMask(net, masked.get(1).getKey(), 5);
            int n = masked.get(2).getValue().getMask().getChannels();
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            CompactionChecks.setHardMask(net, masked.get(2).getKey(), all);
            SyntheticBatchNorms.randomize(net, 7);
            long before = LearnableParameters.count(net);
            CompactionResult result =
                    compactAndCheck(
                            net,
                            manager,
                            Compactor.builder().build(),
                            new Shape(1, 3, 32, 32),
                            new Shape(2, 3, 32, 32),
                            new Shape(1, 3, 40, 24));
            long after = LearnableParameters.count(net);
            System.out.println(result.format());
            System.out.println("ResNetV1-18 parameters " + before + " -> " + after);
            assertTrue(after < before / 3, before + " -> " + after);
        }
    }

    /** A model holding the model zoo's ResNet-18, initialised for {@code shape}. */
    private static Model zooResNet(Shape shape) {
        Model model = Model.newInstance("resnet");
        Block net = TestNetworks.zooResNet18();
        model.setBlock(net);
        net.initialize(model.getNDManager(), DataType.FLOAT32, shape);
        return model;
    }

    @Test
    void zooResNetGroupMasksLeaveNoZeroFilters() {
        Engine.getInstance().setRandomSeed(13);
        Shape shape = new Shape(1, 3, 32, 32);
        try (Model model = zooResNet(shape)) {
            Block net = model.getBlock();
            NDManager manager = model.getNDManager();
            Compactor compactor = Compactor.builder().build();
            MaskGroups groups = compactor.maskGroups(net, shape);
            // the stem with stage 1's two blocks; stages 2-4: two blocks and a downsample each
            assertEquals(List.of(3, 3, 3, 3), groups.groups().stream().map(List::size).toList());
            SoftTopKPruner.builder()
                    .setFinalSparsity(0.75f)
                    .setEndingEpoch(1)
                    .build()
                    .configureModel(net, groups);
            Inject.softToHardK(net);
            net.initialize(manager, DataType.FLOAT32, shape);
            SyntheticBatchNorms.randomize(net, 9);
            long maskedMacs = MaskedAccounting.measure(net, shape).prunedMacs();
            CompactionResult result =
                    compactAndCheck(net, manager, compactor, shape, shape, new Shape(2, 3, 40, 24));
            assertEquals(0, result.keptPrunedFilters());
            assertEquals(maskedMacs, CompactMacs.count(net, shape));
        }
    }

    @Test
    void zooResNetVisibleGroupMasksFoldIntoTheCompactModelExactly() {
        Engine.getInstance().setRandomSeed(17);
        Shape shape = new Shape(1, 3, 32, 32);
        try (Model model = zooResNet(shape)) {
            Block net = model.getBlock();
            NDManager manager = model.getNDManager();
            Compactor compactor = Compactor.builder().build();
            MaskGroups groups = compactor.maskGroups(net, shape);
            Map<String, String> pairs = compactor.batchNormsAfterConvolutions(net);
            // every convolution of ResNetV1 but the stem (32x32 images: no batch norm after it)
            // has its batch norm, downsamples included; the stem's mask shares stage 1's group
            assertEquals(BlockTree.find(net, Conv2d.class).size() - 1, pairs.size());
            assertTrue(!pairs.containsKey("01Conv2d"), pairs.toString());
            SoftTopKPruner pruner =
                    SoftTopKPruner.builder()
                            .setFinalSparsity(0.75f)
                            .setEndingEpoch(1)
                            .optInitialTemperature(1e-4f)
                            .build();
            pruner.configureModel(
                    net, groups, pruner.getBudget(), MaskPlacement.afterBatchNorms(pairs));
            assertEquals(pairs.size(), BlockTree.find(net, MaskedBatchNorm.class).size());
            SyntheticBatchNorms.randomize(net, 9);
            NDArray x = manager.randomNormal(0, 1, new Shape(2, 3, 40, 24), DataType.FLOAT32);
            float[] soft = CompactionChecks.infer(net, manager, x);
            Inject.softToHardK(net);
            long maskedMacs = MaskedAccounting.measure(net, shape).prunedMacs();
            CompactionResult result =
                    compactAndCheck(net, manager, compactor, shape, shape, new Shape(2, 3, 40, 24));
            assertEquals(0, result.keptPrunedFilters());
            assertEquals(maskedMacs, CompactMacs.count(net, shape));
            double error =
                    CompactionChecks.relativeError(soft, CompactionChecks.infer(net, manager, x));
            assertTrue(error < 1e-4, "compact against soft masks after the batch norms: " + error);
        }
    }

    @Test
    void aCouplingWithAnUnprunableConvolutionGetsNoGroup() {
        try (Model model = Model.newInstance("sum")) {
            Block net =
                    new SequentialBlock()
                            .add(conv(8, 3, 1))
                            .add(
                                    TestNetworks.sum(
                                            conv(8, 3, 1),
                                            UnprunableConv2d.builder()
                                                    .setKernelShape(new Shape(1, 1))
                                                    .setFilters(8)
                                                    .build()))
                            .add(conv(4, 1, 0));
            model.setBlock(net);
            Shape shape = new Shape(1, 3, 8, 8);
            net.initialize(model.getNDManager(), DataType.FLOAT32, shape);
            assertEquals(List.of(), Compactor.builder().build().maskGroups(net, shape).groups());
            // without the unprunable branch the two convolutions of the sum form a group
            Block plain =
                    new SequentialBlock()
                            .add(conv(8, 3, 1))
                            .add(TestNetworks.sum(conv(8, 3, 1), conv(8, 1, 0)))
                            .add(conv(4, 1, 0));
            model.setBlock(plain);
            plain.initialize(model.getNDManager(), DataType.FLOAT32, shape);
            assertEquals(
                    List.of(List.of("02ParallelBlock/01Conv2d", "02ParallelBlock/02Conv2d")),
                    Compactor.builder().build().maskGroups(plain, shape).groups());
        }
    }
}
