package ai.acosp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class MaxUnpoolingTest {

    @Test
    void poolsAndUnpoolsAHandMadeCase() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // 5 x 5: the last row and column are dropped by floor pooling
            float[] values = {
                1, 9, 2, 2, 99,
                3, 4, 2, 2, 99,
                0, 0, 5, 6, 99,
                8, 0, 7, 1, 99,
                99, 99, 99, 99, 99
            };
            NDArray x = manager.create(values, new Shape(1, 1, 5, 5));
            NDList pooled = MaxUnpooling.maxPool2x2WithIndices(x);
            assertArrayEquals(new float[] {9, 2, 8, 7}, pooled.get(0).toFloatArray());
            // flat indices in the 5-wide input; the tie of 2s picks the first in row-major order
            assertArrayEquals(new long[] {1, 2, 15, 17}, pooled.get(1).toLongArray());
            assertEquals(DataType.INT64, pooled.get(1).getDataType());

            NDArray unpooled = MaxUnpooling.maxUnpool(pooled.get(0), pooled.get(1), 5, 5);
            float[] expected = new float[25];
            expected[1] = 9;
            expected[2] = 2;
            expected[15] = 8;
            expected[17] = 7;
            assertEquals(new Shape(1, 1, 5, 5), unpooled.getShape());
            assertArrayEquals(expected, unpooled.toFloatArray());
        }
    }

    @Test
    void valuesEqualDjlMaxPoolAndIndicesPointAtThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            NDArray x = manager.randomNormal(new Shape(2, 3, 7, 10));
            NDList pooled = MaxUnpooling.maxPool2x2WithIndices(x);
            NDArray reference =
                    Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            assertEquals(reference.getShape(), pooled.get(0).getShape());
            assertEquals(0f, reference.sub(pooled.get(0)).abs().max().getFloat());
            NDArray picked = x.reshape(2, 3, 70).gather(pooled.get(1).reshape(2, 3, -1), 2);
            assertEquals(0f, picked.reshape(2, 3, 3, 5).sub(pooled.get(0)).abs().max().getFloat());
        }
    }

    @Test
    void gradientReachesOnlyTheMaxima() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3, 4, 8, 7, 6, 5}, new Shape(1, 2, 2, 2));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList pooled = MaxUnpooling.maxPool2x2WithIndices(x);
                NDArray out = MaxUnpooling.maxUnpool(pooled.get(0).mul(3), pooled.get(1), 2, 2);
                collector.backward(out.sum());
            }
            assertArrayEquals(new float[] {0, 0, 0, 3, 3, 0, 0, 0}, x.getGradient().toFloatArray());
        }
    }

    /** libtorch's operators against the portable formulation: ties, constant regions, odd sizes. */
    @Test
    void libtorchOperatorsMatchThePortableFormulationBitwise() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            // few distinct values: most windows hold ties; a constant band; odd sizes, and a
            // SegNet stage's size (64 channels at 181x241, a 362x482 image's second stage)
            NDArray ties = manager.randomInteger(0, 3, new Shape(2, 3, 37, 51), DataType.INT32);
            ties.set(new NDIndex(":, :, 10:20, :"), 1);
            NDArray large = manager.randomInteger(0, 4, new Shape(1, 64, 181, 241), DataType.INT32);
            NDArray[] inputs = {
                ties.toType(DataType.FLOAT32, false), large.toType(DataType.FLOAT32, false)
            };
            for (NDArray input : inputs) {
                assertTrue(AtenOperators.supports(input));
                Shape shape = input.getShape();
                NDArray upstream = manager.randomNormal(shape);
                NDList[] pooled = new NDList[2];
                NDArray[] unpooled = new NDArray[2];
                NDArray[] gradients = new NDArray[2];
                for (int path = 0; path < 2; path++) {
                    NDArray x = input.duplicate();
                    x.setRequiresGradient(true);
                    try (GradientCollector collector =
                            Engine.getInstance().newGradientCollector()) {
                        pooled[path] =
                                path == 0
                                        ? AtenOperators.maxPool2x2WithIndices(x)
                                        : MaxUnpooling.portableMaxPool2x2WithIndices(x);
                        NDArray values = pooled[path].get(0).mul(2);
                        NDArray indices = pooled[path].get(1);
                        long h = shape.get(2);
                        long w = shape.get(3);
                        unpooled[path] =
                                path == 0
                                        ? AtenOperators.maxUnpool(values, indices, h, w)
                                        : MaxUnpooling.portableMaxUnpool(values, indices, h, w);
                        collector.backward(unpooled[path].mul(upstream).sum());
                    }
                    gradients[path] = x.getGradient();
                }
                assertEquals(pooled[1].get(1).getDataType(), pooled[0].get(1).getDataType());
                assertTrue(pooled[1].get(0).contentEquals(pooled[0].get(0)), "values " + shape);
                assertTrue(pooled[1].get(1).contentEquals(pooled[0].get(1)), "indices " + shape);
                assertTrue(unpooled[1].contentEquals(unpooled[0]), "unpooled " + shape);
                assertTrue(gradients[1].contentEquals(gradients[0]), "gradients " + shape);
            }
        }
    }

    @Test
    void rejectsTooSmallInputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.zeros(new Shape(1, 1, 1, 4));
            assertThrows(
                    IllegalArgumentException.class, () -> MaxUnpooling.maxPool2x2WithIndices(x));
        }
    }
}
