package ai.acosp.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes {@code {"epoch": epoch, "state_dict": OrderedDict(tensors)}} in the layout of {@code
 * torch.save} (zip, pickle protocol 2, one storage entry per tensor), opcode by opcode, for tests
 * of the reader with checkpoints too large to commit.
 */
public final class TorchZipWriter {

    private final ByteArrayOutputStream pickle = new ByteArrayOutputStream();
    private final List<byte[]> storages = new ArrayList<>();

    private TorchZipWriter() {}

    public static void write(Map<String, NDArray> tensors, int epoch, Path file)
            throws IOException {
        TorchZipWriter writer = new TorchZipWriter();
        writer.op(0x80).op(2); // PROTO 2
        writer.op('}'); // EMPTY_DICT
        writer.op('(');
        writer.string("epoch").binInt(epoch);
        writer.string("state_dict");
        writer.global("collections", "OrderedDict").op(')').op('R');
        writer.op('(');
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            writer.string(entry.getKey());
            writer.tensor(entry.getValue());
        }
        writer.op('u'); // SETITEMS (state dict)
        writer.op('u'); // SETITEMS (root)
        writer.op('.');
        writer.save(file);
    }

    /** A pickle that calls a forbidden global, {@code os.system("ls")}. */
    static void writeMalicious(Path file) throws IOException {
        TorchZipWriter writer = new TorchZipWriter();
        writer.op(0x80).op(2);
        writer.global("os", "system").string("ls").op(0x85).op('R').op('.');
        writer.save(file);
    }

    private void tensor(NDArray array) {
        DataType type = array.getDataType();
        String storage;
        switch (type) {
            case FLOAT32:
                storage = "FloatStorage";
                break;
            case INT64:
                storage = "LongStorage";
                break;
            case BOOLEAN:
                storage = "BoolStorage";
                break;
            default:
                throw new IllegalArgumentException("unsupported " + type);
        }
        ByteBuffer bytes = array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        byte[] data = new byte[bytes.remaining()];
        bytes.get(data);
        String key = String.valueOf(storages.size());
        storages.add(data);
        long[] shape = array.getShape().getShape();
        long[] strides = RawTensor.contiguousStrides(shape);
        global("torch._utils", "_rebuild_tensor_v2");
        op('(');
        op('(').string("storage")
                .global("torch", storage)
                .string(key)
                .string("cpu")
                .binInt((int) array.size())
                .op('t');
        op('Q'); // BINPERSID
        binInt(0);
        op('(');
        for (long size : shape) {
            binInt((int) size);
        }
        op('t');
        op('(');
        for (long stride : strides) {
            binInt((int) stride);
        }
        op('t');
        op(0x89); // NEWFALSE
        global("collections", "OrderedDict").op(')').op('R');
        op('t');
        op('R');
    }

    private TorchZipWriter op(int code) {
        pickle.write(code);
        return this;
    }

    private TorchZipWriter global(String module, String name) {
        op('c');
        pickle.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    private TorchZipWriter string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        op('X');
        pickle.writeBytes(
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
        pickle.writeBytes(utf8);
        return this;
    }

    private TorchZipWriter binInt(int value) {
        op('J');
        pickle.writeBytes(
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        return this;
    }

    private void save(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle.toByteArray());
            zip.closeEntry();
            for (int i = 0; i < storages.size(); i++) {
                zip.putNextEntry(new ZipEntry("archive/data/" + i));
                zip.write(storages.get(i));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
    }
}
