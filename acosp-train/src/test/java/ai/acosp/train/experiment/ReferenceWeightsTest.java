package ai.acosp.train.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.core.SoftTopKPruner;
import ai.acosp.models.io.TorchZipWriter;
import ai.acosp.models.io.WeightExporter;
import ai.acosp.train.TestConfigs;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.config.Pruning;
import ai.acosp.train.run.TestRun;
import ai.acosp.train.run.TrainingRun;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weight files in the reference's format ({@code torch.save} of {@code {"epoch", "state_dict"}}
 * with {@code module.} keys, and torchvision's ImageNet state dict) drive the test phase and the
 * start of training like this project's own checkpoints.
 */
class ReferenceWeightsTest {

    private static final String FIRST_CONV = "down1.conv1.cbr_unit.0.weight";
    private static final String FIRST_MASKED_CONV = "down1.conv1.cbr_unit.0.0.weight";

    @Test
    void testPhaseScoresAReferenceCheckpointLikeItsOwn(@TempDir Path root) throws Exception {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75", "ending_epoch", "1");
        Path own = new TrainingRun(c).run();
        double expected = new TestRun(c).run().meanIou();

        Path reference = root.resolve("train_epoch_2.pth");
        try (Model model = Model.newInstance("reference");
                NDManager manager = NDManager.newBaseManager()) {
            Block trained = ModelSetup.loadTrained(c, own, model);
            writeReference(WeightExporter.stateDict(trained, manager), reference);
        }
        assertEquals(MaskState.HARD, ModelSetup.maskStateOf(reference));
        for (boolean sparse : List.of(false, true)) {
            ExperimentConfig fromReference =
                    c.with(Map.of("model_path", reference.toString(), "sparse", sparse), "test");
            assertEquals(
                    expected, new TestRun(fromReference).run().meanIou(), 1e-9, "sparse " + sparse);
        }
    }

    @Test
    void trainingStartsFromADenseReferenceCheckpoint(@TempDir Path root) throws Exception {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75");
        Path reference = root.resolve("dense.pth");
        float[] expected;
        try (NDManager manager = NDManager.newBaseManager()) {
            Block dense = ModelFactory.build(c);
            dense.initialize(manager, DataType.FLOAT32, ModelFactory.inputShape(c, 1));
            Map<String, NDArray> state = WeightExporter.stateDict(dense, manager);
            expected = state.get(FIRST_CONV).toFloatArray();
            writeReference(state, reference);
        }
        ExperimentConfig fromReference = c.with(Map.of("weight", reference.toString()), "test");
        assertArrayEquals(expected, startingWeights(fromReference).get(FIRST_MASKED_CONV));
    }

    @Test
    void trainingStartsFromAnImageNetBackbone(@TempDir Path root) throws Exception {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75");
        Path vgg16 = root.resolve("vgg16.pth");
        float[] expected;
        try (NDManager manager = NDManager.newBaseManager()) {
            // torchvision's VGG-16 features: convolutions at these indices (the classifier is
            // not read); random values
            Map<String, NDArray> features = new LinkedHashMap<>();
            int[] indices = {0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28};
            int[] widths = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};
            long in = 3;
            for (int i = 0; i < indices.length; i++) {
                String prefix = "features." + indices[i];
                features.put(
                        prefix + ".weight", manager.randomNormal(new Shape(widths[i], in, 3, 3)));
                features.put(prefix + ".bias", manager.randomNormal(new Shape(widths[i])));
                in = widths[i];
            }
            expected = features.get("features.0.weight").toFloatArray();
            TorchZipWriter.write(features, 0, vgg16);
        }
        ExperimentConfig withBackbone = c.with(Map.of("backbone_weight", vgg16.toString()), "test");
        assertArrayEquals(expected, startingWeights(withBackbone).get(FIRST_MASKED_CONV));
    }

    /** The state dict of the network a training run would start from (masks inserted). */
    private static Map<String, float[]> startingWeights(ExperimentConfig c) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(c);
            SoftTopKPruner pruner = Pruning.fromConfig(c);
            ModelSetup.prepare(
                    c,
                    new ExperimentLayout(c),
                    block,
                    pruner,
                    manager,
                    ModelFactory.inputShape(c, 1),
                    null);
            Map<String, float[]> values = new LinkedHashMap<>();
            WeightExporter.stateDict(block, manager)
                    .forEach(
                            (k, v) -> {
                                if (v.getDataType() == DataType.FLOAT32) {
                                    values.put(k, v.toFloatArray());
                                }
                            });
            return values;
        }
    }

    /** Writes a state dict as the reference's training script saves it. */
    private static void writeReference(Map<String, NDArray> state, Path file) throws Exception {
        Map<String, NDArray> prefixed = new LinkedHashMap<>();
        state.forEach((k, v) -> prefixed.put("module." + k, v));
        TorchZipWriter.write(prefixed, 2, file);
    }
}
