package ai.acosp.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.acosp.core.BlockTree;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.data.cifar.Cifar10Dataset;
import ai.acosp.data.image.ImageIo;
import ai.acosp.data.image.TensorConversion;
import ai.acosp.data.semseg.ListEntry;
import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.train.TestConfigs;
import ai.acosp.train.checkpoint.Checkpoint;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ConfigException;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.config.Pruning;
import ai.acosp.train.experiment.DataFactory;
import ai.acosp.train.experiment.Devices;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelFactory;
import ai.acosp.train.experiment.ModelSetup;
import ai.acosp.train.inference.PredictionFiles;
import ai.acosp.train.metrics.SegmentationMetrics;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/** Train then test, as tool/train.sh does, on tiny data for every architecture. */
class EndToEndTest {

    @Test
    void segnetWithAcospHardensAndWritesEverything(@TempDir Path root) throws Exception {
        ExperimentConfig c =
                TestConfigs.tinySynthetic(
                        root, "segnet_0.75", "ending_epoch", "1", "evaluate", "True");
        Path checkpoint = new TrainingRun(c).run();
        ExperimentLayout layout = new ExperimentLayout(c);
        assertEquals(layout.checkpoint(2), checkpoint);
        // the pruner hardens right after epoch ending_epoch, before its checkpoint is written
        assertEquals(MaskState.HARD, Checkpoint.readHeader(layout.checkpoint(1)).maskState());
        assertEquals(MaskState.HARD, Checkpoint.readHeader(checkpoint).maskState());
        assertTrue(Files.exists(layout.folder().resolve("synthetic_segnet_0.75.yaml")));
        assertTrue(Files.exists(layout.folder().resolve("config.yaml")));
        String csv = Files.readString(layout.tensorboardFolder().resolve("scalars.csv"));
        for (String tag :
                List.of(
                        "loss_train_batch",
                        "mIoU_train",
                        "mIoU_val",
                        "allAcc_val",
                        "pruning/chosen_mean")) {
            assertTrue(csv.contains("," + tag + ","), tag);
        }
        try (Stream<Path> files = Files.list(layout.tensorboardFolder())) {
            assertTrue(
                    files.anyMatch(
                            p -> p.getFileName().toString().startsWith("events.out.tfevents.")));
        }
        try (Stream<Path> files = Files.list(layout.folder())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().matches("train-.*\\.log")));
        }

        SegmentationMetrics metrics = new TestRun(c).run();
        // the overall accuracy is what the written gray maps and the labels give, counted here
        SemSegDataset data = DataFactory.testing(c, layout);
        PredictionFiles written = new PredictionFiles(layout.saveFolder(), null);
        long right = 0;
        long counted = 0;
        for (int i = 0; i < data.getList().size(); i++) {
            ListEntry entry = data.getEntry(i);
            int[] predicted = written.readGray(PredictionFiles.baseName(entry.image()));
            Mat labelMat = ImageIo.readLabel(entry.label());
            byte[] label = TensorConversion.labelBytes(labelMat);
            labelMat.release();
            for (int p = 0; p < label.length; p++) {
                int truth = label[p] & 0xFF;
                if (truth != c.getInt("ignore_label")) {
                    counted++;
                    right += predicted[p] == truth ? 1 : 0;
                }
            }
        }
        assertEquals((double) right / counted, metrics.allAccuracy(), 1e-12);
        Path save = layout.saveFolder();
        assertTrue(Files.exists(save.resolve("gray/000000.png")));
        assertTrue(Files.exists(save.resolve("color/000001.png")));
        List<String> results = Files.readAllLines(layout.resultPath());
        assertEquals("class,IoU,Acc", results.get(0));
        assertTrue(
                results.get(1)
                        .startsWith(
                                String.format(
                                        java.util.Locale.ROOT, "mean,%.4f,", metrics.meanIou())),
                results.get(1));
        assertEquals("background", results.get(2).split(",")[0]);
        assertEquals(2 + 5, results.size());

        // scoring the saved predictions gives the same figures
        ExperimentConfig again = c.with(java.util.Map.of("has_prediction", true), "test");
        assertEquals(metrics.meanIou(), new TestRun(again).run().meanIou(), 1e-12);
    }

    @Test
    void segnetLossStaysFiniteAndFalls(@TempDir Path root) throws Exception {
        ExperimentConfig c =
                TestConfigs.tinySynthetic(
                        root,
                        "segnet",
                        "synthetic_size",
                        "[16, 2, 40, 48]",
                        "batch_size",
                        "4",
                        "epochs",
                        "4",
                        "save_freq",
                        "4");
        new TrainingRun(c).run();
        List<Double> losses = new ArrayList<>();
        for (String line :
                Files.readAllLines(
                        new ExperimentLayout(c).tensorboardFolder().resolve("scalars.csv"))) {
            String[] fields = line.split(",");
            if (fields[1].equals("loss_train")) {
                losses.add(Double.parseDouble(fields[3]));
            }
        }
        assertEquals(4, losses.size(), "loss per epoch: " + losses);
        assertTrue(losses.stream().allMatch(Double::isFinite), "loss per epoch: " + losses);
        assertTrue(losses.get(3) < 0.95 * losses.get(0), "loss per epoch: " + losses);
    }

    @Test
    void pspnet50AtTinyCrops(@TempDir Path root) throws Exception {
        ExperimentConfig c =
                TestConfigs.tinySynthetic(
                        root,
                        "segnet_0.75",
                        "arch",
                        "psp",
                        "layers",
                        "50",
                        "synthetic_size",
                        "[4, 1, 40, 48]",
                        "train_h",
                        "33",
                        "train_w",
                        "33",
                        "test_h",
                        "33",
                        "test_w",
                        "33",
                        "epochs",
                        "1",
                        "ending_epoch",
                        "1");
        Path checkpoint = new TrainingRun(c).run();
        assertEquals(MaskState.HARD, Checkpoint.readHeader(checkpoint).maskState());
        assertHardMasksKeepK(c, checkpoint);
        assertFiniteLosses(c, 2, 1);
        new TestRun(c).run();
        ExperimentLayout layout = new ExperimentLayout(c);
        int images = Files.readAllLines(layout.list("test_list")).size();
        assertEquals(1, images);
        assertEquals(List.of("000000.png"), fileNames(layout.saveFolder().resolve("gray")));
        assertEquals(List.of("000000.png"), fileNames(layout.saveFolder().resolve("color")));
    }

    @Test
    void resnet18OnTinyCifarFiles(@TempDir Path root) throws Exception {
        Path data = root.resolve("cifar");
        Files.createDirectories(data);
        Random random = new Random(1);
        for (String name :
                List.of(
                        "data_batch_1.bin",
                        "data_batch_2.bin",
                        "data_batch_3.bin",
                        "data_batch_4.bin",
                        "data_batch_5.bin",
                        "test_batch.bin")) {
            byte[] bytes = new byte[4 * Cifar10Dataset.RECORD_BYTES];
            random.nextBytes(bytes);
            for (int r = 0; r < 4; r++) {
                bytes[r * Cifar10Dataset.RECORD_BYTES] = (byte) random.nextInt(10);
            }
            Files.write(data.resolve(name), bytes);
        }
        TestConfigs.useExperimentRoot(root);
        ExperimentConfig c =
                ConfigLoader.load(
                        TestConfigs.CONFIG.resolve("cifar10/cifar10_resnet18_0.5.yaml"),
                        List.of(
                                "data_root", data.toString(),
                                "train_gpu", "[]",
                                "test_gpu", "[]",
                                "workers", "0",
                                "batch_size", "8",
                                "batch_size_val", "8",
                                "epochs", "2",
                                "ending_epoch", "1",
                                "print_freq", "1"));
        Path checkpoint = new TrainingRun(c).run();
        assertEquals(MaskState.HARD, Checkpoint.readHeader(checkpoint).maskState());
        assertHardMasksKeepK(c, checkpoint);
        assertFiniteLosses(c, 4, 2);
        SegmentationMetrics metrics = new TestRun(c).run();
        // 4 test images, one class each: the accuracy is a count of right answers over 4
        double right = metrics.allAccuracy() * 4;
        assertEquals(Math.rint(right), right, 1e-9, "allAcc " + metrics.allAccuracy());
        String csv =
                Files.readString(
                        new ExperimentLayout(c).tensorboardFolder().resolve("scalars.csv"));
        assertTrue(csv.contains(",loss_train,2,"));
        assertTrue(csv.contains(",allAcc_val,2,"));
    }

    /**
     * The final checkpoint holds one hard mask for every convolution the pruner masks, and each
     * keeps exactly k of its n channels.
     */
    private static void assertHardMasksKeepK(ExperimentConfig c, Path checkpoint) throws Exception {
        SoftTopKPruner pruner = Pruning.fromConfig(c);
        int masked = pruner.configureModel(ModelFactory.build(c));
        assertTrue(masked > 0);
        try (Model model = Model.newInstance("check")) {
            Block block = ModelSetup.loadTrained(c, checkpoint, model);
            List<Pair<String, HardChannelMask>> masks =
                    BlockTree.find(block, HardChannelMask.class);
            assertEquals(masked, masks.size());
            for (Pair<String, HardChannelMask> mask : masks) {
                float[] values = mask.getValue().getMask().getArray().toFloatArray();
                int ones = 0;
                for (float v : values) {
                    assertTrue(v == 0 || v == 1, mask.getKey() + " holds " + v);
                    ones += (int) v;
                }
                assertEquals(pruner.keptChannels(values.length), ones, mask.getKey());
            }
        }
    }

    /** Every step's loss was logged and is finite, so is every epoch's. */
    private static void assertFiniteLosses(ExperimentConfig c, int steps, int epochs)
            throws IOException {
        List<Double> batch = new ArrayList<>();
        List<Double> epoch = new ArrayList<>();
        for (String line :
                Files.readAllLines(
                        new ExperimentLayout(c).tensorboardFolder().resolve("scalars.csv"))) {
            String[] fields = line.split(",");
            if (fields[1].equals("loss_train_batch")) {
                batch.add(Double.parseDouble(fields[3]));
            } else if (fields[1].equals("loss_train")) {
                epoch.add(Double.parseDouble(fields[3]));
            }
        }
        assertEquals(steps, batch.size(), "step losses " + batch);
        assertEquals(epochs, epoch.size(), "epoch losses " + epoch);
        assertTrue(batch.stream().allMatch(Double::isFinite), "step losses " + batch);
        assertTrue(epoch.stream().allMatch(Double::isFinite), "epoch losses " + epoch);
    }

    private static List<String> fileNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void missingGpuSaysHowToRunOnTheCpu(@TempDir Path root) {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet", "train_gpu", "[0]");
        ConfigException e =
                assertThrows(ConfigException.class, () -> Devices.select(c, "train_gpu"));
        assertTrue(e.getMessage().contains("train_gpu []"), e.getMessage());
    }

    @Test
    void missingModelForTestIsAConfigError(@TempDir Path root) throws IOException {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet");
        ConfigException e = assertThrows(ConfigException.class, () -> new TestRun(c).run());
        assertEquals("model_path", e.getKey());
    }
}
