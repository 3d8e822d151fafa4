package ai.acosp.train.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.train.TestConfigs;
import ai.acosp.train.cli.ServingExport;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.compact.CompactExperimentTest;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.DataFactory;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.inference.PredictionFiles;
import ai.acosp.train.run.TestRun;
import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL's Criteria loads a compact folder (tool/compact.sh) and a hard-masked folder
 * (tool/serving.sh) with no project call (the block factory and recipe come from
 * serving.properties, the translator factory is named by a string argument), and the Image ->
 * CategoryMask predictor gives the gray maps test.sh writes for the same images, pixel for pixel
 * (two scales, flip on by default as in test.sh). A recipe argument (flip off) reaches the
 * translator; without the translator factory argument DJL 0.36 cannot load the folder as Image ->
 * CategoryMask. DJL Serving's types, Input -> Output, load with the plain Criteria and give the
 * same mask as JSON for a PNG's bytes.
 */
class CriteriaLoadingTest {

    @Test
    void compactAndMaskedFoldersPredictWhatTestShWrites(@TempDir Path root) throws Exception {
        ExperimentConfig c =
                TestConfigs.tinySynthetic(
                        root, "segnet_0.75", "ending_epoch", "1", "scales", "[1.0, 1.25]");
        ExperimentLayout layout = new ExperimentLayout(c);
        CompactExperimentTest.writeHardMaskedCheckpoint(c, layout.finalCheckpoint());
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path compact = new CompactExperiment(c, 0).run(quiet);
        Path masked = ServingExport.export(c);

        for (Path folder : List.of(compact, masked)) {
            Properties served = new Properties();
            try (Reader in = Files.newBufferedReader(folder.resolve(ServingFolder.PROPERTIES))) {
                served.load(in);
            }
            assertEquals("true", served.getProperty(ServingFolder.FLIP), "as test.sh");
            ExperimentConfig test =
                    c.with(
                            Map.<String, Object>of(
                                    "model_path",
                                    folder.equals(compact)
                                            ? compact.toString()
                                            : layout.finalCheckpoint().toString(),
                                    "save_folder",
                                    "pred_" + folder.getFileName()),
                            "test");
            new TestRun(test).run();
            PredictionFiles written =
                    new PredictionFiles(new ExperimentLayout(test).saveFolder(), null);
            SemSegDataset data = DataFactory.testing(test, layout);

            try (ZooModel<Image, CategoryMask> model = criteria(folder).build().loadModel();
                    Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
                for (int i = 0; i < data.getList().size(); i++) {
                    Path file = data.getEntry(i).image();
                    CategoryMask mask =
                            predictor.predict(ImageFactory.getInstance().fromFile(file));
                    assertEquals(5, mask.getClasses().size());
                    int[][] rows = mask.getMask();
                    int[] flat = new int[rows.length * rows[0].length];
                    for (int y = 0; y < rows.length; y++) {
                        System.arraycopy(rows[y], 0, flat, y * rows[0].length, rows[0].length);
                    }
                    assertArrayEquals(
                            written.readGray(PredictionFiles.baseName(file)),
                            flat,
                            folder + " " + file);
                }
            }
        }

        // DJL Serving's types and loading path (no translatorFactory argument: DJL's
        // ServingTranslatorFactory reads it from serving.properties): PNG bytes in, the same
        // classes and mask out as CategoryMask's JSON
        Path png = DataFactory.testing(c, layout).getEntry(0).image();
        try (ZooModel<Image, CategoryMask> images = criteria(compact).build().loadModel();
                Predictor<Image, CategoryMask> imagePredictor = images.newPredictor();
                ZooModel<Input, Output> served =
                        Criteria.builder()
                                .setTypes(Input.class, Output.class)
                                .optModelPath(compact)
                                .build()
                                .loadModel();
                Predictor<Input, Output> servedPredictor = served.newPredictor()) {
            CategoryMask expected =
                    imagePredictor.predict(ImageFactory.getInstance().fromFile(png));
            Input input = new Input();
            input.add(Files.readAllBytes(png));
            Output output = servedPredictor.predict(input);
            assertEquals("application/json", output.getProperty("Content-Type", null));
            JsonObject json = JsonParser.parseString(output.getAsString(0)).getAsJsonObject();
            Gson gson = new Gson();
            assertEquals(
                    expected.getClasses(),
                    List.of(gson.fromJson(json.get("classes"), String[].class)));
            assertArrayEquals(expected.getMask(), gson.fromJson(json.get("mask"), int[][].class));
        }

        // a recipe argument overrides serving.properties (which holds the test phase's flip)
        try (ZooModel<Image, CategoryMask> model =
                criteria(compact).optArgument(ServingFolder.FLIP, "false").build().loadModel()) {
            assertFalse(((SegmentationTranslator) model.getTranslator()).isFlip());
        }

        // DJL 0.36 chooses the translator factory before it reads serving.properties, so the
        // plain Criteria fails; when a DJL upgrade makes it load, drop the argument from README
        ModelNotFoundException plain =
                assertThrows(
                        ModelNotFoundException.class,
                        () ->
                                Criteria.builder()
                                        .setTypes(Image.class, CategoryMask.class)
                                        .optModelPath(compact)
                                        .build()
                                        .loadModel());
        assertTrue(
                plain.getCause() != null
                        && plain.getCause()
                                .getMessage()
                                .startsWith("No matching default translator found"),
                String.valueOf(plain.getCause()));
    }

    /** The Criteria of the README: the folder and the translator factory's class name. */
    private static Criteria.Builder<Image, CategoryMask> criteria(Path folder) {
        return Criteria.builder()
                .setTypes(Image.class, CategoryMask.class)
                .optModelPath(folder)
                .optArgument("translatorFactory", SegmentationTranslatorFactory.class.getName());
    }
}
