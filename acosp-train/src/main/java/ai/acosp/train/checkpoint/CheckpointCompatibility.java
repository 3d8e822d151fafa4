package ai.acosp.train.checkpoint;

import ai.acosp.core.MaskGroups;
import ai.acosp.core.MaskPlacement;
import ai.acosp.train.config.ExperimentConfig;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compares what a checkpoint's header says about its network ({@code arch}, {@code layers}, {@code
 * classes}, {@code sparsity}, mask state) with the configuration, before any weight is loaded, so
 * that a mismatch ends in one message naming both values and the key to change rather than in a
 * tensor error deep in the first forward pass. Facts a header lacks are not compared. {@link
 * #facts} writes the facts that {@link #check} reads.
 */
public final class CheckpointCompatibility {

    /**
     * The fact that tells soft masks placed by groups ({@code "true"}) from a mask per convolution;
     * files without it (the reference's, and this project's before group masks) hold one mask per
     * convolution.
     */
    public static final String MASK_GROUPS = "mask_groups";

    /**
     * The fact that tells soft masks after batch norms ({@code "batch_norm"}, config key {@code
     * mask_position}) from masks after convolutions; files without it hold masks after
     * convolutions.
     */
    public static final String MASK_POSITION = "mask_position";

    private CheckpointCompatibility() {}

    /**
     * The facts of a checkpoint of a model: those of the configuration and, for soft masks, their
     * placement ({@link #MASK_GROUPS}, {@link #MASK_POSITION}), which the model shows whatever the
     * configuration asked.
     *
     * @param config the run's configuration
     * @param model the network to save
     * @return the facts
     */
    public static Map<String, String> facts(ExperimentConfig config, Block model) {
        Map<String, String> facts = facts(config);
        if (MaskState.of(model) == MaskState.SOFT) {
            facts.put(MASK_GROUPS, String.valueOf(MaskGroups.areShared(model)));
            facts.put(MASK_POSITION, MaskPlacement.isVisible(model) ? "batch_norm" : "conv");
        }
        return facts;
    }

    /**
     * Whether the soft masks of a checkpoint are placed by groups.
     *
     * @param header the checkpoint's header
     * @return true when its facts say so
     */
    public static boolean hasMaskGroups(Checkpoint.Header header) {
        return Boolean.parseBoolean(header.facts().get(MASK_GROUPS));
    }

    /**
     * Whether the soft masks of a checkpoint sit after batch norms.
     *
     * @param header the checkpoint's header
     * @return true when its facts say so
     */
    public static boolean hasVisibleMasks(Checkpoint.Header header) {
        return "batch_norm".equals(header.facts().get(MASK_POSITION));
    }

    /**
     * The facts a training run writes into its checkpoints' headers.
     *
     * @param config the run's configuration
     * @return dataset, name, arch, layers, classes and sparsity, in that order
     */
    public static Map<String, String> facts(ExperimentConfig config) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("dataset", config.getDataset());
        facts.put("name", config.getName());
        facts.put("arch", config.getChoice("arch"));
        facts.put("layers", String.valueOf(config.getInt("layers")));
        facts.put("classes", String.valueOf(config.getInt("classes")));
        facts.put("sparsity", String.valueOf(config.getDouble("sparsity")));
        return facts;
    }

    /**
     * Checks a checkpoint against a configuration.
     *
     * @param file the checkpoint
     * @param header its header
     * @param config the configuration that will load it
     * @param key the key that names the file ({@code model_path}, {@code resume}, {@code weight})
     * @param wanted the mask state the configuration will build ({@code sparse: True} forces HARD),
     *     or null when it follows the checkpoint
     * @throws CheckpointException if the checkpoint was made for another network
     */
    public static void check(
            Path file,
            Checkpoint.Header header,
            ExperimentConfig config,
            String key,
            MaskState wanted)
            throws CheckpointException {
        String arch = config.getChoice("arch");
        compare(file, header, config, key, "arch", arch);
        if ("psp".equals(arch)) {
            compare(file, header, config, key, "layers", String.valueOf(config.getInt("layers")));
        }
        compare(file, header, config, key, "classes", String.valueOf(config.getInt("classes")));
        String sparsity = header.facts().get("sparsity");
        if (header.maskState() != MaskState.NONE
                && sparsity != null
                && Double.parseDouble(sparsity) != config.getDouble("sparsity")) {
            throw mismatch(
                    file,
                    config,
                    key,
                    "sparsity",
                    sparsity,
                    String.valueOf(config.getDouble("sparsity")));
        }
        if (wanted != null && wanted != header.maskState()) {
            throw new CheckpointException(
                    file,
                    "the checkpoint holds "
                            + describe(header.maskState())
                            + " but 'sparse: True' ("
                            + config.source("sparse")
                            + ") builds hard masks",
                    "set 'sparse False' (hard masks are for the reference's final PyTorch"
                            + " checkpoints)",
                    null);
        }
    }

    private static void compare(
            Path file,
            Checkpoint.Header header,
            ExperimentConfig config,
            String key,
            String fact,
            String configured)
            throws CheckpointException {
        String saved = header.facts().get(fact);
        if (saved != null && !saved.equals(configured)) {
            throw mismatch(file, config, key, fact, saved, configured);
        }
    }

    private static CheckpointException mismatch(
            Path file,
            ExperimentConfig config,
            String key,
            String fact,
            String saved,
            String configured) {
        return new CheckpointException(
                file,
                "the checkpoint was trained with "
                        + fact
                        + " "
                        + saved
                        + " but the configuration ("
                        + config.source(fact)
                        + ") has "
                        + fact
                        + " "
                        + configured,
                "set '"
                        + fact
                        + " "
                        + saved
                        + "', or point '"
                        + key
                        + "' to a checkpoint with "
                        + fact
                        + " "
                        + configured,
                null);
    }

    private static String describe(MaskState state) {
        return switch (state) {
            case NONE -> "a dense network (no masks)";
            case SOFT -> "soft masks (a checkpoint of the pruning phase)";
            case HARD -> "hard masks";
        };
    }
}
