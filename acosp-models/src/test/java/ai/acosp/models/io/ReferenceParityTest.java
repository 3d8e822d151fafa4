package ai.acosp.models.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Compares the models with PyTorch re-implementations of the reference networks, in inference and
 * in training mode, after importing the PyTorch weights. Opt-in: the files are made by {@code
 * src-test-data/parity/make_parity.py} and are too large to commit; run with {@code
 * -Dacosp.parity.dir=/tmp/parity}.
 */
@EnabledIfSystemProperty(named = "acosp.parity.dir", matches = ".+")
class ReferenceParityTest {

    private static final Path DIR = Path.of(System.getProperty("acosp.parity.dir", "."));

    @Test
    void resNet18() throws IOException {
        check("resnet18", ResNet18Cifar.builder().build());
    }

    @Test
    void segNet() throws IOException {
        check("segnet", SegNet.builder().setClasses(6).build());
    }

    @Test
    void pspNet50() throws IOException {
        check("pspnet50", PSPNet.builder().setLayers(50).setClasses(5).optDropout(0f).build());
    }

    private static void check(String name, Block net) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> expected = StateDictIO.read(DIR.resolve(name + ".npz"), manager);
            NDArray input = expected.get("input");
            net.initialize(manager, DataType.FLOAT32, input.getShape());
            ImportReport report =
                    WeightImporter.load(net, DIR.resolve(name + ".pth"), ImportOptions.strict());
            assertTrue(report.getMissing().isEmpty(), report.toString());
            ParameterStore ps = new ParameterStore(manager, false);

            NDList inference = net.forward(ps, new NDList(input), false);
            assertClose(name + " inference", expected.get("eval"), inference.get(0));
            NDList training = net.forward(ps, new NDList(input), true);
            assertClose(name + " training", expected.get("train_main"), training.get(0));
            if (expected.containsKey("train_aux")) {
                assertEquals(2, training.size());
                assertClose(name + " training aux", expected.get("train_aux"), training.get(1));
            }
        }
    }

    private static void assertClose(String what, NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        float scale = expected.abs().max().getFloat();
        float error = expected.sub(actual).abs().max().getFloat();
        System.out.printf("%s: max |difference| %.3g, max |value| %.3g%n", what, error, scale);
        assertTrue(
                error <= 1e-4f * Math.max(1f, scale),
                what + ": max difference " + error + " at scale " + scale);
    }
}
