/**
 * The test recipe of semseg's test script: multi-scale, sliding-window, flip-averaged inference,
 * and the prediction PNG files.
 */
package ai.acosp.train.inference;
