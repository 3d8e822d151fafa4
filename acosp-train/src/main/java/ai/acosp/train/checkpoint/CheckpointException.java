package ai.acosp.train.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint or weight file that cannot be used: truncated, corrupt, not a checkpoint of this
 * project, or made for another network than the configuration describes. It names the file, what is
 * wrong and what to do.
 */
public class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;
    private final String remedy;

    /**
     * Creates the exception.
     *
     * @param file the checkpoint or weight file
     * @param problem what is wrong, without the file name
     * @param remedy what to do about it
     * @param cause the underlying exception, or null
     */
    public CheckpointException(Path file, String problem, String remedy, Throwable cause) {
        super(file + ": " + problem + "; " + remedy, cause);
        this.file = file;
        this.problem = problem;
        this.remedy = remedy;
    }

    /**
     * The file.
     *
     * @return the checkpoint or weight file
     */
    public Path getFile() {
        return file;
    }

    /**
     * What is wrong.
     *
     * @return the problem, without the file name
     */
    public String getProblem() {
        return problem;
    }

    /**
     * What to do.
     *
     * @return the remedy
     */
    public String getRemedy() {
        return remedy;
    }

    /**
     * A file that ends early or is not a checkpoint of this project at all.
     *
     * @param file the file
     * @param cause what reading it ran into
     * @return the exception
     */
    public static CheckpointException unreadable(Path file, Throwable cause) {
        return new CheckpointException(
                file,
                "the file is truncated or not a checkpoint of this project",
                "use a complete checkpoint (an earlier train_epoch_*.ckpt, or train again)",
                cause);
    }
}
