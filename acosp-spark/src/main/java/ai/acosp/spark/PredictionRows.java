package ai.acosp.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The table {@link ImageSegmenter} gives, one row per image: {@code path}, {@code height}, {@code
 * width}, {@code class_pixels} (pixels per class id, in the model's class order), {@code status}
 * ({@value #OK} or {@value #ERROR}) and {@code error} (the problem, or null).
 */
public final class PredictionRows {

    /** The status of an image that was segmented. */
    public static final String OK = "ok";

    /** The status of an image that could not be read or segmented. */
    public static final String ERROR = "error";

    /** The input column with the image's path (as Spark's {@code binaryFile} source names it). */
    public static final String PATH = "path";

    /** The input column with the image's bytes, or null to read the path itself. */
    public static final String CONTENT = "content";

    /** The input column with the label image's path for evaluation, or null. */
    public static final String LABEL = "label";

    private PredictionRows() {}

    /**
     * The schema of the table.
     *
     * @return the columns (a new instance)
     */
    public static StructType schema() {
        return new StructType(
                new StructField[] {
                    DataTypes.createStructField(PATH, DataTypes.StringType, false),
                    DataTypes.createStructField("height", DataTypes.IntegerType, true),
                    DataTypes.createStructField("width", DataTypes.IntegerType, true),
                    DataTypes.createStructField(
                            "class_pixels",
                            DataTypes.createArrayType(DataTypes.LongType, false),
                            true),
                    DataTypes.createStructField("status", DataTypes.StringType, false),
                    DataTypes.createStructField("error", DataTypes.StringType, true)
                });
    }

    /**
     * The row of a segmented image.
     *
     * @param path the image's path
     * @param height its rows
     * @param width its columns
     * @param pixels pixels per class id
     * @return the row
     */
    public static Row ok(String path, int height, int width, long[] pixels) {
        Long[] boxed = new Long[pixels.length];
        for (int c = 0; c < pixels.length; c++) {
            boxed[c] = pixels[c];
        }
        return RowFactory.create(path, height, width, boxed, OK, null);
    }

    /**
     * The row of an image that failed.
     *
     * @param path the image's path
     * @param error what went wrong
     * @return the row
     */
    public static Row failed(String path, String error) {
        return RowFactory.create(path, null, null, null, ERROR, error);
    }
}
