package ai.acosp.train.experiment;

import ai.acosp.core.BlockTree;
import ai.acosp.core.ChannelBudget;
import ai.acosp.core.Inject;
import ai.acosp.core.MaskGroups;
import ai.acosp.core.MaskPlacement;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.measure.MacBudget;
import ai.acosp.models.compact.CompactModels;
import ai.acosp.models.compact.ModelCompaction;
import ai.acosp.train.checkpoint.Checkpoint;
import ai.acosp.train.checkpoint.CheckpointCompatibility;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.config.Pruning;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Brings a freshly built network into its starting state: the mask structure (none, soft or hard),
 * initialised parameters, and initial weights from {@code weight} (a checkpoint of this project or
 * a PyTorch file) or {@code backbone_weight} (ImageNet).
 *
 * <p>Dense initial weights are loaded before the pruner inserts its masks, so a dense model can be
 * pruned from its trained weights; masked initial weights are loaded into the same structure.
 */
public final class ModelSetup {

    private ModelSetup() {}

    /**
     * Gives a network the masks of a mask state, one mask per convolution.
     *
     * @param block the network, without masks
     * @param pruner the pruner (inactive for a dense run)
     * @param state the state to build
     * @throws IllegalStateException if masks are asked for with an inactive pruner
     */
    public static void applyMaskState(Block block, SoftTopKPruner pruner, MaskState state) {
        applyMaskState(block, pruner, state, MaskGroups.none());
    }

    /**
     * Gives a network the masks of a mask state; the convolutions of each group share a mask.
     *
     * @param block the network, without masks (initialised when there are groups)
     * @param pruner the pruner (inactive for a dense run)
     * @param state the state to build
     * @param groups the mask groups ({@link #maskGroups})
     * @throws IllegalStateException if masks are asked for with an inactive pruner
     */
    public static void applyMaskState(
            Block block, SoftTopKPruner pruner, MaskState state, MaskGroups groups) {
        applyMaskState(block, pruner, state, groups, pruner.getBudget());
    }

    /**
     * Gives a network the masks of a mask state, with the channel counts of a budget; the
     * convolutions of each group share a mask.
     *
     * @param block the network, without masks (initialised when there are groups)
     * @param pruner the pruner (inactive for a dense run)
     * @param state the state to build
     * @param groups the mask groups ({@link #maskGroups})
     * @param budget how many channels each layer keeps ({@link #budget})
     * @throws IllegalStateException if masks are asked for with an inactive pruner
     */
    public static void applyMaskState(
            Block block,
            SoftTopKPruner pruner,
            MaskState state,
            MaskGroups groups,
            ChannelBudget budget) {
        applyMaskState(block, pruner, state, groups, budget, MaskPlacement.afterConvolutions());
    }

    /**
     * Gives a network the masks of a mask state, with the channel counts of a budget, soft masks
     * where {@code placement} puts them; the convolutions of each group share a mask.
     *
     * @param block the network, without masks (initialised when there are groups)
     * @param pruner the pruner (inactive for a dense run)
     * @param state the state to build
     * @param groups the mask groups ({@link #maskGroups})
     * @param budget how many channels each layer keeps ({@link #budget})
     * @param placement where soft masks sit ({@link #maskPlacement}); hard masks sit after their
     *     convolutions
     * @throws IllegalStateException if masks are asked for with an inactive pruner
     */
    public static void applyMaskState(
            Block block,
            SoftTopKPruner pruner,
            MaskState state,
            MaskGroups groups,
            ChannelBudget budget,
            MaskPlacement placement) {
        if (state == MaskState.NONE) {
            return;
        }
        if (!pruner.isActive()) {
            throw new IllegalStateException(
                    "the weights hold "
                            + state
                            + " masks but the configuration has sparsity 0;"
                            + " set 'sparsity' to the value the model was trained with");
        }
        pruner.configureModel(
                block,
                groups,
                budget,
                state == MaskState.SOFT ? placement : MaskPlacement.afterConvolutions());
        if (state == MaskState.HARD) {
            Inject.softToHardK(block);
        }
    }

