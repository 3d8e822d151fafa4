package ai.acosp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2dTranspose;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per DJL field that {@link DjlInternals} reads, each on a real DJL block. */
class DjlInternalsTest {

    private static BatchNorm batchNorm() {
        return BatchNorm.builder().optAxis(2).optEpsilon(1e-3f).optMomentum(0.75f).build();
    }

    @Test
    void childrenIsTheLiveListOfASequentialAndAParallelBlock() {
        Block first = Linear.builder().setUnits(3).build();
        Block second = Activation.reluBlock();
        SequentialBlock sequential = new SequentialBlock().add(first).add(second);
        BlockList children = DjlInternals.children(sequential);
        assertEquals(2, children.size());
        assertSame(first, children.get(0).getValue());

        Block replacement = Activation.tanhBlock();
        String name = children.get(1).getKey();
        children.remove(1);
        children.add(1, name, replacement);
        assertSame(replacement, sequential.getChildren().get(1).getValue());
        assertEquals(name, sequential.getChildren().get(1).getKey());

        ParallelBlock parallel = new ParallelBlock(list -> list.get(0), List.of(first, second));
        assertSame(second, DjlInternals.children(parallel).get(1).getValue());
    }

    @Test
    void deconvolutionFiltersIsTheFilterCount() {
        Conv2dTranspose deconvolution =
                Conv2dTranspose.builder().setKernelShape(new Shape(2, 2)).setFilters(7).build();
        assertEquals(7, DjlInternals.deconvolutionFilters(deconvolution));
    }

    @Test
    void batchNormAxisIsTheBuiltAxis() {
        assertEquals(2, DjlInternals.batchNormAxis(batchNorm()));
        assertEquals(1, DjlInternals.batchNormAxis(BatchNorm.builder().build()));
    }

    @Test
    void batchNormEpsilonIsTheBuiltEpsilon() {
        assertEquals(1e-3f, DjlInternals.batchNormEpsilon(batchNorm()));
    }

    @Test
    void batchNormMomentumIsTheBuiltMomentum() {
        assertEquals(0.75f, DjlInternals.batchNormMomentum(batchNorm()));
    }

    @Test
    void parameterStoreIsTheOneTheTrainerForwardsWith() {
        try (Model model = Model.newInstance("store")) {
            Block net = Linear.builder().setUnits(2).build();
            model.setBlock(net);
            try (Trainer trainer =
                    model.newTrainer(
                            new DefaultTrainingConfig(Loss.l2Loss())
                                    .optOptimizer(
                                            Optimizer.sgd()
                                                    .setLearningRateTracker(Tracker.fixed(0.1f))
                                                    .build()))) {
                trainer.initialize(new Shape(1, 3));
                ParameterStore store = DjlInternals.parameterStore(trainer);
                Parameter weight = net.getParameters().get("weight");
                // the trainer's store holds the array it initialised for the CPU
                assertSame(weight.getArray(), store.getValue(weight, Device.cpu(), true));
            }
        }
    }

    @Test
    void aMissingFieldNamesTheClassTheFieldAndTheVersion() {
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> DjlInternals.field(BatchNorm.class, "noSuchField", int.class));
        assertTrue(e.getMessage().startsWith("DJL "), e.getMessage());
        assertTrue(e.getMessage().contains(" changed BatchNorm.noSuchField: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("DJL " + DjlInternals.EXPECTED_DJL_VERSION));
    }

    @Test
    void aFieldOfAnotherTypeIsReportedAsChanged() {
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> DjlInternals.field(BatchNorm.class, "axis", float.class));
        assertTrue(e.getMessage().contains("changed BatchNorm.axis: its type is int"));
    }
}
