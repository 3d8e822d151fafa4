package ai.acosp.core.nn;

import ai.djl.nn.Block;

/**
 * A block whose children can be replaced after construction, so that the pruner can put masks after
 * its convolutions. DJL's {@link ai.djl.nn.SequentialBlock} and {@link ai.djl.nn.ParallelBlock} are
 * rewritable without implementing this interface.
 */
public interface RewritableBlock extends Block {

    /**
     * Replaces the child registered under {@code name}; the block must use the replacement in every
     * later forward pass.
     *
     * @param name the child's name as listed by {@link Block#getChildren()}
     * @param replacement the new child
     */
    void replaceChild(String name, Block replacement);
}
