package ai.acosp.core.nn;

/**
 * Marks a convolution that the pruner must leave alone (for example a network's final classifier).
 * {@link UnprunableConv2d} is the ready-made marked {@link ai.djl.nn.convolutional.Conv2d}; any
 * other block class may implement this interface too.
 */
public interface Unprunable {}
