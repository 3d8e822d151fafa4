package ai.acosp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.train.TestConfigs;
import ai.acosp.train.cli.EntryPoint;
import ai.acosp.train.cli.Predict;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.DataFactory;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.HardMaskedCheckpoint;
import ai.acosp.train.export.ExportExperiment;
import ai.acosp.train.inference.PredictionFiles;
import ai.acosp.train.metrics.SegmentationMetrics;
import ai.acosp.train.run.TestRun;
import ai.djl.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on a {@code local[2,2]} master (two threads, two attempts per task) with a tiny
 * synthetic SegNet ACoSP experiment's compact folder (random hard-masked weights whose maps hold
 * more than one class): the masks equal {@code tool/test.sh}'s gray PNGs, the evaluation prints
 * test.sh's line and CSV, a broken image is named and skipped (exit code 3), a task whose first
 * attempt fails half-way leaves complete, unduplicated outputs, and with {@code engine onnxruntime}
 * (the experiment's {@code model.onnx}, and the compact folder's) the masks equal {@code
 * tool/predict.sh}'s on the same engine.
 */
class SparkPredictTest {

    private static final String[] EXTRA = {"ending_epoch", "1", "scales", "[1.0, 1.25]"};

    private static final Path CONFIG =
            TestConfigs.CONFIG.resolve("synthetic/synthetic_segnet_0.75.yaml");

    @TempDir static Path root;

    private static SparkSession spark;
    private static ExperimentConfig config;
    private static Path compact;
    private static PredictionFiles tested;
    private static SegmentationMetrics testedMetrics;
    private static Path testedCsv;
    private static List<Path> images;

    @BeforeAll
    static void experiment() throws Exception {
        config = TestConfigs.tinySynthetic(root, "segnet_0.75", EXTRA);
        ExperimentLayout layout = new ExperimentLayout(config);
        Engine.getInstance().setRandomSeed(1);
        HardMaskedCheckpoint.write(config, layout.finalCheckpoint());
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        compact = new CompactExperiment(config, 0).run(quiet);
        ExperimentConfig test =
                config.with(
                        Map.<String, Object>of(
                                "model_path", compact.toString(), "save_folder", "tested"),
                        "test");
        testedMetrics = new TestRun(test).run();
        ExperimentLayout testLayout = new ExperimentLayout(test);
        tested = new PredictionFiles(testLayout.saveFolder(), null);
        testedCsv = testLayout.resultPath();
        SemSegDataset data = DataFactory.testing(config, layout);
        images = List.of(data.getEntry(0).image(), data.getEntry(1).image());
        for (Path image : images) {
            int[] map = tested.readGray(PredictionFiles.baseName(image));
            assertTrue(Arrays.stream(map).distinct().count() > 1, "a map of one class");
        }
        spark =
                SparkSession.builder()
                        .master("local[2,2]")
                        .appName("SparkPredictTest")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "2")
                        .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void masksEqualTestShAndABrokenImageIsNamedAndSkipped() throws Exception {
        Path photos = Files.createDirectories(root.resolve("photos"));
        for (Path image : images) {
            Files.copy(image, photos.resolve(image.getFileName()));
        }
        Files.writeString(photos.resolve("broken.png"), "not an image");
        Files.writeString(photos.resolve("notes.txt"), "left alone");
        Result result = run(photos.toString(), "spark_prediction", "batch_size", "2");
        assertEquals(3, result.code, result.text);
        assertTrue(
                result.text.contains("skipped: error: image is not a decodable image"),
                result.text);
        assertTrue(result.text.contains("broken.png"), result.text);
        assertTrue(result.text.contains("2 of 3 images predicted"), result.text);
        Path output = experimentFolder().resolve("spark_prediction");
        List<Row> rows =
                spark.read().parquet(output.resolve(SparkPredict.TABLE).toString()).collectAsList();
        assertEquals(3, rows.size());
        for (Row row : rows) {
            String path = row.getString(row.fieldIndex("path"));
            String status = row.getString(row.fieldIndex("status"));
            assertEquals(path.endsWith("broken.png") ? "error" : "ok", status, path);
            if (path.endsWith("broken.png")) {
                assertFalse(row.isNullAt(row.fieldIndex("error")));
            } else {
                assertEquals(40, row.getInt(row.fieldIndex("height")));
                assertEquals(48, row.getInt(row.fieldIndex("width")));
                long sum =
                        row.<Long>getList(row.fieldIndex("class_pixels")).stream()
                                .mapToLong(Long::longValue)
                                .sum();
                assertEquals(40 * 48, sum);
            }
        }
        assertMasksEqual(output, images);
    }

    @Test
    void evaluationPrintsTestShLineAndCsv() throws Exception {
        Result result = run(JobArguments.TEST, "spark_eval");
        assertEquals(0, result.code, result.text);
        assertTrue(
                result.text.contains("Eval result: " + testedMetrics.summary() + "\n"),
                result.text);
        Path csv = experimentFolder().resolve("spark_eval").resolve("results.csv");
        assertEquals(Files.readString(testedCsv), Files.readString(csv));
        assertMasksEqual(experimentFolder().resolve("spark_eval"), images);
    }

