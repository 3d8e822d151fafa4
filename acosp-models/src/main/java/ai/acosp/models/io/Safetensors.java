package ai.acosp.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the little-endian data), read and written here so that
 * half-precision types are converted the same way as in PyTorch checkpoints and the output follows
 * the format exactly (header padded to 8 bytes, {@code __metadata__} with {@code "format": "pt"}).
 */
public final class Safetensors {

    private static final long MAX_HEADER = 100L << 20;
    private static final Gson GSON = new Gson();

    private Safetensors() {}

    /**
     * Reads every tensor of a safetensors file; floating types become FLOAT32.
     *
     * @param path the file
     * @param manager the manager of the arrays
     * @return the tensors by name, in header order
     * @throws IOException if the file cannot be read or is malformed
     */
    public static Map<String, NDArray> read(Path path, NDManager manager) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 0
                    || headerLength > MAX_HEADER
                    || 8 + headerLength > channel.size()) {
                throw new IOException(
                        path + " is not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            JsonObject header;
            try {
                header =
                        GSON.fromJson(
                                new String(headerBytes.array(), StandardCharsets.UTF_8),
                                JsonObject.class);
            } catch (JsonParseException e) {
                throw new IOException(path + " has a malformed safetensors header", e);
            }
            long dataStart = 8 + headerLength;
            long dataSize = channel.size() - dataStart;
            if (dataSize > Integer.MAX_VALUE) {
                throw new IOException(path + ": safetensors files over 2 GiB are not supported");
            }
            ByteBuffer data =
                    channel.map(FileChannel.MapMode.READ_ONLY, dataStart, dataSize)
                            .order(ByteOrder.LITTLE_ENDIAN);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
                if ("__metadata__".equals(entry.getKey())) {
                    continue;
                }
                tensors.put(
                        entry.getKey(),
                        readTensor(path, entry.getKey(), entry.getValue().getAsJsonObject(), data)
                                .toNDArray(manager));
            }
            return tensors;
        }
    }

    private static RawTensor readTensor(Path path, String name, JsonObject info, ByteBuffer data)
            throws IOException {
        TensorType type = TensorType.fromSafetensors(info.get("dtype").getAsString());
        JsonArray shapeJson = info.getAsJsonArray("shape");
        long[] shape = new long[shapeJson.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeJson.get(i).getAsLong();
            count *= shape[i];
        }
        JsonArray offsets = info.getAsJsonArray("data_offsets");
        long begin = offsets.get(0).getAsLong();
        long end = offsets.get(1).getAsLong();
        if (begin < 0 || end > data.capacity() || end - begin != count * type.getSize()) {
            throw new IOException(
                    path
                            + ": tensor "
                            + name
                            + " has byte range ["
                            + begin
                            + ", "
                            + end
                            + ") that does not fit "
                            + Arrays.toString(shape)
                            + " of "
                            + type);
        }
        ByteBuffer slice = data.duplicate();
        slice.position((int) begin).limit((int) end);
        return RawTensor.contiguous(type, shape, slice.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file");
            }
            at += read;
        }
    }

    /**
     * Writes tensors to a safetensors file, in the map's order, each in its own type (FLOAT32,
     * FLOAT16, FLOAT64, INT64, INT32, INT8, UINT8 or BOOLEAN).
     *
     * @param tensors the tensors by name
     * @param path the file to write
     * @throws IOException if the file cannot be written
     */
    public static void write(Map<String, NDArray> tensors, Path path) throws IOException {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException(
                    "writing safetensors needs a little-endian machine");
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        List<NDArray> order = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            if ("__metadata__".equals(entry.getKey())) {
                throw new IllegalArgumentException("__metadata__ is no valid tensor name");
            }
            NDArray array = entry.getValue();
            TensorType type = TensorType.fromDataType(array.getDataType());
            long bytes = array.size() * type.getSize();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", type.getSafetensorsName());
            info.put("shape", array.getShape().getShape());
            info.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(entry.getKey(), info);
            order.add(array);
            offset += bytes;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padding = (8 - json.length % 8) % 8;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            length.putLong(json.length + padding);
            out.write(length.array());
            out.write(json);
            for (int i = 0; i < padding; i++) {
                out.write(' ');
            }
            for (NDArray array : order) {
                ByteBuffer buffer = array.toByteBuffer();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                out.write(bytes);
            }
        }
    }
}
