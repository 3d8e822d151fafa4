package ai.acosp.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.compact.CompactionChecks;
import ai.acosp.models.onnx.OnnxExporter;
import ai.acosp.train.TestConfigs;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.compact.CompactExperimentTest;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.deploy.ModelZooMetadata;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelSetup;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tool/export.sh's job: a tiny experiment's hard-masked checkpoint and its compact folder exported
 * to model.onnx (the checkpoint's beside it, the folder's into the folder, listed in its DJL
 * metadata); ONNX Runtime computes what DJL computes from the same files, and the metadata names
 * the architecture, classes and fixed size.
 */
class ExportExperimentTest {

    @Test
    void exportsCheckpointAndCompactFolderThatOnnxRuntimeRunsAlike(@TempDir Path root)
            throws Exception {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75", "ending_epoch", "1");
        Path checkpoint = new ExperimentLayout(c).finalCheckpoint();
        CompactExperimentTest.writeHardMaskedCheckpoint(c, checkpoint);
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path compactFolder = new CompactExperiment(c, 0).run(quiet);

        for (ExperimentConfig config :
                new ExperimentConfig[] {
                    c,
                    c.with(Map.<String, Object>of("model_path", compactFolder.toString()), "test")
                }) {
            Path file = ExportExperiment.export(config, System.out);
            // a checkpoint's file goes beside it, a model folder's into the folder and its
            // DJL metadata
            boolean folder = config != c;
            assertEquals(
                    (folder ? compactFolder : new ExperimentLayout(c).modelFolder())
                            .resolve(ExportExperiment.FILE),
                    file);
            assertEquals(
                    folder,
                    Files.readString(ModelZooMetadata.file(compactFolder))
                            .contains("\"name\": \"model.onnx\""));
            try (Model model = Model.newInstance("reference")) {
                Block net =
                        ModelSetup.loadTrained(
                                config, new ExperimentLayout(config).modelPath(), model);
                Shape shape = new Shape(2, 3, c.getInt("test_h"), c.getInt("test_w"));
                NDArray x = model.getNDManager().randomNormal(0, 1, shape, DataType.FLOAT32);
                float[] expected = CompactionChecks.infer(net, model.getNDManager(), x);
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                try (OrtSession session =
                                env.createSession(
                                        file.toString(), new OrtSession.SessionOptions());
                        OnnxTensor input =
                                OnnxTensor.createTensor(
                                        env, FloatBuffer.wrap(x.toFloatArray()), shape.getShape());
                        OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
                    Map<String, String> meta = session.getMetadata().getCustomMetadata();
                    assertEquals("segnet", meta.get("arch"));
                    assertEquals("5", meta.get("classes"));
                    assertEquals("N,3,32,32", meta.get("input_shape"));
                    FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    float[] actual = new float[out.remaining()];
                    out.get(actual);
                    double error = CompactionChecks.relativeError(expected, actual);
                    assertTrue(
                            error <= 1e-4,
                            file
                                    + " from "
                                    + config.get("model_path")
                                    + ": relative error "
                                    + error);
                    Shape outShape = new Shape(2, 5, shape.get(2), shape.get(3));
                    assertEquals(0, CompactionChecks.argmaxMismatches(expected, actual, outShape));
                }
            }
        }
    }
}
