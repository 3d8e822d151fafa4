package ai.acosp.models.onnx;

import ai.acosp.models.resnet.ResNet18Cifar;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * ResNet-18 for CIFAR: the stem ({@code conv1}, {@code bn1}, {@code relu}, {@code maxpool}), the
 * four stages, global average pooling, {@code Flatten} and the fully connected {@code fc}.
 */
final class ResNetEmitter implements BlockEmitter<ResNet18Cifar> {

    private static final String[] BODY = {
        "conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool"
    };

    @Override
    public Value emit(ResNet18Cifar net, Value input, ExportContext context) {
        Value x = input;
        for (String name : BODY) {
            x = context.emitChild(net, name, x);
        }
        String flat =
                context.graph()
                        .node(
                                "Flatten",
                                "flatten",
                                List.of(x.name()),
                                OnnxGraph.attribute("axis", 1L));
        x = new Value(flat, new Shape(x.dim(0), x.shape().size() / x.dim(0)));
        return context.emitChild(net, "fc", x);
    }
}
