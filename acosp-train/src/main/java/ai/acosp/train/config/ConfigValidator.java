package ai.acosp.train.config;

import java.util.List;
import java.util.Set;

/**
 * The checks of values that have the right type but cannot be run: a sparsity of 1 or more, a zoom
 * factor other than 1, 2, 4 or 8, a PSPNet crop that is not {@code 8k + 1}, fewer than two classes,
 * and so on. Each failure names the key and where its value came from.
 */
public final class ConfigValidator {

    /** The architectures. */
    public static final Set<String> ARCHS = Set.of("psp", "segnet", "resnet18");

    private ConfigValidator() {}

    /**
     * Checks a configuration.
     *
     * @param c the configuration
     * @throws ConfigException at the first impossible value
     */
    public static void validate(ExperimentConfig c) {
        oneOf(c, "arch", ARCHS);
        oneOf(c, "data_format", Set.of("semseg", "cifar10", "synthetic"));
        oneOf(c, "lr_schedule", Set.of("poly", "cosine", "cosine_epoch"));
        oneOf(c, "optimizer", Set.of("sgd", "adam"));
        oneOf(c, "engine", Set.of("djl", "onnxruntime"));
        oneOf(c, "mask_position", Set.of("conv", "batch_norm"));
        atLeast(c, "classes", 2);
        if (!"cifar10".equals(c.getChoice("data_format")) && c.getString("train_list") == null) {
            throw c.fail("train_list", "is required (training list, relative to data_root)");
        }
        List<Integer> synthetic = c.getIntList("synthetic_size");
        if (synthetic.size() != 4 || synthetic.stream().anyMatch(v -> v < 1)) {
            throw c.fail(
                    "synthetic_size",
                    "must be [train images, val images, height, width], all >= 1, got "
                            + synthetic);
        }
        String arch = c.getChoice("arch");
        if ("psp".equals(arch) && !Set.of(50, 101, 152).contains(c.getInt("layers"))) {
            throw c.fail("layers", "PSPNet has 50, 101 or 152 layers, got " + c.getInt("layers"));
        }
        if (!Set.of(1, 2, 4, 8).contains(c.getInt("zoom_factor"))) {
            throw c.fail("zoom_factor", "must be 1, 2, 4 or 8, got " + c.getInt("zoom_factor"));
        }
        atLeast(c, "train_h", 1);
        atLeast(c, "train_w", 1);
        atLeast(c, "test_h", 1);
        atLeast(c, "test_w", 1);
        if ("psp".equals(arch)) {
            for (String key : List.of("train_h", "train_w", "test_h", "test_w")) {
                if (c.get(key) != null && (c.getInt(key) - 1) % 8 != 0) {
                    throw c.fail(
                            key,
                            "PSPNet needs a size of 8k+1 (e.g. 473, 713), got " + c.getInt(key));
                }
            }
        }
        int ignore = c.getInt("ignore_label");
        if (ignore < 0 || ignore > 255) {
            throw c.fail("ignore_label", "must be in 0..255 (labels are 8-bit), got " + ignore);
        }
        positive(c, "scale_min");
        if (c.getDouble("scale_max") < c.getDouble("scale_min")) {
            throw c.fail("scale_max", "must be >= scale_min " + c.getDouble("scale_min"));
        }
        if (c.getDouble("rotate_max") < c.getDouble("rotate_min")) {
            throw c.fail("rotate_max", "must be >= rotate_min " + c.getDouble("rotate_min"));
        }
        atLeastDouble(c, "aux_weight", 0);
        for (String key : List.of("train_gpu", "test_gpu")) {
            for (int gpu : c.getIntList(key)) {
                if (gpu < 0) {
                    throw c.fail(key, "GPU ids are >= 0, got " + gpu);
                }
            }
        }
        atLeast(c, "workers", 0);
        atLeast(c, "batch_size", 1);
        atLeast(c, "batch_size_val", 1);
        positive(c, "base_lr");
        atLeast(c, "epochs", 1);
        atLeast(c, "start_epoch", 0);
        if (c.getInt("start_epoch") >= c.getInt("epochs")) {
            throw c.fail("start_epoch", "must be below epochs " + c.getInt("epochs"));
        }
        positive(c, "power");
        double momentum = c.getDouble("momentum");
        if (momentum < 0 || momentum >= 1) {
            throw c.fail("momentum", "must be in [0, 1), got " + momentum);
        }
        atLeastDouble(c, "weight_decay", 0);
        atLeast(c, "print_freq", 1);
        atLeast(c, "save_freq", 1);
        atLeast(c, "starting_epoch", 0);
        Pruning.fromConfig(c);
        if (c.get("target_macs") != null) {
            double target = c.getDouble("target_macs");
            if (!(target > 0 && target <= 1)) {
                throw c.fail(
                        "target_macs",
                        "must be a share of the dense MACs in (0, 1], got " + target);
            }
        }
        atLeast(c, "base_size", 1);
        List<Double> scales = c.getDoubleList("scales");
        if (scales.isEmpty() || scales.stream().anyMatch(s -> !(s > 0))) {
            throw c.fail("scales", "must be a non-empty list of positive scales, got " + scales);
        }
        atLeast(c, "index_start", 0);
        atLeast(c, "index_step", 0);
        atLeast(c, "channel_quantum", 1);
        if (c.getIntList("test_gpu").size() > 1) {
            throw c.fail("test_gpu", "testing uses one GPU, got " + c.getIntList("test_gpu"));
        }
    }

    private static void oneOf(ExperimentConfig c, String key, Set<String> choices) {
        String value = c.getChoice(key);
        if (!choices.contains(value)) {
            throw c.fail(key, "must be one of " + choices + ", got " + c.get(key));
        }
    }

    private static void atLeast(ExperimentConfig c, String key, int min) {
        if (c.get(key) != null && c.getInt(key) < min) {
            throw c.fail(key, "must be >= " + min + ", got " + c.getInt(key));
        }
    }

    private static void atLeastDouble(ExperimentConfig c, String key, double min) {
        if (c.get(key) != null && c.getDouble(key) < min) {
            throw c.fail(key, "must be >= " + min + ", got " + c.getDouble(key));
        }
    }

    private static void positive(ExperimentConfig c, String key) {
        if (!(c.getDouble(key) > 0)) {
            throw c.fail(key, "must be > 0, got " + c.getDouble(key));
        }
    }
}
