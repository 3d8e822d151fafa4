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
 * its inference logits.
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
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(1, 3, 64, 96);
            SegNet net = SegNet.builder().setClasses(5).build();
            net.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(input);
            NDArray inferred =
                    net.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            NDArray trained =
                    net.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            assertEquals(new Shape(1, 5, 64, 96), inferred.getShape());
            assertArrayEquals(new long[] {5 * 64 * 96, 1, 96 * 5, 5}, strides(manager, inferred));
            assertArrayEquals(new long[] {5 * 64 * 96, 64 * 96, 96, 1}, strides(manager, trained));
        }
    }

    @Test
    void pspNetUpsamplesItsInferenceLogitsInChannelsLast() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 3, 65, 65);
            PSPNet net = PSPNet.builder().setLayers(50).setClasses(5).build();
            net.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(input);
            NDArray inferred =
                    net.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            NDArray trained =
                    net.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            assertEquals(new Shape(2, 5, 65, 65), inferred.getShape());
            assertArrayEquals(new long[] {5 * 65 * 65, 1, 65 * 5, 5}, strides(manager, inferred));
            assertArrayEquals(new long[] {5 * 65 * 65, 65 * 65, 65, 1}, strides(manager, trained));
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
