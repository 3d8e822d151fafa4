package ai.acosp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class ArrayCopiesTest {

    @Test
    void copyOfADecodedArrayHasMemoryOfItsOwn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = {1f, 2f, 3f, 4f};
            NDArray copy;
            try (NDManager scope = manager.newSubManager()) {
                NDArray decoded = NDArray.decode(scope, manager.create(values).encode());
                copy = ArrayCopies.copyOf(decoded, manager);
                decoded.addi(scope.ones(new Shape(4)));
                NDArray asDouble =
                        ArrayCopies.copyOf(decoded, decoded.getDevice(), DataType.FLOAT64, manager);
                assertEquals(DataType.FLOAT64, asDouble.getDataType());
                assertSame(manager, asDouble.getManager());
            }
            System.gc();
            assertSame(manager, copy.getManager());
            assertArrayEquals(values, copy.toFloatArray());
        }
    }

    @Test
    void loadedParametersGetArraysOfTheirOwn() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block saved = Linear.builder().setUnits(3).build();
            saved.initialize(manager, DataType.FLOAT32, new Shape(1, 5));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            saved.saveParameters(new DataOutputStream(bytes));

            Block loaded = Linear.builder().setUnits(3).build();
            loaded.initialize(manager, DataType.FLOAT32, new Shape(1, 5));
            loaded.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            Parameter weight = loaded.getParameters().get("weight");
            NDArray decoded = weight.getArray();
            ArrayCopies.ownParameterArrays(loaded, manager);
            assertNotSame(decoded, weight.getArray());
            assertTrue(decoded.isReleased());
            assertSame(manager, weight.getArray().getManager());
            for (int i = 0; i < saved.getParameters().size(); i++) {
                assertArrayEquals(
                        saved.getParameters().valueAt(i).getArray().toFloatArray(),
                        loaded.getParameters().valueAt(i).getArray().toFloatArray());
            }
        }
    }
}
