package ai.acosp.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InPlaceParameterServerTest {

    private static final Shape INPUT = new Shape(2, 3, 8, 8);

    /**
     * Updating each weight with its own gradient gives the bits of DJL's server, which updates it
     * with a copy: with and without weight decay (without it the optimizer reads the gradient it
     * zeroes afterwards), and every gradient is zero after the step.
     */
    @Test
    void stepsAreBitwiseThoseOfDjlsServerAndLeaveZeroGradients() {
        for (float weightDecay : new float[] {0f, 1e-2f}) {
            List<float[]> djl = train(false, weightDecay);
            List<float[]> inPlace = train(true, weightDecay);
            assertEquals(djl.size(), inPlace.size());
            for (int i = 0; i < djl.size(); i++) {
                assertArrayEquals(djl.get(i), inPlace.get(i), "weight decay " + weightDecay);
            }
        }
    }

    /** Three SGD steps with momentum; the parameters afterwards, in block order. */
    private static List<float[]> train(boolean inPlace, float weightDecay) {
        Engine.getInstance().setRandomSeed(11);
        try (Model model = Model.newInstance("server");
                NDManager data = NDManager.newBaseManager()) {
            Block net =
                    new SequentialBlock()
                            .add(
                                    Conv2d.builder()
                                            .setKernelShape(new Shape(3, 3))
                                            .setFilters(4)
                                            .build())
                            .add(BatchNorm.builder().build())
                            .add(Blocks.batchFlattenBlock())
                            .add(Linear.builder().setUnits(5).build());
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
            TorchSgd sgd =
                    TorchSgd.builder()
                            .setLearningRateTracker(Tracker.fixed(0.1f))
                            .optMomentum(0.9f)
                            .optWeightDecays(weightDecay)
                            .build();
            try (Trainer trainer =
                    model.newTrainer(
                            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                    .optOptimizer(sgd))) {
                if (inPlace) {
                    InPlaceParameterServer.install(trainer, sgd);
                }
                trainer.initialize(INPUT);
                for (int step = 0; step < 3; step++) {
                    try (NDManager scope = data.newSubManager()) {
                        NDArray x = scope.randomNormal(INPUT);
                        NDArray y = scope.randomInteger(0, 5, new Shape(2), DataType.INT32);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(x));
                            collector.backward(trainer.getLoss().evaluate(new NDList(y), out));
                        }
                        trainer.step();
                    }
                    for (Pair<String, Parameter> p : net.getParameters()) {
                        if (p.getValue().requiresGradient()) {
                            assertEquals(
                                    0f,
                                    p.getValue().getArray().getGradient().abs().sum().getFloat(),
                                    p.getKey());
                        }
                    }
                }
            }
            List<float[]> weights = new ArrayList<>();
            net.getParameters().values().forEach(p -> weights.add(p.getArray().toFloatArray()));
            return weights;
        }
    }
}
