package ai.acosp.models.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.models.nn.AtenOperators;
import ai.acosp.models.pspnet.PSPNet;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IgnoreLabelSoftmaxCrossEntropyTest {

    /** Logits (1, 3, 1, 3): pixel 0 (0, 0, 0), pixel 1 (2, 0, 0), pixel 2 (1, 5, -1). */
    private static NDArray logits(NDManager manager) {
        return manager.create(new float[] {0, 2, 1, 0, 0, 5, 0, 0, -1}, new Shape(1, 3, 1, 3));
    }

    @Test
    void averagesOverCountedPixelsOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray labels = manager.create(new int[] {1, 0, 255}, new Shape(1, 1, 3));
            Loss loss = new IgnoreLabelSoftmaxCrossEntropy(255);
            float value = loss.evaluate(new NDList(labels), new NDList(logits(manager))).getFloat();
            double pixel0 = Math.log(3); // -log(1/3)
            double pixel1 = -(2 - Math.log(Math.exp(2) + 2)); // class 0 of (2, 0, 0)
            assertEquals((pixel0 + pixel1) / 2, value, 1e-5);

            // labels as float (N, 1, H, W) work too
            NDArray floatLabels = labels.toType(DataType.FLOAT32, false).reshape(1, 1, 1, 3);
            assertEquals(
                    value,
                    loss.evaluate(new NDList(floatLabels), new NDList(logits(manager))).getFloat(),
                    1e-6);
        }
    }

    @Test
    void anAllIgnoredBatchHasLossZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray labels = manager.create(new int[] {11, 11, 11}, new Shape(1, 1, 3));
            Loss loss = new IgnoreLabelSoftmaxCrossEntropy(11);
            assertEquals(
                    0f, loss.evaluate(new NDList(labels), new NDList(logits(manager))).getFloat());
        }
    }

    @Test
    void mainPlusWeightedAuxiliaryLoss() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray labels = manager.create(new int[] {2, 2, 0}, new Shape(1, 1, 3));
            NDArray main = logits(manager);
            NDArray aux = main.mul(2);
            Loss single = new IgnoreLabelSoftmaxCrossEntropy(255);
            float mainLoss = single.evaluate(new NDList(labels), new NDList(main)).getFloat();
            float auxLoss = single.evaluate(new NDList(labels), new NDList(aux)).getFloat();
            Loss loss = PSPNet.trainingLoss(0.4f, 255);
            assertEquals(
                    mainLoss + 0.4f * auxLoss,
                    loss.evaluate(new NDList(labels), new NDList(main, aux)).getFloat(),
                    1e-5);
            // inference passes have the main output only
            assertEquals(
                    mainLoss, loss.evaluate(new NDList(labels), new NDList(main)).getFloat(), 1e-6);
        }
    }

    /** libtorch's fused loss and the DJL composition give the same loss and logit gradients. */
    @Test
    void libtorchsKernelsComputeWhatTheComposedLossDoes() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.randomNormal(new Shape(2, 5, 7, 9)).mul(3);
            NDArray labels = labelsWithIgnored(manager, new Shape(2, 7, 9), 5);
            IgnoreLabelSoftmaxCrossEntropy loss = new IgnoreLabelSoftmaxCrossEntropy(255);
            LossAndGradient fused =
                    LossAndGradient.of(
                            logits, x -> loss.evaluate(new NDList(labels), new NDList(x)));
            LossAndGradient composed = LossAndGradient.of(logits, x -> loss.composed(x, labels));
            fused.assertSameAs(composed);
        }
    }

    /** Channels-last logits, read as (pixel, class) rows, give the reference layout's results. */
    @Test
    void channelsLastLogitsGiveTheSameLossAndGradient() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.randomNormal(new Shape(2, 6, 11, 13)).mul(3);
            NDArray labels = labelsWithIgnored(manager, new Shape(2, 11, 13), 6);
            Loss loss = new IgnoreLabelSoftmaxCrossEntropy(255);
            LossAndGradient contiguous =
                    LossAndGradient.of(
                            logits, x -> loss.evaluate(new NDList(labels), new NDList(x)));
            LossAndGradient channelsLast =
                    LossAndGradient.of(
                            logits,
                            x ->
                                    loss.evaluate(
                                            new NDList(labels),
                                            new NDList(AtenOperators.channelsLast(x))));
            channelsLast.assertSameAs(contiguous);
        }
    }

    /** Class ids in {@code [0, classes)}, about one in {@code classes + 1} of them 255. */
    private static NDArray labelsWithIgnored(NDManager manager, Shape shape, int classes) {
        NDArray labels = manager.randomInteger(0, classes + 1, shape, DataType.INT64);
        return labels.eq(classes).toType(DataType.INT64, false).mul(255 - classes).add(labels);
    }

    /** A loss of a copy of some logits with its own gradient. */
    private static final class LossAndGradient {
        final float loss;
        final float[] gradient;

        private LossAndGradient(float loss, float[] gradient) {
            this.loss = loss;
            this.gradient = gradient;
        }

        static LossAndGradient of(NDArray logits, Function<NDArray, NDArray> lossOf) {
            NDArray copy = logits.duplicate();
            copy.setRequiresGradient(true);
            float value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = lossOf.apply(copy);
                collector.backward(loss);
                value = loss.getFloat();
            }
            return new LossAndGradient(value, copy.getGradient().toFloatArray());
        }

        /** The same loss (to float rounding, and far from 0) and logit gradients as expected. */
        void assertSameAs(LossAndGradient expected) {
            assertEquals(expected.loss, loss, 1e-6 * Math.abs(expected.loss));
            double largest = 0;
            for (int i = 0; i < gradient.length; i++) {
                largest = Math.max(largest, Math.abs(gradient[i] - expected.gradient[i]));
            }
            assertEquals(0, largest, 1e-8);
            assertTrue(expected.loss > 0.5f);
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray labels = manager.zeros(new Shape(1, 2, 3));
            Loss loss = new IgnoreLabelSoftmaxCrossEntropy(255);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> loss.evaluate(new NDList(labels), new NDList(logits(manager))));
        }
    }
}
