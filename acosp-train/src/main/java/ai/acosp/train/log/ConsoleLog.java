package ai.acosp.train.log;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The console of a run, saved: while open, everything written to {@code System.out} and {@code
 * System.err} (including log messages) is also appended to a log file. Progress is a {@link
 * Progress} line drawn on the terminal only (not in the file) when one is attached, else plain
 * lines at every tenth of the work.
 */
public class ConsoleLog implements Closeable {

    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final OutputStream file;
    private final boolean terminal;
    private Progress progress;

    /**
     * Starts copying the console to a file.
     *
     * @param logFile the file, appended to; its folder is created
     * @throws IOException if the file cannot be opened
     */
    public ConsoleLog(Path logFile) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        file = new FileOutputStream(logFile.toFile(), true);
        originalOut = System.out;
        originalErr = System.err;
        terminal = System.console() != null;
        System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
    }

    /**
     * Prints a line to the console and the file.
     *
     * @param line the text
     */
    public void println(String line) {
        clearBar();
        System.out.println(line);
    }

    /**
     * Reports the progress of a phase (see {@link Progress}); a new label starts a new phase.
     *
     * @param label the phase, e.g. {@code Training segnet}
     * @param done the finished steps
     * @param total all steps
     * @param suffix text after the figures, e.g. the loss
     */
    public synchronized void progress(String label, long done, long total, String suffix) {
        if (total <= 0) {
            return;
        }
        if (progress == null || !progress.label().equals(label)) {
            clearBar();
            progress =
                    new Progress(terminal ? originalOut : System.out, terminal, label, total, "");
        }
        if (done >= total) {
            progress.finish(suffix);
            progress = null;
        } else {
            progress.update(done, suffix);
        }
    }

    /**
     * Writes text to the log file only, e.g. a stack trace the console shows only on request.
     *
     * @param text the text; a line break is added
     */
    public void logOnly(String text) {
        System.out.flush();
        System.err.flush();
        byte[] bytes = (text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        synchronized (file) {
            try {
                file.write(bytes);
                file.flush();
            } catch (IOException e) {
                originalErr.println("cannot write the log file: " + e.getMessage());
            }
        }
    }

    private synchronized void clearBar() {
        if (progress != null) {
            progress.clear();
        }
    }

    /** Stops copying and restores the console. */
    @Override
    public void close() throws IOException {
        clearBar();
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
        file.close();
    }

    private final class Tee extends OutputStream {

        private final PrintStream console;

        Tee(PrintStream console) {
            this.console = console;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            synchronized (file) {
                file.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            synchronized (file) {
                file.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            console.flush();
            synchronized (file) {
                file.flush();
            }
        }
    }
}
