/**
 * An experiment as the configuration describes it: the folder layout, the model, the data sets and
 * the initial weights.
 */
package ai.acosp.train.experiment;
