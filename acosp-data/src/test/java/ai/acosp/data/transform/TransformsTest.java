package ai.acosp.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.TestImages;
import ai.acosp.data.image.Normalization;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.opencv.core.Scalar;

class TransformsTest {

    private static final Scalar MEAN = Normalization.IMAGENET.meanScalar();

    /** A generator that always returns the given double (and nextInt(n) = 0). */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }

            @Override
            public int nextInt(int bound) {
                return 0;
            }
        };
    }

    @Test
    void centerCropPadsSmallImagesWithMeanAndIgnore() {
        // 2 x 3 image into 5 x 4: pad rows 3 -> top 1, bottom 2; cols 1 -> left 0, right 1.
        try (SegSample s = new SegSample(TestImages.coordImage(2, 3), TestImages.label(2, 3, 6))) {
            new Crop(5, 4, Crop.Type.CENTER, MEAN, 255).apply(s, new SplittableRandom(1));
            assertEquals(5, s.height());
            assertEquals(4, s.width());
            int[] lab = TestImages.ints(s.label());
            float[] img = TestImages.floats(s.image());
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 4; x++) {
                    boolean inside = y >= 1 && y <= 2 && x <= 2;
                    int i = y * 4 + x;
                    if (inside) {
                        assertEquals(((y - 1) * 3 + x) % 6, lab[i], "label at " + y + "," + x);
                        assertEquals(y - 1, img[i * 3], 0f);
                        assertEquals(x, img[i * 3 + 1], 0f);
                    } else {
                        assertEquals(255, lab[i]);
                        assertEquals(0.485f * 255, img[i * 3], 1e-3f);
                        assertEquals(0.456f * 255, img[i * 3 + 1], 1e-3f);
                        assertEquals(0.406f * 255, img[i * 3 + 2], 1e-3f);
                    }
                }
            }
        }
    }

    @Test
    void centerCropTakesTheMiddleWindow() {
        try (SegSample s =
                new SegSample(TestImages.coordImage(9, 10), TestImages.label(9, 10, 200))) {
            new Crop(4, 4, Crop.Type.CENTER, MEAN, 255).apply(s, new SplittableRandom(1));
            float[] img = TestImages.floats(s.image());
            // offsets (9-4)/2 = 2 and (10-4)/2 = 3
            assertEquals(2, img[0], 0f);
            assertEquals(3, img[1], 0f);
            assertEquals(2 * 10 + 3, TestImages.ints(s.label())[0]);
        }
    }

    @Test
    void randomCropStaysInsideAndCoversAllOffsets() {
        Set<String> offsets = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(3);
        for (int k = 0; k < 300; k++) {
            try (SegSample s =
                    new SegSample(TestImages.coordImage(6, 7), TestImages.label(6, 7, 250))) {
                new Crop(4, 4, Crop.Type.RANDOM, MEAN, 255).apply(s, rng);
                float[] img = TestImages.floats(s.image());
                int top = (int) img[0];
                int left = (int) img[1];
                assertTrue(top >= 0 && top <= 2 && left >= 0 && left <= 3);
                // label follows the image window
                assertEquals(top * 7 + left, TestImages.ints(s.label())[0]);
                offsets.add(top + "," + left);
            }
        }
        assertEquals(12, offsets.size(), "every offset (3 x 4) is reachable");
    }

    @Test
    void flipMirrorsImageAndLabel() {
        try (SegSample s =
                new SegSample(TestImages.coordImage(3, 5), TestImages.label(3, 5, 100))) {
            new RandomHorizontalFlip(0.5).apply(s, fixed(0.1)); // 0.1 < 0.5: flips
            float[] img = TestImages.floats(s.image());
            int[] lab = TestImages.ints(s.label());
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    int i = y * 5 + x;
                    assertEquals(4 - x, img[i * 3 + 1], 0f);
                    assertEquals(y * 5 + (4 - x), lab[i]);
                }
            }
        }
        try (SegSample s =
                new SegSample(TestImages.coordImage(3, 5), TestImages.label(3, 5, 100))) {
            new RandomHorizontalFlip(0.5).apply(s, fixed(0.9)); // no flip
            assertEquals(0, TestImages.floats(s.image())[1], 0f);
        }
    }

    @Test
    void rotationBy90DegreesMovesPixelsAndFillsBorders() {
        // A 5 x 5 image rotated 90 degrees counter-clockwise about (2.5, 2.5): OpenCV maps
        // destination (x, y) to source (x', y') = (5 - y, x) (centre at w/2, h/2, not (w-1)/2).
        RandomRotate rot = new RandomRotate(-10, 10, 0.5, MEAN, 255);
        try (SegSample s = new SegSample(TestImages.coordImage(5, 5), TestImages.label(5, 5, 25))) {
            rot.rotate(s, 90);
            int[] lab = TestImages.ints(s.label());
            float[] img = TestImages.floats(s.image());
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 5; x++) {
                    int sx = 5 - y;
                    int sy = x;
                    int i = y * 5 + x;
                    if (sx >= 0 && sx < 5) {
                        assertEquals(sy * 5 + sx, lab[i], "label at " + y + "," + x);
                        assertEquals(sy, img[i * 3], 1e-3f);
                        assertEquals(sx, img[i * 3 + 1], 1e-3f);
                    } else {
                        assertEquals(255, lab[i], "ignore border at " + y + "," + x);
                        assertEquals(0.485f * 255, img[i * 3], 1e-3f);
                    }
                }
            }
        }
    }

    @Test
    void rotationKeepsLabelValuesAndRespectsProbability() {
        RandomRotate rot = new RandomRotate(-10, 10, 0.5, MEAN, 255);
        try (SegSample s =
                new SegSample(TestImages.coordImage(40, 50), TestImages.label(40, 50, 7))) {
            rot.apply(s, fixed(0.75)); // 0.75 >= 0.5: no rotation
            assertArrayEquals(
                    TestImages.ints(TestImages.label(40, 50, 7)), TestImages.ints(s.label()));
            rot.rotate(s, 7.3);
            for (int v : TestImages.ints(s.label())) {
                assertTrue(v < 7 || v == 255, "nearest interpolation invents no value: " + v);
            }
            assertEquals(40, s.height());
            assertEquals(50, s.width());
        }
    }

    @Test
    void scaleResizesBothAndKeepsLabelValues() {
        try (SegSample s =
                new SegSample(TestImages.coordImage(20, 30), TestImages.label(20, 30, 5))) {
            new RandomScale(1.5, 1.5).apply(s, new SplittableRandom(1));
            assertEquals(30, s.height());
            assertEquals(45, s.width());
            assertEquals(30, s.label().rows());
            for (int v : TestImages.ints(s.label())) {
                assertTrue(v < 5);
            }
        }
        try (SegSample s =
                new SegSample(TestImages.coordImage(20, 30), TestImages.label(20, 30, 5))) {
            new RandomScale(0.5, 2.0).apply(s, fixed(0.0)); // factor 0.5
            assertEquals(10, s.height());
            assertEquals(15, s.width());
        }
    }

    @Test
    void blurChangesOnlyTheImage() {
        try (SegSample s =
                new SegSample(TestImages.coordImage(12, 12), TestImages.label(12, 12, 3))) {
            float[] before = TestImages.floats(s.image());
            new RandomGaussianBlur().apply(s, fixed(0.2));
            assertArrayEquals(
                    TestImages.ints(TestImages.label(12, 12, 3)), TestImages.ints(s.label()));
            float[] after = TestImages.floats(s.image());
            // a linear ramp stays a ramp inside; the constant channel stays constant
            assertEquals(before[(6 * 12 + 6) * 3], after[(6 * 12 + 6) * 3], 1e-3f);
            assertEquals(7f, after[(3 * 12 + 3) * 3 + 2], 1e-4f);
        }
    }

    @Test
    void trainingPipelineIsAFunctionOfTheSeed() {
        SegAugmentation aug =
                SegAugmentation.builder().setCropSize(33, 41).optIgnoreLabel(255).build();
        SegPipeline train = aug.training();
        assertEquals(5, train.getSteps().size());
        float[][] img = new float[3][];
        int[][] lab = new int[3][];
        long[] seeds = {42, 42, 43};
        for (int k = 0; k < 3; k++) {
            try (SegSample s =
                    new SegSample(TestImages.coordImage(50, 60), TestImages.label(50, 60, 9))) {
                train.apply(s, new SplittableRandom(seeds[k]));
                assertEquals(33, s.height());
                assertEquals(41, s.width());
                img[k] = TestImages.floats(s.image());
                lab[k] = TestImages.ints(s.label());
            }
        }
        assertArrayEquals(img[0], img[1]);
        assertArrayEquals(lab[0], lab[1]);
        assertFalse(java.util.Arrays.equals(img[0], img[2]));
        for (int v : lab[0]) {
            assertTrue(v < 9 || v == 255);
        }
    }
}
