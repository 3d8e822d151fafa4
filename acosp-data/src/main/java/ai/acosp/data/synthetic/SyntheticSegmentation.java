package ai.acosp.data.synthetic;

import ai.acosp.data.DataCommand;
import ai.acosp.data.SampleSeeds;
import ai.acosp.data.image.ImageIo;
import ai.acosp.data.image.OpenCv;
import ai.acosp.data.meta.ClassPalette;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Generates the synthetic segmentation data set.
 *
 * <p>Classes (ids 0..4): {@code background} (grey, smooth waves), {@code circle} (red, fine noise),
 * {@code rectangle} (blue, stripes), {@code triangle} (yellow, checker board), {@code cross}
 * (green, coarse noise). Every image has 3 to 6 shapes of random class, size, position and
 * rotation; later shapes cover earlier ones, and the label is the true class of every pixel (no
 * anti-aliasing, so image and label agree exactly). Colours jitter per object, so colour, texture
 * and shape all carry the class. Sample {@code i} of a split depends only on {@code (seed, split,
 * i)}.
 *
 * <p>Layout under the root: {@code images/<split>/NNNNNN.png}, {@code labels/<split>/NNNNNN.png},
 * list files {@code train.txt}, {@code val.txt}, {@code test.txt} (relative paths, the semseg
 * format), and {@code synthetic_names.txt}, {@code synthetic_colors.txt}. With the 6-argument
 * {@code generate}, {@code test.txt} lists the validation samples (as semseg tests on val).
 */
public final class SyntheticSegmentation {

    /** The class names, index = class id. */
    public static final List<String> CLASS_NAMES =
            List.of("background", "circle", "rectangle", "triangle", "cross");

    /** The generator's version: a set written by another version looks different. */
    public static final int VERSION = 2;

    /** The number of classes. */
    public static final int NUM_CLASSES = CLASS_NAMES.size();

    /** The base colours of the classes (also their palette colours). */
    private static final int[][] BASE = {
        {128, 128, 128}, {215, 50, 45}, {45, 85, 215}, {225, 205, 45}, {50, 175, 75}
    };

    private static final String[] SPLITS = {"train", "val", "test"};

    /**
     * How far a colour strays from its class's base colour, per channel: enough to vary, small
     * enough that colour alone never confuses two classes, so a network learns them all in the
     * demo's few minutes.
     */
    private static final int OBJECT_JITTER = 15;

    private static final int BACKGROUND_JITTER = 15;

    private SyntheticSegmentation() {}

    /**
     * One rendered sample: interleaved RGB bytes and class ids, both row by row.
     *
     * @param rgb {@code H * W * 3} bytes, R, G, B per pixel
     * @param label {@code H * W} class ids
     * @param height the number of rows
     * @param width the number of columns
     */
    public record Sample(byte[] rgb, byte[] label, int height, int width) {}

    /**
     * The files of a generated set.
     *
     * @param root the data root (paths in the lists are relative to it)
     * @param trainList the training list
     * @param valList the validation list
     * @param testList the test list
     * @param namesFile the class names
     * @param colorsFile the class colours
     */
    public record GeneratedFiles(
            Path root,
            Path trainList,
            Path valList,
            Path testList,
            Path namesFile,
            Path colorsFile) {}

    /**
     * Returns the palette of the synthetic classes.
     *
     * @return names and colours
     */
    public static ClassPalette palette() {
        return new ClassPalette(CLASS_NAMES, BASE);
    }

    /**
     * Generates train and val splits; {@code test.txt} lists the val samples.
     *
     * @param root the folder to write into (created if needed)
     * @param trainCount the number of training images
     * @param valCount the number of validation images
     * @param height the image height
     * @param width the image width
     * @param seed the seed
     * @return the files written
     * @throws IOException if writing fails
     */
    public static GeneratedFiles generate(
            Path root, int trainCount, int valCount, int height, int width, long seed)
            throws IOException {
        return generate(root, trainCount, valCount, 0, height, width, seed);
    }

