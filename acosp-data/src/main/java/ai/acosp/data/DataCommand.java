package ai.acosp.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;

/**
 * How the command-line programs of this module ({@code SyntheticSegmentation}, {@code
 * CityscapesConverter}, {@code CityscapesListGenerator}, and {@code acosp-bench}'s {@code
 * PipelineBenchmark}) end when something fails: one line on standard error and the exit code that
 * {@code acosp-train}'s tools use for the same kind of failure: 2 for bad arguments (with the
 * usage), 3 for data that cannot be read or written, 1 otherwise. The stack trace comes first only
 * when the environment variable {@code ACOSP_DEBUG} is {@code 1}. ({@code acosp-train}'s {@code
 * cli.EntryPoint} does this for its tools; this module depends on neither of the others, so it has
 * this small reporter.)
 */
public final class DataCommand {

    private DataCommand() {}

    /** The body of a program. */
    @FunctionalInterface
    public interface Body {

        /**
         * Does the program's work.
         *
         * @throws Exception anything; it is reported
         */
        void run() throws Exception;
    }

    /** Bad command-line arguments: exit code 2, with the usage line. */
    public static final class UsageException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param problem what is wrong with the arguments
         */
        public UsageException(String problem) {
            super(problem);
        }
    }

    /**
     * Runs a program and exits with its failure's code when it fails.
     *
     * @param usage the usage line, e.g. {@code "usage: CityscapesConverter <gtFine folder>"}
     * @param body the program
     */
    public static void run(String usage, Body body) {
        int code = execute(usage, body, System.err, "1".equals(System.getenv("ACOSP_DEBUG")));
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs a program and reports a failure without exiting.
     *
     * @param usage the usage line
     * @param body the program
     * @param err where the report goes
     * @param debug whether to print the stack trace
     * @return 0, or the exit code of the failure
     */
    public static int execute(String usage, Body body, PrintStream err, boolean debug) {
        try {
            body.run();
            return 0;
        } catch (Exception e) {
            if (debug) {
                e.printStackTrace(err);
            }
            if (e instanceof UsageException || e instanceof NumberFormatException) {
                // NumberFormatException: a number argument that is not one
                err.println("error: " + e.getMessage() + "; " + usage);
                return 2;
            }
            if (e instanceof NoSuchFileException missing) {
                err.println("error: no such file or folder: " + missing.getFile());
                return 3;
            }
            if (e instanceof IOException) {
                err.println("error: " + e.getMessage());
                return 3;
            }
            err.println("error: " + e + " (ACOSP_DEBUG=1 shows where)");
            return 1;
        }
    }
}
