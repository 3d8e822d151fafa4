package ai.acosp.train.log;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress of one long phase (training, testing, compaction, timing). On a terminal it is one
 * line that rewrites itself: label, bar, done/total, rate and time left, then a detail such as the
 * loss. Elsewhere (output to a file or a pipe: logs, CI) it prints a plain line at every tenth of
 * the work and one at {@link #finish}, so logs stay short and readable.
 *
 * <p>Rate and time left count from the first update, so a phase that resumes half way (a resumed
 * training) shows the true rate.
 */
public final class Progress {

    private static final int BAR_WIDTH = 24;
    private static final int PLAIN_STEPS = 10;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final long total;
    private final String unit;
    private long firstDone = -1;
    private long firstNanos;
    private int plainPrinted;
    private boolean drawn;

    /**
     * A progress on {@code System.out}, drawn in place when a terminal is attached.
     *
     * @param label what runs, e.g. {@code Training segnet}
     * @param total the number of units of work
     * @param unit the unit's name, e.g. {@code batches}
     */
    public Progress(String label, long total, String unit) {
        this(System.out, System.console() != null, label, total, unit);
    }

    /**
     * A progress on a given stream.
     *
     * @param out where the progress goes
     * @param terminal whether to rewrite one line ({@code true}) or print plain lines
     * @param label what runs
     * @param total the number of units of work
     * @param unit the unit's name
     */
    public Progress(PrintStream out, boolean terminal, String label, long total, String unit) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = Math.max(1, total);
        this.unit = unit;
    }

    /**
     * Returns the label.
     *
     * @return what runs
     */
    public String label() {
        return label;
    }

    /**
     * Reports how much is done.
     *
     * @param done the finished units (at most the total)
     * @param detail text after the figures (may be empty)
     */
    public synchronized void update(long done, String detail) {
        long now = System.nanoTime();
        if (firstDone < 0) {
            firstDone = done;
            firstNanos = now;
        }
        String figures = figures(done, now, detail);
        if (terminal) {
            int filled = (int) (BAR_WIDTH * Math.min(done, total) / total);
            out.print(
                    "\r\033[K"
                            + label
                            + " ["
                            + "#".repeat(filled)
                            + "-".repeat(BAR_WIDTH - filled)
                            + "] "
                            + figures);
            out.flush();
            drawn = true;
        } else {
            int step = (int) (PLAIN_STEPS * Math.min(done, total) / total);
            if (step > plainPrinted && step < PLAIN_STEPS) { // the last line is finish's
                plainPrinted = step;
                out.println(label + ": " + figures);
            }
        }
    }

    /** Erases the line drawn on the terminal (before other output); does nothing otherwise. */
    public synchronized void clear() {
        if (drawn) {
            out.print("\r\033[K");
            out.flush();
            drawn = false;
        }
    }

    /**
     * Ends the phase: on a terminal the last state stays on its own line.
     *
     * @param detail the closing text, e.g. a result
     */
    public synchronized void finish(String detail) {
        if (terminal) {
            update(total, detail);
            out.println();
            drawn = false;
        } else if (plainPrinted < PLAIN_STEPS || !detail.isEmpty()) {
            if (firstDone < 0) {
                firstDone = 0;
                firstNanos = System.nanoTime();
            }
            plainPrinted = PLAIN_STEPS;
            out.println(label + ": " + figures(total, System.nanoTime(), detail));
        }
    }

    private String figures(long done, long now, String detail) {
        double seconds = (now - firstNanos) / 1e9;
        long counted = done - firstDone;
        StringBuilder text = new StringBuilder();
        text.append(done).append('/').append(total);
        if (!unit.isEmpty()) {
            text.append(' ').append(unit);
        }
        if (counted > 0 && seconds > 0) {
            double rate = counted / seconds;
            text.append(
                    rate >= 1
                            ? String.format(Locale.ROOT, ", %.1f/s", rate)
                            : String.format(Locale.ROOT, ", %.1f s each", 1 / rate));
            text.append(
                    done < total
                            ? ", " + clock((total - done) / rate) + " left"
                            : ", took " + clock(seconds));
        }
        if (!detail.isEmpty()) {
            text.append(", ").append(detail);
        }
        return text.toString();
    }

    /**
     * Formats seconds as {@code m:ss} (or {@code h:mm:ss}).
     *
     * @param seconds the duration
     * @return the text
     */
    public static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
