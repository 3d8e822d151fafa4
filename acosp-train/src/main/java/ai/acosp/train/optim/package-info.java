/**
 * Optimizers with PyTorch's update rules and exportable state, and the learning-rate schedules of
 * the semseg recipe (poly and cosine per iteration, cosine per epoch) with a per-parameter factor
 * for the PSPNet heads.
 */
package ai.acosp.train.optim;
