package ai.acosp.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.train.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final Path PSP = TestConfigs.CONFIG.resolve("ade20k/ade20k_pspnet50_0.5.yaml");

    @Test
    void everyShippedConfigLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(TestConfigs.CONFIG)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        assertTrue(files.size() >= 32, "configs: " + files.size());
        for (Path file : files) {
            ExperimentConfig c = ConfigLoader.load(file, List.of());
            String stem = file.getFileName().toString().replace(".yaml", "");
            assertEquals(stem, c.getDataset() + "_" + c.getName());
        }
    }

    @Test
    void sectionsMergeAndOverridesKeepTypes() {
        ExperimentConfig c =
                ConfigLoader.load(
                        PSP, List.of("base_lr", "0.02", "train_gpu", "[]", "epochs", "3"));
        assertEquals("ade20k", c.getDataset());
        assertEquals("pspnet50_0.5", c.getName());
        assertEquals(150, c.getInt("classes"));
        assertEquals(0.02, c.getDouble("base_lr"), 1e-12);
        assertEquals(List.of(), c.getIntList("train_gpu"));
        assertEquals(3, c.getInt("epochs"));
        assertEquals(0.5, c.getDouble("sparsity"), 1e-12);
        assertTrue(c.source("epochs").startsWith("command line"));
        // a whole number is a valid float, and YAML's 1e-4 (a string in YAML 1.1) is a number
        assertEquals(1.0, ConfigLoader.load(PSP, List.of("base_lr", "1")).getDouble("base_lr"));
        assertEquals(1e-4, ConfigLoader.load(PSP, List.of("base_lr", "1e-4")).getDouble("base_lr"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sparsity | 1.0 | [0, 1)",
                "sparsity | -0.1 | [0, 1)",
                "zoom_factor | 3 | 1, 2, 4 or 8",
                "train_h | 472 | 8k+1",
                "test_w | 100 | 8k+1",
                "classes | 1 | >= 2",
                "epochs | 2.5 | whole number",
                "evaluate | yes please | True or False",
                "train_gpu | 0 | list",
                "layers | 34 | 50, 101 or 152",
                "arch | unet | one of",
                "scale_max | 0.1 | scale_min",
                "ending_epoch | 0 | after starting epoch",
                "momentum | 1.0 | [0, 1)",
                "lr_schedule | step | one of",
                "ignore_label | 300 | 0..255",
                "batch_size | '' | must not be empty",
                "layer_sparsity | layer4/** | glob=sparsity",
                "layer_sparsity | layer4/**=1.5 | [0, 1)",
                "target_macs | 1.5 | (0, 1]",
                "mask_position | bn | one of [",
            })
    void impossibleOverridesStopWithKeyAndFile(String key, String value, String reason) {
        ConfigException e =
                assertThrows(
                        ConfigException.class, () -> ConfigLoader.load(PSP, List.of(key, value)));
        assertEquals(key, e.getKey());
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(PSP.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void unknownOverrideKeyAndMissingValue() {
        ConfigException unknown =
                assertThrows(
                        ConfigException.class, () -> ConfigLoader.load(PSP, List.of("lr", "0.1")));
        assertTrue(unknown.getMessage().contains("'lr': no such key"), unknown.getMessage());
        ConfigException odd =
                assertThrows(
                        ConfigException.class, () -> ConfigLoader.load(PSP, List.of("epochs")));
        assertTrue(odd.getMessage().contains("pairs"), odd.getMessage());
    }

    @Test
    void fileErrorsNameKeyAndFile(@TempDir Path dir) throws IOException {
        String base =
                Files.readString(TestConfigs.CONFIG.resolve("synthetic/synthetic_segnet.yaml"));
        Path unknown =
                TestConfigs.write(
                        dir,
                        "x",
                        "unknown",
                        base.replace("  classes: 5", "  classes: 5\n  clases: 5"));
        assertMessage(unknown, "'clases': no such key");
        Path missing = TestConfigs.write(dir, "x", "missing", base.replace("  classes: 5\n", ""));
        assertMessage(missing, "'classes': is required");
        Path wrongType =
                TestConfigs.write(
                        dir, "x", "type", base.replaceFirst("  epochs: [0-9]+", "  epochs: four"));
        assertMessage(wrongType, "'epochs': expected a whole number");
        Path twice = TestConfigs.write(dir, "x", "twice", base + "\nMORE:\n  epochs: 3\n");
        assertMessage(twice, "'epochs': is set twice");
        Path broken = TestConfigs.write(dir, "x", "broken", "DATA: [unclosed");
        assertMessage(broken, "not valid YAML");
        assertMessage(dir.resolve("nothing.yaml"), "no such config file");
    }

    @Test
    void writtenConfigReadsBackTheSame(@TempDir Path dir) throws IOException {
        ExperimentConfig c =
                ConfigLoader.load(PSP, List.of("scales", "[0.5, 1.0]", "manual_seed", "5"));
        Path copy = TestConfigs.write(dir, "ade20k", "pspnet50_0.5", ConfigWriter.toYaml(c));
        assertEquals(c.values(), ConfigLoader.load(copy, List.of()).values());
    }

    private static void assertMessage(Path file, String expected) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