    @Test
    void aHadoopUriOutputGetsThePngsTheTableAndTheCsv() throws Exception {
        // a file: URI goes through Hadoop's file system API, as hdfs: and s3a: do
        Path folder = root.resolve("uri_output");
        String uri = folder.toUri().toString();
        assertTrue(uri.startsWith("file:"), uri);
        Result result = run(JobArguments.TEST, uri);
        assertEquals(0, result.code, result.text);
        assertTrue(
                result.text.contains("Eval result: " + testedMetrics.summary() + "\n"),
                result.text);
        assertEquals(Files.readString(testedCsv), Files.readString(folder.resolve("results.csv")));
        assertMasksEqual(folder, images);
        assertEquals(images.size(), spark.read().parquet(uri + "/" + SparkPredict.TABLE).count());
        assertFalse(Files.exists(folder.resolve(StagedPredictionFiles.STAGING)));
        try (Stream<Path> files = Files.walk(folder.resolve("gray"))) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".crc")).toList());
        }
    }

    @Test
    void aTaskThatFailsHalfWayIsRetriedWithoutPartialOrDuplicateFiles() throws Exception {
        Path photos = Files.createDirectories(root.resolve("retried"));
        List<Path> copies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path image = images.get(i % 2);
            Path copy = photos.resolve("copy" + i + "_" + image.getFileName());
            Files.copy(image, copy);
            copies.add(copy);
        }
        AtomicInteger failedTasks = new AtomicInteger();
        SparkListener listener =
                new SparkListener() {
                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd end) {
                        if (end.reason() != Success$.MODULE$) {
                            failedTasks.incrementAndGet();
                        }
                    }
                };
        spark.sparkContext().addSparkListener(listener);
        spark.conf().set(ImageSegmenter.FAIL_FIRST_ATTEMPT, "true");
        Result result;
        try {
            result =
                    run(
                            photos.toString(),
                            "spark_retried",
                            "batch_size",
                            "1",
                            "spark.sql.files.maxPartitionBytes",
                            "1");
        } finally {
            spark.conf().unset(ImageSegmenter.FAIL_FIRST_ATTEMPT);
            spark.sparkContext().removeSparkListener(listener);
        }
        assertEquals(0, result.code, result.text);
        assertTrue(failedTasks.get() > 0, "no task failed: the hook did not run");
        Path output = experimentFolder().resolve("spark_retried");
        List<Row> rows =
                spark.read().parquet(output.resolve(SparkPredict.TABLE).toString()).collectAsList();
        assertEquals(4, rows.size());
        assertEquals(4, rows.stream().map(r -> r.getString(0)).distinct().count());
        assertEquals(4, count(output.resolve("gray")));
        assertEquals(4, count(output.resolve("color")));
        assertFalse(Files.exists(output.resolve(StagedPredictionFiles.STAGING)));
        for (int i = 0; i < copies.size(); i++) {
            String expected = PredictionFiles.baseName(images.get(i % 2));
            assertArrayEquals(
                    tested.readGray(expected),
                    new PredictionFiles(output, null)
                            .readGray(PredictionFiles.baseName(copies.get(i))));
        }
    }

    @Test
    void onnxRuntimeMasksEqualPredictShWithTheSameEngine() throws Exception {
        Path photos = Files.createDirectories(root.resolve("onnx_photos"));
        for (Path image : images) {
            Files.copy(image, photos.resolve(image.getFileName()));
        }
        PrintStream quiet =
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        // engine onnxruntime's default, <save_path>/model.onnx of the final checkpoint, and the
        // compact folder's own model.onnx
        ExportExperiment.export(config, quiet);
        ExportExperiment.export(
                config.with(Map.<String, Object>of("model_path", compact.toString()), "test"),
                quiet);
        for (List<String> model :
                List.of(List.<String>of(), List.of("model_path", compact.toString()))) {
            String tag = model.isEmpty() ? "own" : "compact";
            List<String> engine = new ArrayList<>(model);
            engine.addAll(List.of("engine", "onnxruntime"));
            Result result = runWith(engine, photos.toString(), "spark_" + tag, "batch_size", "2");
            assertEquals(0, result.code, result.text);
            assertTrue(result.text.contains("=> ONNX Runtime model '"), result.text);
            List<String> args = new ArrayList<>(List.of(CONFIG.toString(), photos.toString()));
            args.addAll(TestConfigs.tinyOverrides(root.resolve("data"), EXTRA));
            args.addAll(engine);
            args.addAll(List.of("save_folder", "predict_" + tag));
            Predict.run(args.toArray(new String[0]));
            PredictionFiles predicted =
                    new PredictionFiles(experimentFolder().resolve("predict_" + tag), null);
            PredictionFiles spark =
                    new PredictionFiles(experimentFolder().resolve("spark_" + tag), null);
            for (Path image : images) {
                String name = PredictionFiles.baseName(image);
                assertArrayEquals(predicted.readGray(name), spark.readGray(name), tag + name);
            }
        }
    }

    private static long count(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    private static void assertMasksEqual(Path output, List<Path> expected) throws Exception {
        PredictionFiles predicted = new PredictionFiles(output, null);
        for (Path image : expected) {
            String name = PredictionFiles.baseName(image);
            assertArrayEquals(tested.readGray(name), predicted.readGray(name), name);
            assertTrue(Files.isRegularFile(predicted.colorFile(name)), name);
        }
    }

    private static Path experimentFolder() {
        return new ExperimentLayout(config).folder();
    }

    private record Result(int code, String text) {}

    private static Result run(String input, String saveFolder, String... more) {
        return runWith(List.of("model_path", compact.toString()), input, saveFolder, more);
    }

    private static Result runWith(
            List<String> model, String input, String saveFolder, String... more) {
        List<String> args = new ArrayList<>();
        args.add(CONFIG.toString());
        args.add(input);
        args.addAll(TestConfigs.tinyOverrides(root.resolve("data"), EXTRA));
        args.addAll(model);
        args.addAll(List.of("save_folder", saveFolder));
        args.addAll(List.of(more));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        JobArguments[] job = new JobArguments[1];
        int code =
                EntryPoint.execute(
                        () -> {
                            job[0] = JobArguments.parse(args.toArray(new String[0]));
                            SparkPredict.run(spark, job[0], out);
                        },
                        out,
                        false);
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }
}
