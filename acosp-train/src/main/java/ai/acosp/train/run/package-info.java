/**
 * The training and test phases of an experiment: the epoch loop ({@link
 * ai.acosp.train.run.TrainingRun}) with checkpoints, its console lines and scalars, and the
 * pruner's lifecycle steps; and the sliding-window test with its prediction files and metrics.
 */
package ai.acosp.train.run;
