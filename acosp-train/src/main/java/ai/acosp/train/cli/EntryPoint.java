package ai.acosp.train.cli;

import ai.acosp.train.failure.Failure;
import ai.acosp.train.failure.Failures;
import ai.acosp.train.run.TrainingStopped;
import java.io.PrintStream;

/**
 * Runs the body of a command-line tool and ends the process the same way for every tool: on success
 * normally; on failure with one line on standard error ({@link Failure#line}) and the failure's
 * exit code; with the stack trace before it only when the environment variable {@value
 * Failure#DEBUG_ENV} is {@code 1} (the runs' log files always hold it). A training run stopped by a
 * signal ends with its resume hint and 130 (SIGINT) or 143 (SIGTERM).
 */
public final class EntryPoint {

    private static final String QUIET_LOADER =
            "org.slf4j.simpleLogger.log.ai.djl.training.dataset.DataIterable";

    private EntryPoint() {}

    /** The body of a tool. */
    @FunctionalInterface
    public interface Body {

        /**
         * Does the tool's work.
         *
         * @throws Exception anything; it is reported
         */
        void run() throws Exception;
    }

    /**
     * Runs a tool and exits with its failure's code when it fails.
     *
     * @param body the tool
     */
    public static void run(Body body) {
        // DJL's data loader logs the failure it then throws; the line below says it once
        System.setProperty(QUIET_LOADER, System.getProperty(QUIET_LOADER, "off"));
        int code = execute(body, System.err, debugRequested());
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs a tool and reports a failure without exiting.
     *
     * @param body the tool
     * @param err where the report goes
     * @param debug whether to print the stack trace
     * @return 0, or the exit code of the failure
     */
    public static int execute(Body body, PrintStream err, boolean debug) {
        try {
            body.run();
            return 0;
        } catch (TrainingStopped stopped) {
            err.println(stopped.getMessage());
            return stopped.exitCode();
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            Failure failure = Failures.of(e);
            if (debug) {
                e.printStackTrace(err);
            }
            err.println(failure.line(debug));
            err.flush();
            return failure.exitCode();
        }
    }

    /**
     * Whether stack traces were asked for.
     *
     * @return true when {@value Failure#DEBUG_ENV} is {@code 1}
     */
    public static boolean debugRequested() {
        return "1".equals(System.getenv(Failure.DEBUG_ENV));
    }
}
