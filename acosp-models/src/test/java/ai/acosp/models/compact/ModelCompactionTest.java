package ai.acosp.models.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.BlockTree;
import ai.acosp.core.Inject;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.compact.CompactBatchNorm;
import ai.acosp.core.compact.CompactConv2d;
import ai.acosp.core.compact.CompactionChecks;
import ai.acosp.core.compact.CompactionResult;
import ai.acosp.core.compact.Compactor;
import ai.acosp.core.compact.KeepPlan;
import ai.acosp.core.compact.LayerChange;
import ai.acosp.core.compact.SyntheticBatchNorms;
import ai.acosp.core.measure.LearnableParameters;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCompactionTest {

    @TempDir Path tempDir;

    /** Prunes at a sparsity, hardens the masks and gives batch norms trained-looking statistics. */
    static void prepare(Block net, NDManager manager, Shape shape, float sparsity, long seed) {
        net.initialize(manager, DataType.FLOAT32, shape);
        SoftTopKPruner.builder()
                .setFinalSparsity(sparsity)
                .setEndingEpoch(1)
                .build()
                .configureModel(net);
        Inject.softToHardK(net);
        net.initialize(manager, DataType.FLOAT32, shape);
        SyntheticBatchNorms.randomize(net, seed);
    }

    /** Compacts in place; outputs must match the masked model's (1e-4 relative, same argmax). */
    static CompactionResult compactAndCheck(Block net, NDManager manager, Shape... sizes) {
        return compactAndCheck(net, manager, 1, sizes);
    }

    /** As {@link #compactAndCheck(Block, NDManager, Shape...)} with a channel quantum. */
    static CompactionResult compactAndCheck(
            Block net, NDManager manager, int channelQuantum, Shape... sizes) {
        return compactAndCheck(
                net,
                manager,
                ModelCompaction.builder().optChannelQuantum(channelQuantum).build(),
                sizes);
    }

    /** As {@link #compactAndCheck(Block, NDManager, Shape...)} with a compactor of one's own. */
    static CompactionResult compactAndCheck(
            Block net, NDManager manager, Compactor compactor, Shape... sizes) {
        List<NDArray> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (Shape size : sizes) {
            NDArray x = manager.randomNormal(0, 1, size, DataType.FLOAT32);
            inputs.add(x);
            expected.add(CompactionChecks.infer(net, manager, x));
        }
        CompactionResult result = compactor.compact(net, ModelCompaction.probeShape(net));
        assertTrue(BlockTree.find(net, MaskedConvolution.class).isEmpty());
        for (int i = 0; i < sizes.length; i++) {
            float[] actual = CompactionChecks.infer(net, manager, inputs.get(i));
            double error = CompactionChecks.relativeError(expected.get(i), actual);
            assertTrue(error < 1e-4, "relative error " + error + " at " + sizes[i]);
            Shape out = net.getOutputShapes(new Shape[] {sizes[i]})[0];
            if (out.dimension() == 4 || out.dimension() == 2) {
                long n = out.dimension() == 4 ? out.size() / out.get(1) : out.get(0);
                assertEquals(
                        0,
                        CompactionChecks.argmaxMismatches(expected.get(i), actual, out),
                        "argmax differs at " + sizes[i] + " of " + n + " positions");
            }
        }
        return result;
    }

    @Test
    void segNetMatchesMaskedWithExtremeMasksAndSavesAndLoads() throws Exception {
        Engine.getInstance().setRandomSeed(21);
        try (Model model = Model.newInstance("segnet")) {
            SegNet net = SegNet.builder().setClasses(5).build();
            model.setBlock(net);
            NDManager manager = model.getNDManager();
            prepare(net, manager, new Shape(1, 3, 32, 32), 0.875f, 3);
            var masked = BlockTree.find(net, MaskedConvolution.class);
            // encoder stage 2's last conv pruned to one channel, decoder stage 4's first conv dense
            CompactionChecks.setHardMask(net, "down2/conv2/cbr_unit/01Conv2d", 7);
            int[] all = new int[512];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            CompactionChecks.setHardMask(
                    net, "up4/convs/01ConvBatchNormRelu/cbr_unit/01Conv2d", all);
            long before = LearnableParameters.count(net);
            CompactionResult result =
                    compactAndCheck(
                            net,
                            manager,
                            new Shape(1, 3, 32, 32),
                            new Shape(2, 3, 48, 40),
                            new Shape(1, 3, 37, 33));
            long after = LearnableParameters.count(net);
            System.out.println(result.format());
            System.out.println(
                    "SegNet parameters "
                            + before
                            + " -> "
                            + after
                            + " ("
                            + masked.size()
                            + " masks)");
            assertTrue(after < before / 5, before + " -> " + after);
            // channels pruned on both sides of an unpooling go (the decoder absorbs them with a
            // bias map over the unpooling grid); only ties with live channels keep pruned filters
            // (no channel quantum by default)
            for (LayerChange change : result.changes()) {
                for (String reason : change.keptPruned().values()) {
                    assertTrue(reason.contains("live channel"), change.path() + ": " + reason);
                }
            }
            assertTrue(
                    CompactionResult.specs(net).stream().anyMatch(s -> s.unpooledKernel),
                    "some decoder conv carries unpooled constants");

            NDArray x = manager.randomNormal(0, 1, new Shape(1, 3, 40, 56), DataType.FLOAT32);
            float[] expected = CompactionChecks.infer(net, manager, x);
            CompactModels.save(model, tempDir, result);
            try (Model loaded = CompactModels.load(tempDir)) {
                float[] actual =
                        CompactionChecks.infer(loaded.getBlock(), loaded.getNDManager(), x);
                assertEquals(0.0, CompactionChecks.relativeError(expected, actual), 1e-6);
                assertEquals(after, LearnableParameters.count(loaded.getBlock()));
            }
        }
    }

    /** A masked SegNet at 32x32, the same every call (seeded). */
    private static SegNet maskedSegNet(Model model) {
        Engine.getInstance().setRandomSeed(24);
        SegNet net = SegNet.builder().setClasses(5).build();
        model.setBlock(net);
        prepare(net, model.getNDManager(), new Shape(1, 3, 32, 32), 0.75f, 6);
        return net;
    }

    /**
     * Issue 21: one checkpoint, one compact model. The host state that used to steer compaction
     * ({@code acosp.conv.fault} true on the faulty CPU, false elsewhere) gives identical saved
     * models (compact.json and parameter values), each equal to the masked model's outputs.
     */
    @Test
    void segNetCompactsToOneModelWhateverTheHostFaultState() throws Exception {
        CompactionChecks.underBothFormerFaultStates(
                fault -> {
                    try (Model model = Model.newInstance("segnet")) {
                        SegNet net = maskedSegNet(model);
                        CompactionResult result =
                                compactAndCheck(
                                        net,
                                        model.getNDManager(),
                                        new Shape(1, 3, 32, 32),
                                        new Shape(1, 3, 37, 33));
                        assertEquals(0, roundedLayers(result), "no rounding by default");
                        CompactModels.save(model, tempDir.resolve("fault-" + fault), result);
                    }
                });
        CompactionChecks.assertSameSavedModel(
                tempDir.resolve("fault-true"), tempDir.resolve("fault-false"), "segnet");
    }

    /**
     * The channel quantum, asked for explicitly, rounds SegNet's 3x3 conv inputs above 16 to
     * multiples of 16 where enough pruned channels can come back, and stays exact.
     */
    @Test
    void segNetChannelQuantumRoundsAndStaysExact() {
        try (Model model = Model.newInstance("segnet")) {
            SegNet net = maskedSegNet(model);
            CompactionResult result =
                    compactAndCheck(
                            net,
                            model.getNDManager(),
                            16,
                            new Shape(1, 3, 32, 32),
                            new Shape(1, 3, 37, 33));
            assertTrue(roundedLayers(result) > 0, "some pruned filters come back");
            for (LayerChange change : result.changes()) {
                for (String reason : change.keptPruned().values()) {
                    assertTrue(
                            reason.contains("live channel") || reason.equals(KeepPlan.rounding(16)),
                            change.path() + ": " + reason);
                }
            }
            long multiples =
                    BlockTree.find(net, CompactConv2d.class).stream()
                            .map(p -> p.getValue().getInChannels())
                            .filter(in -> in > 16 && in % 16 == 0)
                            .count();
            assertTrue(multiples > 0, "some inputs are multiples of 16");
        }
    }

    private static long roundedLayers(CompactionResult result) {
        return result.changes().stream()
                .filter(c -> c.keptPruned().values().stream().anyMatch(r -> r.contains("quantum")))
                .count();
    }

    @Test
    void resNet18MatchesMasked() {
        Engine.getInstance().setRandomSeed(22);
        try (Model model = Model.newInstance("resnet18")) {
            ResNet18Cifar net = ResNet18Cifar.builder().build();
            model.setBlock(net);
            prepare(net, model.getNDManager(), new Shape(1, 3, 32, 32), 0.75f, 4);
            CompactionResult result =
                    compactAndCheck(
                            net,
                            model.getNDManager(),
                            new Shape(4, 3, 32, 32),
                            new Shape(1, 3, 40, 24));
            System.out.println(result.format());
            assertTrue(
                    BlockTree.find(net, CompactBatchNorm.class).isEmpty(),
                    "every batch norm folds");
        }
    }

    @Test
    void pspNet50MatchesMasked() {
        Engine.getInstance().setRandomSeed(23);
        try (Model model = Model.newInstance("psp")) {
            PSPNet net = PSPNet.builder().setLayers(50).setClasses(7).build();
            model.setBlock(net);
            prepare(net, model.getNDManager(), new Shape(1, 3, 33, 33), 0.75f, 5);
            long before = LearnableParameters.count(net);
            CompactionResult result =
                    compactAndCheck(net, model.getNDManager(), new Shape(1, 3, 33, 33));
            long after = LearnableParameters.count(net);
            System.out.println(result.format());
            System.out.println("PSPNet-50 parameters " + before + " -> " + after);
            assertEquals(List.of("aux"), result.stripped());
            assertTrue(
                    BlockTree.find(net, CompactBatchNorm.class).isEmpty(),
                    "every batch norm folds");
            assertTrue(after < before / 4, before + " -> " + after);
        }
    }
}
