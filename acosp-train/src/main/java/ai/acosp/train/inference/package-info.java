/**
 * The test recipe of semseg's test script: multi-scale, sliding-window, flip-averaged inference,
 * the prediction PNG files, and the network it runs ({@link
 * ai.acosp.train.inference.InferenceModel}): DJL's, or an exported {@code model.onnx} on ONNX
 * Runtime ({@link ai.acosp.train.inference.OnnxRuntimeBlock}, the key {@code engine}).
 */
package ai.acosp.train.inference;
