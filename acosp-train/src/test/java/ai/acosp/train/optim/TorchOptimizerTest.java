package ai.acosp.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The optimizers against PyTorch's update rules, written out by hand, with a changing rate. */
class TorchOptimizerTest {

    private static final float[] START = {1f, -2f, 0.5f};
    private static final float[] RATES = {0.1f, 0.05f, 0.2f};

    /** The gradient of sum(w^2 * c) is 2 c w. */
    private static final float[] C = {1f, 3f, -2f};

    @Test
    void sgdMatchesTorch() {
        float mu = 0.9f;
        float wd = 0.01f;
        float[] expected = START.clone();
        float[] v = new float[3];
        for (int step = 0; step < RATES.length; step++) {
            for (int i = 0; i < 3; i++) {
                float g = 2 * C[i] * expected[i] + wd * expected[i];
                v[i] = step == 0 ? g : mu * v[i] + g;
                expected[i] -= RATES[step] * v[i];
            }
        }
        TorchSgd sgd =
                TorchSgd.builder()
                        .setLearningRateTracker(new StepRates())
                        .optMomentum(mu)
                        .optWeightDecays(wd)
                        .build();
        assertArrayEquals(expected, run(sgd), 1e-5f);
    }

    @Test
    void adamMatchesTorch() {
        float wd = 0.01f;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] w = {START[0], START[1], START[2]};
        double[] m = new double[3];
        double[] v = new double[3];
        for (int step = 1; step <= RATES.length; step++) {
            for (int i = 0; i < 3; i++) {
                double g = 2 * C[i] * w[i] + wd * w[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, step)) + eps;
                w[i] -= RATES[step - 1] / (1 - Math.pow(b1, step)) * m[i] / denominator;
            }
        }
        TorchAdam adam =
                TorchAdam.builder()
                        .setLearningRateTracker(new StepRates())
                        .optWeightDecays(wd)
                        .build();
        float[] actual = run(adam);
        for (int i = 0; i < 3; i++) {
            assertEquals(w[i], actual[i], 1e-5);
        }
        assertEquals(3, adam.exportState().values().iterator().next().step());
    }

    private static float[] run(TorchOptimizer optimizer) {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(START.clone());
            weight.setRequiresGradient(true);
            NDArray c = manager.create(C);
            for (int step = 0; step < RATES.length; step++) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(weight.square().mul(c).sum());
                }
                try (NDArray grad = weight.getGradient()) {
                    NDArray copy = grad.duplicate();
                    optimizer.update("w", weight, copy);
                    copy.close();
                }
            }
            return weight.toFloatArray();
        }
    }

    /** Gives the rate of the step the parameter is at. */
    private static final class StepRates implements ai.djl.training.tracker.ParameterTracker {
        @Override
        public float getNewValue(String parameterId, int numUpdate) {
            return RATES[numUpdate - 1];
        }
    }
}
