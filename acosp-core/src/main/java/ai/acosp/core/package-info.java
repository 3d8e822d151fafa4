/**
 * ACoSP (Auto-Compressing Subset Pruning) for DJL: the {@link ai.acosp.core.SoftTopKPruner}, the
 * soft top-k mask function {@link ai.acosp.core.SigmoidSoftTopK}, the conversions in {@link
 * ai.acosp.core.Inject}, mask statistics and compression accounting.
 *
 * <p>This package knows nothing of models, data or training scripts; it works on any DJL block
 * tree built from {@link ai.djl.nn.SequentialBlock}, {@link ai.djl.nn.ParallelBlock} and blocks
 * implementing {@link ai.acosp.core.nn.RewritableBlock}.
 */
package ai.acosp.core;