    /**
     * Generates train, val and test splits; with {@code testCount == 0} {@code test.txt} lists the
     * val samples.
     *
     * @param root the folder to write into (created if needed)
     * @param trainCount the number of training images
     * @param valCount the number of validation images
     * @param testCount the number of separate test images, or 0
     * @param height the image height
     * @param width the image width
     * @param seed the seed
     * @return the files written
     * @throws IOException if writing fails
     */
    public static GeneratedFiles generate(
            Path root,
            int trainCount,
            int valCount,
            int testCount,
            int height,
            int width,
            long seed)
            throws IOException {
        Files.createDirectories(root);
        int[] counts = {trainCount, valCount, testCount};
        List<List<String>> lists = new ArrayList<>();
        for (int s = 0; s < SPLITS.length; s++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < counts[s]; i++) {
                String name = String.format("%06d.png", i);
                String img = "images/" + SPLITS[s] + "/" + name;
                String lab = "labels/" + SPLITS[s] + "/" + name;
                Sample sample = render(sampleSeed(seed, s, i), height, width);
                write(root.resolve(img), root.resolve(lab), sample);
                lines.add(img + " " + lab);
            }
            lists.add(lines);
        }
        if (testCount == 0) {
            lists.set(2, lists.get(1));
        }
        Path[] listFiles = new Path[3];
        for (int s = 0; s < SPLITS.length; s++) {
            listFiles[s] = root.resolve(SPLITS[s] + ".txt");
            Files.write(listFiles[s], lists.get(s), StandardCharsets.UTF_8);
        }
        Path names = root.resolve("synthetic_names.txt");
        Path colors = root.resolve("synthetic_colors.txt");
        palette().write(names, colors);
        return new GeneratedFiles(root, listFiles[0], listFiles[1], listFiles[2], names, colors);
    }

    /**
     * Returns the seed of sample {@code index} of a split (0 train, 1 val, 2 test).
     *
     * @param seed the data set seed
     * @param split the split number
     * @param index the sample index
     * @return the seed for {@link #render}
     */
    public static long sampleSeed(long seed, int split, int index) {
        return SampleSeeds.forSample(seed, split, index);
    }

    /**
     * Renders one sample in memory.
     *
     * @param sampleSeed the sample's seed
     * @param height the image height
     * @param width the image width
     * @return the image and its class map
     */
    public static Sample render(long sampleSeed, int height, int width) {
        OpenCv.load();
        SplittableRandom rng = new SplittableRandom(sampleSeed);
        int n = height * width;
        byte[] rgb = new byte[n * 3];
        byte[] label = new byte[n];
        paintBackground(rgb, height, width, rng);
        int shapes = 3 + rng.nextInt(4);
        Mat mask = new Mat(height, width, CvType.CV_8UC1);
        byte[] m = new byte[n];
        for (int k = 0; k < shapes; k++) {
            int cls = 1 + rng.nextInt(NUM_CLASSES - 1);
            mask.setTo(new Scalar(0));
            drawShape(mask, cls, height, width, rng);
            mask.get(0, 0, m);
            paintObject(rgb, label, m, cls, height, width, rng);
        }
        mask.release();
        return new Sample(rgb, label, height, width);
    }

    private static void paintBackground(byte[] rgb, int h, int w, SplittableRandom rng) {
        int[] base = jitter(BASE[0], BACKGROUND_JITTER, rng);
        double fx = 0.05 + 0.15 * rng.nextDouble();
        double fy = 0.05 + 0.15 * rng.nextDouble();
        double phase = 2 * Math.PI * rng.nextDouble();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double wave = 22 * Math.sin(fx * x + fy * y + phase);
                int noise = rng.nextInt(17) - 8;
                int p = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    rgb[p + c] = clamp(base[c] + wave + noise);
                }
            }
        }
    }

    private static void paintObject(
            byte[] rgb, byte[] label, byte[] mask, int cls, int h, int w, SplittableRandom rng) {
        int[] base = jitter(BASE[cls], OBJECT_JITTER, rng);
        double angle = Math.PI * rng.nextDouble();
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        int period = 4 + rng.nextInt(4);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (mask[i] == 0) {
                    continue;
                }
                label[i] = (byte) cls;
                double t;
                switch (cls) {
                    case 1: // circle: fine noise
                        t = rng.nextInt(25) - 12;
                        break;
                    case 2: // rectangle: stripes
                        t = ((int) Math.floor((x * cos + y * sin) / period) & 1) == 0 ? 20 : -20;
                        break;
                    case 3: // triangle: checker board
                        t = (((x / 3) + (y / 3)) & 1) == 0 ? 20 : -20;
                        break;
                    default: // cross: coarse noise
                        t = rng.nextInt(41) - 20;
                        break;
                }
                int p = i * 3;
                for (int c = 0; c < 3; c++) {
                    rgb[p + c] = clamp(base[c] + t);
                }
            }
        }
    }

    private static void drawShape(Mat mask, int cls, int h, int w, SplittableRandom rng) {
        int side = Math.min(h, w);
        double r = Math.max(4, side * (0.08 + 0.16 * rng.nextDouble()));
        double cx = w * rng.nextDouble();
        double cy = h * rng.nextDouble();
        double rot = 2 * Math.PI * rng.nextDouble();
        Scalar on = new Scalar(255);
        switch (cls) {
            case 1:
                Imgproc.circle(
                        mask, new Point(cx, cy), (int) Math.round(r), on, -1, Imgproc.LINE_8);
                break;
            case 2:
                double aspect = 0.5 + rng.nextDouble();
                fill(mask, box(cx, cy, r * aspect, r / aspect, rot), on);
                break;
            case 3:
                Point[] tri = new Point[3];
                for (int k = 0; k < 3; k++) {
                    double a = rot + k * 2 * Math.PI / 3 + (rng.nextDouble() - 0.5) * 0.6;
                    tri[k] = new Point(cx + r * 1.2 * Math.cos(a), cy + r * 1.2 * Math.sin(a));
                }
                fill(mask, tri, on);
                break;
            default:
                double arm = r * 1.1;
                double thick = Math.max(2, r * 0.35);
                fill(mask, box(cx, cy, arm, thick, rot), on);
                fill(mask, box(cx, cy, thick, arm, rot), on);
                break;
        }
    }

    /** The corners of a box of half-sizes (a, b) rotated by rot about (cx, cy). */
    private static Point[] box(double cx, double cy, double a, double b, double rot) {
        double c = Math.cos(rot);
        double s = Math.sin(rot);
        double[][] corners = {{-a, -b}, {a, -b}, {a, b}, {-a, b}};
        Point[] pts = new Point[4];
        for (int k = 0; k < 4; k++) {
            double x = corners[k][0];
            double y = corners[k][1];
            pts[k] = new Point(cx + x * c - y * s, cy + x * s + y * c);
        }
        return pts;
    }

    private static void fill(Mat mask, Point[] pts, Scalar value) {
        MatOfPoint poly = new MatOfPoint();
        Point[] rounded = new Point[pts.length];
        for (int i = 0; i < pts.length; i++) {
            rounded[i] = new Point(Math.round(pts[i].x), Math.round(pts[i].y));
        }
        poly.fromArray(rounded);
        Imgproc.fillPoly(mask, List.of(poly), value, Imgproc.LINE_8);
        poly.release();
    }

    private static int[] jitter(int[] base, int amount, SplittableRandom rng) {
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) {
            c[k] = base[k] + rng.nextInt(2 * amount + 1) - amount;
        }
        return c;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
    }

    private static void write(Path imageFile, Path labelFile, Sample s) throws IOException {
        Mat img = new Mat(s.height(), s.width(), CvType.CV_8UC3);
        img.put(0, 0, s.rgb());
        ImageIo.write(imageFile, img);
        img.release();
        Mat lab = new Mat(s.height(), s.width(), CvType.CV_8UC1);
        lab.put(0, 0, s.label());
        ImageIo.write(labelFile, lab);
        lab.release();
    }

    /**
     * Command-line entry.
     *
     * @param args {@code <root> [train=400] [val=50] [height=96] [width=128] [seed=42]}
     */
    public static void main(String[] args) {
        DataCommand.run(
                "usage: SyntheticSegmentation <root> [train=400] [val=50] [height=96] [width=128]"
                        + " [seed=42]",
                () -> generateFromArguments(args));
    }

    private static void generateFromArguments(String[] args) throws IOException {
        if (args.length < 1) {
            throw new DataCommand.UsageException("no root folder given");
        }
        int train = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int val = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int h = args.length > 3 ? Integer.parseInt(args[3]) : 96;
        int w = args.length > 4 ? Integer.parseInt(args[4]) : 128;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
        GeneratedFiles f = generate(Path.of(args[0]), train, val, h, w, seed);
        System.out.println(
                "wrote "
                        + train
                        + " train and "
                        + val
                        + " val images of "
                        + h
                        + "x"
                        + w
                        + " to "
                        + f.root()
                        + " (lists train.txt, val.txt, test.txt; "
                        + NUM_CLASSES
                        + " classes)");
    }
}
