package ai.acosp.train.metrics;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

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

    private static String row(String name, double iou, double acc) {
        String quoted =
                name.contains(",") || name.contains("\"")
                        ? "\"" + name.replace("\"", "\"\"") + "\""
                        : name;
        return String.format(Locale.ROOT, "%s,%.4f,%.4f\n", quoted, iou, acc);
    }
}
