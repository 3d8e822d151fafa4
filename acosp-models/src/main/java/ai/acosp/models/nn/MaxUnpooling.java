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
 * nn.MaxUnpool2d(2, 2)} as SegNet uses them. DJL has neither. On the PyTorch engine both run
 * libtorch's own operators ({@code max_pool2d_with_indices}, {@code max_unpool2d}) through {@link
 * AtenOperators}: one pass each, about as fast as PyTorch itself. Other engines get a portable
 * formulation from the engine's max pooling, comparisons on strided views, {@code take} and an
 * indexed write into zeros (several times slower at 360x480, more temporaries), which gives the
 * same values and indices. Both pass gradients to the pooled values.
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
        return AtenOperators.supports(input)
                ? AtenOperators.maxPool2x2WithIndices(input)
                : portableMaxPool2x2WithIndices(input);
    }

    /** The pooling from engine-neutral NDArray operations (any engine, any device). */
    static NDList portableMaxPool2x2WithIndices(NDArray input) {
        Shape shape = input.getShape();
        long width = shape.get(3);
        long outH = shape.get(2) / 2;
        long outW = width / 2;
        // the engine's max pooling returns the first maximum of each window (a NaN wins), as
        // PyTorch's pooling with indices does
        NDArray values =
                input.getNDArrayInternal()
                        .maxPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        // where it came from: the first window position (row-major) that holds the maximum, from
        // comparisons on strided views; "x == x" is false for NaN, so the first NaN is found too
        NDArray[] corners = new NDArray[3];
        String[] offsets = {"0", "0", "1"};
        String[] columns = {"0", "1", "0"};
        for (int i = 0; i < 3; i++) {
            NDArray corner =
                    input.get(
                            new NDIndex(
                                    ":, :, " + offsets[i] + ":{}:2, " + columns[i] + ":{}:2",
                                    outH * 2,
                                    outW * 2));
            corners[i] = corner.neq(values).logicalAnd(corner.eq(corner));
        }
        // the number of leading positions that miss the maximum is the position that holds it
        NDArray missAB = corners[0].logicalAnd(corners[1]);
        NDArray local =
                corners[0]
                        .toType(DataType.UINT8, false)
                        .add(missAB.toType(DataType.UINT8, false))
                        .add(missAB.logicalAnd(corners[2]).toType(DataType.UINT8, false));
        NDManager manager = input.getManager();
        // window position 0..3 -> offset in the plane from the window's top-left
        NDArray lookup =
                manager.create(new long[] {0, 1, width, width + 1})
                        .toDevice(input.getDevice(), false);
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
        NDArray indices = lookup.take(local.toType(DataType.INT64, false)).add(base);
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
        return AtenOperators.supports(values) && AtenOperators.supports(indices)
                ? AtenOperators.maxUnpool(
                        values, indices.toType(DataType.INT64, false), height, width)
                : portableMaxUnpool(values, indices, height, width);
    }

    /** The unpooling from engine-neutral NDArray operations (any engine, any device). */
    static NDArray portableMaxUnpool(NDArray values, NDArray indices, long height, long width) {
        Shape shape = values.getShape();
        long n = shape.get(0);
        long c = shape.get(1);
        long plane = height * width;
        NDManager manager = values.getManager();
        // flat positions in the whole (N, C, height, width) array, written in place into zeros
        NDArray planes =
                manager.arange(0, (int) (n * c), 1, DataType.INT64)
                        .toDevice(values.getDevice(), false)
                        .mul(plane)
                        .reshape(n, c, 1, 1);
        NDArray positions = indices.toType(DataType.INT64, false).add(planes).flatten();
        NDArray out =
                manager.zeros(new Shape(n * c * plane), values.getDataType(), values.getDevice());
        out.set(new NDIndex("{}", positions), values.flatten());
        return out.reshape(n, c, height, width);
    }
}
