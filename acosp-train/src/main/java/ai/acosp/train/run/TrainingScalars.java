package ai.acosp.train.run;

import ai.acosp.core.MaskStatistics;
import ai.acosp.train.log.ScalarLog;
import ai.acosp.train.metrics.SegmentationMetrics;

/**
 * The scalars a training run logs (TensorBoard events and {@code scalars.csv}): per step the
 * batch's loss, mIoU, mAcc, allAcc and the learning rate; per epoch (step = epochs completed) the
 * training and validation figures and the mask statistics' mean, variance, minimum and maximum.
 */
final class TrainingScalars {

    private final ScalarLog log;

    TrainingScalars(ScalarLog log) {
        this.log = log;
    }

    /** The figures of one training step. */
    void step(long iteration, StepResult result, double learningRate) {
        log.add("loss_train_batch", iteration, result.loss());
        log.add("mIoU_train_batch", iteration, result.metrics().meanIou());
        log.add("mAcc_train_batch", iteration, result.metrics().meanAccuracy());
        log.add("allAcc_train_batch", iteration, result.metrics().allAccuracy());
        log.add("learning_rate", iteration, learningRate);
    }

    /**
     * The figures of an epoch's training ({@code suffix} "train") or validation ("val").
     *
     * @param suffix the tag suffix
     * @param epoch the 0-based epoch; logged at step {@code epoch + 1}
     * @param loss the mean loss
     * @param metrics the epoch's counts
     */
    void epoch(String suffix, int epoch, double loss, SegmentationMetrics metrics) {
        int completed = epoch + 1;
        log.add("loss_" + suffix, completed, loss);
        log.add("mIoU_" + suffix, completed, metrics.meanIou());
        log.add("mAcc_" + suffix, completed, metrics.meanAccuracy());
        log.add("allAcc_" + suffix, completed, metrics.allAccuracy());
    }

    /** The mask statistics after the 0-based {@code epoch}, at step {@code epoch + 1}. */
    void masks(int epoch, MaskStatistics statistics) {
        int completed = epoch + 1;
        statistics
                .aggregates()
                .forEach(
                        (name, aggregate) -> {
                            log.add("pruning/" + name + "_mean", completed, aggregate.mean());
                            log.add("pruning/" + name + "_var", completed, aggregate.variance());
                            log.add("pruning/" + name + "_min", completed, aggregate.min());
                            log.add("pruning/" + name + "_max", completed, aggregate.max());
                        });
    }

    /** Writes what was added. */
    void flush() {
        log.flush();
    }
}
