package ai.acosp.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.models.ModelTesting;
import ai.acosp.models.TestData;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.segnet.SegNet;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PretrainedBackbonesTest {

    @Test
    void mapsKeyNames() {
        assertEquals("layer0.0.weight", PretrainedBackbones.resNetKey("conv1.weight"));
        assertEquals("layer0.7.running_var", PretrainedBackbones.resNetKey("bn3.running_var"));
        assertEquals(
                "layer3.5.conv2.weight", PretrainedBackbones.resNetKey("layer3.5.conv2.weight"));
        assertEquals(
                "down1.conv1.cbr_unit.0.weight", PretrainedBackbones.vgg16Key("features.0.weight"));
        assertEquals(
                "down3.conv3.cbr_unit.0.bias", PretrainedBackbones.vgg16Key("features.14.bias"));
        assertEquals(
                "down5.conv3.cbr_unit.0.weight",
                PretrainedBackbones.vgg16Key("features.28.weight"));
        assertEquals("classifier.0.weight", PretrainedBackbones.vgg16Key("classifier.0.weight"));
    }

    @Test
    void resNetImageNetWeightsFillPspNetsBackbone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(1, 3, 9, 9);
            PSPNet source = PSPNet.builder().setLayers(50).setClasses(19).build();
            source.initialize(manager, DataType.FLOAT32, input);
            // an ImageNet deep-base ResNet-50 state dict: the backbone under ResNet names, plus fc
            Map<String, NDArray> imagenet = new LinkedHashMap<>();
            String[] stem = {"conv1", "bn1", "", "conv2", "bn2", "", "conv3", "bn3"};
            WeightExporter.stateDict(source, manager)
                    .forEach(
                            (key, value) -> {
                                if (key.startsWith("layer0.")) {
                                    String[] parts = key.split("\\.", 3);
                                    imagenet.put(
                                            stem[Integer.parseInt(parts[1])] + "." + parts[2],
                                            value);
                                } else if (key.startsWith("layer")) {
                                    imagenet.put(key, value);
                                }
                            });
            imagenet.put("fc.weight", manager.zeros(new Shape(1000, 2048)));
            imagenet.put("fc.bias", manager.zeros(new Shape(1000)));

            PSPNet net = PSPNet.builder().setLayers(50).setClasses(19).build();
            ModelTesting.halfPruner().configureModel(net); // masks before or after: both work
            net.initialize(manager, DataType.FLOAT32, input);
            float[] head = values(net, "cls.4.weight");
            ImportReport report = PretrainedBackbones.loadResNet(net, imagenet);

            assertTrue(report.getUnexpected().isEmpty(), report.toString());
            Map<String, StateDictKeys.Entry> entries = StateDictKeys.of(net);
            assertTrue(
                    report.getMissing().stream()
                            .allMatch(k -> !k.startsWith("layer") || entries.get(k).isMask()),
                    "only heads, pyramid and masks stay as initialised: " + report);
            assertTrue(report.getMissing().contains("cls.4.weight"));
            assertTrue(report.getIgnored().contains("fc.weight"));
            assertArrayEquals(values(source, "layer0.3.weight"), values(net, "layer0.3.0.weight"));
            assertArrayEquals(
                    values(source, "layer4.2.bn3.running_var"),
                    values(net, "layer4.2.bn3.running_var"));
            assertArrayEquals(
                    head, values(net, "cls.4.weight"), "the heads keep their initialisation");

            imagenet.remove("layer2.1.bn1.bias");
            WeightImportException error =
                    assertThrows(
                            WeightImportException.class,
                            () -> PretrainedBackbones.loadResNet(net, imagenet));
            assertTrue(error.getMessage().contains("layer2.1.bn1.bias"), error.getMessage());
        }
    }

    private static float[] values(ai.djl.nn.Block block, String key) {
        return StateDictKeys.of(block).get(key).getParameter().getArray().toFloatArray();
    }

    @Test
    void vgg16ImageNetWeightsFillSegNetsEncoder() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            // torchvision's VGG-16 keys and shapes; the large classifier is replaced by small
            // arrays (it is ignored)
            Map<String, NDArray> vgg = new LinkedHashMap<>();
            int index = 0;
            for (String line :
                    Files.readAllLines(TestData.path("reference-keys/torchvision_vgg16.txt"))) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t");
                String dims = fields[1].replaceAll("[(),]", " ").trim();
                long[] shape =
                        java.util.Arrays.stream(dims.split("\\s+"))
                                .mapToLong(Long::parseLong)
                                .toArray();
                Shape s = fields[0].startsWith("classifier") ? new Shape(2) : new Shape(shape);
                vgg.put(
                        fields[0],
                        manager.arange(index, index + (int) s.size(), 1, DataType.FLOAT32)
                                .reshape(s));
                index += 7;
            }
            SegNet net = SegNet.builder().setClasses(11).build();
            ModelTesting.halfPruner().configureModel(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            ImportReport report = PretrainedBackbones.loadVgg16(net, vgg);
            assertEquals(26, report.getLoaded().size(), report.toString());
            assertTrue(report.getUnexpected().isEmpty(), report.toString());
            assertArrayEquals(
                    vgg.get("features.12.weight").toFloatArray(),
                    values(net, "down3.conv2.cbr_unit.0.0.weight"));
            assertArrayEquals(
                    vgg.get("features.28.bias").toFloatArray(),
                    values(net, "down5.conv3.cbr_unit.0.0.bias"));
        }
    }
}
