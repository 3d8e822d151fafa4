package ai.acosp.train.metrics;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The per-class results file: CSV with header {@code class,IoU,Acc}, first row {@code mean}, then
 * one row per class name.
 */
public final class ClassResults {

    private ClassResults() {}

    /**
     * Writes the results.
     *
     * @param metrics the accumulated counts
     * @param names the class names, one per class
     * @param out where to write
     * @throws IOException if writing fails
     */
    public static void write(SegmentationMetrics metrics, List<String> names, Writer out)
            throws IOException {
        if (names.size() != metrics.classes()) {
            throw new IllegalArgumentException(
                    names.size() + " class names for " + metrics.classes() + " classes");
        }
        double[] iou = metrics.iou();
        double[] acc = metrics.accuracy();
        out.write("class,IoU,Acc\n");
        out.write(row("mean", metrics.meanIou(), metrics.meanAccuracy()));
        for (int c = 0; c < iou.length; c++) {
            out.write(row(names.get(c), iou[c], acc[c]));
        }
    }

    /**
     * Reports the results as the test phase does: a {@code Class_<i> result} line per class and the
     * {@code Eval result} line, then the CSV file, then a line naming it.
     *
     * @param metrics the accumulated counts
     * @param names the class names, one per class
     * @param csv the per-class file to write (its folder is created)
     * @param lines where the lines go
     * @throws IOException if the file cannot be written
     */
    public static void report(
            SegmentationMetrics metrics, List<String> names, Path csv, Consumer<String> lines)
            throws IOException {
        double[] iou = metrics.iou();
        double[] acc = metrics.accuracy();
        for (int c = 0; c < iou.length; c++) {
            lines.accept(
                    String.format(
                            Locale.ROOT,
                            "Class_%d result: iou/accuracy %.4f/%.4f, name: %s.",
                            c,
                            iou[c],
                            acc[c],
                            names.get(c)));
        }
        lines.accept("Eval result: " + metrics.summary());
        Files.createDirectories(csv.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            write(metrics, names, out);
        }
        lines.accept("=> per-class results in " + csv);
    }

    private static String row(String name, double iou, double acc) {
        String quoted =
                name.contains(",") || name.contains("\"")
                        ? "\"" + name.replace("\"", "\"\"") + "\""
                        : name;
        return String.format(Locale.ROOT, "%s,%.4f,%.4f\n", quoted, iou, acc);
    }
}
