package ai.acosp.models.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.acosp.models.pspnet.PSPNet;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
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
