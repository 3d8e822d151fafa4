package ai.acosp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.synthetic.SyntheticSegmentation;
import ai.acosp.models.io.WeightExporter;
import ai.acosp.train.checkpoint.Checkpoint;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.cli.EntryPoint;
import ai.acosp.train.cli.Predict;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.failure.Failure;
import ai.acosp.train.run.TestRun;
import ai.acosp.train.run.TrainingRun;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per kind of bad input a user can give the tools (issue 11): each ends in at most three
 * lines on standard error, starting {@code error:}, naming the file (and the line where there is
 * one), with the exit code of its kind. The bodies are those of the {@code Train} and {@code Test}
 * entry points, run in this JVM through the same {@link EntryPoint}.
 */
class UserErrorsTest {

    @TempDir static Path shared;

    private static Path data;
    private static List<String> goodLines;

    @BeforeAll
    static void generateData() throws IOException {
        data = shared.resolve("data");
        SyntheticSegmentation.generate(data, 4, 2, 40, 48, 3);
        goodLines = Files.readAllLines(data.resolve("train.txt"));
    }

    // ---- data (exit 3) ----

    @Test
    void missingListFile(@TempDir Path root) {
        String out = train(root, Failure.DATA, "train_list", "nope.txt");
        assertTrue(
                out.contains(data.resolve("nope.txt").toString())
                        && out.contains("list file not found"),
                out);
    }

    @Test
    void oneColumnLine(@TempDir Path root) throws IOException {
        String list = list(goodLines.get(0), goodLines.get(1).split(" ")[0]);
        String out = train(root, Failure.DATA, "train_list", list);
        assertTrue(out.contains(list + ":2)"), out);
    }

    @Test
    void missingImage(@TempDir Path root) throws IOException {
        String list = list(goodLines.get(0), "gone.png " + goodLines.get(1).split(" ")[1]);
        String out = train(root, Failure.DATA, "train_list", list);
        assertTrue(out.contains(list + ":2)") && out.contains("gone.png: image not found"), out);
    }

    @Test
    void undecodableImage(@TempDir Path root) throws IOException {
        Files.writeString(data.resolve("text.png"), "not an image");
        String list = list("text.png " + goodLines.get(1).split(" ")[1], goodLines.get(0));
        String out = train(root, Failure.DATA, "train_list", list);
        assertTrue(out.contains(list + ":1)") && out.contains("not a decodable image"), out);
    }

    @Test
    void zeroByteImage(@TempDir Path root) throws IOException {
        Files.write(data.resolve("empty.png"), new byte[0]);
        String list = list(goodLines.get(0), "empty.png " + goodLines.get(1).split(" ")[1]);
        String out = train(root, Failure.DATA, "train_list", list);
        assertTrue(
                out.contains(list + ":2)") && out.contains("empty.png: image is an empty file"),
                out);
    }

    @Test
    void labelOutOfRange(@TempDir Path root) throws IOException {
        // the synthetic labels hold 0..4; with 3 classes 3 and 4 are out of range
        String list = list(goodLines.get(0), goodLines.get(1));
        String out = train(root, Failure.DATA, "train_list", list, "classes", "3");
        assertTrue(out.contains(list + ":") && out.contains("not a class id (0..2)"), out);
    }

    @Test
    void imageAndLabelSizesDiffer(@TempDir Path root) throws IOException {
        String[] a = goodLines.get(0).split(" ");
        Path smallLabel = data.resolve("small_label.png");
        ai.acosp.data.image.ImageIo.write(
                smallLabel,
                new org.opencv.core.Mat(
                        20, 20, org.opencv.core.CvType.CV_8UC1, new org.opencv.core.Scalar(1)));
        String list = list(a[0] + " small_label.png", goodLines.get(1));
        String out = train(root, Failure.DATA, "train_list", list);
        assertTrue(out.contains(list + ":1)") && out.contains("small_label.png is 20x20"), out);
    }

    @Test
    void emptyList(@TempDir Path root) throws IOException {
        String list = list("", "  ");
        String out = train(root, Failure.DATA, "train_list", list);
        assertTrue(out.contains(list + ")") && out.contains("no samples"), out);
    }

    // ---- checkpoints (exit 4) ----

