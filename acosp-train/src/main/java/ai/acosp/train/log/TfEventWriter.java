package ai.acosp.train.log;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes scalar summaries as a TensorBoard event file ({@code events.out.tfevents.<time>.<host>})
 * without any TensorFlow dependency.
 *
 * <p>The file is a sequence of TFRecords: {@code uint64} length, masked CRC-32C of the length, the
 * data, masked CRC-32C of the data (all little endian). Each record is an {@code Event} protocol
 * buffer, encoded by hand: {@code wall_time} (double, field 1), {@code step} (int64, field 2),
 * {@code file_version} (string, field 3, first event only) or {@code summary} (field 5) holding one
 * {@code Summary.Value} with {@code tag} (field 1) and {@code simple_value} (float, field 2).
 */
public class TfEventWriter implements Closeable {

    private static final int MASK_DELTA = 0xa282ead8;

    private final Path file;
    private final OutputStream out;

    /**
     * Creates a new event file in a folder, named as TensorBoard expects, and writes the version
     * event.
     *
     * @param folder the log folder, created if missing
     * @throws IOException if the file cannot be created
     */
    public TfEventWriter(Path folder) throws IOException {
        Files.createDirectories(folder);
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        long seconds = System.currentTimeMillis() / 1000;
        Path candidate = folder.resolve("events.out.tfevents." + seconds + "." + host);
        for (int i = 1; Files.exists(candidate); i++) {
            candidate = folder.resolve("events.out.tfevents." + seconds + "." + host + "." + i);
        }
        file = candidate;
        out = Files.newOutputStream(file);
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        writeWallTime(event, System.currentTimeMillis() / 1000.0);
        writeTag(event, 3, 2);
        writeBytes(event, "brain.Event:2".getBytes(StandardCharsets.UTF_8));
        writeRecord(event.toByteArray());
        out.flush();
    }

    /**
     * The event file.
     *
     * @return its path
     */
    public Path getFile() {
        return file;
    }

    /**
     * Appends one scalar.
     *
     * @param tag the series name, e.g. {@code loss_train_batch}
     * @param value the value
     * @param step the x coordinate
     * @throws IOException if writing fails
     */
    public synchronized void addScalar(String tag, float value, long step) throws IOException {
        ByteArrayOutputStream summaryValue = new ByteArrayOutputStream();
        writeTag(summaryValue, 1, 2);
        writeBytes(summaryValue, tag.getBytes(StandardCharsets.UTF_8));
        writeTag(summaryValue, 2, 5);
        writeFixed32(summaryValue, Float.floatToIntBits(value));

        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        writeTag(summary, 1, 2);
        writeBytes(summary, summaryValue.toByteArray());

        ByteArrayOutputStream event = new ByteArrayOutputStream();
        writeWallTime(event, System.currentTimeMillis() / 1000.0);
        writeTag(event, 2, 0);
        writeVarint(event, step);
        writeTag(event, 5, 2);
        writeBytes(event, summary.toByteArray());
        writeRecord(event.toByteArray());
    }

    /**
     * Flushes the file.
     *
     * @throws IOException if writing fails
     */
    public synchronized void flush() throws IOException {
        out.flush();
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    private void writeRecord(byte[] data) throws IOException {
        byte[] length =
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        out.write(length);
        out.write(int32(maskedCrc(length)));
        out.write(data);
        out.write(int32(maskedCrc(data)));
    }

    /**
     * The masked CRC-32C of TFRecord files.
     *
     * @param data the bytes
     * @return {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}
     */
    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }

    private static byte[] int32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static void writeWallTime(ByteArrayOutputStream out, double seconds) {
        writeTag(out, 1, 1);
        out.writeBytes(
                ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(Double.doubleToLongBits(seconds))
                        .array());
    }

    private static void writeTag(ByteArrayOutputStream out, int field, int wireType) {
        writeVarint(out, ((long) field << 3) | wireType);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void writeFixed32(ByteArrayOutputStream out, int value) {
        out.writeBytes(int32(value));
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }
}
