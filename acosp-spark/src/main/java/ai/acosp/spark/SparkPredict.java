package ai.acosp.spark;

import ai.acosp.data.DataFileException;
import ai.acosp.data.meta.ClassPalette;
import ai.acosp.train.cli.EntryPoint;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.Palettes;
import ai.acosp.train.failure.Failure;
import ai.acosp.train.metrics.ClassResults;
import ai.acosp.train.metrics.SegmentationMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The main of {@code tool/predict_spark.sh} and of the application jar for {@code spark-submit}:
 * {@code SparkPredict <config.yaml> <INPUT> [key value ...]} (see {@link JobArguments}). Segments
 * every image under INPUT, or with INPUT {@code test} the experiment's test list, writing {@code
 * gray/} and {@code color/} PNGs and {@code predictions.parquet} (one row per image) under the
 * prediction folder ({@code save_folder}; for {@code test} the test phase's save folder), and for
 * {@code test} the {@code Eval result} line and the per-class CSV of {@code tool/test.sh}. The
 * model ({@link ModelSources}: a model folder on DJL, or {@code model.onnx} on ONNX Runtime with
 * {@code engine onnxruntime}) is loaded once on the driver before any task runs. Unreadable images
 * are named and skipped; the job then ends with exit code 3.
 */
public final class SparkPredict {

    /** The table's folder under the output folder. */
    public static final String TABLE = "predictions.parquet";

    /** The per-class CSV beside a URI output folder, when {@code result_path} is not set. */
    static final String RESULTS = "results.csv";

    private SparkPredict() {}

    /**
     * Entry point: starts a session (master {@code local[*]} unless {@code master} or spark-submit
     * says otherwise), runs the job, stops the session.
     *
     * @param args the config file, the input and {@code key value} pairs
     */
    public static void main(String[] args) {
        EntryPoint.run(
                () -> {
                    JobArguments job = JobArguments.parse(args);
                    SparkConf conf = new SparkConf().setAppName("acosp predict_spark");
                    if (job.master() != null) {
                        conf.setMaster(job.master());
                    } else if (!conf.contains("spark.master")) {
                        conf.setMaster("local[*]");
                    }
                    for (Map.Entry<String, String> e : job.sparkConf().entrySet()) {
                        conf.set(e.getKey(), e.getValue());
                    }
                    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
                    try {
                        run(spark, job, System.out);
                    } finally {
                        spark.stop();
                    }
                });
    }

    /**
     * Runs the job on a session (left running).
     *
     * @param spark the session
     * @param job the arguments (their master and {@code spark.*} keys are not applied here)
     * @param out where the lines go
     * @return the counts of an evaluation, or null
     * @throws Exception any failure; unreadable images end it after the others are written
     */
    public static SegmentationMetrics run(SparkSession spark, JobArguments job, PrintStream out)
            throws Exception {
        ExperimentConfig c = ConfigLoader.load(Path.of(job.config()), job.overrides());
        ExperimentLayout layout = new ExperimentLayout(c);
        ModelSource model = ModelSources.resolve(c);
        ExecutorModels.get(model); // a model that does not load stops here
        out.println(
                (model.onnx() ? "=> ONNX Runtime model '" : "=> model folder '")
                        + model.path()
                        + "' loaded");
        ClassPalette palette = Palettes.of(c);
        String saveFolder = c.getString("save_folder");
        String output =
                isUri(saveFolder)
                        ? saveFolder
                        : (job.evaluate() ? layout.saveFolder() : layout.predictionFolder())
                                .toAbsolutePath()
                                .toString();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Dataset<Row> images =
                job.evaluate()
                        ? ImageSources.testList(spark, c)
                        : ImageSources.files(spark, job.input(), job.recursive());
        MetricsAccumulator metrics = null;
        if (job.evaluate()) {
            metrics = new MetricsAccumulator(c.getInt("classes"), c.getInt("ignore_label"));
            spark.sparkContext().register(metrics, "acosp confusion counts");
        }
        boolean fail =
                Boolean.parseBoolean(spark.conf().get(ImageSegmenter.FAIL_FIRST_ATTEMPT, "false"));
        ImageSegmenter segmenter =
                new ImageSegmenter()
                        .setModel(model)
                        .setBatchSize(job.batchSize())
                        .setOutputFolder(output)
                        .setPalette(palette)
                        .setMetrics(metrics)
                        .setFailFirstAttempt(fail);
        String table = new org.apache.hadoop.fs.Path(output, TABLE).toString();
        segmenter.transform(images).write().mode(SaveMode.Overwrite).parquet(table);
        StagedPredictionFiles.cleanUp(output, hadoop);
        Dataset<Row> rows = spark.read().parquet(table);
        long total = rows.count();
        List<Row> failed =
                rows.filter(functions.col("status").equalTo(PredictionRows.ERROR))
                        .select("path", "error")
                        .orderBy("path")
                        .collectAsList();
        for (Row row : failed) {
            out.println(
                    "skipped: "
                            + new Failure(
                                            Failure.DATA,
                                            row.getString(1),
                                            "in the data",
                                            Path.of(row.getString(0)),
                                            0,
                                            "fix or replace the file")
                                    .line(true));
        }
        out.println(
                "=> "
                        + (total - failed.size())
                        + " of "
                        + total
                        + " images predicted into "
                        + output
                        + " (table "
                        + TABLE
                        + ")");
        SegmentationMetrics counts = metrics == null ? null : metrics.value();
        if (counts != null) {
            if (isUri(output) && c.getString("result_path") == null) {
                // the CSV goes beside the predictions, on their file system
                Path local = Files.createTempFile("results", ".csv");
                report(out, counts, palette.getNames(), local);
                org.apache.hadoop.fs.Path csv = new org.apache.hadoop.fs.Path(output, RESULTS);
                csv.getFileSystem(hadoop)
                        .copyFromLocalFile(
                                true, true, new org.apache.hadoop.fs.Path(local.toUri()), csv);
            } else {
                report(out, counts, palette.getNames(), layout.resultPath());
            }
        }
        if (!failed.isEmpty()) {
            throw new DataFileException(
                    Path.of(failed.get(0).getString(0)),
                    0,
                    failed.size() + " of " + total + " images could not be read (named above)");
        }
        return counts;
    }

    /**
     * Whether a {@code save_folder} names a file system by URI ({@code hdfs://nn/out}, {@code
     * s3a://bucket/out}, {@code file:/data/out}) rather than a folder under the experiment.
     *
     * @param folder the value, or null
     * @return true for a URI
     */
    static boolean isUri(String folder) {
        return folder != null && folder.matches("[A-Za-z][A-Za-z0-9+.-]*:.*");
    }

    /** The per-class lines, the {@code Eval result} line and the CSV, as {@code tool/test.sh}. */
    private static void report(
            PrintStream out, SegmentationMetrics metrics, List<String> names, Path result)
            throws IOException {
        ClassResults.report(metrics, names, result, out::println);
    }
}