    /**
     * The mask groups of a network about to get soft masks: with {@code grouped}, the coupled
     * convolutions of the model ({@link ModelCompaction#maskGroups}); else none.
     *
     * @param block the initialised network without masks
     * @param pruner the pruner (none for an inactive one)
     * @param grouped whether the masks are placed by groups
     * @return the groups
     */
    public static MaskGroups maskGroups(Block block, SoftTopKPruner pruner, boolean grouped) {
        return grouped && pruner.isActive() ? ModelCompaction.maskGroups(block) : MaskGroups.none();
    }

    /**
     * Where the configuration puts fresh soft masks ({@code mask_position}): after the batch norms
     * that read their convolutions ({@link ModelCompaction#maskPlacement}), or after the
     * convolutions.
     *
     * @param c the configuration
     * @param block the network without masks
     * @return the placement
     */
    public static MaskPlacement maskPlacement(ExperimentConfig c, Block block) {
        return ModelCompaction.maskPlacement(block, visibleMasks(c));
    }

    /**
     * Whether the configuration puts soft masks after batch norms ({@code mask_position:
     * batch_norm}).
     *
     * @param c the configuration
     * @return true for visible masks
     */
    private static boolean visibleMasks(ExperimentConfig c) {
        return "batch_norm".equals(c.getChoice("mask_position"));
    }

    /**
     * How many channels each layer of a network keeps: the pruner's sparsities ({@code sparsity},
     * {@code layer_sparsity}), and with {@code target_macs} the counts that {@link MacBudget}
     * solves on the network for {@code train_h x train_w} with the placement {@code mask_groups}
     * asks for (so every command that rebuilds the network from the configuration gets the same
     * counts).
     *
     * @param c the configuration
     * @param block the initialised network without masks
     * @param pruner the pruner
     * @return the budget
     */
    public static ChannelBudget budget(ExperimentConfig c, Block block, SoftTopKPruner pruner) {
        if (!hasLayerBudget(c) || !pruner.isActive()) {
            return pruner.getBudget();
        }
        MaskGroups groups = maskGroups(block, pruner, c.getBoolean("mask_groups"));
        ChannelBudget budget = pruner.getBudget();
        if (c.get("target_macs") != null) {
            Shape input = ModelFactory.inputShape(c, 1);
            MacBudget solved;
            try {
                solved =
                        MacBudget.solve(
                                block,
                                input,
                                ModelCompaction.probeShape(block),
                                groups,
                                budget,
                                c.getDouble("target_macs"));
            } catch (IllegalArgumentException e) {
                throw c.fail("target_macs", e.getMessage());
            }
            System.out.printf(
                    Locale.ROOT,
                    "=> MAC target %.4f of dense at %dx%d: the layers no glob sets keep %.4f of"
                            + " their channels, %,d MACs (%.4f)%n",
                    c.getDouble("target_macs"),
                    input.get(2),
                    input.get(3),
                    solved.keptShare(),
                    solved.predictedMacs(),
                    (double) solved.predictedMacs() / solved.denseMacs());
            budget = solved.budget();
        }
        // a group keeps what its largest member asks for: written out per convolution, so that
        // hard masks rebuilt one per convolution get the same counts
        Map<String, Integer> channels = new HashMap<>();
        BlockTree.visit(
                block,
                (path, b) -> {
                    if (b instanceof Conv2d conv) {
                        channels.put(path, conv.getFilters());
                    }
                });
        Map<String, Integer> groupKept = new HashMap<>();
        for (List<String> group : groups.groups()) {
            int k = budget.kept(group, channels.get(group.get(0)));
            for (String path : group) {
                groupKept.put(path, k);
            }
        }
        return budget.withKept(groupKept);
    }

    /** Whether the configuration gives layers other channel counts than its sparsity. */
    public static boolean hasLayerBudget(ExperimentConfig c) {
        return c.get("target_macs") != null || c.get("layer_sparsity") != null;
    }

