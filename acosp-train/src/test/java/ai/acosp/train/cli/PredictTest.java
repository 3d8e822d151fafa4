package ai.acosp.train.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.meta.ClassPalette;
import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.train.TestConfigs;
import ai.acosp.train.compact.CompactExperimentTest;
import ai.acosp.train.config.ConfigWriter;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.DataFactory;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.Palettes;
import ai.acosp.train.export.ExportExperiment;
import ai.acosp.train.failure.Failure;
import ai.acosp.train.inference.PredictionFiles;
import ai.acosp.train.run.TestRun;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tool/predict.sh's main on a folder with two test images, a JPEG, a broken PNG and a text file:
 * the broken file is named and counted (exit code 3), every other image gets its gray, colour and
 * overlay file, the gray maps equal test.sh's, and the exported ONNX file predicts the same maps
 * (named as model_path, and as the file {@code engine onnxruntime} runs).
 */
class PredictTest {

    @Test
    void predictsAFolderSkipsTheBrokenFileAndRunsOnnxAlike(@TempDir Path root) throws Exception {
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75", "ending_epoch", "1");
        ExperimentLayout layout = new ExperimentLayout(c);
        CompactExperimentTest.writeHardMaskedCheckpoint(c, layout.finalCheckpoint());
        Path config2 = TestConfigs.write(root, "synthetic", "segnet_0.75", ConfigWriter.toYaml(c));
        new TestRun(c.with(Map.<String, Object>of("save_folder", "tested"), "test")).run();
        PredictionFiles tested = new PredictionFiles(layout.folder().resolve("tested"), null);

        SemSegDataset data = DataFactory.testing(c, layout);
        Path photos = Files.createDirectories(root.resolve("photos"));
        Path first = data.getEntry(0).image();
        Path second = data.getEntry(1).image();
        Files.copy(first, photos.resolve(first.getFileName()));
        Files.copy(second, photos.resolve(second.getFileName()));
        ImageIO.write(ImageIO.read(first.toFile()), "jpg", photos.resolve("photo.jpg").toFile());
        Files.write(photos.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(photos.resolve("notes.txt"), "not an image");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = {config2.toString(), photos.toString()};
        int code =
                EntryPoint.execute(
                        () -> Predict.run(args),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false);
        assertEquals(Failure.DATA, code);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("1 of 4 images could not be read"),
                err.toString(StandardCharsets.UTF_8));
        PredictionFiles predicted = new PredictionFiles(layout.predictionFolder(), null);
        ClassPalette palette = Palettes.of(c);
        for (Path image : new Path[] {first, second}) {
            String name = PredictionFiles.baseName(image);
            int[] classes = predicted.readGray(name);
            assertArrayEquals(tested.readGray(name), classes, name);
            // every colour pixel is its class's palette colour; the overlay has the image's size
            BufferedImage color = ImageIO.read(predicted.colorFile(name).toFile());
            for (int p = 0; p < classes.length; p++) {
                int[] rgb = palette.getColor(classes[p]);
                int expected = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
                int x = p % color.getWidth();
                int y = p / color.getWidth();
                assertEquals(expected, color.getRGB(x, y) & 0xFFFFFF, name + " pixel " + p);
            }
            BufferedImage overlay = ImageIO.read(predicted.overlayFile(name).toFile());
            assertEquals(color.getWidth(), overlay.getWidth());
            assertEquals(color.getHeight(), overlay.getHeight());
        }
        BufferedImage photo = ImageIO.read(photos.resolve("photo.jpg").toFile());
        BufferedImage photoOverlay = ImageIO.read(predicted.overlayFile("photo").toFile());
        assertEquals(photo.getWidth(), photoOverlay.getWidth());
        assertEquals(photo.getHeight(), photoOverlay.getHeight());
        assertFalse(Files.exists(predicted.grayFile("broken")));
        assertTrue(
                Files.readString(
                                Files.list(layout.folder())
                                        .filter(p -> p.toString().contains("predict-"))
                                        .findFirst()
                                        .orElseThrow())
                        .contains("broken.png"));

        // the same folder of good images through the exported ONNX file
        Files.delete(photos.resolve("broken.png"));
        Path onnx = ExportExperiment.export(c, System.out);
        String[] onnxArgs = {
            config2.toString(),
            photos.toString(),
            "model_path",
            onnx.toString(),
            "save_folder",
            "onnx"
        };
        assertEquals(layout.folder().resolve("onnx"), Predict.run(onnxArgs));
        // engine onnxruntime without model_path runs the same file, the experiment's own
        String[] engineArgs = {
            config2.toString(), photos.toString(), "engine", "onnxruntime", "save_folder", "engine"
        };
        assertEquals(layout.folder().resolve("engine"), Predict.run(engineArgs));
        for (String folder : new String[] {"onnx", "engine"}) {
            PredictionFiles fromOnnx = new PredictionFiles(layout.folder().resolve(folder), null);
            for (Path image : new Path[] {first, second}) {
                String name = PredictionFiles.baseName(image);
                assertArrayEquals(tested.readGray(name), fromOnnx.readGray(name), folder + name);
            }
        }
    }
}
