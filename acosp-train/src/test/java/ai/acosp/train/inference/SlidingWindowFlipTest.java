package ai.acosp.train.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.acosp.core.TestNetworks;
import ai.acosp.data.image.Normalization;
import ai.acosp.data.image.OpenCv;
import ai.acosp.data.image.TensorConversion;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The flip of the sliding-window recipe is an option: with it each window is averaged with its
 * flipped copy (a network call of its own, where semseg stacks the two into a batch: half the
 * activation memory), without it the window runs alone. On an image of exactly one window the two
 * predictions are the argmax of those formulas, computed here directly from the network; a 3x3
 * convolution with random weights is not mirror-symmetric, so the two differ.
 */
class SlidingWindowFlipTest {

    private static final int SIDE = 32;
    private static final int CLASSES = 3;

    @Test
    void flipIsAnOptionAndEachModeComputesItsFormula() {
        OpenCv.load();
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Long> batches = new ArrayList<>();
            SequentialBlock net =
                    new SequentialBlock()
                            .add(TestNetworks.sameConv(CLASSES, 3))
                            .add(
                                    new LambdaBlock(
                                            x -> {
                                                batches.add(x.head().getShape().get(0));
                                                return x;
                                            }));
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIDE, SIDE));
            Mat image = new Mat(SIDE, SIDE, CvType.CV_32FC3);
            Core.randu(image, 0, 255);
            try {
                batches.clear();
                int[] flipped = predictor(net, manager, true).predict(image);
                assertEquals(List.of(1L, 1L), batches, "a call on the window, one on its flip");
                batches.clear();
                int[] plain = predictor(net, manager, false).predict(image);
                assertEquals(List.of(1L), batches, "one call on the window alone");

                NDArray x =
                        TensorConversion.toImageTensor(manager, image, Normalization.IMAGENET)
                                .expandDims(0);
                NDArray p = softmax(net, manager, x);
                NDArray q = softmax(net, manager, x.flip(3)).flip(3);
                assertArrayEquals(argmax(p), plain, "without the flip");
                assertArrayEquals(argmax(p.add(q).div(2)), flipped, "with the flip");
                assertFalse(Arrays.equals(plain, flipped), "the flip changes some pixels");
            } finally {
                image.release();
            }
        }
    }

    private static SlidingWindowPredictor predictor(
            SequentialBlock net, NDManager manager, boolean flip) {
        return new SlidingWindowPredictor(
                net,
                manager,
                new InferenceSettings(
                        CLASSES, SIDE, SIDE, SIDE, List.of(1.0), Normalization.IMAGENET, flip));
    }

    private static NDArray softmax(SequentialBlock net, NDManager manager, NDArray x) {
        return net.forward(new ParameterStore(manager, false), new NDList(x), false)
                .head()
                .softmax(1);
    }

    private static int[] argmax(NDArray probabilities) {
        return probabilities.get(0).argMax(0).toType(DataType.INT32, false).toIntArray();
    }
}
