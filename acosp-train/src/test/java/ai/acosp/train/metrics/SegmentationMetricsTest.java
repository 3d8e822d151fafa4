package ai.acosp.train.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentationMetricsTest {

    @Test
    void handMadeConfusion() {
        // 3 classes, ignore 255. Pixel pairs (pred, label):
        // (0,0) (0,0) (1,0) (1,1) (2,1) (2,2) (0,255) (1,255)
        SegmentationMetrics m = new SegmentationMetrics(3, 255);
        m.add(new int[] {0, 0, 1, 1, 2, 2, 0, 1}, new int[] {0, 0, 0, 1, 1, 2, 255, 255});
        // intersection 2,1,1; union: c0 = pred{0,0} U label{0,0,0} = 3, c1 = 3, c2 = 2;
        // target 3,2,1
        assertArrayEquals(new double[] {2 / 3.0, 1 / 3.0, 1 / 2.0}, m.iou(), 1e-9);
        assertArrayEquals(new double[] {2 / 3.0, 1 / 2.0, 1.0}, m.accuracy(), 1e-9);
        assertEquals((2 / 3.0 + 1 / 3.0 + 0.5) / 3, m.meanIou(), 1e-9);
        assertEquals((2 / 3.0 + 0.5 + 1) / 3, m.meanAccuracy(), 1e-9);
        assertEquals(4 / 6.0, m.allAccuracy(), 1e-9);
    }

    @Test
    void absentClassCountsAsZeroAndBatchesAdd() {
        SegmentationMetrics total = new SegmentationMetrics(2, 255);
        SegmentationMetrics first = total.add(new int[] {0, 0}, new int[] {0, 0});
        assertEquals(1.0, first.iou()[0], 1e-9);
        assertEquals(0.0, first.iou()[1], 1e-9);
        assertEquals(0.5, first.meanIou(), 1e-9);
        total.add(new int[] {1, 0}, new int[] {1, 1});
        assertArrayEquals(new double[] {2 / 3.0, 1 / 2.0}, total.iou(), 1e-9);
        assertEquals(3 / 4.0, total.allAccuracy(), 1e-9);
    }

    @Test
    void resultsCsv() throws Exception {
        SegmentationMetrics m = new SegmentationMetrics(2, 255);
        m.add(new int[] {0, 1, 1, 1}, new int[] {0, 1, 0, 1});
        StringWriter out = new StringWriter();
        ClassResults.write(m, List.of("road", "car, parked"), out);
        assertEquals(
                "class,IoU,Acc\nmean,0.5833,0.7500\nroad,0.5000,0.5000\n\"car, parked\",0.6667,1.0000\n",
                out.toString());
        assertEquals("mIoU/mAcc/allAcc 0.5833/0.7500/0.7500.", m.summary());
    }
}
