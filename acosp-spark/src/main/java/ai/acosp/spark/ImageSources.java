package ai.acosp.spark;

import ai.acosp.data.DataFileException;
import ai.acosp.data.semseg.ListEntry;
import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.DataFactory;
import ai.acosp.train.experiment.ExperimentLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The tables of images {@link ImageSegmenter} reads: files under a path, or a test list. */
public final class ImageSources {

    /** The image files Spark's {@code binaryFile} source keeps (other files are left alone). */
    public static final String IMAGE_GLOB = "*.{jpg,jpeg,png,bmp,JPG,JPEG,PNG,BMP}";

    private ImageSources() {}

    /**
     * Every image file under a path Spark reads (a folder, a file or a glob; local, HDFS, S3...),
     * with its bytes.
     *
     * @param spark the session
     * @param input the path
     * @param recursive whether to look into subfolders too
     * @return a table with {@code path} and {@code content}
     * @throws DataFileException if the path holds no image
     */
    public static Dataset<Row> files(SparkSession spark, String input, boolean recursive)
            throws DataFileException {
        Dataset<Row> files;
        try {
            files =
                    spark.read()
                            .format("binaryFile")
                            .option("pathGlobFilter", IMAGE_GLOB)
                            .option("recursiveFileLookup", Boolean.toString(recursive))
                            .load(input)
                            .select(PredictionRows.PATH, PredictionRows.CONTENT);
        } catch (RuntimeException e) {
            throw new DataFileException(
                    Path.of(input), 0, "no such image or folder (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) {
            throw new DataFileException(
                    Path.of(input),
                    0,
                    "no jpg, jpeg, png or bmp files there"
                            + (recursive ? "" : " (add: recursive true, to look into subfolders)"));
        }
        return files;
    }

    /**
     * The images and labels of the experiment's test list ({@code data_root}, {@code test_list};
     * paths every executor can read), in the list's order, spread over the default parallelism.
     *
     * @param spark the session
     * @param c the configuration
     * @return a table with {@code path} and {@code label}
     * @throws IOException if the list cannot be read
     */
    public static Dataset<Row> testList(SparkSession spark, ExperimentConfig c) throws IOException {
        SemSegDataset data = DataFactory.testing(c, new ExperimentLayout(c));
        List<Row> rows = new ArrayList<>();
        for (ListEntry entry : data.getList().getEntries()) {
            rows.add(
                    RowFactory.create(
                            entry.image().toAbsolutePath().toString(),
                            entry.label() == null
                                    ? null
                                    : entry.label().toAbsolutePath().toString()));
        }
        StructType schema =
                new StructType()
                        .add(PredictionRows.PATH, DataTypes.StringType, false)
                        .add(PredictionRows.LABEL, DataTypes.StringType, true);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.max(1, Math.min(rows.size(), context.defaultParallelism()));
        return spark.createDataFrame(context.parallelize(rows, slices), schema);
    }
}
