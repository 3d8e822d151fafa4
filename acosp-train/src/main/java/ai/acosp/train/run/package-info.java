/**
 * The training and test phases of an experiment: the epoch loop with checkpoints, logs and the
 * ACoSP lifecycle, and the sliding-window test with its prediction files and metrics.
 */
package ai.acosp.train.run;
