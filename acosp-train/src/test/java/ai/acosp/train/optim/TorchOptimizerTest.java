package ai.acosp.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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

    /** The in-place updates give the same bits as the former one-new-array-per-operation ones. */
    @Test
    void updatesAreBitwiseTheFormerOnes() {
        for (float rescale : new float[] {1f, 0.5f}) {
            for (float wd : new float[] {0f, 1e-4f}) {
                for (float mu : new float[] {0f, 0.9f}) {
                    TorchSgd sgd =
                            TorchSgd.builder()
                                    .setLearningRateTracker(new StepRates())
                                    .setRescaleGrad(rescale)
                                    .optWeightDecays(wd)
                                    .optMomentum(mu)
                                    .build();
                    compareWithFormer(
                            sgd,
                            rescale,
                            wd,
                            (w, g, v, step, rate) -> {
                                NDArray direction = g;
                                if (mu != 0f) {
                                    v[0].muli(mu).addi(g);
                                    direction = v[0];
                                }
                                w.subi(direction.mul(rate));
                            });
                }
            }
            TorchAdam adam =
                    TorchAdam.builder()
                            .setLearningRateTracker(new StepRates())
                            .setRescaleGrad(rescale)
                            .optWeightDecays(1e-4f)
                            .build();
            compareWithFormer(
                    adam,
                    rescale,
                    1e-4f,
                    (w, g, m, step, rate) -> {
                        float b1 = 0.9f;
                        float b2 = 0.999f;
                        m[0].muli(b1).addi(g.mul(1 - b1));
                        m[1].muli(b2).addi(g.square().mul(1 - b2));
                        double c1 = 1 - Math.pow(b1, step);
                        double c2 = 1 - Math.pow(b2, step);
                        NDArray denominator = m[1].sqrt().div((float) Math.sqrt(c2)).add(1e-8f);
                        w.subi(m[0].div(denominator).mul((float) (rate / c1)));
                    });
        }
    }

    /** The former update rule of one parameter, given the gradient with weight decay added. */
    /** State allocated before the first update (as the trainer does) changes no bit. */
    @Test
    void stateAllocatedAheadGivesTheSameUpdates() {
        for (boolean adam : new boolean[] {false, true}) {
            float[] lazy = run(optimizer(adam));
            float[] ahead = run(optimizer(adam), true);
            assertArrayEquals(lazy, ahead, adam ? "adam" : "sgd");
        }
    }

    private static TorchOptimizer optimizer(boolean adam) {
        return adam
                ? TorchAdam.builder()
                        .setLearningRateTracker(new StepRates())
                        .optWeightDecays(0.01f)
                        .build()
                : TorchSgd.builder()
                        .setLearningRateTracker(new StepRates())
                        .optMomentum(0.9f)
                        .optWeightDecays(0.01f)
                        .build();
    }

    private interface FormerStep {
        void apply(NDArray weight, NDArray gradient, NDArray[] buffers, int step, float rate);
    }

    private static void compareWithFormer(
            TorchOptimizer optimizer, float rescale, float wd, FormerStep former) {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(4, 3, 3, 3);
            NDArray weight = manager.randomNormal(shape);
            NDArray expected = weight.duplicate();
            NDArray[] buffers = {manager.zeros(shape), manager.zeros(shape)};
            for (int step = 1; step <= RATES.length; step++) {
                NDArray grad = manager.randomNormal(shape);
                NDArray gradient = grad.mul(rescale);
                if (wd != 0f) {
                    gradient = gradient.add(expected.mul(wd));
                }
                former.apply(expected, gradient, buffers, step, RATES[step - 1]);
                optimizer.update("w", weight, grad);
                assertArrayEquals(expected.toFloatArray(), weight.toFloatArray(), "step " + step);
            }
        }
    }

    private static float[] run(TorchOptimizer optimizer) {
        return run(optimizer, false);
    }

    private static float[] run(TorchOptimizer optimizer, boolean stateFirst) {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(START.clone());
            weight.setRequiresGradient(true);
            if (stateFirst) {
                optimizer.allocateState("w", weight);
            }
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