    @Test
    void checkpointCutInHalfAsModelPathResumeAndWeight(@TempDir Path root) throws Exception {
        Path whole = checkpoint(root.resolve("whole.ckpt"), MaskState.NONE, "segnet", 5, 0.0);
        byte[] bytes = Files.readAllBytes(whole);
        Path half = Files.write(root.resolve("half.ckpt"), Arrays.copyOf(bytes, bytes.length / 2));
        for (String key : List.of("model_path", "resume", "weight")) {
            String out =
                    key.equals("model_path")
                            ? test(root.resolve(key), Failure.CHECKPOINT, key, half.toString())
                            : train(root.resolve(key), Failure.CHECKPOINT, key, half.toString());
            assertTrue(out.contains("(" + half + ")"), out);
            assertTrue(out.contains("truncated or not a checkpoint of this project"), out);
        }
    }

    @Test
    void pytorchSafetensorsAndOnnxFilesCutInHalf(@TempDir Path root) throws Exception {
        Path pth =
                half(
                        TestConfigs.CONFIG.resolve("../src-test-data/torch/tiny_state_dict.pth"),
                        root);
        Path whole = root.resolve("whole.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = new SequentialBlock().add(Linear.builder().setUnits(64).build());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 64));
            WeightExporter.export(block, whole);
        }
        for (Path file : List.of(pth, half(whole, root))) {
            String out =
                    test(
                            root.resolve("run_" + file.getFileName()),
                            Failure.CHECKPOINT,
                            "model_path",
                            file.toString());
            assertTrue(out.contains("(" + file + ")"), out);
            assertTrue(out.contains("truncated or not a torch.save, safetensors"), out);
        }

        Path onnx = Files.copy(pth, root.resolve("model.onnx"));
        Path image;
        try (Stream<Path> files = Files.walk(data.resolve("images"))) {
            image = files.filter(f -> f.toString().endsWith(".png")).findFirst().orElseThrow();
        }
        List<String> args =
                new ArrayList<>(
                        List.of(
                                TestConfigs.CONFIG
                                        .resolve("synthetic/synthetic_segnet.yaml")
                                        .toString(),
                                image.toString()));
        args.addAll(TestConfigs.tinyOverrides(root.resolve("data"), "model_path", onnx.toString()));
        TestConfigs.useExperimentRoot(root.resolve("onnx"));
        String out =
                expectFailure(Failure.CHECKPOINT, () -> Predict.run(args.toArray(String[]::new)));
        assertTrue(out.contains("(" + onnx + ")") && out.contains("not an ONNX model"), out);
    }

