package ai.acosp.spark;

import ai.acosp.data.image.ImageIo;
import ai.acosp.data.image.TensorConversion;
import ai.acosp.data.meta.ClassPalette;
import ai.acosp.train.inference.PredictionFiles;
import ai.acosp.train.metrics.SegmentationMetrics;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.ZooModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.opencv.core.Mat;

/**
 * What one task does with its partition of images: takes the JVM's model ({@link ExecutorModels}),
 * predicts the images in groups of {@code batchSize} ({@code Predictor.batchPredict}), writes each
 * image's gray and colour PNGs ({@link StagedPredictionFiles}), adds the confusion counts of
 * labelled images to the job's {@link MetricsAccumulator}, and gives one {@link PredictionRows} row
 * per image. An image that cannot be read or segmented becomes a row with its error.
 */
final class SegmentPartition implements MapPartitionsFunction<Row, Row>, Serializable {

    private static final long serialVersionUID = 1L;

    private final ModelSource model;
    private final int batchSize;
    private final String outputFolder;
    private final HadoopSettings hadoop;
    private final ArrayList<String> classNames;
    private final int[][] colors;
    private final MetricsAccumulator metrics;
    private final boolean failFirstAttempt;

    SegmentPartition(
            ModelSource model,
            int batchSize,
            String outputFolder,
            HadoopSettings hadoop,
            ClassPalette palette,
            MetricsAccumulator metrics,
            boolean failFirstAttempt) {
        this.model = model;
        this.batchSize = batchSize;
        this.outputFolder = outputFolder;
        this.hadoop = hadoop;
        this.classNames = new ArrayList<>(palette.getNames());
        this.colors = new int[palette.size()][];
        for (int c = 0; c < colors.length; c++) {
            colors[c] = palette.getColor(c).clone();
        }
        this.metrics = metrics;
        this.failFirstAttempt = failFirstAttempt;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) throws Exception {
        ZooModel<Image, CategoryMask> shared = ExecutorModels.get(model);
        TaskContext task = TaskContext.get();
        String attempt = task == null ? "local" : task.partitionId() + "-" + task.taskAttemptId();
        SegmentationMetrics counts =
                metrics == null ? null : new SegmentationMetrics(colors.length, ignoreLabel());
        List<Row> rows = new ArrayList<>();
        try (Predictor<Image, CategoryMask> predictor = shared.newPredictor();
                StagedPredictionFiles files =
                        new StagedPredictionFiles(
                                outputFolder,
                                new ClassPalette(classNames, colors),
                                attempt,
                                hadoop.configuration())) {
            List<Row> batch = new ArrayList<>(batchSize);
            while (input.hasNext()) {
                batch.add(input.next());
                if (batch.size() == batchSize || !input.hasNext()) {
                    segment(batch, predictor, files, counts, rows);
                    batch.clear();
                    if (failFirstAttempt && task != null && task.attemptNumber() == 0) {
                        throw new IllegalStateException(
                                "injected failure after the first batch ("
                                        + ImageSegmenter.FAIL_FIRST_ATTEMPT
                                        + ")");
                    }
                }
            }
        }
        if (counts != null) {
            metrics.add(counts);
        }
        return rows.iterator();
    }

    private int ignoreLabel() {
        return metrics.ignoreLabel();
    }

    private void segment(
            List<Row> batch,
            Predictor<Image, CategoryMask> predictor,
            StagedPredictionFiles files,
            SegmentationMetrics counts,
            List<Row> rows)
            throws IOException {
        List<String> paths = new ArrayList<>();
        List<Image> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Row row : batch) {
            String path = row.getString(0);
            try {
                byte[] content = row.isNullAt(1) ? read(path) : (byte[]) row.get(1);
                images.add(
                        ImageFactory.getInstance()
                                .fromInputStream(new ByteArrayInputStream(content)));
                paths.add(path);
                labels.add(row.isNullAt(2) ? null : row.getString(2));
            } catch (IOException | RuntimeException e) {
                rows.add(
                        PredictionRows.failed(
                                path, "image is not a decodable image: " + e.getMessage()));
            }
        }
        List<CategoryMask> masks = predict(predictor, images);
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            CategoryMask mask = masks.get(i);
            if (mask == null) {
                rows.add(PredictionRows.failed(path, "the model could not segment the image"));
                continue;
            }
            int[][] grid = mask.getMask();
            int height = grid.length;
            int width = height == 0 ? 0 : grid[0].length;
            int[] classMap = new int[height * width];
            long[] pixels = new long[colors.length];
            for (int y = 0; y < height; y++) {
                System.arraycopy(grid[y], 0, classMap, y * width, width);
                for (int id : grid[y]) {
                    if (id >= 0 && id < pixels.length) {
                        pixels[id]++;
                    }
                }
            }
            if (labels.get(i) != null && counts != null) {
                try {
                    counts.add(classMap, label(labels.get(i)));
                } catch (IOException | IllegalArgumentException e) {
                    rows.add(
                            PredictionRows.failed(
                                    path, "label " + labels.get(i) + ": " + e.getMessage()));
                    continue;
                }
            }
            files.write(baseName(path), classMap, height, width);
            rows.add(PredictionRows.ok(path, height, width, pixels));
        }
    }

    /** Predicts a group at once; when that fails, one by one, so that only a bad image is lost. */
    private static List<CategoryMask> predict(
            Predictor<Image, CategoryMask> predictor, List<Image> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        try {
            return predictor.batchPredict(images);
        } catch (Exception e) {
            List<CategoryMask> masks = new ArrayList<>();
            for (Image image : images) {
                try {
                    masks.add(predictor.predict(image));
                } catch (Exception single) {
                    masks.add(null);
                }
            }
            return masks;
        }
    }

    private static int[] label(String file) throws IOException {
        Mat mat = ImageIo.readLabel(Path.of(file));
        try {
            byte[] bytes = TensorConversion.labelBytes(mat);
            int[] truth = new int[bytes.length];
            for (int p = 0; p < bytes.length; p++) {
                truth[p] = bytes[p] & 0xFF;
            }
            return truth;
        } finally {
            mat.release();
        }
    }

    private static byte[] read(String path) throws IOException {
        return Files.readAllBytes(localPath(path));
    }

    /**
     * A path as Spark names it ({@code file:/a/b.png}) or as a list names it ({@code /a/b.png}).
     *
     * @param path the path
     * @return the local path
     */
    static Path localPath(String path) {
        return path.startsWith("file:")
                ? Path.of(new org.apache.hadoop.fs.Path(path).toUri())
                : Path.of(path);
    }

    private static String baseName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return PredictionFiles.baseName(Path.of(name));
    }
}
