package ai.acosp.spark;

import ai.acosp.train.metrics.SegmentationMetrics;
import org.apache.spark.util.AccumulatorV2;

/**
 * The confusion counts of an evaluation added up over Spark's tasks: each task adds its images'
 * {@link SegmentationMetrics} once, and Spark merges the tasks' copies on the driver (for the
 * result stage of a job, once per partition even when a task is retried).
 */
public final class MetricsAccumulator
        extends AccumulatorV2<SegmentationMetrics, SegmentationMetrics> {

    private static final long serialVersionUID = 1L;

    private final int classes;
    private final int ignoreLabel;
    private SegmentationMetrics metrics;
    private boolean zero = true;

    /**
     * Creates empty counts.
     *
     * @param classes the number of classes
     * @param ignoreLabel the label value without a class
     */
    public MetricsAccumulator(int classes, int ignoreLabel) {
        this.classes = classes;
        this.ignoreLabel = ignoreLabel;
        this.metrics = new SegmentationMetrics(classes, ignoreLabel);
    }

    /**
     * The label value without a class.
     *
     * @return {@code ignore_label}
     */
    public int ignoreLabel() {
        return ignoreLabel;
    }

    /** {@inheritDoc} */
    @Override
    public boolean isZero() {
        return zero;
    }

    /** {@inheritDoc} */
    @Override
    public AccumulatorV2<SegmentationMetrics, SegmentationMetrics> copy() {
        MetricsAccumulator copy = new MetricsAccumulator(classes, ignoreLabel);
        copy.metrics.add(metrics);
        copy.zero = zero;
        return copy;
    }

    /** {@inheritDoc} */
    @Override
    public void reset() {
        metrics = new SegmentationMetrics(classes, ignoreLabel);
        zero = true;
    }

    /** {@inheritDoc} */
    @Override
    public void add(SegmentationMetrics v) {
        metrics.add(v);
        zero = false;
    }

    /** {@inheritDoc} */
    @Override
    public void merge(AccumulatorV2<SegmentationMetrics, SegmentationMetrics> other) {
        add(other.value());
    }

    /** {@inheritDoc} */
    @Override
    public SegmentationMetrics value() {
        return metrics;
    }
}
