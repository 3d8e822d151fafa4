package ai.acosp.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor as stored in a file: little-endian elements of one type in a storage, viewed with a
 * shape, strides (in elements) and an offset (in elements), as PyTorch's {@code _rebuild_tensor_v2}
 * describes it.
 */
final class RawTensor {

    private final TensorType type;
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final ByteBuffer storage;
    private final boolean contiguous;

    RawTensor(TensorType type, long[] shape, long[] strides, long offset, ByteBuffer storage) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " and strides " + Arrays.toString(strides));
        }
        this.type = type;
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.offset = offset;
        this.storage = storage.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.contiguous = isContiguous(shape, strides);
    }

    private static boolean isContiguous(long[] shape, long[] strides) {
        long[] expected = contiguousStrides(shape);
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1 && strides[d] != expected[d]) {
                return false;
            }
        }
        return true;
    }

    /** A contiguous tensor over a whole buffer. */
    static RawTensor contiguous(TensorType type, long[] shape, ByteBuffer data) {
        return new RawTensor(type, shape, contiguousStrides(shape), 0, data);
    }

    static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    TensorType getType() {
        return type;
    }

    long[] getShape() {
        return shape.clone();
    }

    long size() {
        long size = 1;
        for (long s : shape) {
            size *= s;
        }
        return size;
    }

    /**
     * Copies the viewed elements into a DJL array of {@link TensorType#getReadAs()}.
     *
     * @param manager the manager of the new array
     * @return the array
     */
    NDArray toNDArray(NDManager manager) {
        int count = Math.toIntExact(size());
        checkBounds(count);
        Shape djlShape = new Shape(shape);
        switch (type) {
            case FLOAT32:
            case FLOAT64:
            case FLOAT16:
            case BFLOAT16:
                float[] floats = new float[count];
                if (contiguous && type == TensorType.FLOAT32) {
                    storage.slice(Math.toIntExact(offset * 4), count * 4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .asFloatBuffer()
                            .get(floats);
                } else {
                    for (int i = 0; i < count; i++) {
                        floats[i] = readFloat(position(i));
                    }
                }
                return manager.create(floats, djlShape);
            case INT64:
                long[] longs = new long[count];
                for (int i = 0; i < count; i++) {
                    longs[i] = storage.getLong(Math.multiplyExact(position(i), 8));
                }
                return manager.create(longs, djlShape);
            case INT32:
            case INT16:
                int[] ints = new int[count];
                for (int i = 0; i < count; i++) {
                    int p = position(i);
                    ints[i] =
                            type == TensorType.INT32
                                    ? storage.getInt(p * 4)
                                    : storage.getShort(p * 2);
                }
                return manager.create(ints, djlShape);
            case BOOL:
                boolean[] bools = new boolean[count];
                for (int i = 0; i < count; i++) {
                    bools[i] = storage.get(position(i)) != 0;
                }
                return manager.create(bools, djlShape);
            case INT8:
            case UINT8:
                byte[] bytes = new byte[count];
                for (int i = 0; i < count; i++) {
                    bytes[i] = storage.get(position(i));
                }
                return manager.create(ByteBuffer.wrap(bytes), djlShape, type.getReadAs());
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    /** The storage index (in elements) of the i-th element in row-major order of the view. */
    private int position(long index) {
        if (contiguous) {
            return Math.toIntExact(offset + index);
        }
        long position = offset;
        long rest = index;
        for (int d = shape.length - 1; d >= 0; d--) {
            long coordinate = rest % shape[d];
            rest /= shape[d];
            position += coordinate * strides[d];
        }
        return Math.toIntExact(position);
    }

    private void checkBounds(int count) {
        if (count == 0) {
            return;
        }
        long last = offset;
        for (int d = 0; d < shape.length; d++) {
            if (strides[d] < 0) {
                throw new IllegalArgumentException("negative strides are not supported");
            }
            last += (shape[d] - 1) * strides[d];
        }
        long elements = storage.capacity() / type.getSize();
        if (offset < 0 || last >= elements) {
            throw new IllegalArgumentException(
                    "tensor view (offset "
                            + offset
                            + ", shape "
                            + Arrays.toString(shape)
                            + ", strides "
                            + Arrays.toString(strides)
                            + ") reaches past its storage of "
                            + elements
                            + " elements");
        }
    }

    private float readFloat(long element) {
        switch (type) {
            case FLOAT32:
                return storage.getFloat(Math.toIntExact(element * 4));
            case FLOAT64:
                return (float) storage.getDouble(Math.toIntExact(element * 8));
            case FLOAT16:
                return halfToFloat(storage.getShort(Math.toIntExact(element * 2)));
            case BFLOAT16:
                return Float.intBitsToFloat(
                        (storage.getShort(Math.toIntExact(element * 2)) & 0xffff) << 16);
            default:
                throw new IllegalStateException("not a float type: " + type);
        }
    }

    /**
     * Converts IEEE 754 half precision bits to a float.
     *
     * @param bits the 16 bits
     * @return the value
     */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
