package ai.acosp.spark;

import ai.acosp.data.meta.ClassPalette;
import ai.acosp.train.inference.PredictionFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The gray and colour PNGs of one task attempt, on any file system Hadoop reaches (a local or
 * shared folder, {@code hdfs:}, {@code s3a:}): written under {@code <output>/_attempts/<attempt>/},
 * then renamed into {@code <output>/gray/} and {@code <output>/color/} one image at a time, so that
 * a reader never sees a partial file and a retried task replaces a file with the same bytes instead
 * of adding one. An attempt that dies leaves only its staging folder, which {@link #close} or
 * {@link #cleanUp} removes.
 */
public final class StagedPredictionFiles implements AutoCloseable {

    /** The staging folder under the output folder. */
    public static final String STAGING = "_attempts";

    private final FileSystem fs;
    private final Path output;
    private final Path stage;
    private final ClassPalette palette;

    /**
     * Creates the files of one attempt.
     *
     * @param output the output folder: a local path or a Hadoop URI
     * @param palette the colours of the classes
     * @param attempt a name unique to the task attempt
     * @param conf the job's Hadoop configuration
     * @throws IOException if the output's file system cannot be reached
     */
    public StagedPredictionFiles(
            String output, ClassPalette palette, String attempt, Configuration conf)
            throws IOException {
        this.output = new Path(output);
        this.fs = fileSystem(this.output, conf);
        this.stage = new Path(new Path(this.output, STAGING), attempt);
        this.palette = palette;
    }

    /**
     * The file system of a path, without the {@code .crc} side files of Hadoop's local file system.
     */
    private static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        if (fs instanceof ChecksumFileSystem checksummed) {
            return checksummed.getRawFileSystem();
        }
        return fs;
    }

    /**
     * Writes both files of one prediction and moves them into place.
     *
     * @param name the image's base name
     * @param classMap the class ids, row by row
     * @param height the rows
     * @param width the columns
     * @throws IOException if writing or renaming fails
     */
    public void write(String name, int[] classMap, int height, int width) throws IOException {
        String file = name + ".png";
        write(PredictionFiles.grayImage(classMap, height, width), "gray", file);
        write(palette.colorize(classMap, height, width), "color", file);
    }

    private void write(BufferedImage image, String kind, String file) throws IOException {
        Path staged = new Path(new Path(stage, kind), file);
        try (OutputStream out = fs.create(staged, true)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer for " + staged);
            }
        }
        Path target = new Path(new Path(output, kind), file);
        fs.mkdirs(target.getParent());
        // a retried task's file has the same bytes: replace it (HDFS does not rename onto a file)
        if (!fs.rename(staged, target)) {
            fs.delete(target, false);
            if (!fs.rename(staged, target)) {
                throw new IOException("cannot move " + staged + " to " + target);
            }
        }
    }

    /** Removes this attempt's staging folder. */
    @Override
    public void close() throws IOException {
        fs.delete(stage, true);
    }

    /**
     * Removes every attempt's staging folder (after a job).
     *
     * @param output the output folder: a local path or a Hadoop URI
     * @param conf the job's Hadoop configuration
     * @throws IOException if a file cannot be deleted
     */
    public static void cleanUp(String output, Configuration conf) throws IOException {
        Path root = new Path(output);
        fileSystem(root, conf).delete(new Path(root, STAGING), true);
    }
}
