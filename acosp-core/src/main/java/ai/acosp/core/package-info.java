/**
 * ACoSP (Auto-Compressing Subset Pruning) for DJL: the {@link ai.acosp.core.SoftTopKPruner}, the
 * conversions in {@link ai.acosp.core.Inject}, mask statistics and the block-tree walker {@link
 * ai.acosp.core.BlockTree}. The blocks and the soft top-k function live in {@link
 * ai.acosp.core.nn}, counting in {@link ai.acosp.core.measure}, compaction in {@link
 * ai.acosp.core.compact}. Every reflective access to DJL's non-public fields goes through {@link
 * ai.acosp.core.DjlInternals}.
 *
 * <p>This package knows nothing of models, data or training scripts; it works on any DJL block tree
 * built from {@link ai.djl.nn.SequentialBlock}, {@link ai.djl.nn.ParallelBlock} and blocks
 * implementing {@link ai.acosp.core.nn.RewritableBlock}.
 */
package ai.acosp.core;
