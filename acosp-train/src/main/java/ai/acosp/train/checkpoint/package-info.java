/**
 * Training checkpoints: model parameters, optimizer state, epoch and pruner state in one file,
 * always written atomically.
 */
package ai.acosp.train.checkpoint;
