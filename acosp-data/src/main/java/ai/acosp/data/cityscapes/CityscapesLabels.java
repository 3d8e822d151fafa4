package ai.acosp.data.cityscapes;

import java.util.Arrays;

/**
 * The Cityscapes label table (cityscapesScripts {@code labels.py}): the 34 label ids of {@code
 * *_labelIds.png} and the 19 train ids used for training; every label id without a train id maps to
 * {@link #IGNORE} (255).
 *
 * <p>Train id to label id: 0 road 7, 1 sidewalk 8, 2 building 11, 3 wall 12, 4 fence 13, 5 pole 17,
 * 6 traffic light 19, 7 traffic sign 20, 8 vegetation 21, 9 terrain 22, 10 sky 23, 11 person 24, 12
 * rider 25, 13 car 26, 14 truck 27, 15 bus 28, 16 train 31, 17 motorcycle 32, 18 bicycle 33; ignore
 * (255) goes back to 0 (unlabeled).
 */
public final class CityscapesLabels {

    /** The train id of pixels that are not trained on. */
    public static final int IGNORE = 255;

    /** The number of train ids. */
    public static final int NUM_TRAIN_IDS = 19;

    private static final int[] TRAIN_TO_LABEL = {
        7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33
    };

    private static final int[] LABEL_TO_TRAIN = new int[256];

    static {
        Arrays.fill(LABEL_TO_TRAIN, IGNORE);
        for (int t = 0; t < TRAIN_TO_LABEL.length; t++) {
            LABEL_TO_TRAIN[TRAIN_TO_LABEL[t]] = t;
        }
    }

    private CityscapesLabels() {}

    /**
     * Maps a label id (0..33, any byte accepted) to its train id.
     *
     * @param labelId the label id
     * @return the train id 0..18, or 255
     */
    public static int toTrainId(int labelId) {
        return labelId >= 0 && labelId < 256 ? LABEL_TO_TRAIN[labelId] : IGNORE;
    }

    /**
     * Maps a train id back to its label id; 255 (and anything unknown) becomes 0, "unlabeled".
     *
     * @param trainId the train id
     * @return the label id
     */
    public static int toLabelId(int trainId) {
        return trainId >= 0 && trainId < TRAIN_TO_LABEL.length ? TRAIN_TO_LABEL[trainId] : 0;
    }

    /**
     * Maps label ids to train ids in place, one byte per pixel.
     *
     * @param pixels the label map
     */
    public static void toTrainIds(byte[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) LABEL_TO_TRAIN[pixels[i] & 0xFF];
        }
    }

    /**
     * Maps train ids to label ids in place, one byte per pixel.
     *
     * @param pixels the label map
     */
    public static void toLabelIds(byte[] pixels) {
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) toLabelId(pixels[i] & 0xFF);
        }
    }
}
