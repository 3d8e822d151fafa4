package ai.acosp.models.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.acosp.models.Architecture;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class CompactModelsTest {

    @Test
    void descriptionsRebuildTheSameArchitecture() {
        Block[] models = {
            new Architecture(Architecture.PSP, 19, 50, 8, false, 3).build(),
            new Architecture(Architecture.SEGNET, 11, 0, 1, true, 3).build(),
            new Architecture(Architecture.RESNET18, 10, 0, 1, true, 3).build()
        };
        for (Block model : models) {
            JsonObject arch = CompactModels.describe(model);
            Block rebuilt = CompactModels.build(arch);
            assertEquals(model.getClass(), rebuilt.getClass());
            assertEquals(arch, CompactModels.describe(rebuilt));
        }
        assertEquals("resnet18", CompactModels.describe(models[2]).get("arch").getAsString());
        PSPNet psp = (PSPNet) CompactModels.build(CompactModels.describe(models[0]));
        assertEquals(50, psp.getLayers());
        assertEquals(8, psp.getZoomFactor());
        assertEquals(false, psp.getChildren().contains("ppm"));
    }

    @Test
    void foldersOfEitherResNetNameAndWithoutOptionalKeysLoad() {
        Block old =
                CompactModels.build(
                        JsonParser.parseString("{\"arch\": \"resnet18_cifar\", \"classes\": 10}")
                                .getAsJsonObject());
        assertInstanceOf(ResNet18Cifar.class, old);
        assertEquals(10, ((ResNet18Cifar) old).getClasses());
        assertInstanceOf(
                ResNet18Cifar.class,
                CompactModels.build(
                        JsonParser.parseString("{\"arch\": \"resnet18\", \"classes\": 10}")
                                .getAsJsonObject()));
        Block segnet =
                CompactModels.build(
                        JsonParser.parseString("{\"arch\": \"segnet\", \"classes\": 19}")
                                .getAsJsonObject());
        assertEquals(19, ((SegNet) segnet).getClasses());
        PSPNet psp =
                (PSPNet)
                        CompactModels.build(
                                JsonParser.parseString(
                                                "{\"arch\": \"psp\", \"layers\": 50, \"classes\": 2, \"zoom_factor\": 8}")
                                        .getAsJsonObject());
        assertEquals(true, psp.getChildren().contains("ppm"));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                CompactModels.build(
                                        JsonParser.parseString(
                                                        "{\"arch\": \"vgg\", \"classes\": 2}")
                                                .getAsJsonObject()));
        assertEquals("unknown architecture 'vgg'; known: psp, segnet, resnet18", e.getMessage());
    }
}
