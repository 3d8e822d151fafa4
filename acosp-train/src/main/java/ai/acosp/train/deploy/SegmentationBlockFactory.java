package ai.acosp.train.deploy;

import ai.acosp.core.MaskGroups;
import ai.acosp.core.MaskPlacement;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.compact.CompactModelFiles;
import ai.acosp.models.compact.CompactModels;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.config.Pruning;
import ai.acosp.train.experiment.ModelFactory;
import ai.acosp.train.experiment.ModelSetup;
import ai.acosp.train.inference.InferenceEngine;
import ai.acosp.train.inference.OnnxRuntimeBlock;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the network of a model folder for DJL's loader, which then reads the parameter file: the
 * compact network of {@code compact.json}, or the network of {@code config.yaml} with the masks of
 * {@code mask_state} ({@link ServingFolder}). With the argument {@value ServingFolder#RUNTIME}
 * {@code onnxruntime} it opens the folder's {@code model.onnx} on ONNX Runtime instead (an {@link
 * OnnxRuntimeBlock}, which reads nothing from the parameter file); the model's manager closes the
 * session.
 */
public class SegmentationBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** {@inheritDoc} */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        Path dir = Files.isDirectory(modelPath) ? modelPath : modelPath.getParent();
        try {
            if (runtime(arguments) == InferenceEngine.ONNXRUNTIME) {
                return OnnxRuntimeBlock.open(onnxFile(model, dir), model);
            }
            if (CompactModels.isCompactModel(dir)) {
                return CompactModelFiles.build(
                        CompactModelFiles.readDescription(dir), CompactModels::build);
            }
            Path config =
                    required(
                            dir.resolve(ServingFolder.CONFIG),
                            " holds neither compact.json nor "
                                    + ServingFolder.CONFIG
                                    + ": write it with tool/compact.sh or tool/serving.sh");
            ExperimentConfig c = ConfigLoader.load(config, List.of());
            Block block = ModelFactory.build(c);
            Object state = arguments.get(ServingFolder.MASK_STATE);
            MaskState masks = state == null ? MaskState.NONE : MaskState.valueOf(state.toString());
            SoftTopKPruner pruner = Pruning.fromConfig(c);
            // soft masks sit where the saved network had them (ServingFolder writes the key)
            MaskPlacement placement = ModelSetup.maskPlacement(c, block);
            if (masks != MaskState.NONE && ModelSetup.hasLayerBudget(c)) {
                // the channel counts of layer_sparsity or target_macs come from the network
                block.initialize(
                        model.getNDManager(), DataType.FLOAT32, ModelFactory.inputShape(c, 1));
                ModelSetup.applyMaskState(
                        block,
                        pruner,
                        masks,
                        MaskGroups.none(),
                        ModelSetup.budget(c, block, pruner),
                        placement);
            } else {
                ModelSetup.applyMaskState(
                        block, pruner, masks, MaskGroups.none(), pruner.getBudget(), placement);
            }
            return block;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model folder " + dir, e);
        }
    }

    private static InferenceEngine runtime(Map<String, ?> arguments) {
        Object value = arguments.get(ServingFolder.RUNTIME);
        try {
            return InferenceEngine.parse(value == null ? null : value.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the argument '"
                            + ServingFolder.RUNTIME
                            + "' (Criteria.optArgument or "
                            + ServingFolder.PROPERTIES
                            + ") is '"
                            + value
                            + "'; allowed values: djl, onnxruntime",
                    e);
        }
    }

    /**
     * The ONNX file: the file DJL was given ({@code optModelPath(Path.of("x.onnx"))} names the
     * model after it), else the folder's {@code model.onnx}.
     */
    private static Path onnxFile(Model model, Path dir) {
        String name = model.getName();
        Path named = dir.resolve(name);
        if (name.endsWith(".onnx") && Files.isRegularFile(named)) {
            return named;
        }
        return required(
                dir.resolve(OnnxRuntimeBlock.FILE),
                " holds no "
                        + OnnxRuntimeBlock.FILE
                        + " for "
                        + ServingFolder.RUNTIME
                        + " onnxruntime: write it into the model folder with tool/export.sh"
                        + " model_path FOLDER, which also lists it in the folder's metadata.json"
                        + " (DJL copies only the files listed there)");
    }

    /** The file, or a failure naming its folder and what the folder lacks. */
    private static Path required(Path file, String lack) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file.getParent() + lack);
        }
        return file;
    }
}
