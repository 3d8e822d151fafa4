package ai.acosp.core.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/** Small helpers to reach a block's parameters. */
public final class BlockParameters {

    private BlockParameters() {}

    /**
     * The first parameter of a block, e.g. a convolution's weight.
     *
     * @param block the block
     * @return its first parameter
     */
    public static Parameter first(Block block) {
        return block.getParameters().valueAt(0);
    }

    /**
     * A block's direct parameter by name.
     *
     * @param block the block
     * @param name the parameter name, e.g. {@code weight}
     * @return the parameter, or null when the block has none of that name
     */
    public static Parameter direct(Block block, String name) {
        return block.getDirectParameters().get(name);
    }
}
