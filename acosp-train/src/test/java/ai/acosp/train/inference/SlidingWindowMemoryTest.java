package ai.acosp.train.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.LiveArrays;
import ai.acosp.core.TestNetworks;
import ai.acosp.data.image.Normalization;
import ai.acosp.data.image.OpenCv;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The test phase's sliding windows free each window's arrays before the next window runs: the
 * number of live arrays seen by the network is the same for every window of an image and from image
 * to image (it used to grow by every window's intermediates until the image was done).
 */
class SlidingWindowMemoryTest {

    @Test
    void liveArraysStayFlatFromWindowToWindow() {
        OpenCv.load();
        try (NDManager manager = NDManager.newBaseManager()) {
            LiveArrays live = new LiveArrays(manager);
            SequentialBlock net =
                    new SequentialBlock().add(TestNetworks.sameConv(3, 3)).add(live.counter());
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            live.clear(); // the counter ran once for the output shape
            SlidingWindowPredictor predictor =
                    new SlidingWindowPredictor(
                            net,
                            manager,
                            new InferenceSettings(
                                    3, 32, 32, 80, List.of(1.0), Normalization.IMAGENET, true));
            Mat image = new Mat(32, 80, CvType.CV_32FC3);
            Core.randu(image, 0, 255);
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 2; i++) {
                assertEquals(32 * 80, predictor.predict(image).length);
            }
            image.release();
            // four windows an image, each a pass and a pass of its flipped copy
            live.assertRepeating(16, 2, "window or its flip");
            assertTrue(live.first() > before, "the counter sees the window's arrays");
            assertEquals(before, manager.getManagedArrays().size(), "arrays left after predicting");
        }
    }
}
