package ai.acosp.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

import org.junit.jupiter.api.Test;

class ParameterCountTest {

    static long learnable(Block block) {
        long count = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN
                    || p.getType() == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            count += p.getArray().getShape().size();
        }
        return count;
    }

    static long count(Block block, Shape input) {
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, input);
            return learnable(block);
        }
    }

    @Test
    void pspNet50() {
        Shape in = new Shape(1, 3, 33, 33);
        assertEquals(49_080_038L, count(PSPNet.builder().setLayers(50).setClasses(19).build(), in));
        assertEquals(49_081_578L, count(PSPNet.builder().setLayers(50).setClasses(21).build(), in));
        assertEquals(49_180_908L, count(PSPNet.builder().setLayers(50).setClasses(150).build(), in));
    }

    @Test
    void segNet() {
        assertEquals(29_454_009L, count(SegNet.builder().setClasses(19).build(), new Shape(1, 3, 32, 32)));
    }

    @Test
    void resNet18() {
        assertEquals(11_173_962L, count(ResNet18Cifar.builder().build(), new Shape(1, 3, 32, 32)));
    }
}
