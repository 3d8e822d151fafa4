package ai.acosp.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.models.TestData;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictIOTest {

    @TempDir Path temp;

    /** The values written by src-test-data/torch/make_fixtures.py. */
    private static void assertTinyCheckpoint(Map<String, NDArray> sd) {
        assertEquals(
                List.of(
                        "module.conv.weight",
                        "module.transposed",
                        "module.shared_a",
                        "module.shared_b",
                        "module.half",
                        "module.bf16",
                        "module.double",
                        "module.bn.num_batches_tracked",
                        "module.mask",
                        "module.param"),
                List.copyOf(sd.keySet()));
        assertEquals(new Shape(2, 1, 2, 2), sd.get("module.conv.weight").getShape());
        assertArrayEquals(
                new float[] {0, 1, 2, 3, 4, 5, 6, 7}, sd.get("module.conv.weight").toFloatArray());
        assertEquals(new Shape(3, 2), sd.get("module.transposed").getShape());
        assertArrayEquals(
                new float[] {0, 3, 1, 4, 2, 5}, sd.get("module.transposed").toFloatArray());
        assertArrayEquals(
                new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
                sd.get("module.shared_a").toFloatArray());
        assertArrayEquals(
                new float[] {14, 15, 16, 17, 18, 19}, sd.get("module.shared_b").toFloatArray());
        assertEquals(new Shape(2, 3), sd.get("module.shared_b").getShape());
        assertEquals(DataType.FLOAT32, sd.get("module.half").getDataType());
        assertArrayEquals(
                new float[] {0.5f, -2f, 65504f, 1.0001659e-4f},
                sd.get("module.half").toFloatArray(),
                1e-9f);
        assertArrayEquals(new float[] {1f, -3.5f, 0.15625f}, sd.get("module.bf16").toFloatArray());
        assertArrayEquals(new float[] {1.25f, -0.5f}, sd.get("module.double").toFloatArray());
        assertEquals(new Shape(1, 2), sd.get("module.double").getShape());
        NDArray tracked = sd.get("module.bn.num_batches_tracked");
        assertEquals(DataType.INT64, tracked.getDataType());
        assertEquals(new Shape(), tracked.getShape());
        assertEquals(7L, tracked.getLong());
        assertArrayEquals(
                new boolean[] {true, false, true}, sd.get("module.mask").toBooleanArray());
        assertArrayEquals(new float[] {3, 4}, sd.get("module.param").toFloatArray());
    }

    @Test
    void readsARealTorchSaveZipCheckpoint() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertTinyCheckpoint(
                    StateDictIO.read(TestData.path("torch/tiny_checkpoint.pth"), manager));
        }
        try (TorchCheckpoint checkpoint =
                TorchCheckpoint.open(TestData.path("torch/tiny_checkpoint.pth"))) {
            Map<?, ?> root = (Map<?, ?>) checkpoint.getRoot();
            assertEquals(3, ((Number) root.get("epoch")).intValue());
            Map<?, ?> optimizer = (Map<?, ?>) root.get("optimizer");
            assertTrue(optimizer.containsKey("param_groups"));
        }
    }

    @Test
    void readsARealLegacyCheckpoint() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertTinyCheckpoint(
                    StateDictIO.read(TestData.path("torch/tiny_checkpoint_legacy.pth"), manager));
        }
    }

    @Test
    void readsAModulesStateDictSavedDirectly() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> sd =
                    StateDictIO.read(TestData.path("torch/tiny_state_dict.pth"), manager);
            assertEquals(
                    List.of(
                            "0.weight",
                            "0.bias",
                            "1.weight",
                            "1.bias",
                            "1.running_mean",
                            "1.running_var",
                            "1.num_batches_tracked"),
                    List.copyOf(sd.keySet()));
            assertArrayEquals(
                    new float[] {
                        -0.005293981f,
                        0.37932289f,
                        -0.58198076f,
                        -0.52038747f,
                        -0.27234524f,
                        0.18961589f
                    },
                    sd.get("0.weight").toFloatArray(),
                    1e-7f);
            assertArrayEquals(
                    new float[] {0.25f, 0.25f, 0.25f}, sd.get("1.running_mean").toFloatArray());
        }
    }

    @Test
    void rejectsPicklesThatCallOtherGlobals() throws IOException {
        Path file = temp.resolve("evil.pth");
        TorchZipWriter.writeMalicious(file);
        try (NDManager manager = NDManager.newBaseManager()) {
            IOException error =
                    assertThrows(IOException.class, () -> StateDictIO.read(file, manager));
            assertTrue(error.getMessage().contains("'os.system'"), error.getMessage());
        }
    }

    @Test
    void safetensorsRoundTrip() throws IOException {
        Path file = temp.resolve("weights.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("a.weight", manager.arange(12f).reshape(3, 4));
            tensors.put("a.num_batches_tracked", manager.create(5L));
            tensors.put("b.mask", manager.create(new boolean[] {true, false}));
            tensors.put(
                    "c.half",
                    manager.create(new float[] {1.5f, -0.25f}).toType(DataType.FLOAT16, false));
            StateDictIO.writeSafetensors(tensors, file);

            byte[] bytes = Files.readAllBytes(file);
            long headerLength =
                    ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, headerLength % 8, "the header is padded to 8 bytes");
            String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
            assertTrue(
                    header.contains(
                            "\"a.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]}"),
                    header);
            assertTrue(header.contains("\"__metadata__\":{\"format\":\"pt\"}"), header);

            Map<String, NDArray> read = StateDictIO.read(file, manager);
            assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.keySet()));
            assertEquals(tensors.get("a.weight"), read.get("a.weight"));
            assertEquals(new Shape(), read.get("a.num_batches_tracked").getShape());
            assertEquals(5L, read.get("a.num_batches_tracked").getLong());
            assertArrayEquals(new boolean[] {true, false}, read.get("b.mask").toBooleanArray());
            assertEquals(DataType.FLOAT32, read.get("c.half").getDataType());
            assertArrayEquals(new float[] {1.5f, -0.25f}, read.get("c.half").toFloatArray());
        }
    }

    @Test
    void readsNpzArchives() throws IOException {
        Path file = temp.resolve("weights.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.arange(6f).reshape(2, 3);
            weight.setName("conv.weight");
            NDArray bias = manager.create(new double[] {0.5, 1.5});
            bias.setName("conv.bias");
            try (OutputStream out = Files.newOutputStream(file)) {
                new NDList(weight, bias).encode(out, NDList.Encoding.NPZ);
            }
            Map<String, NDArray> read = StateDictIO.read(file, manager);
            assertEquals(List.of("conv.weight", "conv.bias"), List.copyOf(read.keySet()));
            assertEquals(weight, read.get("conv.weight"));
            assertEquals(DataType.FLOAT32, read.get("conv.bias").getDataType());
            assertArrayEquals(new float[] {0.5f, 1.5f}, read.get("conv.bias").toFloatArray());
        }
    }

    @Test
    void halfPrecisionConversion() {
        assertEquals(1f, RawTensor.halfToFloat((short) 0x3c00));
        assertEquals(-2f, RawTensor.halfToFloat((short) 0xc000));
        assertEquals(65504f, RawTensor.halfToFloat((short) 0x7bff));
        assertEquals(5.9604645e-8f, RawTensor.halfToFloat((short) 0x0001)); // smallest subnormal
        assertEquals(Float.POSITIVE_INFINITY, RawTensor.halfToFloat((short) 0x7c00));
        assertTrue(Float.isNaN(RawTensor.halfToFloat((short) 0x7e00)));
    }
}
