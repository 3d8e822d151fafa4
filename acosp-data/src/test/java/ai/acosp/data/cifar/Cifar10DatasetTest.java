package ai.acosp.data.cifar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.DataFileException;
import ai.acosp.data.image.Normalization;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10DatasetTest {

    @TempDir Path root;

    /** Pixel value of record r, channel c, row y, column x. */
    private static int pixel(int r, int c, int y, int x) {
        return (r * 31 + c * 80 + y * 5 + x * 3) % 256;
    }

    private void writeFile(String name, int firstRecord, int count) throws IOException {
        byte[] bytes = new byte[count * Cifar10Dataset.RECORD_BYTES];
        for (int k = 0; k < count; k++) {
            int r = firstRecord + k;
            int off = k * Cifar10Dataset.RECORD_BYTES;
            bytes[off] = (byte) (r % 10);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        bytes[off + 1 + c * 1024 + y * 32 + x] = (byte) pixel(r, c, y, x);
                    }
                }
            }
        }
        Files.write(root.resolve(name), bytes);
    }

    private void writeAll() throws IOException {
        for (int i = 1; i <= 5; i++) {
            writeFile("data_batch_" + i + ".bin", (i - 1) * 3, 3);
        }
        writeFile("test_batch.bin", 100, 4);
    }

    @Test
    void readsTheOfficialLayout() throws IOException {
        writeAll();
        Cifar10Dataset test =
                Cifar10Dataset.builder().setRoot(root).optUsage(Dataset.Usage.TEST).build();
        assertEquals(4, test.size());
        Cifar10Dataset train = Cifar10Dataset.builder().setRoot(root).optAugment(false).build();
        assertEquals(15, train.size());
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = train.get(m, 7);
            NDArray data = r.getData().singletonOrThrow();
            NDArray label = r.getLabels().singletonOrThrow();
            assertEquals(new Shape(3, 32, 32), data.getShape());
            assertEquals(new Shape(), label.getShape());
            assertEquals(DataType.INT32, label.getDataType());
            assertEquals(7, label.getInt());
            float[] v = data.toFloatArray();
            double[] mean = Normalization.CIFAR10.mean();
            double[] std = Normalization.CIFAR10.std();
            for (int c = 0; c < 3; c++) {
                int y = 9;
                int x = 20;
                double expected = (pixel(7, c, y, x) - mean[c]) / std[c];
                assertEquals(expected, v[c * 1024 + y * 32 + x], 1e-4);
            }
            assertEquals(3, test.get(m, 3).getLabels().singletonOrThrow().getInt()); // record 103
        }
    }

    @Test
    void augmentationIsAShiftWithZeroPaddingAndAFlip() throws IOException {
        writeAll();
        Cifar10Dataset train =
                Cifar10Dataset.builder().setRoot(root).optNormalization(null).optSeed(5).build();
        try (NDManager m = NDManager.newBaseManager()) {
            boolean sawFlip = false;
            boolean sawShift = false;
            for (int epoch = 0; epoch < 20; epoch++) {
                float[] v = train.get(m, 4, epoch).getData().singletonOrThrow().toFloatArray();
                float[] again = train.get(m, 4, epoch).getData().singletonOrThrow().toFloatArray();
                assertArrayEquals(v, again, "same seed, epoch and index: same sample");
                int[] found = findTransform(v, 4);
                assertTrue(
                        found != null, "output is a padded shift, possibly flipped, of the input");
                sawFlip |= found[2] == 1;
                sawShift |= found[0] != 0 || found[1] != 0;
            }
            assertTrue(sawFlip && sawShift);
        }
    }

    /** Returns {dy, dx, flip} such that v is record r shifted (zero padded) and flipped. */
    private static int[] findTransform(float[] v, int r) {
        for (int flip = 0; flip < 2; flip++) {
            for (int dy = -4; dy <= 4; dy++) {
                for (int dx = -4; dx <= 4; dx++) {
                    boolean ok = true;
                    for (int c = 0; c < 3 && ok; c++) {
                        for (int y = 0; y < 32 && ok; y++) {
                            for (int x = 0; x < 32 && ok; x++) {
                                int ox = flip == 1 ? 31 - x : x;
                                int sy = y + dy;
                                int sx = x + dx;
                                float expected =
                                        sy >= 0 && sy < 32 && sx >= 0 && sx < 32
                                                ? pixel(r, c, sy, sx)
                                                : 0;
                                ok = v[c * 1024 + y * 32 + ox] == expected;
                            }
                        }
                    }
                    if (ok) {
                        return new int[] {dy, dx, flip};
                    }
                }
            }
        }
        return null;
    }

    @Test
    void batchesStackImagesAndLabels() throws Exception {
        writeAll();
        Cifar10Dataset train =
                Cifar10Dataset.builder().setRoot(root).setSampling(4, true, true).build();
        try (NDManager m = NDManager.newBaseManager()) {
            int batches = 0;
            for (Batch b : train.getData(m)) {
                assertEquals(new Shape(4, 3, 32, 32), b.getData().singletonOrThrow().getShape());
                assertEquals(new Shape(4), b.getLabels().singletonOrThrow().getShape());
                b.close();
                batches++;
            }
            assertEquals(3, batches); // 15 samples, last incomplete batch dropped
        }
    }

    @Test
    void missingOrBrokenFilesAreNamed() throws IOException {
        writeFile("data_batch_1.bin", 0, 2);
        DataFileException e =
                assertThrows(
                        DataFileException.class,
                        () -> Cifar10Dataset.builder().setRoot(root).build());
        assertTrue(
                e.getMessage().contains("data_batch_2.bin") && e.getMessage().contains("not found"),
                e.getMessage());
        Files.write(root.resolve("test_batch.bin"), new byte[100]);
        e =
                assertThrows(
                        DataFileException.class,
                        () ->
                                Cifar10Dataset.builder()
                                        .setRoot(root)
                                        .optUsage(Dataset.Usage.TEST)
                                        .build());
        assertTrue(
                e.getMessage().contains("test_batch.bin")
                        && e.getMessage().contains("multiple of 3073"),
                e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
