package ai.acosp.train.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.translate.TranslateException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The factory reads the recipe from the arguments DJL passes it (serving.properties merged with
 * Criteria.optArgument); {@code flip} defaults to the test phase's {@code true}, accepts a string
 * or a Boolean, and a wrong value is named in one line.
 */
class SegmentationTranslatorFactoryTest {

    @Test
    void flipDefaultsToTheTestPhaseAndCanBeSwitchedOff() throws TranslateException {
        Map<String, Object> arguments = recipe();
        assertTrue(translator(arguments).isFlip(), "absent: as test.sh");
        arguments.put(ServingFolder.FLIP, "false");
        assertEquals(false, translator(arguments).isFlip());
        arguments.put(ServingFolder.FLIP, Boolean.TRUE);
        assertEquals(true, translator(arguments).isFlip());
        arguments.put(ServingFolder.FLIP, "yes");
        TranslateException error =
                assertThrows(TranslateException.class, () -> translator(arguments));
        assertEquals(
                "'flip' in the model folder's serving.properties or Criteria.optArgument is"
                        + " 'yes'; allowed values: true, false",
                error.getMessage());
    }

    private static SegmentationTranslator translator(Map<String, Object> arguments)
            throws TranslateException {
        return (SegmentationTranslator)
                new SegmentationTranslatorFactory()
                        .newInstance(Image.class, CategoryMask.class, null, arguments);
    }

    private static Map<String, Object> recipe() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put(ServingFolder.CLASS_NAMES, "a,b");
        arguments.put(ServingFolder.BASE_SIZE, "48");
        arguments.put(ServingFolder.WINDOW_H, "32");
        arguments.put(ServingFolder.WINDOW_W, "32");
        arguments.put(ServingFolder.SCALES, "1.0");
        arguments.put(ServingFolder.MEAN, "1,2,3");
        arguments.put(ServingFolder.STD, "4,5,6");
        return arguments;
    }
}
