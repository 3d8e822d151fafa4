/**
 * Batch segmentation and evaluation of image sets on Apache Spark: {@link
 * ai.acosp.spark.ImageSegmenter} (a Spark ML-style component: model folder, batch size, output
 * folder; one model per executor JVM, {@code mapPartitions}) and {@link
 * ai.acosp.spark.SparkPredict}, the main of {@code tool/predict_spark.sh}.
 */
package ai.acosp.spark;
