/**
 * Compaction: turns a hard-masked network into a physically smaller one whose convolutions, batch
 * norms and linear layers hold only the channels that matter. Three concerns, each in its own
 * class: {@link ai.acosp.core.compact.ChannelGraph} finds which channels depend on each other (by
 * probe passes), {@link ai.acosp.core.compact.KeepPlan} decides which channels to keep, and {@link
 * ai.acosp.core.compact.LayerCuts} holds the small per-layer-type functions that cut a layer.
 * {@link ai.acosp.core.compact.Compactor} ties them together and, for inference, folds batch norms
 * into their convolutions ({@link ai.acosp.core.compact.FoldedBatchNorm} marks the place). {@link
 * ai.acosp.core.measure.CompactMacs} counts the multiply-adds of the result; the README's section
 * on compaction says what is exact and what is kept.
 */
package ai.acosp.core.compact;
