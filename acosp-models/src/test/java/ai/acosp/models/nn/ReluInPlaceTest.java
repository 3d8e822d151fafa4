package ai.acosp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The in-place ReLU against DJL's: the same bits and gradients, in the input's memory. */
class ReluInPlaceTest {

    @Test
    void sameBitsAsDjlReluAndWritesTheInput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = {-2f, -0f, 0f, 3.5f, Float.NaN, -Float.MIN_VALUE, Float.MIN_VALUE};
            NDArray x = manager.create(values);
            float[] expected = Activation.relu(x).toFloatArray();
            NDArray y = Layers.reluInPlace(x);
            float[] actual = y.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertEquals(
                        Float.floatToRawIntBits(expected[i]),
                        Float.floatToRawIntBits(actual[i]),
                        "at " + values[i]);
            }
            // the input's memory holds the result: no new full-size array
            assertArrayEquals(actual, x.toFloatArray());
        }
    }

    /** Where autograd records, the input's memory takes the result too. */
    @Test
    void writesTheInputWhereAutogradRecords() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-1f, 2f});
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray hidden = x.mul(manager.create(3f));
                NDArray y = Layers.reluInPlace(hidden);
                assertArrayEquals(new float[] {0f, 6f}, hidden.toFloatArray());
                collector.backward(y.sum());
            }
            assertArrayEquals(new float[] {0f, 3f}, x.getGradient().toFloatArray());
        }
    }

    /**
     * conv, batch norm, ReLU in training: outputs, input and weight gradients bit for bit, after
     * the project's batch norm (an array of its own) and after DJL's (a view, which autograd
     * copies).
     */
    @Test
    void trainingGradientsAreTheSameBits() {
        float[][] reference = train(Activation::relu, SequentialBlock::new);
        for (Supplier<SequentialBlock> container :
                List.<Supplier<SequentialBlock>>of(
                        ScopedSequentialBlock::new, SequentialBlock::new)) {
            float[][] inPlace = train(Layers::reluInPlace, container);
            for (int i = 0; i < reference.length; i++) {
                assertArrayEquals(reference[i], inPlace[i], 0f, "array " + i);
            }
        }
    }

    /** Runs conv-bn-relu-conv-bn, adds the input's projection, ReLU, and differentiates. */
    private static float[][] train(
            UnaryOperator<NDArray> relu, Supplier<SequentialBlock> container) {
        Engine.getInstance().setRandomSeed(11);
        Shape input = new Shape(2, 3, 9, 7);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block first =
                    container
                            .get()
                            .add(ConvBuilder.conv(3, 8, 3).optPadding(1).build())
                            .add(Layers.batchNorm());
            Block second =
                    container
                            .get()
                            .add(ConvBuilder.conv(8, 3, 3).optPadding(1).build())
                            .add(Layers.batchNorm());
            first.initialize(manager, DataType.FLOAT32, input);
            second.initialize(manager, DataType.FLOAT32, new Shape(2, 8, 9, 7));
            NDArray x = manager.randomNormal(input);
            x.setRequiresGradient(true);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray out;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray hidden = relu.apply(first.forward(ps, new NDList(x), true).head());
                NDArray sum = second.forward(ps, new NDList(hidden), true).head().add(x);
                out = relu.apply(sum);
                collector.backward(out.mul(manager.randomNormal(out.getShape())).sum());
            }
            NDArray weight = first.getParameters().get(0).getValue().getArray();
            return new float[][] {
                out.toFloatArray(),
                x.getGradient().toFloatArray(),
                weight.getGradient().toFloatArray()
            };
        }
    }
}
