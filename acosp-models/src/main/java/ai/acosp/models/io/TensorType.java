package ai.acosp.models.io;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The element types that appear in PyTorch checkpoints and safetensors files, with their names in
 * both and their size. Floating types are read as DJL {@code FLOAT32}.
 */
public enum TensorType {
    /** 32-bit float. */
    FLOAT32("FloatStorage", "F32", 4, DataType.FLOAT32),
    /** 64-bit float, read as float32. */
    FLOAT64("DoubleStorage", "F64", 8, DataType.FLOAT32),
    /** IEEE half precision, read as float32. */
    FLOAT16("HalfStorage", "F16", 2, DataType.FLOAT32),
    /** bfloat16, read as float32. */
    BFLOAT16("BFloat16Storage", "BF16", 2, DataType.FLOAT32),
    /** 64-bit signed integer. */
    INT64("LongStorage", "I64", 8, DataType.INT64),
    /** 32-bit signed integer. */
    INT32("IntStorage", "I32", 4, DataType.INT32),
    /** 16-bit signed integer, read as int32. */
    INT16("ShortStorage", "I16", 2, DataType.INT32),
    /** 8-bit signed integer. */
    INT8("CharStorage", "I8", 1, DataType.INT8),
    /** 8-bit unsigned integer. */
    UINT8("ByteStorage", "U8", 1, DataType.UINT8),
    /** Boolean, one byte each. */
    BOOL("BoolStorage", "BOOL", 1, DataType.BOOLEAN);

    private final String storageName;
    private final String safetensorsName;
    private final int size;
    private final DataType readAs;

    TensorType(String storageName, String safetensorsName, int size, DataType readAs) {
        this.storageName = storageName;
        this.safetensorsName = safetensorsName;
        this.size = size;
        this.readAs = readAs;
    }

    /**
     * The bytes per element.
     *
     * @return the element size
     */
    public int getSize() {
        return size;
    }

    /**
     * The DJL type an array of this type is read as.
     *
     * @return the DJL data type
     */
    public DataType getReadAs() {
        return readAs;
    }

    /**
     * The name in a safetensors header.
     *
     * @return e.g. {@code F32}
     */
    public String getSafetensorsName() {
        return safetensorsName;
    }

    /**
     * The type of a PyTorch storage class such as {@code torch.FloatStorage}.
     *
     * @param storageName the class name without the module, e.g. {@code FloatStorage}
     * @return the type, or null if it is not supported
     */
    static TensorType fromStorage(String storageName) {
        for (TensorType type : values()) {
            if (type.storageName.equals(storageName)) {
                return type;
            }
        }
        return null;
    }

    /**
     * The type of a safetensors dtype name.
     *
     * @param name e.g. {@code F32}
     * @return the type
     * @throws IllegalArgumentException if the type is not supported
     */
    static TensorType fromSafetensors(String name) {
        for (TensorType type : values()) {
            if (type.safetensorsName.equals(name.toUpperCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new IllegalArgumentException("unsupported safetensors dtype " + name);
    }

    /**
     * The type to write a DJL array as.
     *
     * @param dataType the array's type
     * @return the type
     * @throws IllegalArgumentException if the type cannot be written
     */
    static TensorType fromDataType(DataType dataType) {
        switch (dataType) {
            case FLOAT32:
                return FLOAT32;
            case FLOAT64:
                return FLOAT64;
            case FLOAT16:
                return FLOAT16;
            case INT64:
                return INT64;
            case INT32:
                return INT32;
            case INT8:
                return INT8;
            case UINT8:
                return UINT8;
            case BOOLEAN:
                return BOOL;
            default:
                throw new IllegalArgumentException("cannot write arrays of type " + dataType);
        }
    }
}
