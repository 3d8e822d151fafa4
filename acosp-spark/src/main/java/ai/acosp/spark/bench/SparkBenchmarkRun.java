package ai.acosp.spark.bench;

import ai.acosp.spark.ExecutorModels;
import ai.acosp.spark.ImageSources;
import ai.acosp.spark.JobArguments;
import ai.acosp.spark.ModelSource;
import ai.acosp.spark.SparkPredict;
import ai.acosp.train.cli.Predict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * One configuration of {@link SparkBenchmark}, alone in its own JVM (the parent sets the engine's
 * thread properties before anything here loads the engine): loads the model folder with {@link
 * ExecutorModels} (timed: {@code Criteria.loadModel}, the engine's start included), then either
 * runs {@link SparkPredict#run} on a fresh {@code local[N]} session or {@code tool/predict.sh}'s
 * {@link Predict#run} on the same images, and prints {@code RESULT load_ms session_ms run_ms
 * partitions images}: the model load, the session's start (0 for predict), the job or command
 * (model already loaded for Spark; predict.sh loads its own copy, engine already started), the
 * number of input partitions (0 for predict) and the gray PNGs written.
 *
 * <p>Arguments: {@code spark|predict CORES CONFIG INPUT MODEL_FOLDER OUTPUT BATCH_SIZE
 * PARTITION_MB}; CORES is the N of {@code local[N]}, PARTITION_MB Spark's {@code
 * spark.sql.files.maxPartitionBytes} in MiB (0: Spark's default).
 */
public final class SparkBenchmarkRun {

    private SparkBenchmarkRun() {}

    /**
     * Runs one configuration.
     *
     * @param args see the class comment
     * @throws Exception if the run fails (the parent reports the last lines)
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int cores = Integer.parseInt(args[1]);
        String config = args[2];
        String input = args[3];
        String folder = args[4];
        String output = args[5];
        String batchSize = args[6];
        int partitionMb = Integer.parseInt(args[7]);
        long t0 = System.nanoTime();
        ExecutorModels.get(ModelSource.folder(folder));
        double loadMs = (System.nanoTime() - t0) / 1e6;
        double criteriaMs = ExecutorModels.loadMillis(ModelSource.folder(folder));
        List<String> common =
                List.of(
                        config,
                        input,
                        "model_path",
                        folder,
                        "save_folder",
                        output,
                        "train_gpu",
                        "[]",
                        "test_gpu",
                        "[]");
        double sessionMs = 0;
        double runMs;
        int partitions = 0;
        // the job's own lines are dropped by the parent; they stay readable on failure
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (mode.equals("spark")) {
            long s0 = System.nanoTime();
            SparkConf conf =
                    new SparkConf()
                            .setAppName("acosp spark benchmark")
                            .setMaster("local[" + cores + "]");
            if (partitionMb > 0) {
                conf.set("spark.sql.files.maxPartitionBytes", partitionMb + "m");
            }
            SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
            try {
                sessionMs = (System.nanoTime() - s0) / 1e6;
                partitions = ImageSources.files(spark, input, false).rdd().getNumPartitions();
                List<String> job = new ArrayList<>(common);
                job.add("batch_size");
                job.add(batchSize);
                JobArguments arguments = JobArguments.parse(job.toArray(new String[0]));
                long r0 = System.nanoTime();
                SparkPredict.run(spark, arguments, out);
                runMs = (System.nanoTime() - r0) / 1e6;
            } finally {
                spark.stop();
            }
        } else if (mode.equals("predict")) {
            long r0 = System.nanoTime();
            Predict.run(common.toArray(new String[0]));
            runMs = (System.nanoTime() - r0) / 1e6;
        } else {
            throw new IllegalArgumentException("unknown mode " + mode + "; known: spark, predict");
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT %.1f %.1f %.1f %d %d%n",
                criteriaMs >= 0 ? criteriaMs : loadMs,
                sessionMs,
                runMs,
                partitions,
                pngs(Path.of(output, "gray")));
    }

    private static long pngs(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".png")).count();
        }
    }
}
