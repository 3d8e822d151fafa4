package ai.acosp.models.io;

import ai.acosp.core.nn.ChannelMask;
import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.core.nn.MaskedBatchNorm;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.SoftTopKMask;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names the parameters of a DJL block with the keys PyTorch's {@code state_dict()} gives the same
 * network, by a mechanical walk:
 *
 * <ul>
 *   <li>a child of a {@link SequentialBlock} or {@link ParallelBlock} is named by its position
 *       ({@code nn.Sequential}, {@code nn.ModuleList}); any other child by its name, so blocks
 *       built on {@link ai.acosp.core.nn.ContainerBlock} with the reference's module names map one
 *       to one;
 *   <li>a {@link MaskedConvolution}'s convolution is {@code .0} and its mask {@code .1}; a {@link
 *       MaskedBatchNorm}'s batch norm is {@code .0} and its mask {@code .1};
 *   <li>batch norm's {@code gamma, beta, runningMean, runningVar} are {@code weight, bias,
 *       running_mean, running_var}, and its {@code num_batches_tracked} is an export-only entry;
 *   <li>a {@link SoftTopKMask}'s logits are {@code .weight} and its current mask the export-only
 *       {@code .mask}; a {@link HardChannelMask}'s values are {@code .mask};
 *   <li>every other parameter keeps its DJL name ({@code weight}, {@code bias}).
 * </ul>
 */
public final class StateDictKeys {

    private StateDictKeys() {}

    /** What an entry holds. */
    public enum Role {
        /** A parameter or buffer that is exported and imported. */
        PARAMETER,
        /** The last mask of a soft mask: exported (computed), ignored on import. */
        SOFT_MASK_VALUES,
        /** Batch norm's {@code num_batches_tracked}: exported as 0, ignored on import. */
        BATCHES_TRACKED
    }

    /** One state-dict key of a block. */
    public static final class Entry {

        private final String key;
        private final Block block;
        private final Parameter parameter;
        private final Role role;
        private final String denseKey;

        Entry(String key, Block block, Parameter parameter, Role role, String denseKey) {
            this.key = key;
            this.block = block;
            this.parameter = parameter;
            this.role = role;
            this.denseKey = denseKey;
        }

        /**
         * The state-dict key.
         *
         * @return e.g. {@code layer1.0.conv1.0.weight}
         */
        public String getKey() {
            return key;
        }

        /**
         * The block that owns the entry.
         *
         * @return the leaf block
         */
        public Block getBlock() {
            return block;
        }

        /**
         * The parameter behind the entry.
         *
         * @return the parameter, or null for {@link Role#BATCHES_TRACKED}
         */
        public Parameter getParameter() {
            return parameter;
        }

        /**
         * What the entry holds.
         *
         * @return the role
         */
        public Role getRole() {
            return role;
        }

        /**
         * Whether the entry belongs to a channel mask (soft logits, soft mask values or hard mask).
         *
         * @return true for mask entries
         */
        public boolean isMask() {
            return block instanceof ChannelMask;
        }

        /**
         * The key the same parameter has in the unmasked network, for the convolution inside a
         * {@link MaskedConvolution} ({@code a.b.0.weight} is {@code a.b.weight} there).
         *
         * @return the dense key, or null if the entry is not a masked convolution's parameter
         */
        public String getDenseKey() {
            return denseKey;
        }

        /** {@inheritDoc} */
        @Override
        public String toString() {
            return key;
        }
    }

    /**
     * Lists the state-dict entries of a block in PyTorch's order.
     *
     * @param root the network
     * @return entries by key
     */
    public static Map<String, Entry> of(Block root) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        addParameters(root, "", null, entries);
        walk(root, "", entries);
        return Collections.unmodifiableMap(entries);
    }

    private static void walk(Block parent, String prefix, Map<String, Entry> entries) {
        BlockList children = parent.getChildren();
        for (int i = 0; i < children.size(); i++) {
            String name = children.get(i).getKey();
            Block child = children.get(i).getValue();
            String key = join(prefix, torchName(parent, name, i));
            String densePrefix =
                    parent instanceof MaskedConvolution && MaskedConvolution.CONV.equals(name)
                                    || parent instanceof MaskedBatchNorm
                                            && MaskedBatchNorm.BATCH_NORM.equals(name)
                            ? prefix
                            : null;
            addParameters(child, key, densePrefix, entries);
            walk(child, key, entries);
        }
    }

    private static String torchName(Block parent, String name, int index) {
        if (parent instanceof SequentialBlock || parent instanceof ParallelBlock) {
            return String.valueOf(index);
        }
        if (parent instanceof MaskedConvolution) {
            return MaskedConvolution.CONV.equals(name) ? "0" : "1";
        }
        if (parent instanceof MaskedBatchNorm) {
            return MaskedBatchNorm.BATCH_NORM.equals(name) ? "0" : "1";
        }
        return name;
    }

    private static void addParameters(
            Block block, String prefix, String densePrefix, Map<String, Entry> entries) {
        for (Parameter parameter : block.getDirectParameters().values()) {
            String name = torchParameterName(block, parameter.getName());
            String dense = densePrefix == null ? null : join(densePrefix, name);
            put(entries, new Entry(join(prefix, name), block, parameter, Role.PARAMETER, dense));
        }
        if (block instanceof BatchNorm) {
            put(
                    entries,
                    new Entry(
                            join(prefix, "num_batches_tracked"),
                            block,
                            null,
                            Role.BATCHES_TRACKED,
                            null));
        }
        if (block instanceof SoftTopKMask soft) {
            put(
                    entries,
                    new Entry(
                            join(prefix, "mask"),
                            block,
                            soft.getLogits(),
                            Role.SOFT_MASK_VALUES,
                            null));
        }
    }

    private static String torchParameterName(Block block, String name) {
        if (block instanceof BatchNorm) {
            switch (name) {
                case "gamma":
                    return "weight";
                case "beta":
                    return "bias";
                case "runningMean":
                    return "running_mean";
                case "runningVar":
                    return "running_var";
                default:
                    return name;
            }
        }
        return name;
    }

    private static void put(Map<String, Entry> entries, Entry entry) {
        if (entries.putIfAbsent(entry.getKey(), entry) != null) {
            throw new IllegalStateException(
                    "two parameters map to the state-dict key " + entry.getKey());
        }
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
