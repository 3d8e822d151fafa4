/**
 * The Spark benchmark of {@code tool/bench.sh spark} ({@link ai.acosp.spark.bench.SparkBenchmark}):
 * the job's images per second on {@code local[1]} and {@code local[2]} beside {@code
 * tool/predict.sh}, each configuration in its own JVM ({@link
 * ai.acosp.spark.bench.SparkBenchmarkRun}). It lives here, where Spark is on the class path, and is
 * left out of the application jar.
 */
package ai.acosp.spark.bench;
