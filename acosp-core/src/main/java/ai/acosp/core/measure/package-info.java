/**
 * Measurement, in one place and under names that say what is measured: {@link
 * ai.acosp.core.measure.LearnableParameters} counts the parameters a network holds as it is, {@link
 * ai.acosp.core.measure.MaskedAccounting} counts what the masks of a masked network would leave (a
 * {@link ai.acosp.core.measure.MaskedReport}), and {@link ai.acosp.core.measure.CompactMacs} counts
 * the multiply-adds of a compacted network as it runs.
 */
package ai.acosp.core.measure;
