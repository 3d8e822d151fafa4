package ai.acosp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Max pooling that remembers where each maximum came from, and the max unpooling that puts the
 * values back there: PyTorch's {@code nn.MaxPool2d(2, 2, return_indices=True)} and {@code
 * nn.MaxUnpool2d(2, 2)} as SegNet uses them. DJL has neither; both are built here from the engine's
 * max pooling, reshapes, {@code argMax}, {@code take} and {@code scatter}, so they run on any device
 * and pass gradients to the pooled values.
 *
 * <p>Indices follow PyTorch: for each {@code (n, c)} plane the flat position {@code h * W + w} of
 * the maximum in the pooled input of width {@code W}; among equal values in a window the first in
 * row-major order wins.
 */
public final class MaxUnpooling {

    private MaxUnpooling() {}

    /**
     * 2x2 max pooling with stride 2 and floor rounding (an odd last row or column is dropped), with
     * indices.
     *
     * @param input an {@code (N, C, H, W)} array with {@code H, W >= 2}
     * @return the NDList (pooled values {@code (N, C, H/2, W/2)}, INT64 indices of the same shape)
     */
    public static NDList maxPool2x2WithIndices(NDArray input) {
        Shape shape = input.getShape();
        if (shape.dimension() != 4 || shape.get(2) < 2 || shape.get(3) < 2) {
            throw new IllegalArgumentException(
                    "2x2 max pooling needs an (N, C, H, W) input with H, W >= 2, got " + shape);
        }
        long n = shape.get(0);
        long c = shape.get(1);
        long width = shape.get(3);
        long outH = shape.get(2) / 2;
        long outW = width / 2;
        NDArray cropped = input;
        if (outH * 2 != shape.get(2) || outW * 2 != width) {
            cropped = input.get(new NDIndex(":, :, :{}, :{}", outH * 2, outW * 2));
        }
        // (N, C, outH, 2, outW, 2) -> (N, C, outH, outW, 4): the window in row-major order; argMax
        // takes the first of equal values (and the first NaN), as PyTorch's pooling does
        NDArray local =
                cropped.reshape(n, c, outH, 2, outW, 2)
                        .transpose(0, 1, 2, 4, 3, 5)
                        .reshape(n, c, outH, outW, 4)
                        .argMax(4);
        // the engine's max pooling returns that same element (first maximum, NaN wins): fewer
        // operations than gathering it from the windows
        NDArray values =
                input.getNDArrayInternal()
                        .maxPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        NDManager manager = input.getManager();
        // window position 0..3 -> offset in the plane from the window's top-left
        NDArray offsets =
                manager.create(new long[] {0, 1, width, width + 1}).toDevice(input.getDevice(), false);
        NDArray base =
                manager.arange(0, (int) outH, 1, DataType.INT64)
                        .toDevice(input.getDevice(), false)
                        .mul(2 * width)
                        .reshape(outH, 1)
                        .add(
                                manager.arange(0, (int) outW, 1, DataType.INT64)
                                        .toDevice(input.getDevice(), false)
                                        .mul(2)
                                        .reshape(1, outW));
        NDArray indices = offsets.take(local).add(base);
        return new NDList(values, indices);
    }

    /**
     * Max unpooling: a zero array of {@code (N, C, height, width)} with each value written at its
     * flat index, PyTorch's {@code F.max_unpool2d(values, indices, ..., output_size=(height,
     * width))}.
     *
     * @param values the pooled values {@code (N, C, h, w)}
     * @param indices INT64 flat indices into the {@code height x width} plane, same shape
     * @param height the output height (the pooled input's height)
     * @param width the output width
     * @return the unpooled array
     */
    public static NDArray maxUnpool(NDArray values, NDArray indices, long height, long width) {
        Shape shape = values.getShape();
        if (shape.dimension() != 4 || !shape.equals(indices.getShape())) {
            throw new IllegalArgumentException(
                    "values and indices must be (N, C, h, w) arrays of one shape, got "
                            + shape
                            + " and "
                            + indices.getShape());
        }
        long n = shape.get(0);
        long c = shape.get(1);
        NDArray flatValues = values.reshape(n, c, -1);
        NDArray flatIndices = indices.toType(DataType.INT64, false).reshape(n, c, -1);
        NDArray zeros =
                values.getManager()
                        .zeros(
                                new Shape(n, c, height * width),
                                values.getDataType(),
                                values.getDevice());
        return zeros.scatter(flatIndices, flatValues, 2).reshape(n, c, height, width);
    }
}
