package ai.acosp.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class ChannelDropoutTest {

    @Test
    void dropsWholeChannelsAndScalesTheRest() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            ChannelDropout dropout = new ChannelDropout(0.25f);
            NDArray x = manager.ones(new Shape(4, 500, 3, 2));
            NDArray y =
                    dropout.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            float[] values = y.toFloatArray();
            int dropped = 0;
            for (int channel = 0; channel < 4 * 500; channel++) {
                float first = values[channel * 6];
                for (int i = 1; i < 6; i++) {
                    assertEquals(
                            first,
                            values[channel * 6 + i],
                            "channel " + channel + " is not uniform");
                }
                assertTrue(first == 0f || Math.abs(first - 1f / 0.75f) < 1e-6f, "value " + first);
                dropped += first == 0f ? 1 : 0;
            }
            double rate = dropped / 2000.0;
            assertTrue(Math.abs(rate - 0.25) < 0.05, "drop rate " + rate);
        }
    }

    @Test
    void isTheIdentityInInference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ChannelDropout dropout = new ChannelDropout(0.5f);
            NDArray x = manager.randomNormal(new Shape(2, 8, 3, 3));
            NDArray y =
                    dropout.forward(new ParameterStore(manager, false), new NDList(x), false)
                            .head();
            assertEquals(x, y);
        }
    }
}
