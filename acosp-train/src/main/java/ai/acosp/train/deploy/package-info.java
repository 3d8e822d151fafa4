/**
 * Deployment of trained models the DJL way: a model folder with {@code serving.properties}, a
 * {@link ai.djl.nn.BlockFactory} that rebuilds the network from the folder, and a {@link
 * ai.djl.translate.Translator} from {@link ai.djl.modality.cv.Image} to {@link
 * ai.djl.modality.cv.output.CategoryMask} that applies the test phase's sliding-window recipe, also
 * as {@link ai.djl.modality.Input} -> {@link ai.djl.modality.Output} for DJL Serving; with the
 * argument {@code runtime onnxruntime} the folder's exported {@code model.onnx} runs on ONNX
 * Runtime instead of the network.
 */
package ai.acosp.train.deploy;
