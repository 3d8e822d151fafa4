package ai.acosp.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.data.TestImages;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

class ImageOpsTest {

    @Test
    void longSideKeepsAspectWithPythonRounding() {
        assertArrayEquals(new int[] {384, 512}, ImageOps.longSideSize(480, 640, 512));
        assertArrayEquals(new int[] {512, 384}, ImageOps.longSideSize(640, 480, 512));
        assertArrayEquals(new int[] {12, 10}, ImageOps.longSideSize(5, 4, 12)); // 9.6 -> 10
        assertArrayEquals(new int[] {10, 12}, ImageOps.longSideSize(5, 6, 12));
        assertArrayEquals(new int[] {2, 8}, ImageOps.longSideSize(1, 4, 8));
        assertEquals(12, ImageOps.longSideSize(25, 20, 15)[1]); // 15/25*20 = 12
        assertEquals(2, ImageOps.longSideSize(4, 10, 5)[0]); // 5/10*4 = 2.0
        assertEquals(2, ImageOps.longSideSize(5, 10, 5)[0]); // 2.5 -> 2 (half to even)
        assertEquals(4, ImageOps.longSideSize(7, 10, 5)[0]); // 3.5 -> 4 (half to even)
    }

    @Test
    void resizeLongSideAndPadTo() {
        Mat img = TestImages.coordImage(6, 9);
        Mat r = ImageOps.resizeLongSide(img, 18);
        assertEquals(12, r.rows());
        assertEquals(18, r.cols());
        Mat p = ImageOps.padTo(r, 15, 17, Normalization.IMAGENET.meanScalar());
        assertEquals(15, p.rows()); // height padded 12 -> 15 (top 1, bottom 2)
        assertEquals(18, p.cols()); // already wide enough
        float[] v = TestImages.floats(p);
        assertEquals(0.485f * 255, v[0], 1e-3f);
        assertEquals(new CenterPadding(1, 2, 0, 0), CenterPadding.of(12, 18, 15, 17));
    }

    @Test
    void tensorConversionNormalisesChannelPlanes() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            Mat img = TestImages.coordImage(2, 3);
            ai.djl.ndarray.NDArray t =
                    TensorConversion.toImageTensor(m, img, Normalization.IMAGENET);
            assertEquals(new ai.djl.ndarray.types.Shape(3, 2, 3), t.getShape());
            float[] v = t.toFloatArray();
            // channel 1 (G) at (1, 2) holds x = 2
            assertEquals((2 - 0.456f * 255) / (0.224f * 255), v[6 + 1 * 3 + 2], 1e-5f);
            // channel 2 (B) is 7 everywhere
            assertEquals((7 - 0.406f * 255) / (0.225f * 255), v[12], 1e-5f);
            ai.djl.ndarray.NDArray l =
                    TensorConversion.toLabelTensor(
                            m, TestImages.label(2, 3, 256), ai.djl.ndarray.types.DataType.INT32);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, l.toIntArray());
        }
    }
}
