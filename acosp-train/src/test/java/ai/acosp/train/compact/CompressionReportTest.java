package ai.acosp.train.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.acosp.train.metrics.SegmentationMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one compression table, to the character. */
class CompressionReportTest {

    /**
     * The README's demo table: its counts, sizes and times, with test figures of known counts (1,
     * then mIoU (2/3 + 1/2) / 2, mAcc (1 + 1/2) / 2, allAcc 3/4).
     */
    @Test
    void theDemoTable() {
        SegmentationMetrics dense = metrics(new int[] {0, 0, 1, 1});
        SegmentationMetrics pruned = metrics(new int[] {0, 0, 0, 1});
        CompressionReport report =
                new CompressionReport(
                        List.of(
                                CompressionReport.Row.of(
                                                "SegNet (dense)", 0, 29_445_903, 1_412_038_656L)
                                        .withMetrics(dense)
                                        .withBytes(117_912_345)
                                        .withMilliseconds(37.9),
                                CompressionReport.Row.of(
                                                "SegNet @ ACoSP-4", 25, 2_253_951, 109_434_240)
                                        .withMetrics(pruned)
                                        .withBytes(117_912_345),
                                CompressionReport.Row.of("  compacted", 0, 2_496_135, 134_286_336)
                                        .withMetrics(pruned)
                                        .withBytes(10_081_234)
                                        .withMilliseconds(7.33)));
        assertEquals(17, report.nameWidth());
        assertEquals(
                "model               mIoU   mAcc allAcc masked   parameters (ratio)     MACs/image (ratio)      file (ratio)  inference (speed-up)\n"
                        + "SegNet (dense)    1.0000 1.0000 1.0000      0  29,445,903 ( 1.00x)  1,412,038,656 ( 1.00x)  117.9 MB ( 1.0x)    37.9 ms (1.00x)\n"
                        + "SegNet @ ACoSP-4  0.5833 0.7500 0.7500     25   2,253,951 (13.06x)   109,434,240 (12.90x)  117.9 MB ( 1.0x)  \n"
                        + "  compacted       0.5833 0.7500 0.7500      0   2,496,135 (11.80x)   134,286,336 (10.52x)   10.1 MB (11.7x)     7.3 ms (5.17x)\n",
                report.table());
    }

    /**
     * tool/compact.sh's table: no test figures, the dense network has no file (its ratio is the
     * masked checkpoint's), every network timed.
     */
    @Test
    void compactShTable() {
        CompressionReport report =
                new CompressionReport(
                        List.of(
                                CompressionReport.Row.of("dense", 0, 1000, 80_000)
                                        .withMilliseconds(4.0),
                                CompressionReport.Row.of("masked", 3, 250, 20_000)
                                        .withBytes(4_000_000)
                                        .withMilliseconds(5.0),
                                CompressionReport.Row.of("compact", 0, 300, 25_000)
                                        .withBytes(1_000_000)
                                        .withMilliseconds(1.0)));
        assertEquals(
                "model    masked   parameters (ratio)     MACs/image (ratio)      file (ratio)  inference (speed-up)\n"
                        + "dense         0       1,000 ( 1.00x)        80,000 ( 1.00x)                       4.0 ms (1.00x)\n"
                        + "masked        3         250 ( 4.00x)        20,000 ( 4.00x)    4.0 MB ( 1.0x)     5.0 ms (0.80x)\n"
                        + "compact       0         300 ( 3.33x)        25,000 ( 3.20x)    1.0 MB ( 4.0x)     1.0 ms (4.00x)\n",
                report.table());
    }

    /** Counts alone: no file and no time columns. */
    @Test
    void countsOnly() {
        CompressionReport report =
                new CompressionReport(
                        List.of(
                                CompressionReport.Row.of("dense", 0, 1000, 80_000),
                                CompressionReport.Row.of("ACoSP-16 compact", 0, 10, 1_000)));
        assertEquals(
                "model             masked   parameters (ratio)     MACs/image (ratio)\n"
                        + "dense                  0       1,000 ( 1.00x)        80,000 ( 1.00x)\n"
                        + "ACoSP-16 compact       0          10 (100.00x)         1,000 (80.00x)\n",
                report.table());
    }

    @Test
    void aReportNeedsItsDenseRow() {
        assertThrows(IllegalArgumentException.class, () -> new CompressionReport(List.of()));
    }

    /** Two classes, label {@code 0 0 1 1}: the prediction decides the figures. */
    private static SegmentationMetrics metrics(int[] prediction) {
        SegmentationMetrics metrics = new SegmentationMetrics(2, 255);
        metrics.add(prediction, new int[] {0, 0, 1, 1});
        return metrics;
    }
}
