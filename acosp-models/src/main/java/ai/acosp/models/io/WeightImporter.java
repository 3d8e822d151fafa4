package ai.acosp.models.io;

import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.core.nn.SoftTopKMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a PyTorch state dict into an initialised DJL block, matching keys by {@link StateDictKeys}.
 *
 * <ul>
 *   <li>A {@code module.} prefix (DataParallel) is removed from every key that has it.
 *   <li>{@code num_batches_tracked} and the {@code .mask} buffer of soft masks are skipped (a soft
 *       mask is recomputed from its logits).
 *   <li>A masked convolution also accepts its dense key ({@code a.b.weight} for {@code
 *       a.b.0.weight}), so dense weights load into a pruner-configured block.
 *   <li>A hard mask must hold only zeros and ones, as many ones as the block's mask keeps.
 *   <li>Strict by default: missing or unexpected keys and shape mismatches fail with one {@link
 *       WeightImportException} that names them all, before anything is changed.
 * </ul>
 *
 * <p>Loading a published hard-masked ACoSP checkpoint:
 *
 * <pre>{@code
 * PSPNet net = PSPNet.builder().setLayers(50).setClasses(19).build();
 * SoftTopKPruner.builder().setFinalSparsity(0.5f).setEndingEpoch(10).build().configureModel(net);
 * Inject.softToHardK(net);
 * net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 713, 713));
 * WeightImporter.load(net, Path.of("train_epoch_200.pth"), ImportOptions.strict());
 * }</pre>
 */
public final class WeightImporter {

    private static final String MODULE_PREFIX = "module.";

    private WeightImporter() {}

