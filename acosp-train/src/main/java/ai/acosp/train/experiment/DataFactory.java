package ai.acosp.train.experiment;

import ai.acosp.data.SeededDataset;
import ai.acosp.data.cifar.Cifar10Dataset;
import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.data.synthetic.SyntheticSegmentation;
import ai.acosp.data.transform.SegAugmentation;
import ai.acosp.train.config.ExperimentConfig;
import ai.djl.training.dataset.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The data sets of an experiment: training (augmented, shuffled, last incomplete batch dropped),
 * validation during training (centre crop) and testing (whole images, no transform).
 *
 * <p>{@code data_format} selects semseg list files, the CIFAR-10 binary files under {@code
 * data_root}, or the synthetic set, which is generated into {@code data_root} when its training
 * list is missing.
 */
public final class DataFactory {

    private DataFactory() {}

    /**
     * The training set.
     *
     * @param c the configuration
     * @param layout the experiment layout
     * @param seed the data seed
     * @param startEpoch the first epoch (its augmentation stream)
     * @return the data set
     * @throws IOException if the data cannot be found or read
     */
    public static SeededDataset training(
            ExperimentConfig c, ExperimentLayout layout, long seed, int startEpoch)
            throws IOException {
        int batch = c.getInt("batch_size");
        int prefetch = Math.max(2, 2 * c.getInt("workers"));
        if (isCifar(c)) {
            return Cifar10Dataset.builder()
                    .setRoot(layout.dataRoot())
                    .optUsage(Dataset.Usage.TRAIN)
                    .optSeed(seed)
                    .optStartEpoch(startEpoch)
                    .setSampling(batch, true, true)
                    .optPrefetchNumber(prefetch)
                    .build();
        }
        ensureSynthetic(c, layout);
        return SemSegDataset.builder()
                .setDataRoot(layout.dataRoot())
                .setListFile(layout.list("train_list"))
                .optTransform(augmentation(c).training())
                .optNumClasses(c.getInt("classes"))
                .optIgnoreLabel(c.getInt("ignore_label"))
                .optSeed(seed)
                .optStartEpoch(startEpoch)
                .setSampling(batch, true, true)
                .optPrefetchNumber(prefetch)
                .build();
    }

    /**
     * The validation set used during training ({@code evaluate: True}).
     *
     * @param c the configuration
     * @param layout the experiment layout
     * @return the data set, or null when there is no {@code val_list} (semseg formats)
     * @throws IOException if the data cannot be found or read
     */
    public static SeededDataset validation(ExperimentConfig c, ExperimentLayout layout)
            throws IOException {
        int batch = c.getInt("batch_size_val");
        if (isCifar(c)) {
            return Cifar10Dataset.builder()
                    .setRoot(layout.dataRoot())
                    .optUsage(Dataset.Usage.TEST)
                    .setSampling(batch, false, false)
                    .build();
        }
        ensureSynthetic(c, layout);
        Path list = layout.list("val_list");
        if (list == null) {
            return null;
        }
        return SemSegDataset.builder()
                .setDataRoot(layout.dataRoot())
                .setListFile(list)
                .optTransform(augmentation(c).validation())
                .optNumClasses(c.getInt("classes"))
                .optIgnoreLabel(c.getInt("ignore_label"))
                .setSampling(batch, false, false)
                .build();
    }

    /**
     * The test set of a semseg experiment: whole images read as stored.
     *
     * @param c the configuration
     * @param layout the experiment layout
     * @return the data set
     * @throws IOException if the data cannot be found or read
     */
    public static SemSegDataset testing(ExperimentConfig c, ExperimentLayout layout)
            throws IOException {
        ensureSynthetic(c, layout);
        Path list = layout.list("test_list");
        if (list == null) {
            throw c.fail("test_list", "must be set to test");
        }
        return SemSegDataset.builder()
                .setDataRoot(layout.dataRoot())
                .setListFile(list)
                .optNumClasses(c.getInt("classes"))
                .optIgnoreLabel(c.getInt("ignore_label"))
                .build();
    }

    /**
     * The CIFAR-10 test split, normalised, not augmented.
     *
     * @param c the configuration
     * @param layout the experiment layout
     * @return the data set
     * @throws IOException if the files cannot be read
     */
    public static Cifar10Dataset cifarTest(ExperimentConfig c, ExperimentLayout layout)
            throws IOException {
        return Cifar10Dataset.builder()
                .setRoot(layout.dataRoot())
                .optUsage(Dataset.Usage.TEST)
                .setSampling(c.getInt("batch_size_val"), false, false)
                .build();
    }

    /**
     * Whether the experiment uses the CIFAR-10 binary files.
     *
     * @param c the configuration
     * @return true for {@code data_format: cifar10}
     */
    public static boolean isCifar(ExperimentConfig c) {
        return "cifar10".equals(c.getChoice("data_format"));
    }

    /**
     * Generates the synthetic set into the data root when its training list is missing or the set
     * there was generated with another size, seed or version of the generator (its stamp file
     * {@code synthetic.txt} says which).
     *
     * @param c the configuration
     * @param layout the experiment layout
     * @throws IOException if writing fails
     */
    public static synchronized void ensureSynthetic(ExperimentConfig c, ExperimentLayout layout)
            throws IOException {
        if (!"synthetic".equals(c.getChoice("data_format"))) {
            return;
        }
        List<Integer> size = c.getIntList("synthetic_size");
        Integer manualSeed = (Integer) c.get("manual_seed");
        int seed = manualSeed == null ? 42 : manualSeed;
        String stamp =
                "synthetic v" + SyntheticSegmentation.VERSION + " size " + size + " seed " + seed;
        Path stampFile = layout.dataRoot().resolve("synthetic.txt");
        Path trainList = layout.list("train_list");
        if (trainList != null
                && Files.exists(trainList)
                && Files.exists(stampFile)
                && Files.readString(stampFile).strip().equals(stamp)) {
            return;
        }
        System.out.println(
                "Generating the synthetic data set in " + layout.dataRoot() + " (" + size + ")");
        SyntheticSegmentation.generate(
                layout.dataRoot(), size.get(0), size.get(1), size.get(2), size.get(3), seed);
        Files.writeString(stampFile, stamp + "\n");
    }

    private static SegAugmentation augmentation(ExperimentConfig c) {
        return SegAugmentation.builder()
                .setCropSize(c.getInt("train_h"), c.getInt("train_w"))
                .optScale(c.getDouble("scale_min"), c.getDouble("scale_max"))
                .optRotate(c.getDouble("rotate_min"), c.getDouble("rotate_max"))
                .optIgnoreLabel(c.getInt("ignore_label"))
                .build();
    }
}
