package ai.acosp.models.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.BlockTree;
import ai.acosp.core.ChannelBudget;
import ai.acosp.core.Inject;
import ai.acosp.core.MaskGroups;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.compact.CompactionResult;
import ai.acosp.core.compact.LayerChange;
import ai.acosp.core.compact.SyntheticBatchNorms;
import ai.acosp.core.measure.CompactMacs;
import ai.acosp.core.measure.LearnableParameters;
import ai.acosp.core.measure.MacBudget;
import ai.acosp.core.measure.MaskedAccounting;
import ai.acosp.core.measure.MaskedReport;
import ai.acosp.core.nn.ChannelMask;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Group masks (issue 21): the coupled convolutions of each model share one mask, so a channel goes
 * from every member at once, and the compact model computes the masked model's output with exactly
 * the masked model's multiply-adds and no zero filter.
 */
class MaskGroupsTest {

    /**
     * Finds the groups (checking their sizes), masks by group at ACoSP-4, hardens, and compacts:
     * outputs as masked, no zero filter, and the masked model's MACs and parameters.
     */
    private static CompactionResult pruneByGroupsAndCompact(
            Block net, Model model, Shape shape, List<Integer> expectedGroupSizes) {
        NDManager manager = model.getNDManager();
        net.initialize(manager, DataType.FLOAT32, shape);
        MaskGroups groups = ModelCompaction.maskGroups(net);
        assertEquals(
                expectedGroupSizes,
                groups.groups().stream().map(List::size).toList(),
                "groups " + groups.groups());
        SoftTopKPruner.builder()
                .setFinalSparsity(0.75f)
                .setEndingEpoch(1)
                .build()
                .configureModel(net, groups);
        for (List<String> group : groups.groups()) {
            var first = maskAt(net, group.get(0));
            for (String path : group) {
                assertEquals(first, maskAt(net, path), path + " shares the mask of " + group);
            }
        }
        Inject.softToHardK(net);
        net.initialize(manager, DataType.FLOAT32, shape);
        SyntheticBatchNorms.randomize(net, 8);
        MaskedReport masked = MaskedAccounting.measure(net, shape);
        // the batch norms stay, so that the compact parameters are the masked ones
        Set<String> withoutBias = new HashSet<>();
        for (var entry : BlockTree.find(net, MaskedConvolution.class)) {
            if (!((Conv2d) entry.getValue().getConv()).isIncludeBias()) {
                withoutBias.add(entry.getKey());
            }
        }
        Block aux = net.getChildren().contains("aux") ? net.getChildren().get("aux") : null;
        long unusedInInference = aux == null ? 0 : LearnableParameters.count(aux);
        CompactionResult result =
                ModelCompactionTest.compactAndCheck(
                        net,
                        manager,
                        ModelCompaction.builder().optFoldBatchNorm(false).build(),
                        shape);
        System.out.println(result.format());
        assertEquals(0, result.keptPrunedFilters(), "zero filters kept");
        assertEquals(masked.prunedMacs(), CompactMacs.count(net, shape), "compact vs masked MACs");
        // a 1x1 convolution without bias that absorbs pruned constants gains a bias (wider ones
        // carry them in a bias map, which is no parameter)
        long gainedBiases =
                result.changes().stream()
                        .filter(c -> c.foldedConstants() > 0 && !c.biasMap())
                        .filter(c -> withoutBias.contains(c.path()))
                        .mapToLong(LayerChange::outAfter)
                        .sum();
        assertEquals(
                masked.prunedParameters() - unusedInInference + gainedBiases,
                LearnableParameters.count(net),
                "compact vs masked parameters");
        return result;
    }

    private static Object maskAt(Block net, String path) {
        return BlockTree.find(net, MaskedConvolution.class).stream()
                .filter(p -> p.getKey().equals(path))
                .findFirst()
                .orElseThrow()
                .getValue()
                .getMask();
    }

