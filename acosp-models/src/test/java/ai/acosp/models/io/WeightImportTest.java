package ai.acosp.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.BlockTree;
import ai.acosp.core.Inject;
import ai.acosp.core.nn.HardChannelMask;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.models.ModelTesting;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightImportTest {

    private static final Shape INPUT = new Shape(2, 3, 32, 32);

    @TempDir Path temp;

    private static ResNet18Cifar resNet(NDManager manager, int seed, boolean masked, boolean hard) {
        Engine.getInstance().setRandomSeed(seed);
        ResNet18Cifar net = ResNet18Cifar.builder().build();
        if (masked) {
            ModelTesting.halfPruner().configureModel(net);
        }
        net.initialize(manager, DataType.FLOAT32, INPUT);
        if (hard) {
            Inject.softToHardK(net);
        }
        return net;
    }

    private static NDArray infer(ResNet18Cifar net, NDManager manager, NDArray input) {
        return net.forward(new ParameterStore(manager, false), new NDList(input), false).head();
    }

    /** Gives the running statistics non-default values so that the round trip covers them. */
    private static void train(ResNet18Cifar net, NDManager manager) {
        net.forward(
                new ParameterStore(manager, false),
                new NDList(manager.randomNormal(INPUT).add(1)),
                true);
    }

    @Test
    void exportThenImportGivesIdenticalOutputs() throws IOException {
        for (boolean masked : new boolean[] {false, true}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                ResNet18Cifar trained = resNet(manager, 1, masked, false);
                train(trained, manager);
                Path file = temp.resolve("resnet18-" + masked + ".safetensors");
                WeightExporter.export(trained, file);

                ResNet18Cifar fresh = resNet(manager, 2, masked, false);
                NDArray input = manager.randomNormal(INPUT);
                assertNotEquals(infer(trained, manager, input), infer(fresh, manager, input));
                ImportReport report = WeightImporter.load(fresh, file, ImportOptions.strict());
                assertTrue(
                        report.getMissing().isEmpty() && report.getUnexpected().isEmpty(),
                        report.toString());
                assertEquals(
                        infer(trained, manager, input),
                        infer(fresh, manager, input),
                        "masked " + masked);
                // BN's num_batches_tracked and the soft masks' values are exported and skipped on
                // import
                assertEquals(masked ? 20 + 20 : 20, report.getIgnored().size(), report.toString());
            }
        }
    }

    @Test
    void loadsAHardMaskedTorchCheckpointIntoAConfiguredAndHardenedModel() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNet18Cifar published = resNet(manager, 3, true, true);
            train(published, manager);
            Map<String, NDArray> stateDict = new LinkedHashMap<>();
            WeightExporter.stateDict(published, manager)
                    .forEach((key, value) -> stateDict.put("module." + key, value));
            assertTrue(stateDict.containsKey("module.layer2.0.downsample.0.1.mask"));
            Path file = temp.resolve("train_epoch_50.pth");
            TorchZipWriter.write(stateDict, 50, file);

            // rebuild the structure before loading: configure, harden (masks not initialised yet),
            // initialise
            Engine.getInstance().setRandomSeed(4);
            ResNet18Cifar net = ResNet18Cifar.builder().build();
            ModelTesting.halfPruner().configureModel(net);
            assertEquals(20, Inject.softToHardK(net));
            net.initialize(manager, DataType.FLOAT32, INPUT);
            ImportReport report = WeightImporter.load(net, file, ImportOptions.strict());
            assertEquals(
                    StateDictKeys.of(net).size() - 20,
                    report.getLoaded().size(),
                    report.toString());

            NDArray input = manager.randomNormal(INPUT);
            assertEquals(infer(published, manager, input), infer(net, manager, input));
            List<Pair<String, MaskedConvolution>> masks =
                    BlockTree.find(net, MaskedConvolution.class);
            HardChannelMask mask = (HardChannelMask) masks.get(5).getValue().getMask();
            HardChannelMask expected =
                    (HardChannelMask)
                            BlockTree.find(published, MaskedConvolution.class)
                                    .get(5)
                                    .getValue()
                                    .getMask();
            assertArrayEquals(
                    expected.getMask().getArray().toFloatArray(),
                    mask.getMask().getArray().toFloatArray());
            assertEquals(mask.getKept(), (int) mask.getMask().getArray().sum().getFloat());
        }
    }

    @Test
    void strictImportNamesEveryOffendingKeyAndChangesNothing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNet18Cifar source = resNet(manager, 5, false, false);
            Map<String, NDArray> stateDict =
                    new LinkedHashMap<>(WeightExporter.stateDict(source, manager));
            stateDict.remove("fc.bias");
            stateDict.put("extra.weight", manager.zeros(new Shape(3)));
            stateDict.put("layer1.0.conv1.weight", manager.zeros(new Shape(64, 64, 1, 1)));

            ResNet18Cifar target = resNet(manager, 6, false, false);
            float[] before = target.getParameters().get("fc_weight").getArray().toFloatArray();
            WeightImportException error =
                    assertThrows(
                            WeightImportException.class,
                            () -> WeightImporter.load(target, stateDict));
            String message = error.getMessage();
            assertTrue(message.contains("fc.bias"), message);
            assertTrue(message.contains("extra.weight"), message);
            assertTrue(
                    message.contains(
                            "layer1.0.conv1.weight: shape (64, 64, 1, 1) in the state dict, (64,"
                                    + " 64, 3, 3) in the model"),
                    message);
            assertEquals(List.of("fc.bias"), error.getReport().getMissing());
            assertArrayEquals(
                    before,
                    target.getParameters().get("fc_weight").getArray().toFloatArray(),
                    "a failed import changes nothing");

            // lenient: what fits is loaded, the rest is listed
            ImportReport report = WeightImporter.load(target, stateDict, ImportOptions.lenient());
            assertEquals(List.of("extra.weight"), report.getUnexpected());
            assertEquals(1, report.getMismatched().size());
            assertArrayEquals(
                    source.getParameters().get("fc_weight").getArray().toFloatArray(),
                    target.getParameters().get("fc_weight").getArray().toFloatArray());
        }
    }

    @Test
    void explainsMaskMismatches() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> hardStateDict =
                    WeightExporter.stateDict(resNet(manager, 7, true, true), manager);

            // a masked checkpoint into a dense model
            WeightImportException dense =
                    assertThrows(
                            WeightImportException.class,
                            () ->
                                    WeightImporter.load(
                                            resNet(manager, 8, false, false), hardStateDict));
            assertTrue(
                    dense.getMessage().contains("configure the model with SoftTopKPruner"),
                    dense.getMessage());

            // hard masks into soft masks
            WeightImportException soft =
                    assertThrows(
                            WeightImportException.class,
                            () ->
                                    WeightImporter.load(
                                            resNet(manager, 8, true, false), hardStateDict));
            assertTrue(soft.getMessage().contains("Inject.softToHardK"), soft.getMessage());

            // soft masks (logits and last mask) into hard masks
            Map<String, NDArray> softStateDict =
                    WeightExporter.stateDict(resNet(manager, 7, true, false), manager);
            WeightImportException hard =
                    assertThrows(
                            WeightImportException.class,
                            () ->
                                    WeightImporter.load(
                                            resNet(manager, 8, true, true), softStateDict));
            assertTrue(
                    hard.getMessage().contains("load it before Inject.softToHardK"),
                    hard.getMessage());

            // a mask that keeps the wrong number of channels
            Map<String, NDArray> wrongCount = new LinkedHashMap<>(hardStateDict);
            wrongCount.put("conv1.1.mask", manager.ones(new Shape(64)));
            WeightImportException count =
                    assertThrows(
                            WeightImportException.class,
                            () -> WeightImporter.load(resNet(manager, 8, true, true), wrongCount));
            assertTrue(
                    count.getMessage()
                            .contains(
                                    "conv1.1.mask: the hard mask keeps 64 of 64 channels but the"
                                            + " model's mask keeps 32"),
                    count.getMessage());
        }
    }

    @Test
    void denseWeightsLoadIntoAMaskedModel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNet18Cifar dense = resNet(manager, 9, false, false);
            Map<String, NDArray> stateDict = WeightExporter.stateDict(dense, manager);
            ResNet18Cifar masked = resNet(manager, 10, true, false);
            WeightImportException error =
                    assertThrows(
                            WeightImportException.class,
                            () -> WeightImporter.load(masked, stateDict));
            assertTrue(
                    error.getMessage().contains("optAllowMissingMasks(true)"), error.getMessage());

            ImportReport report =
                    WeightImporter.load(
                            masked,
                            stateDict,
                            ImportOptions.builder().optAllowMissingMasks(true).build());
            assertEquals(20, report.getMissing().size(), report.toString());
            assertFalse(report.getLoaded().contains("conv1.weight"));
            assertTrue(report.getLoaded().contains("conv1.0.weight"));
            assertArrayEquals(
                    dense.getParameters().get("conv1_weight").getArray().toFloatArray(),
                    masked.getParameters().get("conv1_conv_weight").getArray().toFloatArray());
        }
    }
}
