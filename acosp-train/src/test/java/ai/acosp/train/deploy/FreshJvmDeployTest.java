package ai.acosp.train.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.train.TestConfigs;
import ai.acosp.train.cli.ServingExport;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.DataFactory;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.HardMaskedCheckpoint;
import ai.acosp.train.export.ExportExperiment;
import ai.acosp.train.inference.PredictionFiles;
import ai.acosp.train.run.TestRun;
import ai.djl.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy as a user meets it, each way in a JVM of its own (a forked process), so that nothing
 * loaded by another test (OpenCV, the engine) hides a native library the way does not load itself:
 * a plain DJL program ({@link PlainDjlClient}: {@code Criteria} with types and path only) on the
 * compact folder and on the serving folder (Image -> CategoryMask), on the compact folder as DJL
 * Serving calls it (Input -> Output), the compact folder's exported {@code model.onnx} on ONNX
 * Runtime (the argument {@code runtime onnxruntime}), and {@code tool/predict.sh}. Each gives the
 * class maps that {@code tool/test.sh}'s gray PNGs hold for the same images, pixel for pixel (two
 * scales, flip).
 */
class FreshJvmDeployTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @Test
    void plainCriteriaAndPredictShGiveTestShMasksInFreshJvms(@TempDir Path root) throws Exception {
        String[] extra = {"ending_epoch", "1", "scales", "[1.0, 1.25]"};
        ExperimentConfig c = TestConfigs.tinySynthetic(root, "segnet_0.75", extra);
        ExperimentLayout layout = new ExperimentLayout(c);
        // random hard-masked weights whose maps hold more than one class (most seeds give one)
        Engine.getInstance().setRandomSeed(1);
        HardMaskedCheckpoint.write(c, layout.finalCheckpoint());
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path compact = new CompactExperiment(c, 0).run(quiet);
        Path masked = ServingExport.export(c);
        PredictionFiles compactTested = testSh(c, compact, "tested_compact");
        PredictionFiles maskedTested = testSh(c, layout.finalCheckpoint(), "tested_masked");
        SemSegDataset data = DataFactory.testing(c, layout);
        List<Path> images = List.of(data.getEntry(0).image(), data.getEntry(1).image());
        for (Path image : images) {
            int[] reference = maskedTested.readGray(PredictionFiles.baseName(image));
            assertTrue(Arrays.stream(reference).distinct().count() > 1, "a map of one class");
        }

        assertClientMatches(root, "image", compact, images, compactTested);
        assertClientMatches(root, "image", masked, images, maskedTested);
        assertClientMatches(root, "input", compact, images, compactTested);

        // the compact folder with its model.onnx (tool/export.sh model_path FOLDER) on ONNX
        // Runtime: the DJL path's masks
        ExportExperiment.export(
                c.with(Map.<String, Object>of("model_path", compact.toString()), "test"), quiet);
        List<int[]> onnx = clientMasks(root, "image", compact, images, "-Aruntime=onnxruntime");
        long same = 0;
        long pixels = 0;
        for (int i = 0; i < images.size(); i++) {
            int[] expected = compactTested.readGray(PredictionFiles.baseName(images.get(i)));
            for (int p = 0; p < expected.length; p++) {
                same += expected[p] == onnx.get(i)[p] ? 1 : 0;
            }
            pixels += expected.length;
        }
        assertEquals(2 * 40 * 48, pixels);
        assertEquals(pixels, same, "pixels where ONNX Runtime's class is DJL's");

        // tool/predict.sh on a folder of the same images, the final (hard-masked) checkpoint
        Path photos = Files.createDirectories(root.resolve("photos"));
        for (Path image : images) {
            Files.copy(image, photos.resolve(image.getFileName()));
        }
        List<String> command = new ArrayList<>(List.of("sh", "tool/predict.sh", "synthetic"));
        command.add("segnet_0.75");
        command.add(photos.toString());
        command.addAll(TestConfigs.tinyOverrides(root.resolve("data"), extra));
        String output = run(command, Map.of("ACOSP_EXP_ROOT", root.toString()));
        assertFalse(output.contains("Failed to detect GPU count"), output);
        assertFalse(output.contains("WARN"), output);
        assertFalse(output.contains("Building with Maven"), "the build marks the tools current");
        PredictionFiles predicted =
                new PredictionFiles(layout.folder().resolve("prediction"), null);
        for (Path image : images) {
            String name = PredictionFiles.baseName(image);
            assertArrayEquals(maskedTested.readGray(name), predicted.readGray(name), name);
        }
    }

    /** Runs tool/test.sh's body (in this JVM) on a model; its gray PNGs are the reference. */
    private static PredictionFiles testSh(ExperimentConfig c, Path model, String folder)
            throws Exception {
        ExperimentConfig test =
                c.with(
                        Map.<String, Object>of(
                                "model_path", model.toString(), "save_folder", folder),
                        "test");
        new TestRun(test).run();
        return new PredictionFiles(new ExperimentLayout(test).saveFolder(), null);
    }

    private static void assertClientMatches(
            Path root, String mode, Path folder, List<Path> images, PredictionFiles expected)
            throws Exception {
        List<int[]> masks = clientMasks(root, mode, folder, images);
        for (int i = 0; i < images.size(); i++) {
            String name = PredictionFiles.baseName(images.get(i));
            assertArrayEquals(
                    expected.readGray(name), masks.get(i), mode + " " + folder + " " + name);
        }
    }

    /**
     * Runs {@link PlainDjlClient} in a fresh JVM; returns its class maps, row by row.
     *
     * @param arguments {@code -Akey=value} Criteria arguments
     */
    private static List<int[]> clientMasks(
            Path root, String mode, Path folder, List<Path> images, String... arguments)
            throws Exception {
        Path out = root.resolve(mode + "_" + folder.getFileName() + arguments.length + ".txt");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-cp",
                                System.getProperty("java.class.path"),
                                PlainDjlClient.class.getName(),
                                mode,
                                folder.toString(),
                                out.toString()));
        command.addAll(List.of(arguments));
        images.forEach(image -> command.add(image.toString()));
        String output = run(command, Map.of());
        List<String> lines = Files.readAllLines(out);
        assertEquals(images.size(), lines.size(), output);
        List<int[]> masks = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String[] fields = lines.get(i).split("\t");
            assertEquals(images.get(i).getFileName().toString(), fields[0]);
            assertEquals("background,circle,rectangle,triangle,cross", fields[1]);
            masks.add(Arrays.stream(fields[2].split("[ ,]")).mapToInt(Integer::parseInt).toArray());
        }
        return masks;
    }

    /** Runs a command from the repository root; returns its output, failing on a non-zero exit. */
    private static String run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        if (command.get(0).equals("sh")) {
            Path classpath = REPOSITORY.resolve("acosp-train/target/classpath.txt");
            assertTrue(Files.isRegularFile(classpath), classpath + " is written by mvn verify");
        }
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(REPOSITORY.toFile())
                        .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), output);
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }
}
