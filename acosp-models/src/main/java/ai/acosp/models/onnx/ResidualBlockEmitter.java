package ai.acosp.models.onnx;

import ai.djl.nn.Block;

/**
 * ResNet's residual blocks ({@code ResidualBlock}: PSPNet's {@code Bottleneck}, ResNet-18's {@code
 * BasicBlock}): {@code conv<i>} and {@code bn<i>} in turn with ReLU between them, the {@code
 * downsample} shortcut or the identity, the sum and a ReLU.
 */
final class ResidualBlockEmitter implements BlockEmitter<Block> {

    @Override
    public Value emit(Block block, Value input, ExportContext context) {
        Value out = input;
        for (int i = 1; block.getChildren().contains("conv" + i); i++) {
            if (i > 1) {
                out = context.relu(out);
            }
            out = context.emitChild(block, "conv" + i, out);
            out = context.emitChild(block, "bn" + i, out);
        }
        Value identity =
                block.getChildren().contains("downsample")
                        ? context.emitChild(block, "downsample", input)
                        : input;
        return context.relu(context.add(out, identity));
    }
}