    @Test
    void segNetEncoderAndDecoderShareAMaskAroundEachUnpooling() {
        Engine.getInstance().setRandomSeed(31);
        try (Model model = Model.newInstance("segnet")) {
            SegNet net = SegNet.builder().setClasses(5).build();
            model.setBlock(net);
            pruneByGroupsAndCompact(net, model, new Shape(1, 3, 32, 32), List.of(2, 2, 2, 2));
        }
    }

    @Test
    void resNet18StreamsShareAMaskWithTheStemAndDownsamples() {
        Engine.getInstance().setRandomSeed(32);
        try (Model model = Model.newInstance("resnet18")) {
            ResNet18Cifar net = ResNet18Cifar.builder().build();
            model.setBlock(net);
            pruneByGroupsAndCompact(net, model, new Shape(2, 3, 32, 32), List.of(3, 3, 3, 3));
        }
    }

    @Test
    void pspNet50StagesShareAMaskWithTheirDownsample() {
        Engine.getInstance().setRandomSeed(33);
        try (Model model = Model.newInstance("psp")) {
            PSPNet net = PSPNet.builder().setLayers(50).setClasses(7).build();
            model.setBlock(net);
            pruneByGroupsAndCompact(net, model, new Shape(1, 3, 33, 33), List.of(4, 5, 7, 4));
        }
    }

    /** SegNet for 5 classes, initialised at a shape, without masks. */
    private static SegNet segNet(Model model, Shape shape) {
        SegNet net = SegNet.builder().setClasses(5).build();
        model.setBlock(net);
        net.initialize(model.getNDManager(), DataType.FLOAT32, shape);
        return net;
    }

    /** Masks by group with the given channel counts, hardens, and counts the multiply-adds. */
    private static long maskedMacs(
            SegNet net, Shape shape, MaskGroups groups, ChannelBudget budget) {
        SoftTopKPruner.builder()
                .setFinalSparsity(0.5f)
                .setEndingEpoch(1)
                .build()
                .configureModel(net, groups, budget);
        Inject.softToHardK(net);
        return MaskedAccounting.measure(net, shape).prunedMacs();
    }

    @Test
    void macTargetIsMetWithinOneChannelPerLayer() {
        Engine.getInstance().setRandomSeed(34);
        Shape shape = new Shape(1, 3, 48, 48);
        try (Model model = Model.newInstance("segnet");
                Model bigger = Model.newInstance("segnet")) {
            SegNet net = segNet(model, shape);
            MaskGroups groups = ModelCompaction.maskGroups(net);
            ChannelBudget base = ChannelBudget.uniform(0.5f, 8).withLayerSparsity("down1/**", 0.5f);
            MacBudget solved =
                    MacBudget.solve(
                            net, shape, ModelCompaction.probeShape(net), groups, base, 0.25);
            long reached = maskedMacs(net, shape, groups, solved.budget());
            System.out.println(
                    "MAC target "
                            + solved.targetMacs()
                            + " of "
                            + solved.denseMacs()
                            + ": predicted "
                            + solved.predictedMacs()
                            + ", reached "
                            + reached
                            + ", kept share "
                            + solved.keptShare());
            assertEquals(solved.predictedMacs(), reached, "with groups the prediction is exact");
            assertTrue(reached <= solved.targetMacs(), reached + " > " + solved.targetMacs());
            Map<String, Integer> oneMore = new HashMap<>();
            for (var entry : BlockTree.find(net, MaskedConvolution.class)) {
                ChannelMask mask = entry.getValue().getMask();
                if (entry.getKey().startsWith("down1/")) {
                    assertEquals(mask.getChannels() / 2, mask.getKept(), entry.getKey());
                } else {
                    oneMore.put(entry.getKey(), mask.getKept() + 1);
                }
            }
            long withOneMore =
                    maskedMacs(segNet(bigger, shape), shape, groups, base.withKept(oneMore));
            assertTrue(
                    withOneMore > solved.targetMacs(),
                    "one more channel per layer: " + withOneMore + " <= " + solved.targetMacs());
        }
    }
}
