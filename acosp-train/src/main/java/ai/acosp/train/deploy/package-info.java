/**
 * Deployment of trained models the DJL way: a model folder with {@code serving.properties}, a
 * {@link ai.djl.nn.BlockFactory} that rebuilds the network from the folder, and a {@link
 * ai.djl.translate.Translator} from {@link ai.djl.modality.cv.Image} to {@link
 * ai.djl.modality.cv.output.CategoryMask} that applies the test phase's sliding-window recipe.
 */
package ai.acosp.train.deploy;
