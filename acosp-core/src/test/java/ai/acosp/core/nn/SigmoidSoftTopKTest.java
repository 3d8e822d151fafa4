package ai.acosp.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class SigmoidSoftTopKTest {

    private static float[] mask(NDManager manager, float[] logits, int k, float temperature) {
        return SigmoidSoftTopK.softTopK(manager.create(logits), k, temperature)
                .get(0)
                .toFloatArray();
    }

    private static float threshold(NDManager manager, float[] logits, int k, float temperature) {
        return SigmoidSoftTopK.softTopK(manager.create(logits), k, temperature).get(1).getFloat();
    }

    @Test
    void matchesHandComputedValuesWithUnbiasedStd() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // z = (w - 2.5) / sqrt(5/3), x0 = median = 0, mask = sigmoid(z)
            float[] expected = {0.23832312f, 0.40436784f, 0.59563216f, 0.76167688f};
            assertArrayEquals(expected, mask(manager, new float[] {1, 2, 3, 4}, 2, 1f), 1e-6f);
            assertEquals(0f, threshold(manager, new float[] {1, 2, 3, 4}, 2, 1f), 1e-6f);
        }
    }

    @Test
    void interpolatesTheQuantileLinearly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] logits = {0.5f, -1f, 2f, 0f, 3f};
            // q = 0.6, position 2.4 between the 3rd and 4th order statistics
            assertEquals(0.12524486f, threshold(manager, logits, 2, 0.5f), 1e-5f);
            float[] expected = {0.32050126f, 0.06722354f, 0.75532249f, 0.20137970f, 0.91526247f};
            assertArrayEquals(expected, mask(manager, logits, 2, 0.5f), 1e-5f);
        }
    }

    @Test
    void boundsTheStandardDeviationBelow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // std = 5e-5 < 1e-3, so z = (w - mean) / 1e-3 = [-0.025, 0.075, -0.025, -0.025]
            float[] expected = {0.49375033f, 0.51874122f, 0.49375033f, 0.49375033f};
            assertArrayEquals(expected, mask(manager, new float[] {0, 1e-4f, 0, 0}, 1, 1f), 1e-6f);
        }
    }

    @Test
    void tiesGiveOneHalfEverywhere() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = mask(manager, new float[] {0.7f, 0.7f, 0.7f, 0.7f}, 2, 0.01f);
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, values, 1e-6f);
        }
    }

    @Test
    void keepingAllChannelsGivesOnes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertArrayEquals(
                    new float[] {1, 1, 1}, mask(manager, new float[] {3, -1, 2}, 3, 0.5f), 0f);
        }
    }

    @Test
    void lowTemperatureSelectsTheTopK() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = mask(manager, new float[] {0.1f, 2f, -3f, 1f, 0.5f, -1f}, 3, 1e-3f);
            assertArrayEquals(new float[] {0, 1, 0, 1, 1, 0}, values, 1e-4f);
        }
    }

    @Test
    void keptChannelsFollowsTheFormulaAndIsCappedAtN() {
        assertEquals(32, SigmoidSoftTopK.keptChannels(64, 0.5f, 8));
        assertEquals(16, SigmoidSoftTopK.keptChannels(64, 0.75f, 8));
        assertEquals(8, SigmoidSoftTopK.keptChannels(64, 0.9375f, 8));
        assertEquals(8, SigmoidSoftTopK.keptChannels(100, 0.9375f, 8)); // ceil(6.25)=7 < 8
        assertEquals(128, SigmoidSoftTopK.keptChannels(2048, 0.9375f, 8));
        assertEquals(7, SigmoidSoftTopK.keptChannels(10, 0.3f, 1)); // exact decimal product
        assertEquals(4, SigmoidSoftTopK.keptChannels(4, 0.5f, 8)); // capped at n
        assertEquals(3, SigmoidSoftTopK.keptChannels(3, 0f, 8));
    }

    @Test
    void rejectsBadArguments() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {1, 2, 3});
            assertThrows(
                    IllegalArgumentException.class, () -> SigmoidSoftTopK.softTopK(logits, 4, 1));
            assertThrows(
                    IllegalArgumentException.class, () -> SigmoidSoftTopK.softTopK(logits, 0, 1));
            assertThrows(
                    IllegalArgumentException.class, () -> SigmoidSoftTopK.softTopK(logits, 1, 0));
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesWithConstantThreshold() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] w = {0.3, -1.2, 0.8, 2.1, -0.4, 0.05};
            double[] weights = {1.0, -2.0, 0.5, 3.0, -1.0, 2.0};
            int k = 3;
            float temperature = 0.7f;
            NDArray logits = manager.create(w);
            logits.setRequiresGradient(true);
            NDArray c = manager.create(weights);
            double x0;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList result = SigmoidSoftTopK.softTopK(logits, k, temperature);
                x0 = result.get(1).toType(DataType.FLOAT64, false).getDouble();
                collector.backward(result.get(0).mul(c).sum());
            }
            double[] analytic = logits.getGradient().toDoubleArray();
            double eps = 1e-6;
            for (int i = 0; i < w.length; i++) {
                double[] plus = w.clone();
                double[] minus = w.clone();
                plus[i] += eps;
                minus[i] -= eps;
                double numeric =
                        (objective(manager, plus, c, x0, temperature)
                                        - objective(manager, minus, c, x0, temperature))
                                / (2 * eps);
                assertEquals(numeric, analytic[i], 1e-6, "d/dw" + i);
            }
        }
    }

    /** sum(c * sigmoid((normalise(w) - x0) / T)) with x0 held fixed, as the gradient treats it. */
    private static double objective(
            NDManager manager, double[] w, NDArray c, double x0, float temperature) {
        NDArray z = SigmoidSoftTopK.normalise(manager.create(w));
        return Activation.sigmoid(z.sub(x0).div(temperature)).mul(c).sum().getDouble();
    }
}
