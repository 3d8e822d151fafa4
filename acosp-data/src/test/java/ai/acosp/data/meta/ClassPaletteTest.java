package ai.acosp.data.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.DataFileException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPaletteTest {

    @TempDir Path dir;

    @Test
    void bundledDataSetsHaveTheirClassCounts() {
        for (KnownDataset d : KnownDataset.values()) {
            ClassPalette p = d.palette();
            assertEquals(d.getNumClasses(), p.size(), d.name());
            assertEquals(d.getNumClasses(), p.getNames().size(), d.name());
        }
        ClassPalette city = KnownDataset.CITYSCAPES.palette();
        assertEquals("road", city.getNames().get(0));
        assertArrayEquals(new int[] {128, 64, 128}, city.getColor(0));
        assertArrayEquals(new int[] {119, 11, 32}, city.getColor(18));
        ClassPalette voc = KnownDataset.VOC2012.palette();
        assertEquals("person", voc.getNames().get(15));
        assertArrayEquals(new int[] {192, 128, 128}, voc.getColor(15));
        ClassPalette ade = KnownDataset.ADE20K.palette();
        assertEquals("wall", ade.getNames().get(0));
        assertEquals("flag", ade.getNames().get(149));
        assertArrayEquals(new int[] {120, 120, 120}, ade.getColor(0));
    }

    @Test
    void filesRoundTripAndReferencesResolve() throws IOException {
        ClassPalette p =
                new ClassPalette(
                        List.of("a", "b c", "d"), new int[][] {{1, 2, 3}, {4, 5, 6}, {255, 0, 9}});
        Path names = dir.resolve("n.txt");
        Path colors = dir.resolve("c.txt");
        p.write(names, colors);
        ClassPalette q = ClassPalette.load(names.toString(), colors.toString());
        assertEquals(p.getNames(), q.getNames());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(p.getColor(i), q.getColor(i));
        }
        // a semseg-style path that does not exist falls back to the bundled file of that name
        assertEquals(150, ClassPalette.readColors("data/ade20k/ade20k_colors.txt").length);
        assertEquals(11, ClassPalette.readNames("classpath:camvid_names.txt").size());
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> ClassPalette.readNames(dir.resolve("x.txt").toString()));
        assertTrue(e.getMessage().contains("x.txt"), e.getMessage());
        Files.writeString(colors, "1 2 3\n4 5\n");
        DataFileException bad =
                assertThrows(
                        DataFileException.class, () -> ClassPalette.readColors(colors.toString()));
        assertTrue(bad.getMessage().contains("c.txt:2:"), bad.getMessage());
    }

    @Test
    void colorizeWritesAPalettePngWithIgnoreBlack() throws IOException {
        ClassPalette p = KnownDataset.CITYSCAPES.palette();
        int[] ids = {0, 1, 2, 18, 255, 13};
        Path png = dir.resolve("pred_color.png");
        p.writeColorPng(png, ids, 2, 3);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(3, img.getWidth());
        assertEquals(2, img.getHeight());
        int[] idx = img.getRaster().getSamples(0, 0, 3, 2, 0, (int[]) null);
        assertArrayEquals(ids, idx, "the PNG's indices are the class ids");
        for (int i = 0; i < ids.length; i++) {
            int rgb = img.getRGB(i % 3, i / 3) & 0xFFFFFF;
            int[] c = ids[i] == 255 ? new int[] {0, 0, 0} : p.getColor(ids[i]);
            assertEquals((c[0] << 16) | (c[1] << 8) | c[2], rgb, "pixel " + i);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            BufferedImage fromArray =
                    p.colorize(m.create(new long[] {0, 1, 2, 18, 255, 13}, new Shape(2, 3)));
            assertArrayEquals(idx, fromArray.getRaster().getSamples(0, 0, 3, 2, 0, (int[]) null));
        }
    }
}
