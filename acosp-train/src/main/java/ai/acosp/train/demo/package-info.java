/**
 * The demo ({@link ai.acosp.train.demo.DemoRun}, run by {@link ai.acosp.train.cli.Demo}, {@code
 * tool/demo.sh}) and its pictures: {@link ai.acosp.train.demo.PredictionPanel} (validation images
 * with their ground truth and predictions, OpenCV) and {@link ai.acosp.train.demo.PruningChart}
 * (mask shares, temperature and validation mIoU per epoch, JFreeChart).
 */
package ai.acosp.train.demo;
