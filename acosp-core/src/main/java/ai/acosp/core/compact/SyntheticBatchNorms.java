package ai.acosp.core.compact;

import ai.acosp.core.BlockTree;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import java.util.Random;

/**
 * Batch-norm statistics like a trained network's, for benchmarks and checks of compaction on
 * untrained networks: freshly initialised batch norms (mean 0, variance 1, scale 1, shift 0) turn
 * every pruned channel into the constant 0 after ReLU and so would hide the constants that
 * compaction folds into the next layer.
 */
public final class SyntheticBatchNorms {

    private SyntheticBatchNorms() {}

    /**
     * Gives every batch norm random statistics and affine parameters (gamma in [0.5, 1.5], beta and
     * mean normal, variance in [0.5, 2]), as a trained network has them.
     *
     * @param model the network, initialised
     * @param seed the random seed
     */
    public static void randomize(Block model, long seed) {
        Random random = new Random(seed);
        for (var entry : BlockTree.find(model, BatchNorm.class)) {
            BatchNorm bn = entry.getValue();
            for (Parameter p : bn.getDirectParameters().values()) {
                NDArray a = p.getArray();
                float[] v = new float[(int) a.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] =
                            switch (p.getName()) {
                                case "gamma" -> 0.5f + random.nextFloat();
                                case "beta" -> (float) random.nextGaussian() * 0.5f;
                                case "runningMean" -> (float) random.nextGaussian() * 0.3f;
                                default -> 0.5f + 1.5f * random.nextFloat();
                            };
                }
                a.set(v);
            }
        }
    }
}
