package ai.acosp.spark.bench;

import ai.acosp.data.image.ImageIo;
import ai.acosp.data.image.OpenCv;
import ai.acosp.train.cli.EntryPoint;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.HardMaskedCheckpoint;
import ai.acosp.train.failure.UsageException;
import ai.acosp.train.timing.RoundRobinTimer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The Spark benchmark ({@code tool/bench.sh spark}): images per second of {@code
 * tool/predict_spark.sh}'s job ({@link ai.acosp.spark.SparkPredict#run}) on {@code local[1]} and
 * {@code local[2]} against {@code tool/predict.sh} ({@link ai.acosp.train.cli.Predict}) in one JVM
 * on the same images, the model load time per executor JVM and the parallel efficiency ({@code
 * local[2]} rate / (2 x {@code local[1]} rate)).
 *
 * <p>The model is the compact folder of a hard-masked checkpoint of a shipped configuration
 * (default {@code config/camvid/camvid_segnet_0.75.yaml}, written by {@link HardMaskedCheckpoint}
 * and {@link CompactExperiment} as the compaction benchmark does), the images random PNGs, all in a
 * temporary experiment root that is removed at the end. Each configuration runs in its own JVM
 * ({@link SparkBenchmarkRun}) with its engine thread setting: one intra-op thread per Spark task
 * (two tasks share two cores with {@code local[2]}), one and two for {@code predict.sh}.
 *
 * <p>Arguments {@code key=value}: {@code images=64}, {@code size=360x480}, {@code reps=1}
 * (round-robin repetitions of every configuration; medians), {@code runs=spark1,spark2,predict1,
 * predict2}, {@code batch_size=4} (the job's), {@code partition_mb=8} (Spark's {@code
 * spark.sql.files.maxPartitionBytes}: two images a task, so that both cores have work to the end; 0
 * keeps Spark's 128 MB, which packs 64 such images into three tasks), {@code
 * config=config/camvid/camvid_segnet_0.75.yaml}, {@code job=100000} (images of the job whose
 * executor count is estimated).
 */
