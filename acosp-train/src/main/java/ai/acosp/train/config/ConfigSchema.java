package ai.acosp.train.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key an experiment configuration may hold, with its section, type and default: the keys of
 * the semseg format plus {@code data_format}, {@code optimizer} and {@code backbone_weight}. The
 * {@code Distributed} keys are accepted for compatibility with the original files and not used:
 * several GPUs of one process split each batch instead.
 */
public final class ConfigSchema {

    /** The section names in file order. */
    public static final List<String> SECTIONS = List.of("DATA", "TRAIN", "Distributed", "TEST");

    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

    static {
        String s = "DATA";
        optional(s, "data_root", ValueType.STRING, null, "data set folder; empty: /data/<dataset>");
        optional(s, "train_list", ValueType.STRING, null, "training list, relative to data_root");
        optional(s, "val_list", ValueType.STRING, null, "validation list, relative to data_root");
        required(s, "classes", ValueType.INT, "number of classes");
        def(s, "data_format", ValueType.STRING, "semseg", "semseg | cifar10 | synthetic");
        def(
                s,
                "synthetic_size",
                ValueType.INT_LIST,
                List.of(48, 12, 96, 128),
                "synthetic set: [train images, val images, height, width]");

        s = "TRAIN";
        required(s, "arch", ValueType.STRING, "psp | segnet | resnet18");
        def(s, "layers", ValueType.INT, 50, "PSPNet depth: 50, 101 or 152");
        def(s, "sync_bn", ValueType.BOOL, false, "accepted, not used (one process)");
        required(s, "train_h", ValueType.INT, "training crop height");
        required(s, "train_w", ValueType.INT, "training crop width");
        def(s, "scale_min", ValueType.FLOAT, 0.5, "minimum random scale");
        def(s, "scale_max", ValueType.FLOAT, 2.0, "maximum random scale");
        def(s, "rotate_min", ValueType.FLOAT, -10.0, "minimum random rotation (degrees)");
        def(s, "rotate_max", ValueType.FLOAT, 10.0, "maximum random rotation (degrees)");
        def(s, "zoom_factor", ValueType.INT, 8, "PSPNet output zoom: 1, 2, 4 or 8");
        def(s, "ignore_label", ValueType.INT, 255, "label value without a class");
        def(s, "aux_weight", ValueType.FLOAT, 0.4, "weight of the PSPNet auxiliary loss");
        def(s, "train_gpu", ValueType.INT_LIST, List.of(), "GPU ids; [] trains on the CPU");
        def(s, "workers", ValueType.INT, 2, "data loader threads");
        required(s, "batch_size", ValueType.INT, "training batch size (all GPUs together)");
        def(s, "batch_size_val", ValueType.INT, 1, "validation batch size");
        required(s, "base_lr", ValueType.FLOAT, "base learning rate");
        required(s, "epochs", ValueType.INT, "number of epochs");
        def(s, "start_epoch", ValueType.INT, 0, "first epoch (resume sets it from the checkpoint)");
        def(s, "power", ValueType.FLOAT, 0.9, "power of the poly schedule");
        def(s, "momentum", ValueType.FLOAT, 0.9, "SGD momentum");
        def(s, "weight_decay", ValueType.FLOAT, 1e-4, "weight decay");
        def(s, "lr_schedule", ValueType.STRING, "poly", "poly | cosine | cosine_epoch");
        def(s, "optimizer", ValueType.STRING, "sgd", "sgd | adam");
        optional(s, "manual_seed", ValueType.INT, null, "seed; empty: not reproducible");
        def(s, "print_freq", ValueType.INT, 10, "iterations between console lines");
        def(s, "save_freq", ValueType.INT, 1, "epochs between checkpoints");
        def(
                s,
                "save_path",
                ValueType.STRING,
                "model",
                "checkpoint folder, relative to the experiment");
        optional(
                s, "weight", ValueType.STRING, null, "initial weights: checkpoint or PyTorch file");
        optional(s, "backbone_weight", ValueType.STRING, null, "ImageNet backbone weights");
        optional(s, "resume", ValueType.STRING, null, "checkpoint to resume from");
        def(s, "evaluate", ValueType.BOOL, false, "validate after every epoch");
        def(s, "sparsity", ValueType.FLOAT, 0.0, "ACoSP channel sparsity in [0, 1); 0 is dense");
        def(s, "starting_epoch", ValueType.INT, 0, "epoch the temperature starts to fall");
        optional(s, "ending_epoch", ValueType.INT, null, "epoch the masks harden");
        def(s, "learnable_weights", ValueType.BOOL, true, "train the mask logits");
        def(s, "refill_pruned", ValueType.BOOL, false, "refill pruned filters after hardening");
        def(
                s,
                "mask_groups",
                ValueType.BOOL,
                true,
                "one mask per coupled group (residual streams, SegNet's tied stages);"
                        + " false: one per convolution, as the reference");
        def(
                s,
                "mask_position",
                ValueType.STRING,
                "conv",
                "conv: a soft mask right after its convolution, as the reference; batch_norm:"
                        + " after the batch norm that reads it, where training sees it");
        optional(
                s,
                "layer_sparsity",
                ValueType.STRING,
                null,
                "other sparsities by path glob, e.g. \"layer4/**=0.9, down1/**=0.5\"");
        optional(
                s,
                "target_macs",
                ValueType.FLOAT,
                null,
                "share of the dense MACs at train_h x train_w; chooses each other layer's k");

        s = "Distributed";
        optional(s, "dist_url", ValueType.STRING, null, "accepted, not used");
        optional(s, "dist_backend", ValueType.STRING, null, "accepted, not used");
        def(s, "multiprocessing_distributed", ValueType.BOOL, false, "accepted, not used");
        def(s, "world_size", ValueType.INT, 1, "accepted, not used");
        def(s, "rank", ValueType.INT, 0, "accepted, not used");
        def(s, "use_apex", ValueType.BOOL, false, "accepted, not used");
        optional(s, "opt_level", ValueType.STRING, null, "accepted, not used");
        optional(s, "keep_batchnorm_fp32", ValueType.BOOL, null, "accepted, not used");
        optional(s, "loss_scale", ValueType.FLOAT, null, "accepted, not used");

        s = "TEST";
        optional(s, "test_list", ValueType.STRING, null, "test list, relative to data_root");
        def(s, "split", ValueType.STRING, "val", "name of the tested split");
        def(s, "base_size", ValueType.INT, 512, "long side of an image at scale 1");
        optional(s, "test_h", ValueType.INT, null, "window height; empty: train_h");
        optional(s, "test_w", ValueType.INT, null, "window width; empty: train_w");
        def(s, "scales", ValueType.FLOAT_LIST, List.of(1.0), "test scales");
        def(s, "has_prediction", ValueType.BOOL, false, "read saved predictions, do not infer");
        def(s, "index_start", ValueType.INT, 0, "first list index to test");
        def(s, "index_step", ValueType.INT, 0, "how many to test from index_start; 0: all");
        def(s, "test_gpu", ValueType.INT_LIST, List.of(), "GPU id; [] tests on the CPU");
        optional(s, "model_path", ValueType.STRING, null, "model to test; empty: final checkpoint");
        def(
                s,
                "engine",
                ValueType.STRING,
                "djl",
                "djl | onnxruntime (runs model.onnx of tool/export.sh)");
        optional(s, "save_folder", ValueType.STRING, null, "prediction folder; empty: derived");
        optional(s, "colors_path", ValueType.STRING, null, "palette file; empty: default palette");
        optional(s, "names_path", ValueType.STRING, null, "class names; empty: class ids");
        def(s, "calc_results", ValueType.BOOL, true, "compute IoU/Acc against the labels");
        optional(s, "result_path", ValueType.STRING, null, "per-class CSV; empty: derived");
        def(s, "sparse", ValueType.BOOL, false, "build hard masks before loading the model");
        def(
                s,
                "channel_quantum",
                ValueType.INT,
                1,
                "compaction: round conv inputs to multiples of this; 1: off");
    }

    private ConfigSchema() {}

    private static void required(String section, String name, ValueType type, String help) {
        put(new ConfigKey(name, section, type, true, false, null, help));
    }

    private static void optional(
            String section, String name, ValueType type, Object value, String help) {
        put(new ConfigKey(name, section, type, false, true, value, help));
    }

    private static void def(
            String section, String name, ValueType type, Object value, String help) {
        put(new ConfigKey(name, section, type, false, false, value, help));
    }

    private static void put(ConfigKey key) {
        KEYS.put(key.name(), key);
    }

    /**
     * Looks a key up.
     *
     * @param name the key
     * @return its definition, or null if there is no such key
     */
    public static ConfigKey get(String name) {
        return KEYS.get(name);
    }

    /**
     * All keys in section and file order.
     *
     * @return the keys
     */
    public static Collection<ConfigKey> keys() {
        return Collections.unmodifiableCollection(KEYS.values());
    }
}
