/**
 * Segmentation metrics as semseg computes them (per-class intersection, union and target pixel
 * counts; IoU, accuracy, mIoU, mAcc, allAcc), running averages and the per-class results file.
 */
package ai.acosp.train.metrics;
