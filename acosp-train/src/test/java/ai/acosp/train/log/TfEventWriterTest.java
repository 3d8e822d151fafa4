package ai.acosp.train.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfEventWriterTest {

    @Test
    void maskedCrcOfKnownVector() {
        // CRC-32C of "123456789" is 0xE3069283 (RFC 3720); masked as TFRecord does
        int crc = 0xE3069283;
        int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
        assertEquals(
                masked, TfEventWriter.maskedCrc("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void recordsDecodeToVersionAndScalars(@TempDir Path dir) throws Exception {
        Path file;
        try (TfEventWriter writer = new TfEventWriter(dir)) {
            writer.addScalar("loss_train", 0.25f, 7);
            writer.addScalar("mIoU_val", 0.5f, 300);
            file = writer.getFile();
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."));
        List<byte[]> records = readRecords(Files.readAllBytes(file));
        assertEquals(3, records.size());
        assertTrue(new String(records.get(0), StandardCharsets.UTF_8).contains("brain.Event:2"));
        assertScalar(records.get(1), "loss_train", 0.25f, 7);
        assertScalar(records.get(2), "mIoU_val", 0.5f, 300);
    }

    private static List<byte[]> readRecords(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] length = new byte[8];
            in.get(length);
            assertEquals(TfEventWriter.maskedCrc(length), in.getInt());
            byte[] data =
                    new byte
                            [(int)
                                    ByteBuffer.wrap(length)
                                            .order(ByteOrder.LITTLE_ENDIAN)
                                            .getLong()];
            in.get(data);
            assertEquals(TfEventWriter.maskedCrc(data), in.getInt());
            records.add(data);
        }
        return records;
    }

    /** Decodes Event{wall_time=1, step=2, summary=5{value=1{tag=1, simple_value=2}}}. */
    private static void assertScalar(byte[] event, String tag, float value, long step)
            throws java.io.IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(event);
        assertEquals(0x09, in.read());
        double wallTime =
                ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getDouble();
        assertTrue(Math.abs(wallTime - System.currentTimeMillis() / 1000.0) < 60);
        assertEquals(0x10, in.read());
        assertEquals(step, varint(in));
        assertEquals(0x2A, in.read());
        byte[] summary = in.readNBytes((int) varint(in));
        assertEquals(0, in.available());
        ByteArrayInputStream s = new ByteArrayInputStream(summary);
        assertEquals(0x0A, s.read());
        byte[] v = s.readNBytes((int) varint(s));
        ByteArrayInputStream val = new ByteArrayInputStream(v);
        assertEquals(0x0A, val.read());
        assertEquals(tag, new String(val.readNBytes((int) varint(val)), StandardCharsets.UTF_8));
        assertEquals(0x15, val.read());
        assertEquals(
                value,
                ByteBuffer.wrap(val.readNBytes(4)).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        assertTrue(Arrays.equals(new byte[0], val.readAllBytes()));
    }

    private static long varint(ByteArrayInputStream in) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }
}
