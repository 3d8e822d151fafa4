/**
 * Compaction of a trained experiment: {@link ai.acosp.train.compact.CompactExperiment} (run by
 * {@link ai.acosp.train.cli.Compact}, {@code tool/compact.sh}), and the {@link
 * ai.acosp.train.compact.CompressionReport} that it, the demo and the benchmark print.
 */
package ai.acosp.train.compact;
