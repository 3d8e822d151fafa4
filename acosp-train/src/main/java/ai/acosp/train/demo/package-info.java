/**
 * The demo's pictures: {@link ai.acosp.train.demo.PredictionPanel} (validation images with their
 * ground truth and predictions, OpenCV) and {@link ai.acosp.train.demo.PruningChart} (mask shares,
 * temperature and validation mIoU per epoch, JFreeChart).
 */
package ai.acosp.train.demo;
