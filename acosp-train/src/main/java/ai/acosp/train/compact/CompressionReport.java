package ai.acosp.train.compact;

import ai.acosp.train.metrics.SegmentationMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What compression did to a network: one row per form of it, the dense network first (then, for
 * example, the masked and the compact network), with its parameters and multiply-adds and, where
 * measured, its saved files, its inference time and its test figures. {@link #table()} renders the
 * one table that the demo, {@code tool/compact.sh} and {@code tool/bench.sh infer} print.
 *
 * @param rows the forms of the network, dense first
 */
public record CompressionReport(List<Row> rows) {

    /**
     * Creates a report.
     *
     * @param rows the forms of the network, dense first
     */
    public CompressionReport {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a compression report needs the dense row");
        }
        rows = List.copyOf(rows);
    }

    /**
     * One form of the network.
     *
     * @param name the name in the table
     * @param maskedLayers convolutions that carry a mask (0 for a dense or compact network)
     * @param parameters the learnable parameters that count
     * @param macs multiply-adds for one input
     * @param bytes the size of the saved files, where measured
     * @param milliseconds the median inference time for one input, where timed
     * @param metrics the test figures, where tested
     */
    public record Row(
            String name,
            long maskedLayers,
            long parameters,
            long macs,
            OptionalLong bytes,
            OptionalDouble milliseconds,
            Optional<SegmentationMetrics> metrics) {

        /**
         * A row with the counts only.
         *
         * @param name the name in the table
         * @param maskedLayers convolutions that carry a mask
         * @param parameters the learnable parameters that count
         * @param macs multiply-adds for one input
         * @return the row
         */
        public static Row of(String name, long maskedLayers, long parameters, long macs) {
            return new Row(
                    name,
                    maskedLayers,
                    parameters,
                    macs,
                    OptionalLong.empty(),
                    OptionalDouble.empty(),
                    Optional.empty());
        }

        /**
         * This row with the size of the saved files.
         *
         * @param size the bytes
         * @return the row
         */
        public Row withBytes(long size) {
            return new Row(
                    name,
                    maskedLayers,
                    parameters,
                    macs,
                    OptionalLong.of(size),
                    milliseconds,
                    metrics);
        }

        /**
         * This row with its inference time.
         *
         * @param time the median milliseconds
         * @return the row
         */
        public Row withMilliseconds(double time) {
            return new Row(
                    name, maskedLayers, parameters, macs, bytes, OptionalDouble.of(time), metrics);
        }

        /**
         * This row with its test figures.
         *
         * @param test the test figures
         * @return the row
         */
        public Row withMetrics(SegmentationMetrics test) {
            return new Row(
                    name, maskedLayers, parameters, macs, bytes, milliseconds, Optional.of(test));
        }
    }

    /**
     * The width of the name column: one more than the longest name.
     *
     * @return the characters
     */
    public int nameWidth() {
        return rows.stream().mapToInt(row -> row.name().length()).max().orElse(0) + 1;
    }

    /**
     * The table: a header, then one line per row with its test figures (where any row has them),
     * masked layers, parameters and multiply-adds with their ratios to the dense row, and the file
     * size and inference time (where any row has them) with their ratios to the first row that has
     * one. Rows without a measured figure leave its column blank.
     *
     * @return the lines
     */
    public String table() {
        boolean tested = rows.stream().anyMatch(row -> row.metrics().isPresent());
        Optional<Row> fileReference = rows.stream().filter(r -> r.bytes().isPresent()).findFirst();
        Optional<Row> timeReference =
                rows.stream().filter(r -> r.milliseconds().isPresent()).findFirst();
        String name = "%-" + nameWidth() + "s";
        StringBuilder text = new StringBuilder();
        text.append(format(name, "model"));
        if (tested) {
            text.append(format(" %6s %6s %6s", "mIoU", "mAcc", "allAcc"));
        }
        text.append(
                format(" %6s  %19s  %21s", "masked", "parameters (ratio)", "MACs/image (ratio)"));
        if (fileReference.isPresent()) {
            text.append(format("  %16s", "file (ratio)"));
        }
        if (timeReference.isPresent()) {
            text.append("  inference (speed-up)");
        }
        text.append('\n');
        Row dense = rows.get(0);
        for (Row row : rows) {
            text.append(format(name, row.name()));
            if (tested && row.metrics().isPresent()) {
                SegmentationMetrics m = row.metrics().get();
                text.append(
                        format(
                                " %6.4f %6.4f %6.4f",
                                m.meanIou(), m.meanAccuracy(), m.allAccuracy()));
            } else if (tested) {
                text.append(format(" %6s %6s %6s", "", "", ""));
            }
            text.append(
                    format(
                            " %6d  %,10d (%5.2fx)  %,12d (%5.2fx)",
                            row.maskedLayers(),
                            row.parameters(),
                            (double) dense.parameters() / row.parameters(),
                            row.macs(),
                            (double) dense.macs() / row.macs()));
            if (fileReference.isPresent()) {
                long reference = fileReference.get().bytes().getAsLong();
                text.append("  ");
                if (row.bytes().isPresent()) {
                    long bytes = row.bytes().getAsLong();
                    text.append(
                            format("%5.1f MB (%4.1fx)", bytes / 1e6, (double) reference / bytes));
                } else {
                    text.append(format("%16s", ""));
                }
            }
            if (timeReference.isPresent() && row.milliseconds().isPresent()) {
                double ms = row.milliseconds().getAsDouble();
                double reference = timeReference.get().milliseconds().getAsDouble();
                text.append(format("  %6.1f ms (%.2fx)", ms, reference / ms));
            } else if (timeReference.isPresent()) {
                text.append("  ");
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
