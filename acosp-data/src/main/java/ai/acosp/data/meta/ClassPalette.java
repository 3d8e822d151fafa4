package ai.acosp.data.meta;

import ai.acosp.data.DataFileException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Class names and colours of a data set, and {@link #colorize} for class maps.
 *
 * <p>References to names/colours files ({@code names_path}, {@code colors_path}) are resolved in
 * this order: {@code classpath:NAME} is a bundled resource; otherwise an existing file; otherwise,
 * when the file is missing but a bundled resource has the same file name (e.g. the semseg default
 * {@code data/ade20k/ade20k_colors.txt}), that resource.
 */
public final class ClassPalette {

    /** The prefix of references to bundled resources. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    private static final String RESOURCE_DIR = "/ai/acosp/data/meta/";

    private final List<String> names;
    private final int[][] colors;

    /**
     * Creates a palette.
     *
     * @param names the class names, or {@code null} to name classes by number
     * @param colors the colours, {@code colors[i] = {r, g, b}} for class {@code i}
     */
    public ClassPalette(List<String> names, int[][] colors) {
        if (names != null && names.size() != colors.length) {
            throw new IllegalArgumentException(
                    names.size() + " names but " + colors.length + " colours");
        }
        List<String> n = new ArrayList<>();
        for (int i = 0; i < colors.length; i++) {
            n.add(names == null ? "class" + i : names.get(i));
        }
        this.names = Collections.unmodifiableList(n);
        this.colors = new int[colors.length][];
        for (int i = 0; i < colors.length; i++) {
            if (colors[i].length != 3) {
                throw new IllegalArgumentException("colour " + i + " needs 3 values");
            }
            this.colors[i] = colors[i].clone();
        }
    }

    /**
     * Loads names and colours from two references (files or resources, see the class notes).
     *
     * @param namesRef the names reference
     * @param colorsRef the colours reference
     * @return the palette
     * @throws IOException if a file is missing or malformed, or the counts differ
     */
    public static ClassPalette load(String namesRef, String colorsRef) throws IOException {
        return new ClassPalette(readNames(namesRef), readColors(colorsRef));
    }

    /**
     * Reads a names file: one name a line, blank lines at the end ignored.
     *
     * @param ref a file path or {@code classpath:NAME}
     * @return the names
     * @throws IOException if the file is missing
     */
    public static List<String> readNames(String ref) throws IOException {
        List<String> lines = readLines(ref);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.strip());
        }
        return out;
    }

    /**
     * Reads a colours file: {@code R G B} a line, values 0..255, blank lines ignored.
     *
     * @param ref a file path or {@code classpath:NAME}
     * @return the colours, {@code {r, g, b}} per class
     * @throws IOException if the file is missing or a line is malformed
     */
    public static int[][] readColors(String ref) throws IOException {
        List<String> lines = readLines(ref);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] p = l.split("\\s+");
            if (p.length != 3) {
                throw new DataFileException(
                        Path.of(ref), i + 1, "expected 'R G B', got '" + l + "'");
            }
            int[] c = new int[3];
            for (int k = 0; k < 3; k++) {
                try {
                    c[k] = Integer.parseInt(p[k]);
                } catch (NumberFormatException e) {
                    throw new DataFileException(
                            Path.of(ref), i + 1, "not a number: '" + p[k] + "'");
                }
                if (c[k] < 0 || c[k] > 255) {
                    throw new DataFileException(
                            Path.of(ref), i + 1, "value out of 0..255: " + c[k]);
                }
            }
            out.add(c);
        }
        return out.toArray(new int[0][]);
    }

    /**
     * Writes names and colours files in the semseg format.
     *
     * @param namesFile the names file to write
     * @param colorsFile the colours file to write
     * @throws IOException if a file cannot be written
     */
    public void write(Path namesFile, Path colorsFile) throws IOException {
        List<String> c = new ArrayList<>();
        for (int[] rgb : colors) {
            c.add(rgb[0] + " " + rgb[1] + " " + rgb[2]);
        }
        Files.write(namesFile, names, StandardCharsets.UTF_8);
        Files.write(colorsFile, c, StandardCharsets.UTF_8);
    }

    private static List<String> readLines(String ref) throws IOException {
        InputStream in = open(ref);
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
            return lines;
        }
    }

    private static InputStream open(String ref) throws IOException {
        if (ref.startsWith(CLASSPATH_PREFIX)) {
            String name = ref.substring(CLASSPATH_PREFIX.length());
            InputStream in = resource(name);
            if (in == null) {
                throw new DataFileException(Path.of(ref), 0, "no bundled resource " + name);
            }
            return in;
        }
        Path p = Path.of(ref);
        if (Files.isRegularFile(p)) {
            return Files.newInputStream(p);
        }
        InputStream in = resource(p.getFileName().toString());
        if (in != null) {
            return in;
        }
        throw new DataFileException(p, 0, "file not found (and no bundled resource of that name)");
    }

    private static InputStream resource(String name) {
        String path = name.startsWith("/") ? name : RESOURCE_DIR + name;
        return ClassPalette.class.getResourceAsStream(path);
    }

    /**
     * Returns the class names.
     *
     * @return an unmodifiable list
     */
    public List<String> getNames() {
        return names;
    }

    /**
     * Returns the number of classes.
     *
     * @return the class count
     */
    public int size() {
        return colors.length;
    }

    /**
     * Returns the colour of a class.
     *
     * @param classId the class
     * @return {@code {r, g, b}}
     */
    public int[] getColor(int classId) {
        return colors[classId].clone();
    }

    /**
     * Turns a class map into a palette image: pixel value = class id, colour = the class colour;
     * ids without a colour (the ignore label and any other) are black. The image is {@code
     * TYPE_BYTE_INDEXED}, so it is saved as a palette PNG whose indices are the class ids.
     *
     * @param classMap the class ids, row by row
     * @param height the number of rows
     * @param width the number of columns
     * @return the palette image
     */
    public BufferedImage colorize(int[] classMap, int height, int width) {
        if (classMap.length != height * width) {
            throw new IllegalArgumentException(
                    "class map has " + classMap.length + " values, not " + height + "x" + width);
        }
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < Math.min(256, colors.length); i++) {
            r[i] = (byte) colors[i][0];
            g[i] = (byte) colors[i][1];
            b[i] = (byte) colors[i][2];
        }
        IndexColorModel model = new IndexColorModel(8, 256, r, g, b);
        BufferedImage img =
                new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, model);
        int[] clipped = new int[classMap.length];
        for (int i = 0; i < classMap.length; i++) {
            int v = classMap[i];
            clipped[i] = v < 0 || v > 255 ? 255 : v;
        }
        WritableRaster raster = img.getRaster();
        raster.setSamples(0, 0, width, height, 0, clipped);
        return img;
    }

    /**
     * Colorizes a class map array of shape {@code (H, W)} (any integer or float type).
     *
     * @param classMap the class ids
     * @return the palette image
     */
    public BufferedImage colorize(NDArray classMap) {
        if (classMap.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "expected an (H, W) class map, got " + classMap.getShape());
        }
        int h = (int) classMap.getShape().get(0);
        int w = (int) classMap.getShape().get(1);
        int[] ids = classMap.toType(DataType.INT32, false).toIntArray();
        return colorize(ids, h, w);
    }

    /**
     * Writes a colorized class map as a palette PNG.
     *
     * @param file the PNG file
     * @param classMap the class ids, row by row
     * @param height the number of rows
     * @param width the number of columns
     * @throws IOException if the file cannot be written
     */
    public void writeColorPng(Path file, int[] classMap, int height, int width) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(colorize(classMap, height, width), "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }
}
