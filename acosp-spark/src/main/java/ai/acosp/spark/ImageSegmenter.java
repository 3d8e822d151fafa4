package ai.acosp.spark;

import ai.acosp.data.meta.ClassPalette;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Segments a table of images on Spark, in the manner of DJL's Spark extension: set the model
 * (folder, or ONNX file on ONNX Runtime), the batch size and the output folder, then {@link
 * #transform} a table with a {@code path} column (and {@code content}, the bytes, as Spark's {@code
 * binaryFile} source gives them; and {@code label}, a label image's path, to evaluate). Each task
 * runs {@code mapPartitions} with the model its executor JVM loaded once ({@link ExecutorModels});
 * the result is a table of {@link PredictionRows} and, as a side effect of running it, the gray and
 * colour PNGs under the output folder.
 */
public final class ImageSegmenter {

    /**
     * A Spark configuration key for tests: {@code true} makes the first attempt of every task fail
     * after its first batch, so that Spark retries it.
     */
    public static final String FAIL_FIRST_ATTEMPT = "spark.acosp.test.failFirstAttempt";

    private ModelSource model;
    private int batchSize = 4;
    private String outputFolder;
    private ClassPalette palette;
    private MetricsAccumulator metrics;
    private boolean failFirstAttempt;

    /** Creates a segmenter with a batch size of 4 and nothing else set. */
    public ImageSegmenter() {}

    /**
     * Sets the model folder ({@code tool/compact.sh}'s or {@code tool/serving.sh}'s), a path that
     * every executor can read, run on DJL.
     *
     * @param modelPath the folder
     * @return this
     */
    public ImageSegmenter setModelPath(String modelPath) {
        return setModel(ModelSource.folder(modelPath));
    }

    /**
     * Sets the model: a folder on DJL or on ONNX Runtime, or an exported {@code .onnx} file ({@link
     * ModelSource}), at a path every executor can read.
     *
     * @param model the model
     * @return this
     */
    public ImageSegmenter setModel(ModelSource model) {
        this.model = model;
        return this;
    }

    /**
     * Sets how many images go to the predictor at once.
     *
     * @param batchSize at least 1
     * @return this
     */
    public ImageSegmenter setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + ", must be at least 1");
        }
        this.batchSize = batchSize;
        return this;
    }

    /**
     * Sets the folder of the {@code gray/} and {@code color/} PNGs: a path every executor can write
     * (a shared file system on a cluster) or a URI of a file system Hadoop reaches ({@code
     * hdfs://}, {@code s3a://}; Spark's {@code spark.hadoop.*} settings apply).
     *
     * @param outputFolder the folder
     * @return this
     */
    public ImageSegmenter setOutputFolder(String outputFolder) {
        this.outputFolder = outputFolder;
        return this;
    }

    /**
     * Sets the class names and colours of the colour PNGs.
     *
     * @param palette the data set's palette
     * @return this
     */
    public ImageSegmenter setPalette(ClassPalette palette) {
        this.palette = palette;
        return this;
    }

    /**
     * Sets where the confusion counts of labelled images go (registered with the SparkContext).
     *
     * @param metrics the accumulator, or null not to count
     * @return this
     */
    public ImageSegmenter setMetrics(MetricsAccumulator metrics) {
        this.metrics = metrics;
        return this;
    }

    /**
     * Makes every task's first attempt fail after its first batch (see {@link
     * #FAIL_FIRST_ATTEMPT}); for tests of Spark's retries.
     *
     * @param failFirstAttempt whether to fail
     * @return this
     */
    public ImageSegmenter setFailFirstAttempt(boolean failFirstAttempt) {
        this.failFirstAttempt = failFirstAttempt;
        return this;
    }

    /**
     * The segmentation of a table of images, lazily: the PNGs are written when an action (e.g. a
     * Parquet write) runs the result.
     *
     * @param images a table with {@code path} and optionally {@code content} and {@code label}
     * @return one {@link PredictionRows} row per image
     */
    public Dataset<Row> transform(Dataset<Row> images) {
        if (model == null || outputFolder == null || palette == null) {
            throw new IllegalStateException("set the model, the output folder and the palette");
        }
        Dataset<Row> input =
                images.select(
                        images.col(PredictionRows.PATH),
                        column(images, PredictionRows.CONTENT, DataTypes.BinaryType),
                        column(images, PredictionRows.LABEL, DataTypes.StringType));
        return input.mapPartitions(
                new SegmentPartition(
                        model,
                        batchSize,
                        outputFolder,
                        HadoopSettings.of(
                                images.sparkSession().sparkContext().hadoopConfiguration()),
                        palette,
                        metrics,
                        failFirstAttempt),
                Encoders.row(PredictionRows.schema()));
    }

    private static Column column(
            Dataset<Row> images, String name, org.apache.spark.sql.types.DataType type) {
        for (String field : images.columns()) {
            if (field.equals(name)) {
                return images.col(name).cast(type);
            }
        }
        return functions.lit(null).cast(type).as(name);
    }
}
