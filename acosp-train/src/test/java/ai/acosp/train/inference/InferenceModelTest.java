package ai.acosp.train.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.acosp.train.TestConfigs;
import ai.acosp.train.checkpoint.CheckpointException;
import ai.acosp.train.compact.CompactExperimentTest;
import ai.acosp.train.config.ConfigException;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.export.ExportExperiment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model file {@code engine onnxruntime} runs (the experiment's {@code <save_path>/model.onnx},
 * a {@code .onnx} model_path, or a folder's {@code model.onnx}), the failure that says to export
 * first, and the line that says which window ONNX Runtime runs.
 */
class InferenceModelTest {

    @Test
    void findsTheOnnxFileOrSaysToExportFirst(@TempDir Path root) throws Exception {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75", "ending_epoch", "1");
        ExperimentLayout layout = new ExperimentLayout(c);
        Path folder = Files.createDirectories(root.resolve("folder"));
        Path checkpoint = layout.finalCheckpoint();
        Path own = layout.modelFolder().resolve("model.onnx");

        assertNull(InferenceModel.onnxFile(c));
        assertNull(InferenceModel.onnxFile(with(c, "model_path", folder.toString())));
        ExperimentConfig ort = with(c, "engine", "onnxruntime");
        assertMissing(
                own, "run sh tool/export.sh synthetic segnet_0.75 first, which writes it", ort);
        assertMissing(
                folder.resolve("model.onnx"),
                "run sh tool/export.sh synthetic segnet_0.75 model_path "
                        + folder
                        + " first, which"
                        + " writes it",
                with(ort, "model_path", folder.toString()));
        assertMissing(
                root.resolve("x.onnx"),
                "check model_path, or run sh tool/export.sh synthetic segnet_0.75 first (it writes "
                        + own
                        + ")",
                with(c, "model_path", root.resolve("x.onnx").toString()));
        assertProblem(
                "model_path",
                "is '"
                        + checkpoint
                        + "', not a .onnx file or a folder holding model.onnx, and engine"
                        + " onnxruntime runs exported files: run sh tool/export.sh synthetic"
                        + " segnet_0.75 model_path "
                        + checkpoint
                        + " and give model_path the file it writes, or set engine djl",
                with(ort, "model_path", checkpoint.toString()));
        ConfigException unknown =
                assertThrows(
                        ConfigException.class,
                        () -> TestConfigs.tinySynthetic(root, "segnet_0.75", "engine", "tensorrt"));
        assertEquals("engine", unknown.getKey());

        Files.createDirectories(own.getParent());
        Files.write(own, new byte[0]);
        Files.write(folder.resolve("model.onnx"), new byte[0]);
        assertEquals(own, InferenceModel.onnxFile(ort));
        assertEquals(
                folder.resolve("model.onnx"),
                InferenceModel.onnxFile(with(ort, "model_path", folder.toString())));
        // a .onnx model_path runs on ONNX Runtime whatever the engine, as before the key
        assertEquals(own, InferenceModel.onnxFile(with(c, "model_path", own.toString())));
    }

    @Test
    void saysWhichWindowOnnxRuntimeRuns(@TempDir Path root) throws Exception {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75", "ending_epoch", "1");
        CompactExperimentTest.writeHardMaskedCheckpoint(
                c, new ExperimentLayout(c).finalCheckpoint());
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path file = ExportExperiment.export(c, quiet);
        List<String> lines = new ArrayList<>();
        ExperimentConfig ort = with(c, "engine", "onnxruntime");
        try (InferenceModel model = InferenceModel.open(ort, null, lines::add)) {
            assertEquals(32, model.settings().windowH());
        }
        try (InferenceModel model =
                InferenceModel.open(with(ort, "test_h", 48), null, lines::add)) {
            assertEquals(32, model.settings().windowH());
            assertEquals(32, model.settings().windowW());
        }
        assertEquals(
                List.of(
                        "=> ONNX Runtime runs '" + file + "' on 32x32 windows (test_h x test_w)",
                        "=> ONNX Runtime runs '"
                                + file
                                + "' on 32x32 windows, the file's fixed input, not test_h x"
                                + " test_w 48x32 (export again with test_h and test_w to change"
                                + " it)"),
                lines);
    }

    private static ExperimentConfig with(ExperimentConfig c, String key, Object value) {
        return c.with(Map.<String, Object>of(key, value), "command line");
    }

    private static void assertMissing(Path file, String remedy, ExperimentConfig c) {
        CheckpointException e =
                assertThrows(CheckpointException.class, () -> InferenceModel.onnxFile(c));
        assertEquals(file, e.getFile());
        assertEquals("no ONNX file to run on ONNX Runtime", e.getProblem());
        assertEquals(remedy, e.getRemedy());
    }

    private static void assertProblem(String key, String problem, ExperimentConfig c) {
        ConfigException e = assertThrows(ConfigException.class, () -> InferenceModel.onnxFile(c));
        assertEquals(key, e.getKey());
        assertEquals(problem, e.getProblem());
    }
}
