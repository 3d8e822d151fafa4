package ai.acosp.core.compact;

import ai.djl.nn.Block;

/** A block made by compaction that can describe its own architecture. */
public interface CompactLayer extends Block {

    /**
     * The architecture of this layer.
     *
     * @param path the layer's path in the model tree
     * @return its spec
     */
    LayerSpec spec(String path);
}
