package ai.acosp.train.inference;

import ai.acosp.data.image.Normalization;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ModelFactory;
import java.util.List;

/**
 * The test phase's recipe for one whole image, in one place for {@code tool/test.sh}, {@code
 * tool/predict.sh}, the DJL translator and the benchmarks: classes, window, long side at scale 1,
 * scales, normalisation and whether each window is averaged with its flipped copy.
 *
 * @param classes the number of classes (network output channels)
 * @param windowH the window height
 * @param windowW the window width
 * @param baseSize the long side at scale 1
 * @param scales the scales
 * @param normalization the input normalisation
 * @param flip whether each window is averaged with its horizontally flipped copy (the test phase
 *     does)
 */
public record InferenceSettings(
        int classes,
        int windowH,
        int windowW,
        int baseSize,
        List<Double> scales,
        Normalization normalization,
        boolean flip) {

    /** Copies the scales, so that the settings cannot change. */
    public InferenceSettings {
        scales = List.copyOf(scales);
    }

    /**
     * The recipe of a configuration: {@code classes}, {@code test_h x test_w} windows ({@code
     * train_h x train_w} when unset), {@code base_size}, {@code scales}, the normalisation of the
     * model's data (CIFAR-10's for classifiers, ImageNet's otherwise) and the flip.
     *
     * @param c the configuration
     * @return the settings
     */
    public static InferenceSettings of(ExperimentConfig c) {
        return new InferenceSettings(
                c.getInt("classes"),
                c.getInt("test_h", c.getInt("train_h")),
                c.getInt("test_w", c.getInt("train_w")),
                c.getInt("base_size"),
                c.getDoubleList("scales"),
                normalization(c),
                true);
    }

    /**
     * The normalisation of a configuration's model: CIFAR-10's for classifiers, ImageNet's for
     * segmentation networks.
     *
     * @param c the configuration
     * @return the normalisation
     */
    public static Normalization normalization(ExperimentConfig c) {
        return ModelFactory.isClassifier(c) ? Normalization.CIFAR10 : Normalization.IMAGENET;
    }

    /**
     * The same recipe with another window (an exported ONNX file's fixed input).
     *
     * @param height the window height
     * @param width the window width
     * @return the settings
     */
    public InferenceSettings withWindow(int height, int width) {
        return new InferenceSettings(classes, height, width, baseSize, scales, normalization, flip);
    }
}