    /** The first half of a file, as {@code half_<name>} in a folder. */
    private static Path half(Path file, Path folder) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Path half = folder.resolve("half_" + file.getFileName());
        return Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
    }

    @Test
    void elevenClassCheckpointWithFiveClassConfig(@TempDir Path root) throws Exception {
        Path file = checkpoint(root.resolve("c11.ckpt"), MaskState.NONE, "segnet", 11, 0.0);
        String out = test(root, Failure.CHECKPOINT, "model_path", file.toString());
        assertTrue(
                out.contains("(" + file + ")") && out.contains("was trained with classes 11"), out);
        assertTrue(out.contains("has classes 5") && out.contains("set 'classes 11'"), out);
    }

    @Test
    void pspNetCheckpointInSegNetConfig(@TempDir Path root) throws Exception {
        Path file = checkpoint(root.resolve("psp.ckpt"), MaskState.NONE, "psp", 5, 0.0);
        String out = test(root, Failure.CHECKPOINT, "model_path", file.toString());
        assertTrue(
                out.contains("was trained with arch psp") && out.contains("has arch segnet"), out);
    }

    @Test
    void softMaskCheckpointWithShippedSparseConfig(@TempDir Path root) throws Exception {
        Path file = checkpoint(root.resolve("soft.ckpt"), MaskState.SOFT, "segnet", 5, 0.75);
        ExperimentConfig c =
                TestConfigs.tinySynthetic(root, "segnet_0.75", "model_path", file.toString());
        String out = expectFailure(Failure.CHECKPOINT, () -> new TestRun(c).run());
        assertTrue(out.contains("(" + file + ")") && out.contains("holds soft masks"), out);
        assertTrue(out.contains("set 'sparse False'"), out);
    }

    // ---- configuration (exit 2) ----

    @Test
    void duplicateYamlKeyNamesBothLines(@TempDir Path root) throws IOException {
        String base =
                Files.readString(TestConfigs.CONFIG.resolve("synthetic/synthetic_segnet.yaml"));
        int first = lineOf(base, "  epochs:");
        Path file =
                TestConfigs.write(
                        root,
                        "x",
                        "twice",
                        base.replaceFirst("(  epochs: [^\\n]*\\n)", "$1  epochs: 7\n"));
        String out = expectFailure(Failure.CONFIGURATION, () -> ConfigLoader.load(file, List.of()));
        assertTrue(out.contains("(" + file + ":" + (first + 1) + ")"), out);
        assertTrue(
                out.contains(
                        "key 'epochs' is set twice, on lines " + first + " and " + (first + 1)),
                out);

        ByteArrayOutputStream debug = new ByteArrayOutputStream();
        int exit =
                EntryPoint.execute(
                        () -> ConfigLoader.load(file, List.of()),
                        new PrintStream(debug, true, StandardCharsets.UTF_8),
                        true);
        List<String> lines = debug.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(Failure.CONFIGURATION, exit);
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("\tat ")),
                "ACOSP_DEBUG=1 shows the stack trace");
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("error: key 'epochs'") && !last.contains("ACOSP_DEBUG"), last);
    }

    // ---- writing (exit 1) ----

    @Test
    void unwritableCheckpointFolderNamesTheFileAndKeepsTheLog(@TempDir Path root)
            throws IOException {
        ExperimentConfig c =
                TestConfigs.tinySynthetic(
                        root,
                        "segnet",
                        "epochs",
                        "1",
                        "synthetic_size",
                        "[4, 2, 40, 48]",
                        "save_path",
                        "blocked/model");
        ExperimentLayout layout = new ExperimentLayout(c);
        Files.createDirectories(layout.folder());
        Files.writeString(layout.folder().resolve("blocked"), "a file where a folder should be");
        String out = expectFailure(Failure.OTHER, () -> new TrainingRun(c).run());
        assertTrue(
                out.contains("(" + layout.checkpoint(1) + ")")
                        && out.contains("cannot create its folder"),
                out);
        String log;
        try (Stream<Path> files = Files.list(layout.folder())) {
            Path file =
                    files.filter(p -> p.getFileName().toString().startsWith("train-"))
                            .findFirst()
                            .orElseThrow();
            log = Files.readString(file);
        }
        assertTrue(
                log.contains("error: ") && log.contains("\tat "),
                "the log holds the line and the stack trace");
    }

    // ---- helpers ----

    /** Runs the training body with the tiny synthetic config and overrides; expects a failure. */
    private static String train(Path root, int code, String... overrides) {
        return expectFailure(code, () -> new TrainingRun(config(root, overrides)).run());
    }

    private static String test(Path root, int code, String... overrides) {
        return expectFailure(code, () -> new TestRun(config(root, overrides)).run());
    }

    private static ExperimentConfig config(Path root, String... overrides) {
        List<String> all =
                new ArrayList<>(List.of("data_format", "semseg", "data_root", data.toString()));
        all.addAll(Arrays.asList(overrides));
        return TestConfigs.tinySynthetic(root, "segnet", all.toArray(String[]::new));
    }

    static String expectFailure(int code, EntryPoint.Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                EntryPoint.execute(
                        body, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(code, exit, out);
        long lines = out.lines().count();
        assertTrue(lines >= 1 && lines <= 3, "at most three lines: " + out);
        assertTrue(out.startsWith("error: ") && out.contains("ACOSP_DEBUG=1"), out);
        assertFalse(out.contains("\tat "), "no stack trace without ACOSP_DEBUG: " + out);
        return out;
    }

    private static String list(String... lines) throws IOException {
        String name = "list_" + System.nanoTime() + ".txt";
        Files.writeString(data.resolve(name), String.join("\n", lines) + "\n");
        return data.resolve(name).toString();
    }

    private static Path checkpoint(
            Path file, MaskState state, String arch, int classes, double sparsity)
            throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = new SequentialBlock().add(Linear.builder().setUnits(64).build());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 64));
            Map<String, String> facts =
                    Map.of(
                            "arch",
                            arch,
                            "layers",
                            "50",
                            "classes",
                            String.valueOf(classes),
                            "sparsity",
                            String.valueOf(sparsity));
            Checkpoint.save(file, block, new Checkpoint.Header(1, 4, state, facts), null);
        }
        return file;
    }

    private static int lineOf(String text, String prefix) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(prefix);
    }
}
