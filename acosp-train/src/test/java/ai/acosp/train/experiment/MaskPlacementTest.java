package ai.acosp.train.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.BlockTree;
import ai.acosp.core.MaskGroups;
import ai.acosp.core.MaskPlacement;
import ai.acosp.core.measure.MacBudget;
import ai.acosp.core.measure.MaskedAccounting;
import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.core.nn.MaskedBatchNorm;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.core.nn.SoftTopKMask;
import ai.acosp.models.compact.ModelCompaction;
import ai.acosp.train.TestConfigs;
import ai.acosp.train.checkpoint.Checkpoint;
import ai.acosp.train.checkpoint.CheckpointCompatibility;
import ai.acosp.train.cli.ServingExport;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.config.Pruning;
import ai.acosp.train.run.TrainingRun;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the masks sit follows the weights: a soft checkpoint records whether its masks are shared
 * by groups, and loading it builds that placement whatever {@code mask_groups} says; a MAC target
 * gives every command the same channel counts.
 */
class MaskPlacementTest {

    /** SegNet's last encoder conv of stage 1, grouped with the decoder conv of stage 2. */
    private static final String ENCODER = "down1/conv2/cbr_unit/01Conv2d";

    /** The decoder convolution whose output stage 1 unpools: the encoder conv's partner. */
    private static final String DECODER = "up2/convs/02ConvBatchNormRelu/cbr_unit/01Conv2d";

    @Test
    void aSoftCheckpointIsLoadedWithTheMaskPlacementItWasTrainedWith(@TempDir Path root)
            throws Exception {
        for (boolean grouped : new boolean[] {false, true}) {
            Path folder = root.resolve("groups-" + grouped);
            ExperimentConfig train =
                    TestConfigs.tinySynthetic(
                            folder,
                            "segnet_0.75",
                            "mask_groups",
                            String.valueOf(grouped),
                            "ending_epoch",
                            "5");
            new TrainingRun(train).run();
            Path soft = new ExperimentLayout(train).checkpoint(1);
            Checkpoint.Header header = Checkpoint.readHeader(soft);
            assertEquals(
                    String.valueOf(grouped),
                    header.facts().get(CheckpointCompatibility.MASK_GROUPS),
                    "the fact in " + soft);
            // the configuration asks for the other placement: the file wins
            ExperimentConfig other =
                    TestConfigs.tinySynthetic(
                            folder,
                            "segnet_0.75",
                            "mask_groups",
                            String.valueOf(!grouped),
                            "ending_epoch",
                            "5",
                            "sparse",
                            "False");
            try (Model model = Model.newInstance("loaded")) {
                Block block = ModelSetup.loadTrained(other, soft, model);
                assertEquals(grouped, MaskGroups.areShared(block), "placement from " + soft);
                float[] encoder = logits(block, ENCODER);
                float[] decoder = logits(block, DECODER);
                if (grouped) {
                    assertArrayEquals(encoder, decoder);
                } else {
                    assertFalse(Arrays.equals(encoder, decoder), "own logits each");
                }
            }
        }
    }

    @Test
    void visibleMasksResumeFromTheirCheckpointsAndHardenIntoTheCompactModel(@TempDir Path root)
            throws Exception {
        ExperimentConfig c =
                TestConfigs.tinySynthetic(
                        root,
                        "segnet_0.75",
                        "mask_position",
                        "batch_norm",
                        "epochs",
                        "3",
                        "ending_epoch",
                        "2");
        new TrainingRun(c).run();
        ExperimentLayout layout = new ExperimentLayout(c);
        Path soft = layout.checkpoint(1);
        assertEquals(
                "batch_norm",
                Checkpoint.readHeader(soft).facts().get(CheckpointCompatibility.MASK_POSITION));
        // a configuration that asks for masks after the convolutions loads the file's placement
        ExperimentConfig other =
                TestConfigs.tinySynthetic(
                        root, "segnet_0.75", "epochs", "3", "ending_epoch", "2", "sparse", "False");
        try (Model model = Model.newInstance("loaded")) {
            Block block = ModelSetup.loadTrained(other, soft, model);
            assertTrue(MaskPlacement.isVisible(block), "placement from " + soft);
            // SegNet: every prunable convolution is followed by its batch norm
            assertTrue(BlockTree.find(block, MaskedConvolution.class).isEmpty());
            assertEquals(
                    BlockTree.find(block, SoftTopKMask.class).size(),
                    BlockTree.find(block, MaskedBatchNorm.class).size());
        }
        // resuming the soft checkpoint trains on with its masks after the batch norms and
        // hardens them into masks after the convolutions
        ExperimentConfig resumed =
                TestConfigs.tinySynthetic(
                        root,
                        "segnet_0.75",
                        "epochs",
                        "3",
                        "ending_epoch",
                        "2",
                        "resume",
                        soft.toString());
        new TrainingRun(resumed).run();
        try (Model model = Model.newInstance("hard")) {
            Block block = ModelSetup.loadTrained(c, layout.finalCheckpoint(), model);
            assertFalse(MaskPlacement.isVisible(block));
            assertEquals(
                    BlockTree.find(block, MaskedConvolution.class).size(),
                    BlockTree.find(block, HardChannelMask.class).size());
        }
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path compact = new CompactExperiment(c, 0).run(quiet);
        Path serving = ServingExport.export(c);
        Path image = DataFactory.testing(c, layout).getEntry(0).image();
        assertArrayEquals(predict(compact, image), predict(serving, image));
    }

