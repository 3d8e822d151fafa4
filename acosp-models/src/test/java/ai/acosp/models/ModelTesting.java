package ai.acosp.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.SoftTopKPruner;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;

/** Shared checks of the model tests. */
public final class ModelTesting {

    private ModelTesting() {}

    /**
     * Runs a training forward pass and a backward pass of a loss and asserts that every parameter
     * that requires a gradient received a non-zero one.
     *
     * @param block the initialised block
     * @param manager the parameters' manager
     * @param input the input
     * @param labels the labels
     * @param loss the loss
     */
    public static void assertGradientReachesEveryParameter(
            Block block, NDManager manager, NDList input, NDList labels, Loss loss) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList output = block.forward(new ParameterStore(manager, false), input, true);
            collector.backward(loss.evaluate(labels, output));
        }
        List<String> without = new ArrayList<>();
        int checked = 0;
        for (var pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            checked++;
            NDArray gradient = parameter.getArray().getGradient();
            if (gradient.abs().sum().getFloat() == 0f) {
                without.add(pair.getKey());
            }
        }
        assertTrue(checked > 0, "no trainable parameters");
        assertTrue(without.isEmpty(), "no gradient reached " + without);
    }

    /**
     * The learnable parameters (running statistics excluded) of an initialised block.
     *
     * @param block the block
     * @return the parameter count
     */
    public static long learnable(Block block) {
        long count = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN
                    || p.getType() == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            count += p.getArray().getShape().size();
        }
        return count;
    }

    /**
     * Initialises a block for an input shape and counts its learnable parameters.
     *
     * @param block the block
     * @param input the input shape
     * @return the parameter count
     */
    public static long count(Block block, Shape input) {
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, input);
            return learnable(block);
        }
    }

    /**
     * A pruner at sparsity 0.5 that ends at epoch 10.
     *
     * @return the pruner
     */
    public static SoftTopKPruner halfPruner() {
        return SoftTopKPruner.builder().setFinalSparsity(0.5f).setEndingEpoch(10).build();
    }
}
