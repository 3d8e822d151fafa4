package ai.acosp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class ResamplingTest {

    @Test
    void bilinearHalfPixelMatchesOpenCvInterLinear() {
        // 2 -> 4: samples at 0 (clamped), 0.25, 0.75, 1.25 (clamped to the last pixel)
        assertArrayEquals(
                new float[] {1, 0, 0.75f, 0.25f, 0.25f, 0.75f, 0, 1},
                Resampling.bilinearHalfPixelMatrix(2, 4),
                1e-6f);
        // 4 -> 2: samples at 0.5 and 2.5, the means of pixel pairs
        assertArrayEquals(
                new float[] {0.5f, 0.5f, 0, 0, 0, 0, 0.5f, 0.5f},
                Resampling.bilinearHalfPixelMatrix(4, 2),
                1e-6f);
        try (NDManager manager = NDManager.newBaseManager()) {
            // a (C, H, W) map of two channels, 1 x 4 -> 2 x 2
            NDArray map = manager.create(new float[] {0, 4, 8, 12, 1, 1, 1, 1}, new Shape(2, 1, 4));
            NDArray resized = Resampling.bilinearHalfPixel(map, 2, 2);
            assertEquals(new Shape(2, 2, 2), resized.getShape());
            assertArrayEquals(
                    new float[] {2, 10, 2, 10, 1, 1, 1, 1}, resized.toFloatArray(), 1e-6f);
            assertSame(map, Resampling.bilinearHalfPixel(map, 1, 4));
        }
    }

    @Test
    void bilinearAlignCornersMatchesHandComputedValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));
            NDArray y = Resampling.bilinearAlignCorners(x, 3, 3);
            assertEquals(new Shape(1, 1, 3, 3), y.getShape());
            // corners are kept, the centre is the mean of the four corners
            assertArrayEquals(
                    new float[] {0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3}, y.toFloatArray(), 1e-6f);

            // 1 x 3 -> 1 x 5: samples at 0, 0.5, 1, 1.5, 2
            NDArray row = manager.create(new float[] {10, 20, 40}, new Shape(1, 1, 1, 3));
            assertArrayEquals(
                    new float[] {10, 15, 20, 30, 40},
                    Resampling.bilinearAlignCorners(row, 1, 5).toFloatArray(),
                    1e-5f);
            // 4 -> 3 samples at 0, 1.5, 3; a single output samples the first input
            NDArray column = manager.create(new float[] {0, 4, 8, 20}, new Shape(1, 1, 4, 1));
            assertArrayEquals(
                    new float[] {0, 6, 20},
                    Resampling.bilinearAlignCorners(column, 3, 1).toFloatArray(),
                    1e-5f);
            assertArrayEquals(
                    new float[] {0},
                    Resampling.bilinearAlignCorners(column, 1, 1).toFloatArray(),
                    1e-6f);
        }
    }

    /**
     * Values computed by PyTorch 1.13: {@code F.interpolate(x, size, mode="bilinear",
     * align_corners=True)} for {@code x = arange(12).reshape(1, 1, 3, 4) ** 1.5}. (The PyTorch
     * engine's own {@code JniUtils.interpolate} cannot produce these: its flag is antialias, not
     * align_corners, in DJL 0.36.)
     */
    @Test
    void bilinearAlignCornersEqualsPyTorch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(12f).pow(1.5f).reshape(1, 1, 3, 4);
            float[] up = {
                0.000000f, 0.500000f, 1.000000f, 1.914214f, 2.828427f, 4.012290f, 5.196152f,
                5.333333f, 6.560113f, 7.786893f, 9.263831f, 10.740768f, 12.409829f, 14.078891f,
                12.875806f, 14.664683f, 16.453560f, 18.396223f, 20.338884f, 22.423342f, 24.507797f,
                22.627417f, 24.813709f, 27.000000f, 29.311388f, 31.622776f, 34.052826f, 36.482872f
            };
            assertArrayEquals(up, Resampling.bilinearAlignCorners(x, 4, 7).toFloatArray(), 2e-5f);
            float[] down = {0.000000f, 1.914214f, 5.196152f, 22.627417f, 29.311388f, 36.482872f};
            assertArrayEquals(down, Resampling.bilinearAlignCorners(x, 2, 3).toFloatArray(), 2e-5f);
        }
    }

    @Test
    void theEnginesInterpolateDoesNotAlignCorners() {
        // documents why Resampling exists: DJL's PyTorch interpolate gives align_corners=False
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray row = manager.create(new float[] {0, 1, 2}, new Shape(1, 1, 1, 3));
            NDArray engine = JniUtils.interpolate((PtNDArray) row, new long[] {1, 5}, 2, false);
            assertArrayEquals(new float[] {0, 0.4f, 1, 1.6f, 2}, engine.toFloatArray(), 1e-5f);
            assertArrayEquals(
                    new float[] {0, 0.5f, 1, 1.5f, 2},
                    Resampling.bilinearAlignCorners(row, 1, 5).toFloatArray(),
                    1e-6f);
        }
    }

    @Test
    void adaptiveAvgPoolEqualsPyTorch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(25f).reshape(1, 1, 5, 5);
            // 5 -> 2: rows/cols [0, 3) and [2, 5)
            float[] expected = {
                (0 + 1 + 2 + 5 + 6 + 7 + 10 + 11 + 12) / 9f,
                (2 + 3 + 4 + 7 + 8 + 9 + 12 + 13 + 14) / 9f,
                (10 + 11 + 12 + 15 + 16 + 17 + 20 + 21 + 22) / 9f,
                (12 + 13 + 14 + 17 + 18 + 19 + 22 + 23 + 24) / 9f
            };
            assertArrayEquals(expected, Resampling.adaptiveAvgPool(x, 2, 2).toFloatArray(), 1e-5f);

            assertArrayEquals(
                    expected, Resampling.separableAdaptiveAvgPool(x, 2, 2).toFloatArray(), 1e-5f);

            // the matrix products against libtorch's kernel, at PSPNet-50's 473x473 size (60x60)
            NDArray random = manager.randomNormal(new Shape(2, 4, 60, 60));
            for (int bin : new int[] {1, 2, 3, 6}) {
                NDArray ours = Resampling.separableAdaptiveAvgPool(random, bin, bin);
                NDArray torch = JniUtils.adaptiveAvgPool((PtNDArray) random, new Shape(bin, bin));
                assertEquals(0f, ours.sub(torch).abs().max().getFloat(), 1e-5f, "bin " + bin);
            }
        }
    }

    @Test
    void gradientsFlowThroughTheInterpolation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(1, 2, 3, 4), DataType.FLOAT32);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = Resampling.bilinearAlignCorners(x, 5, 7);
                collector.backward(y.sum());
            }
            // every output pixel's weights sum to one, so the gradients sum to the output size
            assertEquals(2 * 5 * 7, x.getGradient().sum().getFloat(), 1e-4f);
        }
    }

    /** libtorch's kernel against the matrix products, forward and backward, at PSPNet's size. */
    @Test
    void libtorchKernelMatchesTheMatrixProducts() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            // a 473x473 crop's logits at output stride 8 (60x60) resized back, and a downsizing
            NDArray input = manager.randomNormal(new Shape(2, 3, 60, 60));
            for (long[] size : new long[][] {{473, 473}, {37, 45}}) {
                NDArray upstream = manager.randomNormal(new Shape(2, 3, size[0], size[1]));
                NDArray[] outputs = new NDArray[2];
                NDArray[] gradients = new NDArray[2];
                for (int path = 0; path < 2; path++) {
                    NDArray x = input.duplicate();
                    x.setRequiresGradient(true);
                    try (GradientCollector collector =
                            Engine.getInstance().newGradientCollector()) {
                        outputs[path] =
                                path == 0
                                        ? AtenOperators.bilinearAlignCorners(x, size[0], size[1])
                                        : Resampling.separableBilinearAlignCorners(
                                                x, size[0], size[1]);
                        collector.backward(outputs[path].mul(upstream).sum());
                    }
                    gradients[path] = x.getGradient();
                }
                assertEquals(outputs[1].getShape(), outputs[0].getShape());
                // the two compute the same weights in a different order: float rounding only
                assertEquals(0f, outputs[0].sub(outputs[1]).abs().max().getFloat(), 1e-4f);
                float scale = gradients[1].abs().max().getFloat();
                assertEquals(
                        0f, gradients[0].sub(gradients[1]).abs().max().getFloat() / scale, 1e-5f);
            }
        }
    }
}
