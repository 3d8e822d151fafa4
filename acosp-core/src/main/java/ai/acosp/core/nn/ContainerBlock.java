package ai.acosp.core.nn;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * A base class for model blocks that name their children and look them up by name in each forward
 * pass, so that {@link #replaceChild} takes effect without further work.
 *
 * <p>Children keep exactly the names given to {@link #addChild}, which lets checkpoint importers
 * map them onto PyTorch module names.
 */
public abstract class ContainerBlock extends AbstractBlock implements RewritableBlock {

    /** Creates a container of version 1. */
    protected ContainerBlock() {
        super((byte) 1);
    }

    /**
     * Creates a container.
     *
     * @param version the block's serialisation version
     */
    protected ContainerBlock(byte version) {
        super(version);
    }

    /**
     * Registers a child under a name.
     *
     * @param name a name unique in this block
     * @param block the child
     * @param <B> the child's type
     * @return the child
     */
    protected <B extends Block> B addChild(String name, B block) {
        if (children.contains(name)) {
            throw new IllegalArgumentException("duplicate child name " + name);
        }
        children.add(name, block);
        return block;
    }

    /**
     * The child registered under a name, as it is now (possibly replaced by the pruner).
     *
     * @param name the child's name
     * @return the child
     */
    protected Block child(String name) {
        Block block = children.get(name);
        if (block == null) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " has no child named " + name);
        }
        return block;
    }

    /** {@inheritDoc} */
    @Override
    public void replaceChild(String name, Block replacement) {
        int index = children.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " has no child named " + name);
        }
        children.remove(index);
        children.add(index, name, replacement);
    }
}
