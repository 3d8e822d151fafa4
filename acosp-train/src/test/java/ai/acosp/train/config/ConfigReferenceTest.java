package ai.acosp.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists exactly the keys of {@link ConfigSchema}, with their types and
 * defaults: the part between the markers is what {@link ConfigReference} writes.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void documentationListsTheSchema() throws Exception {
        String text = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = text.indexOf(ConfigReference.BEGIN);
        int end = text.indexOf(ConfigReference.END);
        assertTrue(begin >= 0 && end > begin, "markers in " + DOC);
        String documented = text.substring(begin + ConfigReference.BEGIN.length() + 1, end);
        assertEquals(
                ConfigReference.markdown(),
                documented,
                "docs/configuration.md is out of date; from the repository root run: java -cp"
                        + " acosp-train/target/classes ai.acosp.train.config.ConfigReference"
                        + " docs/configuration.md");
        for (ConfigKey key : ConfigSchema.keys()) {
            assertTrue(documented.contains("| `" + key.name() + "` |"), key.name());
        }
    }
}
