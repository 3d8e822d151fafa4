package ai.acosp.train.experiment;

import ai.acosp.core.Inject;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.models.compact.CompactModels;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
     * Gives a network the masks of a mask state.
     *
     * @param block the network, without masks
     * @param pruner the pruner (inactive for a dense run)
     * @param state the state to build
     * @throws IllegalStateException if masks are asked for with an inactive pruner
     */
    public static void applyMaskState(Block block, SoftTopKPruner pruner, MaskState state) {
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
        pruner.configureModel(block);
        if (state == MaskState.HARD) {
            Inject.softToHardK(block);
        }
    }

    /**
     * Builds the structure, initialises the network and loads the initial weights of a training
     * run. With a resume checkpoint only the structure is built and the network initialised: the
     * caller loads the checkpoint together with the optimizer state.
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
        if (resume != null) {
            CheckpointCompatibility.check(layout.userFile("resume"), resume, c, "resume", null);
            applyMaskState(block, pruner, resume.maskState());
            block.initialize(manager, DataType.FLOAT32, inputShape);
            return;
        }
        Path weight = layout.userFile("weight");
        Path backbone = layout.userFile("backbone_weight");
        MaskState weightState = MaskState.NONE;
        if (weight != null) {
            requireFile(c, "weight", weight);
            if (Checkpoint.isCheckpoint(weight)) {
                Checkpoint.Header header = Checkpoint.readHeader(weight);
                CheckpointCompatibility.check(weight, header, c, "weight", null);
                weightState = header.maskState();
            } else {
                weightState = PyTorchWeights.maskState(weight);
            }
        }
        applyMaskState(block, pruner, weightState);
        block.initialize(manager, DataType.FLOAT32, inputShape);
        if (weight != null) {
            loadWeights(weight, block, manager);
            System.out.println("=> loaded weight '" + weight + "'");
        } else if (backbone != null) {
            requireFile(c, "backbone_weight", backbone);
            PyTorchWeights.loadBackbone(c, backbone, block, manager);
            System.out.println("=> loaded ImageNet backbone '" + backbone + "'");
        }
        if (weightState == MaskState.NONE) {
            pruner.configureModel(block);
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
        if (Checkpoint.isCheckpoint(file)) {
            CheckpointCompatibility.check(
                    file, Checkpoint.readHeader(file), c, "model_path", wanted);
        }
        Block block = ModelFactory.build(c);
        MaskState state = wanted != null ? wanted : maskStateOf(file);
        applyMaskState(block, Pruning.fromConfig(c), state);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, ModelFactory.inputShape(c, 1));
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
