package ai.acosp.train.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file that could not be written (disk full, a folder that cannot be created or written): names
 * the file, the reason, and, where space may be the cause, the free space against what the file
 * needs. The file's previous content is unchanged.
 */
public class FileWriteException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param file the file being written
     * @param problem what went wrong, with free and needed space where known
     * @param cause the underlying exception
     */
    public FileWriteException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /**
     * The file being written.
     *
     * @return the file
     */
    public Path getFile() {
        return file;
    }

    /**
     * What went wrong, without the file name.
     *
     * @return the problem
     */
    public String getProblem() {
        return problem;
    }

    /**
     * Formats a byte count for people.
     *
     * @param bytes the count
     * @return e.g. {@code 12.3 MB}
     */
    static String size(long bytes) {
        return bytes < 1 << 20
                ? String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
