/**
 * Compaction of a trained experiment: {@link ai.acosp.train.compact.CompactExperiment} (run by
 * {@link ai.acosp.train.cli.Compact}, {@code tool/compact.sh}).
 */
package ai.acosp.train.compact;
