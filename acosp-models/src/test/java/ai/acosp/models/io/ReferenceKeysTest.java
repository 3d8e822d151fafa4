package ai.acosp.models.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.core.Inject;
import ai.acosp.models.ModelTesting;
import ai.acosp.models.TestData;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The state-dict keys and shapes of every model, dense, soft-masked and hard-masked, equal the
 * reference's, in the reference's order.
 */
class ReferenceKeysTest {

    private enum Masks {
        NONE,
        SOFT,
        HARD
    }

    @Test
    void pspNet50() throws IOException {
        assertKeys(
                "pspnet50_dense.txt",
                PSPNet.builder().setLayers(50).setClasses(19).build(),
                Masks.NONE,
                new Shape(1, 3, 9, 9));
        assertKeys(
                "pspnet50_soft_masks.txt",
                PSPNet.builder().setLayers(50).setClasses(19).build(),
                Masks.SOFT,
                new Shape(1, 3, 9, 9));
        assertKeys(
                "pspnet50_hard_masks.txt",
                PSPNet.builder().setLayers(50).setClasses(19).build(),
                Masks.HARD,
                new Shape(1, 3, 9, 9));
    }

    @Test
    void segNet() throws IOException {
        assertKeys(
                "segnet_dense.txt",
                SegNet.builder().setClasses(19).build(),
                Masks.NONE,
                new Shape(1, 3, 32, 32));
        assertKeys(
                "segnet_hard_masks.txt",
                SegNet.builder().setClasses(19).build(),
                Masks.HARD,
                new Shape(1, 3, 32, 32));
    }

    @Test
    void resNet18() throws IOException {
        assertKeys(
                "resnet18_cifar_hard_masks.txt",
                ResNet18Cifar.builder().build(),
                Masks.HARD,
                new Shape(1, 3, 32, 32));
    }

    private static void assertKeys(String file, Block net, Masks masks, Shape input)
            throws IOException {
        if (masks != Masks.NONE) {
            ModelTesting.halfPruner().configureModel(net);
        }
        if (masks == Masks.HARD) {
            Inject.softToHardK(net);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, input);
            List<String> ours = new ArrayList<>();
            for (StateDictKeys.Entry entry : StateDictKeys.of(net).values()) {
                Shape shape =
                        entry.getRole() == StateDictKeys.Role.BATCHES_TRACKED
                                ? new Shape()
                                : entry.getParameter().getArray().getShape();
                ours.add(entry.getKey() + "\t" + pythonShape(shape));
            }
            List<String> reference = new ArrayList<>();
            for (String line : Files.readAllLines(TestData.path("reference-keys/" + file))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    reference.add(line.strip());
                }
            }
            assertEquals(String.join("\n", reference), String.join("\n", ours), file);
        }
    }

    private static String pythonShape(Shape shape) {
        if (shape.dimension() == 1) {
            return "(" + shape.get(0) + ",)";
        }
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (long size : shape.getShape()) {
            joiner.add(String.valueOf(size));
        }
        return joiner.toString();
    }
}
