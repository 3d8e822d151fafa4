/**
 * Compaction of a trained experiment: {@link ai.acosp.train.compact.CompactExperiment} (the entry
 * point of {@code tool/compact.sh}).
 */
package ai.acosp.train.compact;
