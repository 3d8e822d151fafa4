package ai.acosp.train.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.train.TestConfigs;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.compact.CompactExperimentTest;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.DataFactory;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What DJL's Criteria does with a model folder beyond the plain load that {@link
 * FreshJvmDeployTest} checks in fresh JVMs: a recipe argument overrides serving.properties; a
 * folder without DJL's metadata (written before the folders carried it) fails the plain Criteria as
 * DJL 0.36 does, and loads with the translator factory named as an argument, predicting what the
 * plain Criteria predicts; a truncated parameter file fails DJL's checksum, naming the file; the
 * argument {@code runtime onnxruntime} on a folder without {@code model.onnx}, and an unknown
 * runtime, fail with one line.
 */
class CriteriaLoadingTest {

    @Test
    void recipeArgumentsLegacyFoldersAndDamagedFiles(@TempDir Path root) throws Exception {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75", "ending_epoch", "1");
        ExperimentLayout layout = new ExperimentLayout(c);
        CompactExperimentTest.writeHardMaskedCheckpoint(c, layout.finalCheckpoint());
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path compact = new CompactExperiment(c, 0).run(quiet);
        Path image = DataFactory.testing(c, layout).getEntry(0).image();

        // a damaged copy, loaded before the intact folder (DJL copies each version once)
        Path damaged = copyTop(compact, root.resolve("damaged"), true);
        Path params = onlyParameterFile(damaged);
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
        Exception checksum =
                assertThrows(Exception.class, () -> plain(damaged).build().loadModel());
        assertTrue(
                String.valueOf(checksum.getMessage()).contains("Checksum error: ")
                        && checksum.getMessage().contains(params.getFileName().toString()),
                String.valueOf(checksum));

        int[][] expected;
        try (ZooModel<Image, CategoryMask> model = plain(compact).build().loadModel();
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            assertTrue(((SegmentationTranslator) model.getTranslator()).isFlip(), "as test.sh");
            expected = predictor.predict(ImageFactory.getInstance().fromFile(image)).getMask();
        }
        try (ZooModel<Image, CategoryMask> model =
                plain(compact).optArgument(ServingFolder.FLIP, "false").build().loadModel()) {
            assertFalse(((SegmentationTranslator) model.getTranslator()).isFlip());
        }

        // runtime onnxruntime on a folder without model.onnx, and a runtime that does not exist
        String noOnnx = runtimeFailure(compact, "onnxruntime");
        assertTrue(
                noOnnx.endsWith(
                        " holds no model.onnx for runtime onnxruntime: write it into the model"
                                + " folder with tool/export.sh model_path FOLDER, which also lists"
                                + " it in the folder's metadata.json (DJL copies only the files"
                                + " listed there)"),
                noOnnx);
        assertEquals(
                "the argument 'runtime' (Criteria.optArgument or serving.properties) is"
                        + " 'tensorrt'; allowed values: djl, onnxruntime",
                runtimeFailure(compact, "tensorrt"));

        Path legacy = copyTop(compact, root.resolve("legacy"), false);
        ModelNotFoundException plainFails =
                assertThrows(ModelNotFoundException.class, () -> plain(legacy).build().loadModel());
        assertTrue(
                plainFails.getCause() != null
                        && plainFails
                                .getCause()
                                .getMessage()
                                .startsWith("No matching default translator found"),
                String.valueOf(plainFails.getCause()));
        try (ZooModel<Image, CategoryMask> model =
                        plain(legacy)
                                .optArgument(
                                        ServingFolder.TRANSLATOR_FACTORY,
                                        SegmentationTranslatorFactory.class.getName())
                                .build()
                                .loadModel();
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            assertArrayEquals(
                    expected,
                    predictor.predict(ImageFactory.getInstance().fromFile(image)).getMask());
        }
    }

    private static String runtimeFailure(Path folder, String runtime) {
        Criteria<Image, CategoryMask> criteria =
                plain(folder).optArgument(ServingFolder.RUNTIME, runtime).build();
        return assertThrows(Exception.class, criteria::loadModel).getMessage();
    }

    private static Criteria.Builder<Image, CategoryMask> plain(Path folder) {
        return Criteria.builder().setTypes(Image.class, CategoryMask.class).optModelPath(folder);
    }

    /** Copies a folder's top files (the parameter file renamed to the new folder's name). */
    private static Path copyTop(Path from, Path to, boolean withMetadata) throws IOException {
        Files.createDirectories(to);
        String oldStem = from.getFileName() + "-";
        String newStem = withMetadata ? oldStem : to.getFileName() + "-";
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString().replace(oldStem, newStem);
                Files.copy(file, to.resolve(name));
            }
        }
        if (withMetadata) {
            Path metadata = ModelZooMetadata.file(from);
            Path target = to.resolve(from.relativize(metadata));
            Files.createDirectories(target.getParent());
            Files.copy(metadata, target);
        }
        return to;
    }

    private static Path onlyParameterFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> params =
                    files.filter(f -> f.getFileName().toString().endsWith(".params")).toList();
            assertTrue(params.size() == 1, params.toString());
            return params.get(0);
        }
    }
}
