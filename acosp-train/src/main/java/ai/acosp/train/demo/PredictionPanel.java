package ai.acosp.train.demo;

import ai.acosp.data.image.ImageIo;
import ai.acosp.data.image.OpenCv;
import ai.acosp.data.meta.ClassPalette;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A picture of predictions: one row per image (the image, then class maps such as the ground truth
 * and the predictions of several models, each coloured with the palette and enlarged without
 * smoothing), column titles on top and the palette's legend below.
 */
public final class PredictionPanel {

    private static final int GAP = 6;
    private static final int TITLE_HEIGHT = 22;
    private static final int LEGEND_HEIGHT = 28;
    private static final int SWATCH = 14;
    private static final double FONT_SCALE = 0.45;
    private static final Scalar WHITE = new Scalar(255, 255, 255);
    private static final Scalar BLACK = new Scalar(0, 0, 0);

    private PredictionPanel() {}

    /**
     * One row: an RGB image and class maps of the same size.
     *
     * @param rgb {@code height * width * 3} bytes, R, G, B per pixel
     * @param maps class maps, {@code height * width} class ids each, one per map column
     * @param height the rows of the image
     * @param width the columns of the image
     */
    public record Row(byte[] rgb, List<int[]> maps, int height, int width) {}

    /**
     * Draws the panel and writes it as PNG.
     *
     * @param file the PNG to write (its folder is created)
     * @param titles the column titles: the image's, then one per class map
     * @param rows the rows, all of the same size
     * @param palette the class colours and names
     * @param scale the enlargement of every tile
     * @throws IOException if the file cannot be written
     */
    public static void write(
            Path file, List<String> titles, List<Row> rows, ClassPalette palette, int scale)
            throws IOException {
        OpenCv.load();
        int tileH = rows.get(0).height() * scale;
        int tileW = rows.get(0).width() * scale;
        int columns = titles.size();
        int legendRows = legendRows(palette, columns * (tileW + GAP));
        int width = GAP + columns * (tileW + GAP);
        int height = TITLE_HEIGHT + rows.size() * (tileH + GAP) + legendRows * LEGEND_HEIGHT + GAP;
        Mat canvas = new Mat(height, width, CvType.CV_8UC3, WHITE);
        try {
            for (int c = 0; c < columns; c++) {
                text(canvas, titles.get(c), GAP + c * (tileW + GAP), TITLE_HEIGHT - 7);
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                int y = TITLE_HEIGHT + r * (tileH + GAP);
                paste(canvas, rgbMat(row.rgb(), row.height(), row.width()), GAP, y, tileW, tileH);
                for (int m = 0; m < row.maps().size(); m++) {
                    Mat colored =
                            rgbMat(colorize(row.maps().get(m), palette), row.height(), row.width());
                    paste(canvas, colored, GAP + (m + 1) * (tileW + GAP), y, tileW, tileH);
                }
            }
            drawLegend(canvas, palette, TITLE_HEIGHT + rows.size() * (tileH + GAP), width);
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIo.write(file, canvas);
        } finally {
            canvas.release();
        }
    }

    private static byte[] colorize(int[] map, ClassPalette palette) {
        byte[] rgb = new byte[map.length * 3];
        for (int p = 0; p < map.length; p++) {
            int[] color =
                    map[p] >= 0 && map[p] < palette.size()
                            ? palette.getColor(map[p])
                            : new int[] {255, 255, 255};
            for (int k = 0; k < 3; k++) {
                rgb[p * 3 + k] = (byte) color[k];
            }
        }
        return rgb;
    }

    private static Mat rgbMat(byte[] rgb, int height, int width) {
        Mat mat = new Mat(height, width, CvType.CV_8UC3);
        mat.put(0, 0, rgb);
        return mat;
    }

    /** Enlarges {@code tile} (released here) into the canvas at (x, y). */
    private static void paste(Mat canvas, Mat tile, int x, int y, int w, int h) {
        Mat target = canvas.submat(new Rect(x, y, w, h));
        Imgproc.resize(tile, target, new Size(w, h), 0, 0, Imgproc.INTER_NEAREST);
        target.release();
        tile.release();
    }

    private static int legendRows(ClassPalette palette, int width) {
        int rows = 1;
        int x = GAP;
        for (String name : palette.getNames()) {
            int entry = entryWidth(name);
            if (x + entry > width && x > GAP) {
                rows++;
                x = GAP;
            }
            x += entry;
        }
        return rows;
    }

    private static void drawLegend(Mat canvas, ClassPalette palette, int top, int width) {
        int x = GAP;
        int y = top + GAP;
        for (int c = 0; c < palette.size(); c++) {
            String name = palette.getNames().get(c);
            int entry = entryWidth(name);
            if (x + entry > width && x > GAP) {
                x = GAP;
                y += LEGEND_HEIGHT;
            }
            int[] color = palette.getColor(c);
            Imgproc.rectangle(
                    canvas,
                    new Point(x, y),
                    new Point(x + SWATCH, y + SWATCH),
                    new Scalar(color[0], color[1], color[2]),
                    -1);
            Imgproc.rectangle(canvas, new Point(x, y), new Point(x + SWATCH, y + SWATCH), BLACK, 1);
            text(canvas, name, x + SWATCH + 5, y + SWATCH - 2);
            x += entry;
        }
    }

    private static int entryWidth(String name) {
        int[] baseline = new int[1];
        return SWATCH
                + 5
                + (int)
                        Imgproc.getTextSize(
                                        name, Imgproc.FONT_HERSHEY_SIMPLEX, FONT_SCALE, 1, baseline)
                                .width
                + 18;
    }

    private static void text(Mat canvas, String text, int x, int baselineY) {
        Imgproc.putText(
                canvas,
                text,
                new Point(x, baselineY),
                Imgproc.FONT_HERSHEY_SIMPLEX,
                FONT_SCALE,
                BLACK,
                1,
                Imgproc.LINE_AA);
    }
}
