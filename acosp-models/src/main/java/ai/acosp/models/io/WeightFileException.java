package ai.acosp.models.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A weight file ({@code torch.save}, safetensors, {@code .npz}, ONNX) that exists but cannot be
 * read: truncated, corrupt or of another format. It names the file, so that a tool can say which
 * one in a single line.
 */
public class WeightFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param file the file
     * @param problem what is wrong with it, without the file's name
     * @param cause the reader's exception, or null
     */
    public WeightFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /**
     * Wraps a reader's failure: the problem is the cause's message with the file's name taken out.
     *
     * @param file the file
     * @param kind what the file should have been, e.g. "a PyTorch state dict"
     * @param cause what the reader threw
     * @return the exception
     */
    public static WeightFileException unreadable(Path file, String kind, Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        String detail =
                message.replace(file.toString() + ": ", "").replace(file.toString(), "the file");
        return new WeightFileException(
                file,
                "the file is truncated or not "
                        + kind
                        + " ("
                        + cause.getClass().getSimpleName()
                        + (detail.isBlank() ? "" : ": " + detail.lines().findFirst().orElse(""))
                        + ")",
                cause);
    }

    /**
     * The file.
     *
     * @return the path as given
     */
    public Path getFile() {
        return file;
    }

    /**
     * What is wrong with it.
     *
     * @return the problem, without the file's name
     */
    public String getProblem() {
        return problem;
    }
}
