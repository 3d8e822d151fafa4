/**
 * The demo ({@code tool/demo.sh}, run by {@link ai.acosp.train.cli.Demo}): {@link
 * ai.acosp.train.demo.DemoRun} runs its phases; {@code InferenceTiming} times dense against compact
 * inference; {@code DemoPictures} draws its pictures with {@link
 * ai.acosp.train.demo.PredictionPanel} (validation images with their ground truth and predictions,
 * OpenCV) and {@link ai.acosp.train.demo.PruningChart} (mask shares, temperature and validation
 * mIoU per epoch, JFreeChart); {@code DemoReport} is the printed text around the compression table.
 */
package ai.acosp.train.demo;
