package ai.acosp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.measure.MaskedAccounting;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import org.junit.jupiter.api.Test;

/**
 * Intermediates are freed as soon as they are used: by {@link ForwardScope} itself, and by the
 * accounting probe, whose two full-size passes used to keep every array of both until the end.
 */
class ForwardScopeTest {

    @Test
    void onlyTheOutputsSurviveAndTheInputsGoBack() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.ones(new Shape(4, 4));
            int before = manager.getManagedArrays().size();
            NDArray y = ForwardScope.run(x, in -> in.add(1).mul(2).sub(3));
            assertEquals(before + 1, manager.getManagedArrays().size(), "input and output only");
            assertSame(manager, y.getManager());
            assertSame(manager, x.getManager());
            assertEquals(1f, y.getFloat(0, 0));
            // a body that returns its input hands it back unharmed
            NDArray same = ForwardScope.run(x, in -> in);
            assertSame(x, same);
            assertEquals(1f, x.getFloat(0, 0));
            assertEquals(before + 1, manager.getManagedArrays().size());
        }
    }

    @Test
    void closeAllButKeepsWhatIsStillNeeded() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.ones(new Shape(2));
            NDArray b = manager.ones(new Shape(2));
            NDArray c = manager.ones(new Shape(2));
            ForwardScope.closeAllBut(new NDList(a, b, c), new NDList(b), new NDList(c));
            assertTrue(a.isReleased());
            assertFalse(b.isReleased());
            assertFalse(c.isReleased());
        }
    }

    @Test
    void closeUnlessKeepsAnArrayHandedBack() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray used = manager.ones(new Shape(2));
            NDArray handedBack = manager.ones(new Shape(2));
            NDArray output = manager.ones(new Shape(2));
            ForwardScope.closeUnless(handedBack, output, handedBack);
            ForwardScope.closeUnless(used, output);
            assertTrue(used.isReleased());
            assertFalse(handedBack.isReleased());
            assertFalse(output.isReleased());
        }
    }

    @Test
    void theAccountingProbeKeepsLiveArraysFlatFromPassToPass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            LiveArrays live = new LiveArrays(manager);
            SequentialBlock net = new SequentialBlock();
            for (int i = 0; i < 2; i++) {
                net.add(TestNetworks.sameConv(8, 3))
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu);
            }
            net.add(TestNetworks.sameConv(4, 1)).add(live.counter());
            Shape input = new Shape(1, 3, 16, 16);
            net.initialize(manager, DataType.FLOAT32, input);
            live.clear(); // the counter ran once for the output shape
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                MaskedAccounting.measure(net, input);
            }
            // two probe passes per measurement: the second must not see the first one's arrays
            live.assertFlat(6, "pass");
            assertEquals(before, manager.getManagedArrays().size(), "arrays left after measuring");
        }
    }
}
