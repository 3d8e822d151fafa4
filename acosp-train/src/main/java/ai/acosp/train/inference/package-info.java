/**
 * The test recipe of semseg (section 10 of the specification): multi-scale, sliding-window,
 * flip-averaged inference, and the prediction PNG files.
 */
package ai.acosp.train.inference;
