package ai.acosp.train.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL's Criteria loads a compact folder (tool/compact.sh) and a hard-masked folder
 * (tool/serving.sh) with no project call (the block factory and recipe come from
 * serving.properties, the translator factory is named by a string argument), and the Image ->
 * CategoryMask predictor gives the gray maps test.sh writes for the same images, pixel for pixel
 * (two scales).
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

            Criteria<Image, CategoryMask> criteria =
                    Criteria.builder()
                            .setTypes(Image.class, CategoryMask.class)
                            .optModelPath(folder)
                            // DJL 0.36 picks the translator before it reads serving.properties
                            .optArgument(
                                    "translatorFactory",
                                    "ai.acosp.train.deploy.SegmentationTranslatorFactory")
                            .build();
            try (ZooModel<Image, CategoryMask> model = criteria.loadModel();
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
    }
}
