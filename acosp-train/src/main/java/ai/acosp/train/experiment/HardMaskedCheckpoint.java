package ai.acosp.train.experiment;

import ai.acosp.core.Inject;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.compact.SyntheticBatchNorms;
import ai.acosp.train.checkpoint.Checkpoint;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.config.Pruning;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What training leaves behind, without the hours of training: the configured network with hard
 * ACoSP masks (random selections) and trained-looking batch-norm statistics, saved as this
 * project's checkpoint. For benchmarks and tests of the tools that read trained checkpoints.
 */
public final class HardMaskedCheckpoint {

    private HardMaskedCheckpoint() {}

    /**
     * Builds the configuration's network with hard masks and writes it as a checkpoint of the
     * configuration's last epoch.
     *
     * @param c the configuration (its sparsity decides the masks)
     * @param file the checkpoint to write
     * @throws IOException if the file cannot be written
     */
    public static void write(ExperimentConfig c, Path file) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ModelFactory.build(c);
            Shape input = ModelFactory.inputShape(c, 1);
            net.initialize(manager, DataType.FLOAT32, input);
            SoftTopKPruner pruner = Pruning.fromConfig(c);
            pruner.configureModel(
                    net,
                    ModelSetup.maskGroups(net, pruner, c.getBoolean("mask_groups")),
                    ModelSetup.budget(c, net, pruner),
                    ModelSetup.maskPlacement(c, net));
            Inject.softToHardK(net);
            net.initialize(manager, DataType.FLOAT32, input);
            SyntheticBatchNorms.randomize(net, 6);
            Files.createDirectories(file.getParent());
            Checkpoint.save(
                    file,
                    net,
                    new Checkpoint.Header(c.getInt("epochs"), 0, MaskState.HARD, Map.of()),
                    null);
        }
    }
}
