package ai.acosp.train.inference;

import ai.acosp.data.meta.ClassPalette;
import ai.acosp.data.semseg.SemSegDataset;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The prediction files of a test run: {@code <save_folder>/gray/<name>.png} (class ids as 8-bit
 * gray values) and {@code <save_folder>/color/<name>.png} (the data set palette), named after the
 * image's base name; {@code tool/predict.sh} adds {@code overlay/<name>.jpg} (the image blended
 * with the colour map).
 */
public class PredictionFiles {

    private final Path gray;
    private final Path color;
    private final Path overlay;
    private final ClassPalette palette;

    /**
     * Creates the writer.
     *
     * @param saveFolder the folder that holds {@code gray/} and {@code color/}
     * @param palette the colours of the classes
     */
    public PredictionFiles(Path saveFolder, ClassPalette palette) {
        this.gray = saveFolder.resolve("gray");
        this.color = saveFolder.resolve("color");
        this.overlay = saveFolder.resolve("overlay");
        this.palette = palette;
    }

    /**
     * The base name of an image file: its file name without extension.
     *
     * @param image the image path
     * @return e.g. {@code frankfurt_000000_000294_leftImg8bit}
     */
    public static String baseName(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * The gray file of an image.
     *
     * @param name the base name
     * @return its path
     */
    public Path grayFile(String name) {
        return gray.resolve(name + ".png");
    }

    /**
     * The colour file of an image.
     *
     * @param name the base name
     * @return its path
     */
    public Path colorFile(String name) {
        return color.resolve(name + ".png");
    }

    /**
     * The overlay file of an image.
     *
     * @param name the base name
     * @return its path
     */
    public Path overlayFile(String name) {
        return overlay.resolve(name + ".jpg");
    }

    /**
     * Writes the image blended half and half with the colour map, as a JPEG.
     *
     * @param name the base name
     * @param rgb the image's pixels, {@code R, G, B} row by row, values 0..255
     * @param classMap the class ids, row by row
     * @param height the rows
     * @param width the columns
     * @throws IOException if writing fails
     */
    public void writeOverlay(String name, float[] rgb, int[] classMap, int height, int width)
            throws IOException {
        Files.createDirectories(overlay);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < classMap.length; p++) {
            int[] c = palette.getColor(classMap[p]);
            int r = Math.round((rgb[3 * p] + c[0]) / 2);
            int g = Math.round((rgb[3 * p + 1] + c[1]) / 2);
            int b = Math.round((rgb[3 * p + 2] + c[2]) / 2);
            out.setRGB(p % width, p / width, (r << 16) | (g << 8) | b);
        }
        if (!ImageIO.write(out, "jpg", overlayFile(name).toFile())) {
            throw new IOException("no JPEG writer for " + overlayFile(name));
        }
    }

    /**
     * Writes both files of one prediction.
     *
     * @param name the base name
     * @param classMap the class ids, row by row
     * @param height the rows
     * @param width the columns
     * @throws IOException if writing fails
     */
    public void write(String name, int[] classMap, int height, int width) throws IOException {
        Files.createDirectories(gray);
        Files.createDirectories(color);
        if (!ImageIO.write(grayImage(classMap, height, width), "png", grayFile(name).toFile())) {
            throw new IOException("no PNG writer for " + grayFile(name));
        }
        palette.writeColorPng(colorFile(name), classMap, height, width);
    }

    /**
     * The gray image of a class map: one byte per pixel, the class id.
     *
     * @param classMap the class ids, row by row
     * @param height the rows
     * @param width the columns
     * @return the image that {@link #write} saves as the gray PNG
     */
    public static BufferedImage grayImage(int[] classMap, int height, int width) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, width, height, 0, classMap);
        return image;
    }

    /**
     * Reads a saved gray prediction ({@code has_prediction: True}).
     *
     * @param name the base name
     * @return the class ids, row by row
     * @throws IOException if the file is missing or unreadable
     */
    public int[] readGray(String name) throws IOException {
        Path file = grayFile(name);
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("cannot read prediction " + file);
        }
        Raster raster = image.getRaster();
        return raster.getSamples(0, 0, image.getWidth(), image.getHeight(), 0, (int[]) null);
    }

    /**
     * The share of a data set's pixels where these saved predictions and another run's agree.
     *
     * @param other the other run's prediction files
     * @param data the data set both runs predicted
     * @return the agreeing share, 0 to 1
     * @throws IOException if a prediction is missing or unreadable
     */
    public double agreement(PredictionFiles other, SemSegDataset data) throws IOException {
        long same = 0;
        long all = 0;
        for (int i = 0; i < data.getList().size(); i++) {
            String name = baseName(data.getEntry(i).image());
            int[] x = readGray(name);
            int[] y = other.readGray(name);
            for (int p = 0; p < x.length; p++) {
                same += x[p] == y[p] ? 1 : 0;
            }
            all += x.length;
        }
        return (double) same / all;
    }
}
