package ai.acosp.train.log;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The console of a run, saved: while open, everything written to {@code System.out} and {@code
 * System.err} (including log messages) is also appended to a log file. A progress bar is drawn on
 * the terminal only, and only when one is attached.
 */
public class ConsoleLog implements Closeable {

    private static final int BAR_WIDTH = 30;

    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final OutputStream file;
    private final boolean terminal;
    private boolean barShown;

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
     * Draws a progress bar on the terminal (not in the file); does nothing without a terminal.
     *
     * @param label text before the bar, e.g. the epoch
     * @param done the finished steps
     * @param total all steps
     * @param suffix text after the bar, e.g. the remaining time
     */
    public synchronized void progress(String label, long done, long total, String suffix) {
        if (!terminal || total <= 0) {
            return;
        }
        int filled = (int) (BAR_WIDTH * Math.min(done, total) / total);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        originalOut.print(
                String.format(
                        Locale.ROOT, "\r%s [%s] %d/%d %s", label, bar, done, total, suffix));
        originalOut.flush();
        barShown = true;
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
        if (barShown) {
            originalOut.print("\r\033[K");
            barShown = false;
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