    /**
     * Whether the soft masks of a weight file are placed by groups: the file decides (the
     * reference's PyTorch files and older checkpoints hold a mask per convolution), and a line says
     * so where the configuration's {@code mask_groups} asks otherwise.
     */
    private static boolean groupedIn(
            ExperimentConfig c, Path file, Checkpoint.Header header, MaskState state) {
        boolean grouped =
                state == MaskState.SOFT
                        && header != null
                        && CheckpointCompatibility.hasMaskGroups(header);
        sayWhereTheFileDiffers(
                state,
                file,
                grouped != c.getBoolean("mask_groups"),
                (grouped ? "one mask per group" : "one mask per convolution")
                        + ": building its masks that way (mask_groups "
                        + grouped
                        + ")");
        return grouped;
    }

    /**
     * Whether the soft masks of a weight file sit after batch norms: the file decides (the
     * reference's files and older checkpoints hold them after the convolutions), with a line where
     * the configuration's {@code mask_position} asks otherwise.
     */
    private static boolean visibleIn(
            ExperimentConfig c, Path file, Checkpoint.Header header, MaskState state) {
        boolean visible =
                state == MaskState.SOFT
                        && header != null
                        && CheckpointCompatibility.hasVisibleMasks(header);
        sayWhereTheFileDiffers(
                state,
                file,
                visible != visibleMasks(c),
                "its masks after its "
                        + (visible ? "batch norms" : "convolutions")
                        + ": building them that way (mask_position "
                        + (visible ? "batch_norm" : "conv")
                        + ")");
        return visible;
    }

    private static void sayWhereTheFileDiffers(
            MaskState state, Path file, boolean differs, String what) {
        if (state == MaskState.SOFT && differs) {
            System.out.println("=> '" + file + "' holds " + what);
        }
    }

    /**
     * Builds the structure, initialises the network and loads the initial weights of a training
     * run. With a resume checkpoint only the structure is built and the network initialised: the
     * caller loads the checkpoint together with the optimizer state. Soft masks are placed as the
     * weight file placed them, fresh ones as {@code mask_groups} and {@code mask_position} say.
     *
     * @param c the configuration
     * @param layout the experiment layout
     * @param block the network as built
     * @param pruner the pruner (inactive for a dense run)
     * @param manager the model's manager
     * @param inputShape the input shape for initialisation
     * @param resume the header of the resume checkpoint, or null
     * @throws IOException if a weight file cannot be read
     * @throws MalformedModelException if weights do not fit the network
     */
    public static void prepare(
            ExperimentConfig c,
            ExperimentLayout layout,
            Block block,
            SoftTopKPruner pruner,
            NDManager manager,
            Shape inputShape,
            Checkpoint.Header resume)
            throws IOException, MalformedModelException {
        block.initialize(manager, DataType.FLOAT32, inputShape);
        if (resume != null) {
            Path file = layout.userFile("resume");
            CheckpointCompatibility.check(file, resume, c, "resume", null);
            boolean grouped = groupedIn(c, file, resume, resume.maskState());
            applyMaskState(
                    block,
                    pruner,
                    resume.maskState(),
                    maskGroups(block, pruner, grouped),
                    budget(c, block, pruner),
                    ModelCompaction.maskPlacement(
                            block, visibleIn(c, file, resume, resume.maskState())));
            return;
        }
        Path weight = layout.userFile("weight");
        Path backbone = layout.userFile("backbone_weight");
        MaskState weightState = MaskState.NONE;
        Checkpoint.Header header = null;
        if (weight != null) {
            requireFile(c, "weight", weight);
            if (Checkpoint.isCheckpoint(weight)) {
                header = Checkpoint.readHeader(weight);
                CheckpointCompatibility.check(weight, header, c, "weight", null);
                weightState = header.maskState();
            } else {
                weightState = PyTorchWeights.maskState(weight);
            }
            boolean grouped = groupedIn(c, weight, header, weightState);
            applyMaskState(
                    block,
                    pruner,
                    weightState,
                    maskGroups(block, pruner, grouped),
                    budget(c, block, pruner),
                    ModelCompaction.maskPlacement(
                            block, visibleIn(c, weight, header, weightState)));
            loadWeights(weight, block, manager);
            System.out.println("=> loaded weight '" + weight + "'");
        } else if (backbone != null) {
            requireFile(c, "backbone_weight", backbone);
            PyTorchWeights.loadBackbone(c, backbone, block, manager);
            System.out.println("=> loaded ImageNet backbone '" + backbone + "'");
        }
        if (weightState == MaskState.NONE && pruner.isActive()) {
            pruner.configureModel(
                    block,
                    maskGroups(block, pruner, c.getBoolean("mask_groups")),
                    budget(c, block, pruner),
                    maskPlacement(c, block));
        }
    }

