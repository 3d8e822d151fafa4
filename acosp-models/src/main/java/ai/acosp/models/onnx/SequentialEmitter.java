package ai.acosp.models.onnx;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;

/** A {@link SequentialBlock}: its children one after the other, named by their keys. */
final class SequentialEmitter implements BlockEmitter<SequentialBlock> {

    @Override
    public Value emit(SequentialBlock block, Value input, ExportContext context) {
        Value x = input;
        for (Pair<String, Block> child : block.getChildren()) {
            x = context.emit(child.getValue(), child.getKey(), x);
        }
        return x;
    }
}
