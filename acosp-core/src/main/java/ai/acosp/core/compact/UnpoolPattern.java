package ai.acosp.core.compact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Where a 2x2, stride-2 max unpooling puts the values of a channel whose pooling indices came from
 * a spatially constant map: every 2x2 window of the pooled map is a tie, PyTorch's (and {@code
 * MaxUnpooling}'s) argmax picks the first position, so the unpooled map holds the value at the
 * top-left of every full window (even row {@code y} with {@code y + 1 < H}, even column {@code x}
 * with {@code x + 1 < W}) and 0 elsewhere, whatever the input. Such a channel is removed by
 * compaction like a constant one; the next convolution adds {@code conv2d(grid, K)} instead.
 */
public final class UnpoolPattern {

    private UnpoolPattern() {}

    /**
     * The grid of an unpooled map of {@code height x width}.
     *
     * @param manager the manager of the result
     * @param height the unpooled height
     * @param width the unpooled width
     * @return a float32 {@code (1, 1, height, width)} array of ones on the grid and zeros elsewhere
     */
    public static NDArray grid(NDManager manager, long height, long width) {
        float[] values = new float[Math.toIntExact(height * width)];
        for (long y = 0; y + 1 < height; y += 2) {
            for (long x = 0; x + 1 < width; x += 2) {
                values[(int) (y * width + x)] = 1f;
            }
        }
        return manager.create(values, new Shape(1, 1, height, width));
    }
}
