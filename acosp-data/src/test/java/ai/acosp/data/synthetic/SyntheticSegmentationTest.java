package ai.acosp.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.image.ImageIo;
import ai.acosp.data.image.TensorConversion;
import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.data.transform.SegSample;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSegmentationTest {

    @TempDir Path dir;

    @Test
    void renderingIsAFunctionOfTheSeed() {
        SyntheticSegmentation.Sample a = SyntheticSegmentation.render(11, 40, 50);
        SyntheticSegmentation.Sample b = SyntheticSegmentation.render(11, 40, 50);
        SyntheticSegmentation.Sample c = SyntheticSegmentation.render(12, 40, 50);
        assertArrayEquals(a.rgb(), b.rgb());
        assertArrayEquals(a.label(), b.label());
        assertFalse(java.util.Arrays.equals(a.rgb(), c.rgb()));
    }

    @Test
    void classesAreSeparableByColour() {
        long[][] sum = new long[5][3];
        long[] count = new long[5];
        for (int s = 0; s < 30; s++) {
            SyntheticSegmentation.Sample smp = SyntheticSegmentation.render(s, 64, 64);
            for (int i = 0; i < smp.label().length; i++) {
                int cls = smp.label()[i];
                assertTrue(cls >= 0 && cls < 5);
                count[cls]++;
                for (int ch = 0; ch < 3; ch++) {
                    sum[cls][ch] += smp.rgb()[i * 3 + ch] & 0xFF;
                }
            }
        }
        double[][] mean = new double[5][3];
        for (int k = 0; k < 5; k++) {
            assertTrue(count[k] > 1000, "class " + k + " appears: " + count[k]);
            for (int ch = 0; ch < 3; ch++) {
                mean[k][ch] = sum[k][ch] / (double) count[k];
            }
        }
        assertTrue(mean[1][0] > mean[1][2] + 80, "circles are red");
        assertTrue(mean[2][2] > mean[2][0] + 80, "rectangles are blue");
        assertTrue(
                mean[3][0] > mean[3][2] + 80 && mean[3][1] > mean[3][2] + 80,
                "triangles are yellow");
        assertTrue(mean[4][1] > mean[4][0] + 60, "crosses are green");
        assertTrue(Math.abs(mean[0][0] - mean[0][2]) < 15, "background is grey");
    }

    @Test
    void generatedFilesAreDeterministicAndConsistent() throws IOException {
        SyntheticSegmentation.GeneratedFiles f =
                SyntheticSegmentation.generate(dir.resolve("a"), 4, 2, 24, 32, 9);
        SyntheticSegmentation.generate(dir.resolve("b"), 4, 2, 24, 32, 9);
        List<String> train = Files.readAllLines(f.trainList());
        assertEquals(4, train.size());
        assertEquals(Files.readAllLines(f.valList()), Files.readAllLines(f.testList()));
        for (String line : train) {
            for (String p : line.split(" ")) {
                assertArrayEquals(
                        Files.readAllBytes(dir.resolve("a").resolve(p)),
                        Files.readAllBytes(dir.resolve("b").resolve(p)),
                        p);
            }
        }
        // the written files decode to exactly the rendered sample
        SyntheticSegmentation.Sample s0 =
                SyntheticSegmentation.render(SyntheticSegmentation.sampleSeed(9, 0, 0), 24, 32);
        SemSegDataset ds =
                SemSegDataset.builder()
                        .setDataRoot(f.root())
                        .setListFile(f.trainList())
                        .optNumClasses(SyntheticSegmentation.NUM_CLASSES)
                        .build();
        try (SegSample s = ds.readSample(0)) {
            assertArrayEquals(s0.label(), TensorConversion.labelBytes(s.label()));
            float[] rgb = new float[24 * 32 * 3];
            s.image().get(0, 0, rgb);
            for (int i = 0; i < rgb.length; i++) {
                assertEquals(s0.rgb()[i] & 0xFF, rgb[i], 0f);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < ds.size(); i++) {
                ds.get(m, i); // every label passes the class check
            }
        }
        assertEquals(5, ai.acosp.data.meta.ClassPalette.readNames(f.namesFile().toString()).size());
        assertEquals(
                3,
                ImageIo.readRgb(dir.resolve("a").resolve(train.get(0).split(" ")[0])).channels());
    }
}
