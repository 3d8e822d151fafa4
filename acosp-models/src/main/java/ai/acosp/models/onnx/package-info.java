/**
 * ONNX export of this project's models ({@link ai.acosp.models.onnx.OnnxExporter}): a small graph
 * builder over the ONNX schema compiled at build time ({@code src/main/protobuf}) and one emitter
 * per kind of block (convolutions, batch norms, linear layers, resampling, pooling, and the SegNet,
 * PSPNet and ResNet structures).
 */
package ai.acosp.models.onnx;
