package ai.acosp.train.log;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The scalars of a run, written twice: as a TensorBoard event file and as {@code scalars.csv}
 * ({@code wall_time,tag,step,value}), both in one folder.
 */
public class ScalarLog implements Closeable {

    /** The CSV file name. */
    public static final String CSV = "scalars.csv";

    private final TfEventWriter events;
    private final BufferedWriter csv;

    /**
     * Opens the log; an existing CSV is appended to (a resumed run continues it).
     *
     * @param folder the folder, created if missing
     * @throws IOException if a file cannot be created
     */
    public ScalarLog(Path folder) throws IOException {
        events = new TfEventWriter(folder);
        Path csvFile = folder.resolve(CSV);
        boolean fresh = !Files.exists(csvFile);
        csv =
                Files.newBufferedWriter(
                        csvFile,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
        if (fresh) {
            csv.write("wall_time,tag,step,value\n");
        }
    }

    /**
     * Records one value.
     *
     * @param tag the series, e.g. {@code mIoU_val}
     * @param step the step (iteration or epoch)
     * @param value the value
     */
    public synchronized void add(String tag, long step, double value) {
        try {
            events.addScalar(tag, (float) value, step);
            csv.write(
                    String.format(
                            Locale.ROOT,
                            "%.3f,%s,%d,%s%n",
                            System.currentTimeMillis() / 1000.0,
                            tag,
                            step,
                            Double.toString(value)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write scalar " + tag, e);
        }
    }

    /**
     * Flushes both files, e.g. at the end of an epoch.
     *
     * @throws UncheckedIOException if writing fails
     */
    public synchronized void flush() {
        try {
            events.flush();
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void close() throws IOException {
        try (events) {
            csv.close();
        }
    }
}
