package ai.acosp.train.failure;

import ai.acosp.data.DataFileException;
import ai.acosp.models.io.WeightFileException;
import ai.acosp.models.io.WeightImportException;
import ai.acosp.train.checkpoint.CheckpointException;
import ai.acosp.train.checkpoint.FileWriteException;
import ai.acosp.train.config.ConfigException;
import ai.acosp.train.config.ExperimentConfig;
import ai.djl.MalformedModelException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Explains a thrown exception as a {@link Failure}. The data loader and DJL wrap what went wrong in
 * their own exceptions (often several levels deep), so the chain of causes is searched for the
 * first exception of this project that names a file; exceptions of the JDK that name a file come
 * next; anything else is reported by its class and message.
 */
public final class Failures {

    private static final String SEE_TRACE = "see the stack trace for where it happened";

    private Failures() {}

    /**
     * Explains an exception.
     *
     * @param thrown what a tool threw
     * @return the failure
     */
    public static Failure of(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            Failure known = ofProject(t);
            if (known != null) {
                return known;
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            Failure known = ofJdk(t);
            if (known != null) {
                return known;
            }
        }
        return new Failure(Failure.OTHER, describe(thrown), null, null, 0, SEE_TRACE);
    }

    /**
     * The stack trace of an exception, for the log file.
     *
     * @param thrown the exception
     * @return its stack trace with causes
     */
    public static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text, true));
        return text.toString();
    }

    /**
     * What a run's log file records of a failure: the line with the stack trace.
     *
     * @param thrown the exception
     * @return the text
     */
    public static String logText(Throwable thrown) {
        return of(thrown).line(true) + System.lineSeparator() + stackTrace(thrown);
    }

    private static Failure ofProject(Throwable t) {
        if (t instanceof ConfigException e) {
            boolean fromFile = isFile(e.getSource());
            String what = (e.getKey() == null ? "" : "key '" + e.getKey() + "' ") + e.getProblem();
            String todo;
            if (!fromFile) {
                todo = "correct the override on the command line";
            } else if (e.getKey() == null) {
                todo = "correct the configuration file";
            } else {
                todo = "correct it in the file, or override it: " + e.getKey() + " VALUE";
            }
            return new Failure(
                    Failure.CONFIGURATION,
                    fromFile ? what : what + " (" + e.getSource() + ")",
                    "in the configuration",
                    fromFile ? Path.of(e.getSource()) : null,
                    e.getLine(),
                    todo);
        }
        if (t instanceof UsageException e) {
            return new Failure(Failure.CONFIGURATION, e.getMessage(), null, null, 0, e.getUsage());
        }
        if (t instanceof DataFileException e) {
            return new Failure(
                    Failure.DATA,
                    e.getProblem(),
                    e.getLine() > 0 ? "in the list" : "in the data",
                    e.getFile(),
                    e.getLine(),
                    e.getLine() > 0
                            ? "fix the file named on that line, or remove the line"
                            : "fix or replace the file");
        }
        if (t instanceof CheckpointException e) {
            return new Failure(
                    Failure.CHECKPOINT, e.getProblem(), "file", e.getFile(), 0, e.getRemedy());
        }
        if (t instanceof FileWriteException e) {
            return new Failure(
                    Failure.OTHER,
                    e.getProblem(),
                    "while writing",
                    e.getFile(),
                    0,
                    "free space or choose another folder (ACOSP_EXP_ROOT, save_path); a previous"
                            + " file of that name is unchanged");
        }
        if (t instanceof WeightFileException e) {
            return new Failure(
                    Failure.CHECKPOINT,
                    e.getProblem(),
                    "file",
                    e.getFile(),
                    0,
                    "use a complete file (copy or download it again, or export it again)");
        }
        if (t instanceof WeightImportException e) {
            return new Failure(
                    Failure.CHECKPOINT,
                    firstLine(e.getMessage()),
                    null,
                    null,
                    0,
                    "use weights of the network the configuration describes");
        }
        if (t instanceof MalformedModelException e) {
            return new Failure(
                    Failure.CHECKPOINT,
                    "the weights do not fit the network: " + firstLine(e.getMessage()),
                    null,
                    null,
                    0,
                    "use weights of the network the configuration describes");
        }
        return null;
    }

    private static Failure ofJdk(Throwable t) {
        if (t instanceof NoSuchFileException e && e.getFile() != null) {
            return new Failure(
                    Failure.OTHER,
                    "no such file",
                    "reading",
                    Path.of(e.getFile()),
                    0,
                    "check the path");
        }
        if (t instanceof AccessDeniedException e && e.getFile() != null) {
            return new Failure(
                    Failure.OTHER,
                    "permission denied",
                    "on",
                    Path.of(e.getFile()),
                    0,
                    "check the permissions of the file and its folder");
        }
        if (t instanceof FileSystemException e && e.getFile() != null) {
            return new Failure(
                    Failure.OTHER,
                    e.getReason() == null ? e.getClass().getSimpleName() : e.getReason(),
                    "on",
                    Path.of(e.getFile()),
                    0,
                    "check the path and the free space");
        }
        if (t instanceof OutOfMemoryError) {
            return new Failure(
                    Failure.OTHER,
                    "out of memory (" + t.getMessage() + ")",
                    null,
                    null,
                    0,
                    "give Java more memory (JAVA_OPTS=-Xmx16g) or lower batch_size or the crop size");
        }
        return null;
    }

    private static boolean isFile(String source) {
        try {
            return !ExperimentConfig.DEFAULT.equals(source) && Files.isRegularFile(Path.of(source));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName()
                + (message == null || message.isBlank() ? "" : ": " + firstLine(message));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