    private static int[][] predict(Path folder, Path image) throws Exception {
        try (ZooModel<Image, CategoryMask> model =
                        Criteria.builder()
                                .setTypes(Image.class, CategoryMask.class)
                                .optModelPath(folder)
                                .build()
                                .loadModel();
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            return predictor.predict(ImageFactory.getInstance().fromFile(image)).getMask();
        }
    }

    private static int kept(Block block, String path) {
        for (var entry : BlockTree.find(block, MaskedConvolution.class)) {
            if (entry.getKey().equals(path)) {
                return entry.getValue().getMask().getKept();
            }
        }
        throw new AssertionError("no masked convolution at " + path);
    }

    private static float[] logits(Block block, String path) {
        for (var entry : BlockTree.find(block, MaskedConvolution.class)) {
            if (entry.getKey().equals(path)) {
                SoftTopKMask mask = (SoftTopKMask) entry.getValue().getMask();
                return mask.getLogits().getArray().toFloatArray();
            }
        }
        throw new AssertionError("no masked convolution at " + path);
    }

    @Test
    void aMacTargetGivesTheSolvedChannelCountsToTrainingAndLoading(@TempDir Path root)
            throws Exception {
        ExperimentConfig c =
                TestConfigs.tinySynthetic(
                        root,
                        "segnet_0.75",
                        "target_macs",
                        "0.3",
                        "layer_sparsity",
                        "down1/**=0.5",
                        "epochs",
                        "1",
                        "ending_epoch",
                        "1");
        new TrainingRun(c).run();
        Shape shape = ModelFactory.inputShape(c, 1);
        long predicted;
        try (NDManager manager = NDManager.newBaseManager()) {
            Block dense = ModelFactory.build(c);
            dense.initialize(manager, DataType.FLOAT32, shape);
            predicted =
                    MacBudget.solve(
                                    dense,
                                    shape,
                                    ModelCompaction.probeShape(dense),
                                    ModelCompaction.maskGroups(dense),
                                    Pruning.fromConfig(c).getBudget(),
                                    0.3)
                            .predictedMacs();
        }
        try (Model model = Model.newInstance("loaded")) {
            Block block =
                    ModelSetup.loadTrained(c, new ExperimentLayout(c).finalCheckpoint(), model);
            var report = MaskedAccounting.measure(block, shape);
            assertEquals(predicted, report.prunedMacs(), "the trained masks' MACs");
            assertTrue(report.prunedMacs() <= 0.3 * report.denseMacs(), report.summary());
            // down1's first conv keeps half by its glob; its last conv shares a mask with the
            // decoder conv before stage 1's unpooling, and the group keeps what the larger asks
            assertEquals(32, kept(block, "down1/conv1/cbr_unit/01Conv2d"));
            assertEquals(35, kept(block, ENCODER));
            assertEquals(35, kept(block, DECODER));
        }
        // a serving folder of the masked model rebuilds the same counts from its configuration,
        // and predicts what the compact model predicts
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path compact = new CompactExperiment(c, 0).run(quiet);
        Path serving = ServingExport.export(c);
        Path image = DataFactory.testing(c, new ExperimentLayout(c)).getEntry(0).image();
        assertArrayEquals(predict(compact, image), predict(serving, image));
    }
}
