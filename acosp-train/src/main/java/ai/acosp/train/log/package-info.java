/**
 * What a run reports: TensorBoard event files written without TensorFlow, the same scalars as CSV,
 * and the console log with its progress bar, saved in the experiment folder.
 */
package ai.acosp.train.log;
