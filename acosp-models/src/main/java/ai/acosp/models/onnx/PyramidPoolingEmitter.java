package ai.acosp.models.onnx;

import ai.acosp.models.pspnet.PyramidPooling;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * PSPNet's pyramid pooling: each branch of {@code features} (pooling, 1x1 conv, batch norm, ReLU)
 * resized back to the input's size with aligned corners, concatenated after the input.
 */
final class PyramidPoolingEmitter implements BlockEmitter<PyramidPooling> {

    @Override
    public Value emit(PyramidPooling block, Value input, ExportContext context) {
        Block features = context.child(block, "features");
        List<String> pieces = new ArrayList<>();
        pieces.add(input.name());
        long channels = input.dim(1);
        int branch = 0;
        for (Pair<String, Block> child : features.getChildren()) {
            Value pooled = context.emit(child.getValue(), "features/" + branch++, input);
            Value resized =
                    ResamplingEmitter.bilinearAlignCorners(
                            pooled, input.dim(2), input.dim(3), context);
            pieces.add(resized.name());
            channels += resized.dim(1);
        }
        String y =
                context.graph()
                        .node(
                                "Concat",
                                context.hint("concat"),
                                pieces,
                                OnnxGraph.attribute("axis", 1L));
        Shape s = input.shape();
        return new Value(y, new Shape(s.get(0), channels, s.get(2), s.get(3)));
    }
}
