package ai.acosp.models.onnx;

import ai.acosp.models.segnet.SegNet;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;

/**
 * SegNet: each encoder stage {@code down<k>} runs its units and a 2x2 stride-2 {@code MaxPool} with
 * its {@code Indices} output; each decoder stage {@code up<k>} is a {@code MaxUnpool} with those
 * indices to the size the encoder stage had before pooling (the {@code Shape} of that tensor, so
 * odd sizes unpool as in the model), then its units.
 *
 * <p>ONNX's indices count over the whole {@code (N, C, H, W)} tensor where the model's count within
 * each plane; ONNX's {@code MaxUnpool} reads them the way its {@code MaxPool} writes them, so the
 * pair computes what the model's pair computes (the first maximum of a window wins in both).
 */
final class SegNetEmitter implements BlockEmitter<SegNet> {

    private static final int STAGES = 5;

    @Override
    public Value emit(SegNet net, Value input, ExportContext context) {
        OnnxGraph graph = context.graph();
        Value x = input;
        String[] indices = new String[STAGES];
        String[] sizes = new String[STAGES];
        Shape[] shapes = new Shape[STAGES];
        for (int stage = 1; stage <= STAGES; stage++) {
            Block down = context.child(net, "down" + stage);
            for (int unit = 1; down.getChildren().contains("conv" + unit); unit++) {
                x = context.emitChild(down, "conv" + unit, x);
            }
            String hint = "down" + stage + "/pool";
            shapes[stage - 1] = x.shape();
            sizes[stage - 1] = graph.node("Shape", hint + "_size", List.of(x.name()));
            String[] pooled =
                    graph.nodeOutputs(
                            "MaxPool",
                            hint,
                            List.of(x.name()),
                            2,
                            OnnxGraph.attribute("kernel_shape", 2, 2),
                            OnnxGraph.attribute("strides", 2, 2));
            indices[stage - 1] = pooled[1];
            Shape s = x.shape();
            x = new Value(pooled[0], new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2));
        }
        for (int stage = STAGES; stage >= 1; stage--) {
            String unpooled =
                    graph.node(
                            "MaxUnpool",
                            "up" + stage + "/unpool",
                            List.of(x.name(), indices[stage - 1], sizes[stage - 1]),
                            OnnxGraph.attribute("kernel_shape", 2, 2),
                            OnnxGraph.attribute("strides", 2, 2));
            x = new Value(unpooled, shapes[stage - 1]);
            x = context.emitChild(context.child(net, "up" + stage), "convs", x);
        }
        return x;
    }
}