public final class SparkBenchmark {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("images", "64");
        DEFAULTS.put("size", "360x480");
        DEFAULTS.put("reps", "1");
        DEFAULTS.put("runs", "spark1,spark2,predict1,predict2");
        DEFAULTS.put("batch_size", "4");
        DEFAULTS.put("partition_mb", "8");
        DEFAULTS.put("config", "config/camvid/camvid_segnet_0.75.yaml");
        DEFAULTS.put("job", "100000");
    }

    /** A configuration: how the child runs and with how many engine threads. */
    private record Setup(String label, String mode, int cores, int threads) {}

    private static final Map<String, Setup> SETUPS =
            Map.of(
                    "spark1", new Setup("Spark local[1]", "spark", 1, 1),
                    "spark2", new Setup("Spark local[2]", "spark", 2, 1),
                    "predict1", new Setup("predict.sh, one JVM", "predict", 1, 1),
                    "predict2", new Setup("predict.sh, one JVM", "predict", 1, 2));

    /** One child's figures: milliseconds of the JVM, the load, the session and the run. */
    private record Result(
            double wallMs, double loadMs, double sessionMs, double runMs, int partitions) {}

    private static final String ROW = "%-22s %8s %10s %10s %10s %11s %10s %10s%n";

    private SparkBenchmark() {}

    /**
     * Entry point.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        EntryPoint.run(() -> run(args, System.out));
    }

    /**
     * Runs the benchmark.
     *
     * @param args see the class comment
     * @param out where the report goes
     * @throws Exception if a step fails; a bad argument is a {@link UsageException}
     */
    public static void run(String[] args, PrintStream out) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0 || !DEFAULTS.containsKey(arg.substring(0, eq))) {
                throw new UsageException("unknown option " + arg, "known: " + DEFAULTS.keySet());
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        List<String> runs = List.of(options.get("runs").split(","));
        for (String name : runs) {
            if (!SETUPS.containsKey(name)) {
                throw new UsageException(
                        "unknown run " + name, "known: spark1, spark2, predict1, predict2");
            }
        }
        int images = Integer.parseInt(options.get("images"));
        String[] size = options.get("size").split("x");
        int height = Integer.parseInt(size[0]);
        int width = Integer.parseInt(size[1]);
        int reps = Integer.parseInt(options.get("reps"));
        // the compaction here, before the engine starts: both cores
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "2");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        out.println(
                "Spark benchmark, "
                        + ZonedDateTime.now()
                                .format(
                                        DateTimeFormatter.ofPattern(
                                                "yyyy-MM-dd HH:mm z", Locale.ROOT)));
        out.println(
                "CPU: "
                        + cpuModel()
                        + ", "
                        + Runtime.getRuntime().availableProcessors()
                        + " cores");
        out.println("load average: " + RoundRobinTimer.loadAverage());
        Path root = Files.createTempDirectory("acosp-sparkbench");
        try {
            System.setProperty(ExperimentLayout.ROOT_PROPERTY, root.toString());
            Path config = Path.of(options.get("config"));
            long c0 = System.nanoTime();
            Path folder = compactModel(config);
            out.printf(
                    Locale.ROOT,
                    "model: compact folder of a hard-masked %s (%.1f MB, made in %.0f s)%n",
                    config,
                    CompactExperiment.folderSize(folder) / 1e6,
                    (System.nanoTime() - c0) / 1e9);
            Path input = root.resolve("images");
            writeImages(input, images, height, width);
            out.printf(
                    Locale.ROOT,
                    "images: %d random %dx%d PNGs; job batch_size %s, partition_mb %s; %d"
                            + " repetition(s), round-robin, medians%n",
                    images,
                    height,
                    width,
                    options.get("batch_size"),
                    options.get("partition_mb"),
                    reps);
            out.println(
                    "each configuration in a fresh JVM; engine threads: intra-op as in the table,"
                            + " inter-op 1");
            Map<String, List<Result>> results = new LinkedHashMap<>();
            for (String name : runs) {
                results.put(name, new ArrayList<>());
            }
            for (int rep = 0; rep < reps; rep++) {
                for (String name : runs) {
                    Path output = root.resolve("out-" + name + "-" + rep);
                    results.get(name)
                            .add(
                                    child(
                                            SETUPS.get(name),
                                            root,
                                            config,
                                            input,
                                            folder,
                                            output,
                                            options,
                                            images));
                    delete(output);
                }
            }
            report(out, results, images, Long.parseLong(options.get("job")));
        } finally {
            delete(root);
        }
        out.println("load average at the end: " + RoundRobinTimer.loadAverage());
    }

    private static void report(
            PrintStream out, Map<String, List<Result>> results, int images, long job) {
        out.println();
        out.printf(
                Locale.ROOT,
                ROW,
                "configuration",
                "threads",
                "JVM s",
                "load ms",
                "session ms",
                "job s",
                "images/s",
                "JVM img/s");
        Map<String, Double> rates = new LinkedHashMap<>();
        Map<String, Double> jvmRates = new LinkedHashMap<>();
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            Setup setup = SETUPS.get(e.getKey());
            List<Result> list = e.getValue();
            double wall = median(list.stream().map(Result::wallMs).toList());
            double run = median(list.stream().map(Result::runMs).toList());
            rates.put(e.getKey(), images / (run / 1000));
            jvmRates.put(e.getKey(), images / (wall / 1000));
            out.printf(
                    Locale.ROOT,
                    ROW,
                    setup.label(),
                    setup.mode().equals("spark") ? "1/task" : Integer.toString(setup.threads()),
                    String.format(Locale.ROOT, "%.1f", wall / 1000),
                    String.format(
                            Locale.ROOT,
                            "%.0f",
                            median(list.stream().map(Result::loadMs).toList())),
                    setup.mode().equals("spark")
                            ? String.format(
                                    Locale.ROOT,
                                    "%.0f",
                                    median(list.stream().map(Result::sessionMs).toList()))
                            : "-",
                    String.format(Locale.ROOT, "%.1f", run / 1000),
                    String.format(Locale.ROOT, "%.3f", images / (run / 1000)),
                    String.format(Locale.ROOT, "%.3f", images / (wall / 1000)));
        }
        out.println(
                "threads: engine intra-op threads (Spark: per task); load: Criteria.loadModel in"
                        + " the fresh JVM, the engine's start included (local mode: the driver's"
                        + " load, which its executor threads share; on a cluster each executor"
                        + " JVM pays it once); job: SparkPredict.run with the model loaded (listing,"
                        + " tasks, PNGs, Parquet table) or predict.sh's command (its own model"
                        + " load included); JVM: the whole child process");
        for (String name : List.of("spark1", "spark2")) {
            if (results.containsKey(name)) {
                out.println(
                        "input partitions ("
                                + SETUPS.get(name).label()
                                + "): "
                                + results.get(name).get(0).partitions());
            }
        }
        List<Result> spark1 = results.get("spark1");
        if (rates.containsKey("spark1") && rates.containsKey("spark2")) {
            out.printf(
                    Locale.ROOT,
                    "parallel efficiency local[2] / (2 x local[1]): %.2f (job), %.2f (JVM)%n",
                    rates.get("spark2") / (2 * rates.get("spark1")),
                    jvmRates.get("spark2") / (2 * jvmRates.get("spark1")));
        }
        if (rates.containsKey("spark1")) {
            double perCore = rates.get("spark1");
            out.printf(
                    Locale.ROOT,
                    "%d images in 1 h at the local[1] rate (%.3f images/s per one-core"
                            + " executor): %d executors, each loading the model once (%.1f s);"
                            + " one executor alone: %.1f h%n",
                    job,
                    perCore,
                    (long) Math.ceil(job / (perCore * 3600)),
                    median(spark1.stream().map(Result::loadMs).toList()) / 1000,
                    job / perCore / 3600);
        }
    }

    /** A hard-masked checkpoint of the configuration, compacted; returns the compact folder. */
    private static Path compactModel(Path config) throws Exception {
        ExperimentConfig c =
                ConfigLoader.load(config, List.of("train_gpu", "[]", "test_gpu", "[]"));
        HardMaskedCheckpoint.write(c, new ExperimentLayout(c).finalCheckpoint());
        try (PrintStream quiet =
                new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            return new CompactExperiment(c, 0).run(quiet).toAbsolutePath();
        }
    }

    private static void writeImages(Path folder, int count, int height, int width)
            throws IOException {
        OpenCv.load();
        Files.createDirectories(folder);
        Core.setRNGSeed(3);
        Mat image = new Mat(height, width, CvType.CV_8UC3);
        try {
            for (int i = 0; i < count; i++) {
                Core.randu(image, 0, 256);
                ImageIo.write(
                        folder.resolve(String.format(Locale.ROOT, "image_%03d.png", i)), image);
            }
        } finally {
            image.release();
        }
    }

    /** Runs one configuration in a fresh JVM and reads its {@code RESULT} line. */
    private static Result child(
            Setup setup,
            Path root,
            Path config,
            Path input,
            Path folder,
            Path output,
            Map<String, String> options,
            int images)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-Dai.djl.pytorch.num_")
                    && !option.startsWith("-D" + ExperimentLayout.ROOT_PROPERTY + "=")) {
                command.add(option);
            }
        }
        command.add("-Dai.djl.pytorch.num_threads=" + setup.threads());
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-D" + ExperimentLayout.ROOT_PROPERTY + "=" + root);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SparkBenchmarkRun.class.getName());
        command.add(setup.mode());
        command.add(Integer.toString(setup.cores()));
        command.add(config.toString());
        command.add(input.toString());
        command.add(folder.toString());
        command.add(output.toString());
        command.add(options.get("batch_size"));
        command.add(options.get("partition_mb"));
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        List<String> tail = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else if (!line.contains("Could not initialize NNPACK")) {
                    tail.add(line);
                    if (tail.size() > 8) {
                        tail.remove(0);
                    }
                }
            }
        }
        int status = process.waitFor();
        double wallMs = (System.nanoTime() - t0) / 1e6;
        if (status != 0 || result == null) {
            throw new IllegalStateException(
                    setup.label() + " exited with " + status + ": " + String.join(" | ", tail));
        }
        String[] parts = result.split(" ");
        long written = Long.parseLong(parts[5]);
        if (written != images) {
            throw new IllegalStateException(
                    setup.label() + " wrote " + written + " of " + images + " gray PNGs");
        }
        return new Result(
                wallMs,
                Double.parseDouble(parts[1]),
                Double.parseDouble(parts[2]),
                Double.parseDouble(parts[3]),
                Integer.parseInt(parts[4]));
    }

    /** The CPU's model name from {@code /proc/cpuinfo}. */
    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(List<Double> values) {
        return RoundRobinTimer.median(new ArrayList<>(values));
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
