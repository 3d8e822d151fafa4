package ai.acosp.models.onnx;

import ai.djl.nn.Block;

/**
 * Writes the ONNX nodes that compute one kind of block in inference.
 *
 * @param <B> the block type
 */
interface BlockEmitter<B extends Block> {

    /**
     * Emits the nodes of a block.
     *
     * @param block the block
     * @param input its input
     * @param context the export in progress (graph, children, probes)
     * @return the block's output
     */
    Value emit(B block, Value input, ExportContext context);
}
