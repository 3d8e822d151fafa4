package ai.acosp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.compact.Compactor;
import ai.acosp.core.measure.MaskedAccounting;
import ai.acosp.core.measure.MaskedReport;
import ai.acosp.core.nn.BlockParameters;
import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.core.nn.MaskedBatchNorm;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.SoftTopKMask;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Masks after the batch norms: what training sees, and how hardening folds them. */
class VisibleMasksTest {

    private static final Shape INPUT = new Shape(4, 3, 10, 10);

    private static SequentialBlock net() {
        return new SequentialBlock()
                .add(TestNetworks.sameConv(16, 3))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(TestNetworks.sameConv(16, 3))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(TestNetworks.sameConv(5, 1));
    }

    private static SoftTopKPruner pruner(float temperature) {
        return SoftTopKPruner.builder()
                .setFinalSparsity(0.75f)
                .setEndingEpoch(4)
                .optInitialTemperature(temperature)
                .build();
    }

    /** Builds, initialises and masks the test network with one placement. */
    private static SequentialBlock masked(NDManager manager, boolean visible, float temperature) {
        Engine.getInstance().setRandomSeed(21);
        SequentialBlock net = net();
        net.initialize(manager, DataType.FLOAT32, INPUT);
        MaskPlacement placement =
                visible
                        ? MaskPlacement.afterBatchNorms(
                                Compactor.builder().build().batchNormsAfterConvolutions(net))
                        : MaskPlacement.afterConvolutions();
        pruner(temperature)
                .configureModel(net, MaskGroups.none(), pruner(temperature).getBudget(), placement);
        return net;
    }

    /** The norm of the gradient of a training loss with respect to every mask's logits. */
    private static double logitGradientNorm(NDManager manager, Block net) {
        Engine.getInstance().setRandomSeed(5);
        NDArray x = manager.randomNormal(0, 1, INPUT, DataType.FLOAT32);
        NDArray target = manager.randomNormal(0, 1, new Shape(4, 5, 10, 10), DataType.FLOAT32);
        var masks = BlockTree.find(net, SoftTopKMask.class);
        for (var mask : masks) {
            mask.getValue().getLogits().getArray().setRequiresGradient(true);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out =
                    net.forward(
                                    new ParameterStore(manager, false),
                                    new ai.djl.ndarray.NDList(x),
                                    true)
                            .singletonOrThrow();
            collector.backward(out.sub(target).square().mean());
        }
        double sum = 0;
        for (var mask : masks) {
            for (float g : mask.getValue().getLogits().getArray().getGradient().toFloatArray()) {
                sum += (double) g * g;
            }
        }
        return Math.sqrt(sum);
    }

    @Test
    void trainingSeesMasksAfterTheBatchNormAndHardlyBeforeIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock visible = masked(manager, true, 1f);
            assertEquals(2, BlockTree.find(visible, MaskedBatchNorm.class).size());
            assertEquals(1, BlockTree.find(visible, MaskedConvolution.class).size());
            assertTrue(MaskPlacement.isVisible(visible));
            assertEquals(
                    java.util.List.of("01Conv2d", "04Conv2d", "07Conv2d"),
                    MaskPlacement.masksByConvolution(visible).stream()
                            .map(ai.djl.util.Pair::getKey)
                            .toList());
            SequentialBlock reference = masked(manager, false, 1f);
            assertFalse(MaskPlacement.isVisible(reference));
            double seen = logitGradientNorm(manager, visible);
            double hidden = logitGradientNorm(manager, reference);
            // before a batch norm in training mode a channel's scale cancels up to its epsilon;
            // only the last convolution's mask (no batch norm) reaches the loss in both
            System.out.printf("logit gradient norm: after BN %.3e, before BN %.3e%n", seen, hidden);
            assertTrue(seen > 100 * hidden, seen + " vs " + hidden);
        }
    }

    @Test
    void hardeningMovesTheMaskBeforeTheBatchNormAndComputesTheSame() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // at a tiny temperature the soft masks are 0/1 up to float rounding
            SequentialBlock net = masked(manager, true, 1e-4f);
            for (var bn : BlockTree.find(net, BatchNorm.class)) {
                for (String name : new String[] {"gamma", "beta", "runningMean"}) {
                    NDArray values = BlockParameters.direct(bn.getValue(), name).getArray();
                    values.set(manager.randomUniform(0.5f, 1.5f, values.getShape()).toFloatArray());
                }
            }
            NDArray x = manager.randomNormal(0, 1, INPUT, DataType.FLOAT32);
            float[] soft = TestNetworks.infer(net, manager, x).toFloatArray();
            MaskedReport softCounts = MaskedAccounting.measure(net, new Shape(1, 3, 10, 10));
            assertEquals(3, Inject.softToHardK(net));
            MaskedReport hardCounts = MaskedAccounting.measure(net, new Shape(1, 3, 10, 10));
            assertEquals(hardCounts.prunedMacs(), softCounts.prunedMacs());
            assertEquals(hardCounts.prunedParameters(), softCounts.prunedParameters());
            assertEquals(3, softCounts.maskedLayers());
            assertTrue(softCounts.prunedMacs() < softCounts.denseMacs() / 2, softCounts.summary());
            assertTrue(BlockTree.find(net, MaskedBatchNorm.class).isEmpty());
            var hard = BlockTree.find(net, MaskedConvolution.class);
            assertEquals(3, hard.size());
            for (var masked : hard) {
                assertInstanceOf(HardChannelMask.class, masked.getValue().getMask());
            }
            // the pruned channels' scale and shift are 0, so they leave no constant behind
            float[] mask = hard.get(0).getValue().getMask().currentMask(manager).toFloatArray();
            BatchNorm bn = (BatchNorm) net.getChildren().get(1).getValue();
            float[] gamma = BlockParameters.direct(bn, "gamma").getArray().toFloatArray();
            float[] beta = BlockParameters.direct(bn, "beta").getArray().toFloatArray();
            for (int c = 0; c < mask.length; c++) {
                assertEquals(mask[c] == 0f, gamma[c] == 0f && beta[c] == 0f, "channel " + c);
            }
            float[] hardened = TestNetworks.infer(net, manager, x).toFloatArray();
            for (int i = 0; i < soft.length; i++) {
                assertEquals(soft[i], hardened[i], 1e-4, "value " + i);
            }
        }
    }

    @Test
    void aPlacementNamingAMissingBatchNormFails() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = net();
            net.initialize(manager, DataType.FLOAT32, INPUT);
            MaskPlacement wrong =
                    MaskPlacement.afterBatchNorms(Map.of("01Conv2d", "03LambdaBlock"));
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    pruner(1f)
                                            .configureModel(
                                                    net,
                                                    MaskGroups.none(),
                                                    pruner(1f).getBudget(),
                                                    wrong));
            assertTrue(e.getMessage().contains("03LambdaBlock"), e.getMessage());
        }
    }
}
