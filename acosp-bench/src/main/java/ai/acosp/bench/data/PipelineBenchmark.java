package ai.acosp.bench.data;

import ai.acosp.data.DataCommand;
import ai.acosp.data.DataLoaderExecutors;
import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.data.synthetic.SyntheticSegmentation;
import ai.acosp.data.transform.SegAugmentation;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

/**
 * Measures how many training samples per second the augmentation pipeline and batching deliver, at
 * the ADE20K setting: images of 512 x 683 (generated synthetically into a temporary folder), scale
 * [0.5, 2.0], rotation [-10, 10], crop 473 x 473, to tensor and normalise, batched.
 *
 * <p>One measurement is one epoch over the list with a consumer that only closes each batch; the
 * figure is the median over the repetitions (after one warm-up epoch).
 *
 * <p>Command line: {@code PipelineBenchmark [images=64] [batch=8] [repetitions=5] [workers=1,2]}.
 */
public final class PipelineBenchmark {

    /** Image height of the ADE20K setting. */
    public static final int IMAGE_H = 512;

    /** Image width of the ADE20K setting. */
    public static final int IMAGE_W = 683;

    /** Crop size of the ADE20K setting. */
    public static final int CROP = 473;

    private PipelineBenchmark() {}

    /**
     * One measured setting.
     *
     * @param workers the number of loader threads
     * @param batchSize the batch size
     * @param medianSamplesPerSecond the median throughput
     * @param runs the throughput of each repetition
     */
    public record Result(int workers, int batchSize, double medianSamplesPerSecond, double[] runs) {

        /** {@inheritDoc} */
        @Override
        public String toString() {
            return String.format(
                    "workers=%d batch=%d: median %.1f samples/s (runs %s)",
                    workers, batchSize, medianSamplesPerSecond, format(runs));
        }
    }

    /**
     * Generates the images and measures each worker count.
     *
     * @param images the number of images (one epoch)
     * @param batchSize the batch size
     * @param repetitions the number of measured epochs per worker count
     * @param workerCounts the worker counts to measure
     * @return one result per worker count
     * @throws IOException if the data cannot be written or read
     * @throws TranslateException if batching fails
     */
    public static List<Result> runAdeSetting(
            int images, int batchSize, int repetitions, int... workerCounts)
            throws IOException, TranslateException {
        Path dir = Files.createTempDirectory("acosp-bench");
        try {
            SyntheticSegmentation.generate(dir, images, 0, IMAGE_H, IMAGE_W, 1L);
            List<Result> results = new ArrayList<>();
            for (int w : workerCounts) {
                results.add(measure(dir, dir.resolve("train.txt"), w, batchSize, repetitions));
            }
            return results;
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Measures the training pipeline on a list file.
     *
     * @param dataRoot the data root
     * @param listFile the list file
     * @param workers the number of loader threads
     * @param batchSize the batch size
     * @param repetitions the number of measured epochs
     * @return the result
     * @throws IOException if reading fails
     * @throws TranslateException if batching fails
     */
    public static Result measure(
            Path dataRoot, Path listFile, int workers, int batchSize, int repetitions)
            throws IOException, TranslateException {
        SegAugmentation aug =
                SegAugmentation.builder()
                        .setCropSize(CROP, CROP)
                        .optScale(0.5, 2.0)
                        .optRotate(-10, 10)
                        .optIgnoreLabel(255)
                        .build();
        SemSegDataset ds =
                SemSegDataset.builder()
                        .setDataRoot(dataRoot)
                        .setListFile(listFile)
                        .optTransform(aug.training())
                        .optSeed(123)
                        .setSampling(batchSize, true, true)
                        .optPrefetchNumber(Math.max(2, 2 * workers))
                        .build();
        ExecutorService pool = DataLoaderExecutors.create(workers);
        double[] runs = new double[repetitions];
        try (NDManager manager = NDManager.newBaseManager()) {
            epoch(ds, manager, pool); // warm-up
            for (int r = 0; r < repetitions; r++) {
                long t0 = System.nanoTime();
                int samples = epoch(ds, manager, pool);
                double s = (System.nanoTime() - t0) / 1e9;
                runs[r] = samples / s;
            }
        } finally {
            pool.shutdownNow();
        }
        double[] sorted = runs.clone();
        Arrays.sort(sorted);
        double median =
                sorted.length % 2 == 1
                        ? sorted[sorted.length / 2]
                        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return new Result(workers, batchSize, median, runs);
    }

    private static int epoch(SemSegDataset ds, NDManager manager, ExecutorService pool)
            throws IOException, TranslateException {
        int samples = 0;
        for (Batch b : ds.getData(manager, pool)) {
            samples += b.getSize();
            b.close();
        }
        return samples;
    }

    private static String format(double[] runs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < runs.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format("%.1f", runs[i]));
        }
        return sb.append(']').toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Command-line entry; prints one line per worker count.
     *
     * @param args {@code [images=64] [batch=8] [repetitions=5] [workers=1,2]}
     */
    public static void main(String[] args) {
        DataCommand.run(
                "usage: PipelineBenchmark [images=64] [batch=8] [reps=5] [workers=1,2]",
                () -> run(args));
    }

    private static void run(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int[] workers =
                args.length > 3
                        ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                        : new int[] {1, 2};
        System.out.printf(
                "ADE20K setting: %dx%d images, %dx%d crops, %d images per epoch, %d CPUs%n",
                IMAGE_H, IMAGE_W, CROP, CROP, images, Runtime.getRuntime().availableProcessors());
        for (Result r : runAdeSetting(images, batch, reps, workers)) {
            System.out.println(r);
        }
    }
}
