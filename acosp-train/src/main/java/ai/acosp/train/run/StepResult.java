package ai.acosp.train.run;

import ai.acosp.train.metrics.SegmentationMetrics;

/**
 * The losses and pixel counts of one batch.
 *
 * @param mainLoss the main loss
 * @param auxLoss the auxiliary loss, 0 without an auxiliary head
 * @param loss the optimised loss, {@code main + aux_weight * aux}
 * @param metrics the counts of this batch
 * @param samples the number of samples in the batch
 */
public record StepResult(
        double mainLoss, double auxLoss, double loss, SegmentationMetrics metrics, int samples) {}
