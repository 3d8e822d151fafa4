package ai.acosp.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ParameterCountTest {

    @Test
    void pspNet50() {
        Shape in = new Shape(1, 3, 33, 33);
        assertEquals(
                49_080_038L,
                ModelTesting.count(PSPNet.builder().setLayers(50).setClasses(19).build(), in));
        assertEquals(
                49_081_578L,
                ModelTesting.count(PSPNet.builder().setLayers(50).setClasses(21).build(), in));
        assertEquals(
                49_180_908L,
                ModelTesting.count(PSPNet.builder().setLayers(50).setClasses(150).build(), in));
    }

    @Test
    void segNet() {
        assertEquals(
                29_454_009L,
                ModelTesting.count(
                        SegNet.builder().setClasses(19).build(), new Shape(1, 3, 32, 32)));
    }

    @Test
    void resNet18() {
        assertEquals(
                11_173_962L,
                ModelTesting.count(ResNet18Cifar.builder().build(), new Shape(1, 3, 32, 32)));
    }
}
