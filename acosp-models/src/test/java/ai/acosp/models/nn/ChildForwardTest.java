package ai.acosp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The project's batch norm call against DJL's own forward of the same block. */
class ChildForwardTest {

    /**
     * Training (two passes, so the running statistics move) and inference: the same output, running
     * statistics and gradients of input, gamma and beta, bit for bit.
     */
    @Test
    void batchNormGivesDjlsBitsAndStatistics() {
        List<float[]> djl = run(false);
        List<float[]> direct = run(true);
        for (int i = 0; i < djl.size(); i++) {
            assertArrayEquals(djl.get(i), direct.get(i), 0f, "array " + i);
        }
    }

    private static List<float[]> run(boolean direct) {
        Engine.getInstance().setRandomSeed(3);
        Shape shape = new Shape(2, 5, 6, 7);
        List<float[]> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm bn = BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build();
            bn.initialize(manager, DataType.FLOAT32, shape);
            for (Pair<String, Parameter> p : bn.getParameters()) {
                // gamma and beta away from 1 and 0, so that both enter the result
                p.getValue()
                        .getArray()
                        .addi(
                                manager.randomUniform(
                                        0.1f, 0.5f, p.getValue().getArray().getShape()));
            }
            ParameterStore ps = new ParameterStore(manager, false);
            for (int pass = 0; pass < 2; pass++) {
                NDArray x = manager.randomNormal(shape).mul(2).add(1);
                x.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = forward(direct, bn, ps, x, true);
                    results.add(y.toFloatArray());
                    collector.backward(y.mul(manager.randomNormal(shape)).sum());
                }
                results.add(x.getGradient().toFloatArray());
            }
            for (Pair<String, Parameter> p : bn.getParameters()) {
                NDArray array = p.getValue().getArray();
                results.add(array.toFloatArray());
                if (array.hasGradient()) {
                    results.add(array.getGradient().toFloatArray());
                }
            }
            NDArray x = manager.randomNormal(shape);
            results.add(forward(direct, bn, ps, x, false).toFloatArray());
        }
        return results;
    }

    private static NDArray forward(
            boolean direct, Block bn, ParameterStore ps, NDArray x, boolean training) {
        NDList in = new NDList(x);
        NDArray y =
                direct
                        ? ChildForward.run(bn, ps, in, training, null).head()
                        : bn.forward(ps, in, training).head();
        assertNotSame(x, y);
        return y;
    }
}
