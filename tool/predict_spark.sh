#!/bin/sh
# Segments every image under a path with an experiment's model on Apache Spark:
#   sh tool/predict_spark.sh DATASET NAME INPUT [key value ...]
# INPUT is a folder, an image, a glob or any path Spark reads (hdfs://, s3a://, ...); INPUT `test`
# evaluates the experiment's test list (data_root, test_list) and prints test.sh's Eval line.
# model_path: a model folder (tool/compact.sh, tool/serving.sh) or a checkpoint (written first as
# a serving folder); default the compact folder, else the final checkpoint. engine onnxruntime (or
# a model_path ending in .onnx): ONNX Runtime runs model.onnx of tool/export.sh, default
# <save_path>/model.onnx, or the one in the model_path folder. Job keys: master
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
# Spark's Java 17 module flags
. "$(dirname "$0")/spark_java_opts.sh"
cp_module=acosp-spark
. "$(dirname "$0")/classpath.sh"
run_java ai.acosp.spark.SparkPredict "config/$dataset/${dataset}_$name.yaml" "$input" "$@"
