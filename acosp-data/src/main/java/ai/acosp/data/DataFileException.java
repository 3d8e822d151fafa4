package ai.acosp.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A problem with a data file, reported as one line {@code file:line: problem}.
 *
 * <p>The line number is 1-based; it is omitted when the problem is not tied to a line.
 */
public class DataFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String problem;

    /**
     * Creates an exception for a problem on one line of a file.
     *
     * @param file the file (a list file, an image, a label) the problem is about
     * @param line the 1-based line number, or 0 when no line applies
     * @param problem what is wrong, without the file name
     */
    public DataFileException(Path file, int line, String problem) {
        super(format(file, line, problem));
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /**
     * Creates an exception for a problem on one line of a file, with its cause.
     *
     * @param file the file (a list file, an image, a label) the problem is about
     * @param line the 1-based line number, or 0 when no line applies
     * @param problem what is wrong, without the file name
     * @param cause the underlying exception
     */
    public DataFileException(Path file, int line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /**
     * Returns the file the problem is about.
     *
     * @return the file
     */
    public Path getFile() {
        return file;
    }

    /**
     * Returns the 1-based line number, or 0 when no line applies.
     *
     * @return the line number
     */
    public int getLine() {
        return line;
    }

    /**
     * Returns what is wrong, without the file name and line.
     *
     * @return the problem
     */
    public String getProblem() {
        return problem;
    }

    private static String format(Path file, int line, String problem) {
        return line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem;
    }
}