    /**
     * Loads model weights (no optimizer state) from a checkpoint of this project or a PyTorch file
     * into a network of the same structure.
     *
     * @param file the weights
     * @param block the initialised network
     * @param manager the model's manager
     * @throws IOException if the file cannot be read
     * @throws MalformedModelException if the weights do not fit
     */
    public static void loadWeights(Path file, Block block, NDManager manager)
            throws IOException, MalformedModelException {
        if (Checkpoint.isCheckpoint(file)) {
            Checkpoint.load(file, block, manager, null);
        } else {
            PyTorchWeights.load(file, block, manager);
        }
    }

    /**
     * The mask state of a weight file.
     *
     * @param file a checkpoint of this project or a PyTorch file
     * @return its mask state
     * @throws IOException if the file cannot be read
     */
    public static MaskState maskStateOf(Path file) throws IOException {
        return Checkpoint.isCheckpoint(file)
                ? Checkpoint.readHeader(file).maskState()
                : PyTorchWeights.maskState(file);
    }

    /**
     * Builds a trained network for inference: the network of the configuration with the mask
     * structure of the file ({@code sparse: True} forces hard masks), initialised and loaded; or a
     * compact model saved by {@code tool/compact.sh}, which needs neither.
     *
     * @param c the configuration
     * @param file this project's checkpoint, a PyTorch file or a compact-model directory
     * @param model the model to hold the network; it owns the parameters
     * @return the network
     * @throws IOException if the file cannot be read
     * @throws MalformedModelException if the weights do not fit the network
     */
    public static Block loadTrained(ExperimentConfig c, Path file, Model model)
            throws IOException, MalformedModelException {
        if (Files.isDirectory(file) && CompactModels.isCompactModel(file)) {
            // a compact model (tool/compact.sh) carries its own architecture: take it, and load
            // the parameters again into the caller's model, which then owns them
            try (Model compact = CompactModels.load(file)) {
                Block block = compact.getBlock();
                model.setBlock(block);
                model.load(file, compact.getName());
                System.out.println("=> loaded compact model '" + file + "'");
                return block;
            }
        }
        if (!Files.isRegularFile(file)) {
            throw c.fail(
                    "model_path",
                    "no model at " + file.toAbsolutePath() + " (train first, or set model_path)");
        }
        MaskState wanted = c.getBoolean("sparse") ? MaskState.HARD : null;
        Checkpoint.Header header = null;
        if (Checkpoint.isCheckpoint(file)) {
            header = Checkpoint.readHeader(file);
            CheckpointCompatibility.check(file, header, c, "model_path", wanted);
        }
        Block block = ModelFactory.build(c);
        MaskState state = wanted != null ? wanted : maskStateOf(file);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, ModelFactory.inputShape(c, 1));
        SoftTopKPruner pruner = Pruning.fromConfig(c);
        applyMaskState(
                block,
                pruner,
                state,
                maskGroups(block, pruner, groupedIn(c, file, header, state)),
                state == MaskState.NONE ? pruner.getBudget() : budget(c, block, pruner),
                ModelCompaction.maskPlacement(block, visibleIn(c, file, header, state)));
        loadWeights(file, block, model.getNDManager());
        // the file's bytes were read into Java buffers (direct ones, as large as the weights, for
        // a checkpoint; heap arrays for a PyTorch file) that the model no longer uses: a
        // prediction run makes little garbage, so without a collection now they would stay
        // resident for most of the run, adding the file's size to its peak (tool/test.sh)
        System.gc();
        System.out.println("=> loaded model '" + file + "' (" + state + " masks)");
        return block;
    }

    private static void requireFile(ExperimentConfig c, String key, Path file) {
        if (!Files.isRegularFile(file)) {
            throw c.fail(key, "no such file: " + file.toAbsolutePath());
        }
    }
}
