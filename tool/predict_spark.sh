#!/bin/sh
# Segments every image under a path with an experiment's model on Apache Spark:
#   sh tool/predict_spark.sh DATASET NAME INPUT [key value ...]
# INPUT is a folder, an image, a glob or any path Spark reads (hdfs://, s3a://, ...); INPUT `test`
# evaluates the experiment's test list (data_root, test_list) and prints test.sh's Eval line.
# model_path: a model folder (tool/compact.sh, tool/serving.sh) or a checkpoint (written first as
# a serving folder); default the compact folder, else the final checkpoint. Job keys: master
# (default local[*]; spark://host:7077 for a standalone cluster), batch_size (images per predictor
# call, 4), recursive (true: look into subfolders), spark.* (Spark's own, e.g. spark.executor.memory
# 4g). Writes gray/, color/ and predictions.parquet under exp/DATASET/NAME/prediction (or
# save_folder). Unreadable images are named and skipped; the exit code is then 3. See docs/spark.md.
if [ $# -lt 3 ]; then
  echo "usage: sh tool/predict_spark.sh DATASET NAME INPUT [key value ...]   (e.g. sh tool/predict_spark.sh camvid segnet_0.75 photos/ master local[2] batch_size 8)" >&2
  exit 2
fi
dataset=$1
name=$2
input=$3
shift 3
# the module flags Spark's own launcher adds on Java 17 (the list of acosp-spark/pom.xml's
# spark.add.opens); Spark's loopback and native-Hadoop notices are left out of the output
JAVA_OPTS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false \
-Dorg.slf4j.simpleLogger.log.org.apache.spark.util.Utils=error \
-Dorg.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader=error ${JAVA_OPTS:-}"
cp_module=acosp-spark
. "$(dirname "$0")/classpath.sh"
run_java ai.acosp.spark.SparkPredict "config/$dataset/${dataset}_$name.yaml" "$input" "$@"
