/**
 * The segmentation losses of the reference as DJL {@link ai.djl.training.loss.Loss}es: softmax
 * cross entropy over the pixels whose label is not the ignore label, and PSPNet's main plus
 * weighted auxiliary loss.
 */
package ai.acosp.models.loss;
