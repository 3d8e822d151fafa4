package ai.acosp.core.nn;

import ai.djl.nn.Block;

/**
 * A block that {@link ai.acosp.core.BlockTree#replace} treats as a leaf: it may be replaced as a
 * whole, but the blocks it holds are never replaced, since it calls them from its own fields.
 */
public interface LeafBlock extends Block {}
