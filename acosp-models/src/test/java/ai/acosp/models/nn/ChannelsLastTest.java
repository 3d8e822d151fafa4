package ai.acosp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.segnet.SegNet;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Channels-last memory: the copy, SegNet's inference pass running in it and PSPNet's upsampling of
 * its logits.
 */
class ChannelsLastTest {

    @Test
    void copyKeepsShapeAndValuesWithChannelsInnermost() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(2f * 3 * 4 * 5).reshape(2, 3, 4, 5);
            NDArray y = AtenOperators.channelsLast(x);
            assertEquals(x.getShape(), y.getShape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray());
            assertArrayEquals(new long[] {60, 1, 15, 3}, strides(manager, y));
            assertArrayEquals(new long[] {60, 20, 5, 1}, strides(manager, x));
        }
    }

    @Test
    void segNetInfersInChannelsLastAndTrainsInTheReferenceLayout() throws IOException {
        assertLogitLayouts(SegNet.builder().setClasses(5).build(), new Shape(1, 3, 64, 96), false);
    }

    @Test
    void pspNetUpsamplesItsLogitsInChannelsLast() throws IOException {
        // batch 2: the pyramid pooling's 1x1 batch norm cannot train on one sample
        assertLogitLayouts(
                PSPNet.builder().setLayers(50).setClasses(5).build(),
                new Shape(2, 3, 65, 65),
                true);
    }

    /**
     * Five-class logits: channels-last from an inference pass; from a training one channels-last
     * too or contiguous (the reference's layout).
     */
    private static void assertLogitLayouts(Block net, Shape input, boolean trainsChannelsLast)
            throws IOException {
        long h = input.get(2);
        long w = input.get(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(input);
            NDArray inferred =
                    net.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            NDArray trained =
                    net.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            assertEquals(new Shape(input.get(0), 5, h, w), inferred.getShape());
            long[] channelsLast = {5 * h * w, 1, w * 5, 5};
            long[] contiguous = {5 * h * w, h * w, w, 1};
            assertArrayEquals(channelsLast, strides(manager, inferred));
            assertArrayEquals(
                    trainsChannelsLast ? channelsLast : contiguous, strides(manager, trained));
        }
    }

    /** libtorch's strides of an array, which DJL 0.36 does not expose. */
    private static long[] strides(NDManager manager, NDArray array) throws IOException {
        String code =
                "class Strides(Module):\n"
                        + "  __parameters__ = []\n"
                        + "  __buffers__ = []\n"
                        + "  training : bool\n"
                        + "  def forward(self: __torch__.Strides, x: Tensor) -> Tensor:\n"
                        + "    return torch.tensor(x.stride())\n";
        PtSymbolBlock module =
                JniUtils.loadModule(
                        (PtNDManager) manager,
                        new ByteArrayInputStream(AtenOperators.archive("Strides", code)),
                        false,
                        false);
        try {
            return IValueUtils.forward(module, new NDList(array), false).head().toLongArray();
        } finally {
            module.close();
        }
    }
}
