package ai.acosp.train;

import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Configurations for tests: the shipped configs shrunk to tiny runs in a temporary folder. */
public final class TestConfigs {

    /** The repository's config folder, seen from the module folder where tests run. */
    public static final Path CONFIG = Path.of("..", "config");

    private TestConfigs() {}

    /**
     * Points the experiment root to a folder.
     *
     * @param root the folder
     */
    public static void useExperimentRoot(Path root) {
        System.setProperty(ExperimentLayout.ROOT_PROPERTY, root.toString());
    }

    /**
     * The synthetic SegNet config shrunk to a run of seconds: 8 training and 2 test images of
     * 40x48, 32x32 crops, batch 2, two epochs, data under {@code root/data}.
     *
     * @param root a temporary folder; also the experiment root
     * @param name {@code segnet} or {@code segnet_0.75}
     * @param extra more overrides
     * @return the configuration
     */
    public static ExperimentConfig tinySynthetic(Path root, String name, String... extra) {
        useExperimentRoot(root);
        return ConfigLoader.load(
                CONFIG.resolve("synthetic/synthetic_" + name + ".yaml"),
                tinyOverrides(root.resolve("data"), extra));
    }

    /**
     * The overrides of {@link #tinySynthetic}, for a command line.
     *
     * @param dataRoot the data folder
     * @param extra more overrides, applied last
     * @return {@code key value} pairs
     */
    public static List<String> tinyOverrides(Path dataRoot, String... extra) {
        List<String> overrides =
                new ArrayList<>(
                        List.of(
                                "data_root", dataRoot.toString(),
                                "synthetic_size", "[8, 2, 40, 48]",
                                "train_h", "32",
                                "train_w", "32",
                                "test_h", "32",
                                "test_w", "32",
                                "base_size", "48",
                                "batch_size", "2",
                                "batch_size_val", "2",
                                "epochs", "2",
                                "save_freq", "1",
                                "workers", "0",
                                "print_freq", "2",
                                "manual_seed", "3"));
        overrides.addAll(Arrays.asList(extra));
        return overrides;
    }

    /**
     * Writes a config file {@code <dir>/config/<dataset>/<dataset>_<name>.yaml}.
     *
     * @param dir the folder
     * @param dataset the data set
     * @param name the name
     * @param yaml the content
     * @return the file
     * @throws IOException if writing fails
     */
    public static Path write(Path dir, String dataset, String name, String yaml)
            throws IOException {
        Path file = dir.resolve("config").resolve(dataset).resolve(dataset + "_" + name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }
}
