package ai.acosp.train.metrics;

/**
 * Per-class intersection, union and target pixel counts accumulated over predictions, and the
 * figures derived from them, exactly as semseg's {@code intersectionAndUnion}: pixels labelled
 * {@code ignore_label} (or outside {@code 0..classes-1}) are skipped; {@code IoU = I / (U +
 * 1e-10)}, {@code Acc = I / (T + 1e-10)} per class; mIoU and mAcc are means over all classes (a
 * class that never occurs counts as 0, as in semseg); {@code allAcc = sum I / (sum T + 1e-10)}.
 * Serializable, so that a distributed job (acosp-spark) can add up the counts of its tasks.
 */
public class SegmentationMetrics implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private static final double EPSILON = 1e-10;

    private final int classes;
    private final int ignoreLabel;
    private final long[] intersection;
    private final long[] union;
    private final long[] target;

    /**
     * Creates empty counts.
     *
     * @param classes the number of classes
     * @param ignoreLabel the label value without a class
     */
    public SegmentationMetrics(int classes, int ignoreLabel) {
        this.classes = classes;
        this.ignoreLabel = ignoreLabel;
        intersection = new long[classes];
        union = new long[classes];
        target = new long[classes];
    }

    /**
     * Adds one prediction.
     *
     * @param prediction predicted class per pixel
     * @param label true class per pixel, same length
     * @return the counts of this prediction alone, for per-batch figures
     */
    public SegmentationMetrics add(int[] prediction, int[] label) {
        if (prediction.length != label.length) {
            throw new IllegalArgumentException(
                    "prediction has " + prediction.length + " pixels, label " + label.length);
        }
        SegmentationMetrics single = new SegmentationMetrics(classes, ignoreLabel);
        for (int i = 0; i < label.length; i++) {
            int truth = label[i];
            if (truth == ignoreLabel || truth < 0 || truth >= classes) {
                continue;
            }
            int predicted = prediction[i];
            single.target[truth]++;
            if (predicted == truth) {
                single.intersection[truth]++;
                single.union[truth]++;
            } else {
                single.union[truth]++;
                if (predicted >= 0 && predicted < classes) {
                    single.union[predicted]++;
                }
            }
        }
        add(single);
        return single;
    }

    /**
     * Adds the counts of another accumulation.
     *
     * @param other counts over the same classes
     */
    public void add(SegmentationMetrics other) {
        for (int c = 0; c < classes; c++) {
            intersection[c] += other.intersection[c];
            union[c] += other.union[c];
            target[c] += other.target[c];
        }
    }

    /**
     * The number of classes.
     *
     * @return C
     */
    public int classes() {
        return classes;
    }

    /**
     * Intersection over union per class.
     *
     * @return C values
     */
    public double[] iou() {
        double[] iou = new double[classes];
        for (int c = 0; c < classes; c++) {
            iou[c] = intersection[c] / (union[c] + EPSILON);
        }
        return iou;
    }

    /**
     * Accuracy (recall) per class.
     *
     * @return C values
     */
    public double[] accuracy() {
        double[] acc = new double[classes];
        for (int c = 0; c < classes; c++) {
            acc[c] = intersection[c] / (target[c] + EPSILON);
        }
        return acc;
    }

    /**
     * Mean IoU over all classes.
     *
     * @return mIoU
     */
    public double meanIou() {
        return mean(iou());
    }

    /**
     * Mean accuracy over all classes.
     *
     * @return mAcc
     */
    public double meanAccuracy() {
        return mean(accuracy());
    }

    /**
     * The share of correctly classified labelled pixels.
     *
     * @return allAcc
     */
    public double allAccuracy() {
        long i = 0;
        long t = 0;
        for (int c = 0; c < classes; c++) {
            i += intersection[c];
            t += target[c];
        }
        return i / (t + EPSILON);
    }

    /**
     * The summary line of semseg: {@code mIoU/mAcc/allAcc 0.4142/0.5148/0.8012.}
     *
     * @return the line
     */
    public String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "mIoU/mAcc/allAcc %.4f/%.4f/%.4f.",
                meanIou(),
                meanAccuracy(),
                allAccuracy());
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }
}
