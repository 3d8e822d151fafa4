package ai.acosp.train.run;

import java.nio.file.Path;

/**
 * A training run that a signal (SIGINT, SIGTERM) stopped after saving a checkpoint. Its message
 * says how to resume; {@link #exitCode()} is what a process killed by that signal returns.
 */
public class TrainingStopped extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final transient Path checkpoint;

    /**
     * Creates the exception.
     *
     * @param message what happened and how to resume
     * @param exitCode 128 + the signal number
     * @param checkpoint the checkpoint written on the stop
     */
    public TrainingStopped(String message, int exitCode, Path checkpoint) {
        super(message);
        this.exitCode = exitCode;
        this.checkpoint = checkpoint;
    }

    /**
     * The exit code for the process: 130 for SIGINT, 143 for SIGTERM.
     *
     * @return the code
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The checkpoint to resume from.
     *
     * @return the file
     */
    public Path checkpoint() {
        return checkpoint;
    }
}