    /**
     * Reads a state-dict file ({@link StateDictIO#read}) and loads it into a block.
     *
     * @param block the initialised network
     * @param file a {@code torch.save}, safetensors or {@code .npz} file
     * @param options how to match
     * @return what was loaded and what not
     * @throws IOException if the file cannot be read
     * @throws WeightImportException if a strict import finds mismatches
     */
    public static ImportReport load(Block block, Path file, ImportOptions options)
            throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            return load(block, StateDictIO.read(file, manager), options);
        }
    }

    /**
     * Loads a state dict strictly.
     *
     * @param block the initialised network
     * @param stateDict tensors by PyTorch key
     * @return what was loaded
     * @throws WeightImportException if keys or shapes do not match
     */
    public static ImportReport load(Block block, Map<String, NDArray> stateDict) {
        return load(block, stateDict, ImportOptions.strict());
    }

    /**
     * Loads a state dict.
     *
     * @param block the initialised network
     * @param stateDict tensors by PyTorch key; the arrays are copied
     * @param options how to match
     * @return what was loaded and what not
     * @throws WeightImportException if a strict import finds mismatches
     * @throws IllegalStateException if the block is not initialised
     */
    public static ImportReport load(
            Block block, Map<String, NDArray> stateDict, ImportOptions options) {
        Map<String, StateDictKeys.Entry> entries = StateDictKeys.of(block);
        Map<String, StateDictKeys.Entry> byDenseKey = new HashMap<>();
        for (StateDictKeys.Entry entry : entries.values()) {
            if (entry.getRole() == StateDictKeys.Role.PARAMETER
                    && !entry.getParameter().isInitialized()) {
                throw new IllegalStateException(
                        "initialise the block before loading weights (e.g."
                                + " block.initialize(manager, DataType.FLOAT32, inputShape)); "
                                + entry.getKey()
                                + " has no value yet");
            }
            if (entry.getDenseKey() != null) {
                byDenseKey.put(entry.getDenseKey(), entry);
            }
        }

        Map<StateDictKeys.Entry, NDArray> plan = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Set<String> sourceKeys = new LinkedHashSet<>();
        Set<StateDictKeys.Entry> rejected = new HashSet<>();
        for (Map.Entry<String, NDArray> item : stateDict.entrySet()) {
            String key =
                    item.getKey().startsWith(MODULE_PREFIX)
                            ? item.getKey().substring(MODULE_PREFIX.length())
                            : item.getKey();
            key = options.getRename().apply(key);
            if (key == null) {
                ignored.add(item.getKey());
                continue;
            }
            sourceKeys.add(key);
            if (options.getIgnore().test(key)
                    || key.endsWith(".num_batches_tracked")
                    || key.equals("num_batches_tracked")) {
                ignored.add(key);
                continue;
            }
            StateDictKeys.Entry entry = entries.get(key);
            if (entry == null) {
                entry = byDenseKey.get(key);
            }
            if (entry == null) {
                unexpected.add(key);
                continue;
            }
            if (entry.getRole() != StateDictKeys.Role.PARAMETER) {
                ignored.add(key);
                continue;
            }
            if (plan.containsKey(entry)) {
                unexpected.add(key + " (a second value for " + entry.getKey() + ")");
                continue;
            }
            NDArray value = item.getValue();
            String problem = check(entry, value);
            if (problem != null) {
                mismatched.add(key + ": " + problem);
                rejected.add(entry);
                continue;
            }
            plan.put(entry, value);
        }

        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean failed = !unexpected.isEmpty() || !mismatched.isEmpty();
        for (StateDictKeys.Entry entry : entries.values()) {
            if (entry.getRole() != StateDictKeys.Role.PARAMETER) {
                continue;
            }
            if (plan.containsKey(entry)) {
                loaded.add(entry.getKey());
                continue;
            }
            if (rejected.contains(entry)) {
                continue; // listed as mismatched
            }
            missing.add(entry.getKey());
            boolean allowed =
                    options.getAllowMissing().test(entry.getKey())
                            || (options.isAllowMissingMasks() && entry.isMask());
            failed |= !allowed;
        }
        ImportReport report =
                new ImportReport(
                        loaded,
                        missing,
                        unexpected,
                        mismatched,
                        ignored,
                        hints(entries, sourceKeys, missing, unexpected, mismatched));
        if (failed && options.isStrict()) {
            throw new WeightImportException(report);
        }
        for (Map.Entry<StateDictKeys.Entry, NDArray> assignment : plan.entrySet()) {
            assign(assignment.getKey().getParameter(), assignment.getValue());
        }
        return report;
    }

    private static String check(StateDictKeys.Entry entry, NDArray value) {
        Shape expected = entry.getParameter().getArray().getShape();
        if (!expected.equals(value.getShape())) {
            return "shape "
                    + value.getShape()
                    + " in the state dict, "
                    + expected
                    + " in the model";
        }
        if (entry.getBlock() instanceof HardChannelMask hard) {
            float[] values = value.toType(DataType.FLOAT32, false).toFloatArray();
            int ones = 0;
            for (float v : values) {
                if (v != 0f && v != 1f) {
                    return "a hard mask must hold only 0 and 1, found " + v;
                }
                ones += v == 1f ? 1 : 0;
            }
            if (ones != hard.getKept()) {
                return "the hard mask keeps "
                        + ones
                        + " of "
                        + values.length
                        + " channels but the model's mask keeps "
                        + hard.getKept()
                        + " (configure the pruner with the sparsity the checkpoint was trained at)";
            }
        }
        return null;
    }

    private static void assign(Parameter parameter, NDArray value) {
        NDArray target = parameter.getArray();
        NDArray converted =
                value.getDataType() == target.getDataType()
                        ? value
                        : value.toType(target.getDataType(), false);
        target.set(converted.toByteBuffer());
        if (converted != value) {
            converted.close();
        }
    }

    private static List<String> hints(
            Map<String, StateDictKeys.Entry> entries,
            Set<String> sourceKeys,
            List<String> missing,
            List<String> unexpected,
            List<String> mismatched) {
        List<String> hints = new ArrayList<>();
        boolean modelMasked = entries.values().stream().anyMatch(StateDictKeys.Entry::isMask);
        boolean sourceMasked =
                unexpected.stream().anyMatch(k -> k.endsWith(".1.mask") || k.endsWith(".0.weight"));
        if (!modelMasked && sourceMasked) {
            hints.add(
                    "the state dict holds masked convolutions (<conv>.0.weight, <conv>.1.mask):"
                            + " configure the model with SoftTopKPruner.configureModel (and"
                            + " Inject.softToHardK for hard masks) before loading");
        }
        for (String key : missing) {
            String prefix = key.substring(0, key.lastIndexOf('.') + 1);
            if (entries.get(key).getBlock() instanceof SoftTopKMask
                    && sourceKeys.contains(prefix + "mask")) {
                hints.add(
                        "the state dict holds hard masks but the model's masks are soft: harden"
                                + " them with Inject.softToHardK before loading");
                break;
            }
        }
        for (String key : unexpected) {
            String prefix = key.substring(0, key.lastIndexOf('.') + 1);
            StateDictKeys.Entry mask = entries.get(prefix + "mask");
            if (key.endsWith(".weight")
                    && mask != null
                    && mask.getBlock() instanceof HardChannelMask) {
                hints.add(
                        "the state dict holds soft masks (logits) but the model's masks are hard:"
                                + " load it before Inject.softToHardK");
                break;
            }
        }
        if (modelMasked
                && !missing.isEmpty()
                && missing.stream().allMatch(k -> entries.get(k).isMask())) {
            hints.add(
                    "only mask entries are missing: a dense state dict loads into a masked model"
                            + " with ImportOptions.builder().optAllowMissingMasks(true)");
        }
        return hints;
    }
}
