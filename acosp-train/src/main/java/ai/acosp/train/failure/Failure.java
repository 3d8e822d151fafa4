package ai.acosp.train.failure;

import java.nio.file.Path;

/**
 * A failure as the user sees it: what went wrong, where (a file and line, when there is one), what
 * to do, and the exit code of the process.
 *
 * @param exitCode the process exit code, one of the constants of this class
 * @param what what went wrong
 * @param where the kind of place, e.g. {@code in the data list}, or null
 * @param file the file the problem is in, or null
 * @param line the 1-based line in the file, or 0
 * @param todo what to do about it
 */
public record Failure(int exitCode, String what, String where, Path file, int line, String todo) {

    /** The environment variable that shows stack traces. */
    public static final String DEBUG_ENV = "ACOSP_DEBUG";

    /** Exit code of a failure that is none of the kinds below. */
    public static final int OTHER = 1;

    /** Exit code of a configuration or command-line problem. */
    public static final int CONFIGURATION = 2;

    /** Exit code of a problem with the data (list files, images, labels). */
    public static final int DATA = 3;

    /** Exit code of a problem with a checkpoint or weight file. */
    public static final int CHECKPOINT = 4;

    /**
     * The one line the user sees: {@code error: <what>, <where> (<file>[:<line>]), <todo>}.
     *
     * @param debug whether the stack trace is shown too; if not, the line says how to get it
     * @return the line, without line breaks
     */
    public String line(boolean debug) {
        StringBuilder text = new StringBuilder("error: ").append(what);
        if (file != null) {
            text.append(", ").append(where == null ? "in" : where).append(" (").append(file);
            if (line > 0) {
                text.append(':').append(line);
            }
            text.append(')');
        }
        text.append(", ").append(todo);
        if (!debug) {
            text.append(" (stack trace: set ").append(DEBUG_ENV).append("=1)");
        }
        return text.toString().replaceAll("\\s*\\R\\s*", " ");
    }
}
