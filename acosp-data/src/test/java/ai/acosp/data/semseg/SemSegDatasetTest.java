package ai.acosp.data.semseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.DataFileException;
import ai.acosp.data.DataLoaderExecutors;
import ai.acosp.data.TestImages;
import ai.acosp.data.image.ImageIo;
import ai.acosp.data.image.OpenCv;
import ai.acosp.data.meta.KnownDataset;
import ai.acosp.data.transform.SegAugmentation;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class SemSegDatasetTest {

    @TempDir Path root;

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    private void image(String name, int h, int w) throws IOException {
        Mat m = new Mat(h, w, CvType.CV_8UC3, new Scalar(10, 20, 30));
        ImageIo.write(root.resolve(name), m);
    }

    private void label(String name, int h, int w, int mod) throws IOException {
        ImageIo.write(root.resolve(name), TestImages.label(h, w, mod));
    }

    private Path list(String... lines) throws IOException {
        Path f = root.resolve("list.txt");
        Files.write(f, List.of(lines));
        return f;
    }

    private SemSegDataset dataset(Path list) throws IOException {
        return SemSegDataset.builder().setDataRoot(root).setListFile(list).build();
    }

    private static String message(Exception e) {
        return e.getMessage();
    }

    @Test
    void recordHasNormalisedImageAndClassMap() throws IOException {
        image("a.png", 6, 8);
        label("a_l.png", 6, 8, 5);
        SemSegDataset ds = dataset(list("a.png a_l.png"));
        assertEquals(1, ds.size());
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = ds.get(m, 0);
            NDArray data = r.getData().singletonOrThrow();
            NDArray lab = r.getLabels().singletonOrThrow();
            assertEquals(new Shape(3, 6, 8), data.getShape());
            assertEquals(DataType.FLOAT32, data.getDataType());
            assertEquals(new Shape(6, 8), lab.getShape());
            assertEquals(DataType.INT32, lab.getDataType());
            float[] v = data.toFloatArray();
            assertEquals((10 - 0.485f * 255) / (0.229f * 255), v[0], 1e-5f); // R first
            assertEquals((30 - 0.406f * 255) / (0.225f * 255), v[2 * 48], 1e-5f);
            assertArrayEquals(TestImages.ints(TestImages.label(6, 8, 5)), lab.toIntArray());
        }
    }

    @Test
    void missingListFile() {
        DataFileException e =
                assertThrows(DataFileException.class, () -> dataset(root.resolve("nope.txt")));
        assertTrue(
                message(e).contains("nope.txt") && message(e).contains("list file not found"),
                message(e));
    }

    @Test
    void malformedAndInconsistentLines() throws IOException {
        DataFileException e =
                assertThrows(
                        DataFileException.class,
                        () -> dataset(list("a.png a_l.png", "b.png b_l.png extra")));
        assertTrue(message(e).contains("list.txt:2:"), message(e));
        e =
                assertThrows(
                        DataFileException.class, () -> dataset(list("a.png a_l.png", "", "b.png")));
        assertTrue(
                message(e).contains("list.txt:3:") && message(e).contains("label missing"),
                message(e));
        e = assertThrows(DataFileException.class, () -> dataset(list("", " ")));
        assertTrue(message(e).contains("no samples"), message(e));
    }

    @Test
    void missingImageAndLabel() throws IOException {
        label("a_l.png", 4, 4, 3);
        image("b.png", 4, 4);
        SemSegDataset ds = dataset(list("a.png a_l.png", "b.png b_l.png"));
        try (NDManager m = NDManager.newBaseManager()) {
            DataFileException e = assertThrows(DataFileException.class, () -> ds.get(m, 0));
            assertTrue(message(e).startsWith(root.resolve("list.txt") + ":1: "), message(e));
            assertTrue(
                    message(e).contains("a.png") && message(e).contains("image not found"),
                    message(e));
            e = assertThrows(DataFileException.class, () -> ds.get(m, 1));
            assertTrue(
                    message(e).contains(":2: ") && message(e).contains("label not found"),
                    message(e));
        }
    }

    @Test
    void unreadableImage() throws IOException {
        Files.writeString(root.resolve("a.png"), "not an image");
        label("a_l.png", 4, 4, 3);
        SemSegDataset ds = dataset(list("a.png a_l.png"));
        try (NDManager m = NDManager.newBaseManager()) {
            DataFileException e = assertThrows(DataFileException.class, () -> ds.get(m, 0));
            assertTrue(
                    message(e).contains(":1: ") && message(e).contains("not a decodable image"),
                    message(e));
        }
    }

    @Test
    void zeroByteImageAndLabelNameListLine() throws IOException {
        image("a.png", 4, 4);
        Files.write(root.resolve("a_l.png"), new byte[0]);
        Files.write(root.resolve("b.png"), new byte[0]);
        label("b_l.png", 4, 4, 3);
        SemSegDataset ds = dataset(list("a.png a_l.png", "b.png b_l.png"));
        try (NDManager m = NDManager.newBaseManager()) {
            DataFileException e = assertThrows(DataFileException.class, () -> ds.get(m, 0));
            assertTrue(message(e).startsWith(root.resolve("list.txt") + ":1: "), message(e));
            assertTrue(
                    message(e).contains("a_l.png: label is an empty file (0 bytes)"), message(e));
            e = assertThrows(DataFileException.class, () -> ds.get(m, 1));
            assertTrue(message(e).startsWith(root.resolve("list.txt") + ":2: "), message(e));
            assertTrue(message(e).contains("b.png: image is an empty file"), message(e));
        }
    }

    @Test
    void sizeMismatch() throws IOException {
        image("a.png", 6, 8);
        label("a_l.png", 5, 8, 3);
        SemSegDataset ds = dataset(list("a.png a_l.png"));
        try (NDManager m = NDManager.newBaseManager()) {
            DataFileException e = assertThrows(DataFileException.class, () -> ds.get(m, 0));
            assertTrue(
                    message(e).contains("is 6x8 but label") && message(e).contains("is 5x8"),
                    message(e));
        }
    }

    @Test
    void colourLabelIsRejected() throws IOException {
        image("a.png", 4, 4);
        image("a_l.png", 4, 4); // a 3-channel RGB PNG
        SemSegDataset ds = dataset(list("a.png a_l.png"));
        try (NDManager m = NDManager.newBaseManager()) {
            DataFileException e = assertThrows(DataFileException.class, () -> ds.get(m, 0));
            assertTrue(message(e).contains("not single-channel (3 channels)"), message(e));
        }
    }

    @Test
    void paletteLabelReadsIndices() throws IOException {
        image("a.png", 3, 4);
        int[] ids = {0, 1, 2, 3, 4, 5, 6, 7, 8, 20, 255, 15};
        KnownDataset.VOC2012.palette().writeColorPng(root.resolve("a_l.png"), ids, 3, 4);
        SemSegDataset ds = dataset(list("a.png a_l.png"));
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(ids, ds.get(m, 0).getLabels().singletonOrThrow().toIntArray());
        }
    }

    @Test
    void labelValuesAreCheckedWhenClassesAreGiven() throws IOException {
        image("a.png", 4, 4);
        label("a_l.png", 4, 4, 16); // values 0..15
        SemSegDataset ds =
                SemSegDataset.builder()
                        .setDataRoot(root)
                        .setListFile(list("a.png a_l.png"))
                        .optNumClasses(11)
                        .optIgnoreLabel(11)
                        .build();
        try (NDManager m = NDManager.newBaseManager()) {
            DataFileException e = assertThrows(DataFileException.class, () -> ds.get(m, 0));
            assertTrue(message(e).contains("holds value 12"), message(e));
        }
    }

    @Test
    void testListsWithoutLabels() throws IOException {
        image("a.png", 4, 5);
        SemSegDataset ds = dataset(list("a.png"));
        assertFalse(ds.getList().hasLabels());
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = ds.get(m, 0);
            assertEquals(new Shape(3, 4, 5), r.getData().singletonOrThrow().getShape());
            assertEquals(0, r.getLabels().size());
        }
    }

    private List<float[]> epoch(SemSegDataset ds, NDManager m, ExecutorService pool)
            throws Exception {
        List<float[]> out = new ArrayList<>();
        for (Batch b : pool == null ? ds.getData(m) : ds.getData(m, pool)) {
            assertEquals(new Shape(2, 3, 9, 11), b.getData().singletonOrThrow().getShape());
            assertEquals(new Shape(2, 9, 11), b.getLabels().singletonOrThrow().getShape());
            out.add(b.getData().singletonOrThrow().toFloatArray());
            out.add(
                    b.getLabels()
                            .singletonOrThrow()
                            .toType(DataType.FLOAT32, false)
                            .toFloatArray());
            b.close();
        }
        return out;
    }

    private SemSegDataset augmented(long seed) throws IOException {
        SegAugmentation aug =
                SegAugmentation.builder().setCropSize(9, 11).optScale(0.8, 1.3).build();
        return SemSegDataset.builder()
                .setDataRoot(root)
                .setListFile(root.resolve("list.txt"))
                .optTransform(aug.training())
                .optSeed(seed)
                .setSampling(2, true, true)
                .optPrefetchNumber(4)
                .build();
    }

    @Test
    void batchesAreReproducibleWhateverTheWorkers() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Mat img = TestImages.coordImage(12, 14);
            ImageIo.write(root.resolve(i + ".png"), img);
            label(i + "_l.png", 12, 14, 4 + i);
            lines.add(i + ".png " + i + "_l.png");
        }
        list(lines.toArray(new String[0]));
        ExecutorService pool = DataLoaderExecutors.create(2);
        try (NDManager m = NDManager.newBaseManager()) {
            SemSegDataset a = augmented(7);
            SemSegDataset b = augmented(7);
            List<float[]> a0 = epoch(a, m, null);
            List<float[]> b0 = epoch(b, m, pool);
            assertEquals(4, a0.size(), "5 samples in batches of 2, last dropped: 2 batches");
            for (int i = 0; i < a0.size(); i++) {
                assertArrayEquals(a0.get(i), b0.get(i));
            }
            List<float[]> a1 = epoch(a, m, pool);
            assertEquals(1, a.getEpoch());
            assertFalse(java.util.Arrays.equals(a0.get(0), a1.get(0)), "epochs differ");
            a.setEpoch(0);
            List<float[]> again = epoch(a, m, pool);
            assertArrayEquals(a0.get(0), again.get(0));
            List<float[]> other = epoch(augmented(8), m, pool);
            assertFalse(java.util.Arrays.equals(a0.get(0), other.get(0)), "seeds differ");
        } finally {
            pool.shutdownNow();
        }
    }
}
