package ai.acosp.core.measure;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.EnumSet;
import java.util.Set;

/**
 * The number of learnable parameters of a network as it is: weights, biases, batch-norm scale and
 * shift. Mask logits and running statistics are not counted. Use it on dense, masked and compact
 * networks alike; {@link MaskedAccounting} says what masks would remove.
 */
public final class LearnableParameters {

    private static final Set<Parameter.Type> LEARNABLE =
            EnumSet.of(
                    Parameter.Type.WEIGHT,
                    Parameter.Type.BIAS,
                    Parameter.Type.GAMMA,
                    Parameter.Type.BETA);

    private LearnableParameters() {}

    /**
     * The number of learnable parameters (weights, biases, batch-norm scale and shift).
     *
     * @param model the network
     * @return the count
     */
    public static long count(Block model) {
        long count = 0;
        for (Parameter parameter : model.getParameters().values()) {
            if (LEARNABLE.contains(parameter.getType()) && parameter.getShape() != null) {
                count += parameter.getShape().size();
            }
        }
        return count;
    }
}
