package ai.acosp.spark;

import ai.acosp.data.meta.ClassPalette;
import ai.acosp.train.inference.PredictionFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The gray and colour PNGs of one task attempt: written under {@code
 * <output>/_attempts/<attempt>/}, then renamed into {@code <output>/gray/} and {@code
 * <output>/color/} one image at a time ({@code ATOMIC_MOVE}), so that a reader never sees a partial
 * file and a retried task replaces a file with the same bytes instead of adding one. An attempt
 * that dies leaves only its staging folder, which {@link #close} or {@link #cleanUp} removes.
 */
public final class StagedPredictionFiles implements AutoCloseable {

    /** The staging folder under the output folder. */
    public static final String STAGING = "_attempts";

    private final Path stage;
    private final PredictionFiles staged;
    private final PredictionFiles target;

    /**
     * Creates the files of one attempt.
     *
     * @param output the output folder (a local or shared file system path)
     * @param palette the colours of the classes
     * @param attempt a name unique to the task attempt
     */
    public StagedPredictionFiles(Path output, ClassPalette palette, String attempt) {
        this.stage = output.resolve(STAGING).resolve(attempt);
        this.staged = new PredictionFiles(stage, palette);
        this.target = new PredictionFiles(output, palette);
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
        staged.write(name, classMap, height, width);
        commit(staged.grayFile(name), target.grayFile(name));
        commit(staged.colorFile(name), target.colorFile(name));
    }

    private static void commit(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes this attempt's staging folder. */
    @Override
    public void close() throws IOException {
        delete(stage);
    }

    /**
     * Removes every attempt's staging folder (after a job).
     *
     * @param output the output folder
     * @throws IOException if a file cannot be deleted
     */
    public static void cleanUp(Path output) throws IOException {
        delete(output.resolve(STAGING));
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
