package ai.acosp.train.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The latency timer that tool/compact.sh runs at full size frees each pass before the next: the
 * input's manager holds as many arrays after the rounds as before (it used to keep every
 * intermediate of every round, 1.5 GB a SegNet pass at 360x720).
 */
class RoundRobinTimerTest {

    @Test
    void liveArraysStayFlatOverTheRounds() {
        try (NDManager parameters = NDManager.newBaseManager();
                NDManager inputs = NDManager.newBaseManager()) {
            Shape shape = new Shape(1, 3, 24, 24);
            Map<String, Block> variants = new LinkedHashMap<>();
            for (String name : new String[] {"wide", "narrow"}) {
                Block net =
                        new SequentialBlock()
                                .add(
                                        Conv2d.builder()
                                                .setFilters(name.equals("wide") ? 16 : 4)
                                                .setKernelShape(new Shape(3, 3))
                                                .build())
                                .add(Activation::relu)
                                .add(
                                        Conv2d.builder()
                                                .setFilters(2)
                                                .setKernelShape(new Shape(1, 1))
                                                .build());
                net.initialize(parameters, DataType.FLOAT32, shape);
                variants.put(name, net);
            }
            NDArray x = inputs.randomNormal(shape);
            int inputArrays = inputs.getManagedArrays().size();
            int parameterArrays = parameters.getManagedArrays().size();
            Map<String, Double> medians = RoundRobinTimer.inferenceMedians(variants, x, 1, 4);
            assertEquals(2, medians.size());
            medians.values().forEach(ms -> assertTrue(ms > 0));
            assertEquals(
                    inputArrays,
                    inputs.getManagedArrays().size(),
                    "arrays left in the input's manager");
            assertEquals(
                    parameterArrays,
                    parameters.getManagedArrays().size(),
                    "arrays left with the parameters");
            assertEquals(inputs, x.getManager(), "the input goes back to its manager");
        }
    }
}
