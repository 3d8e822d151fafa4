#!/bin/sh
# Segments any images with an experiment's model:
#   sh tool/predict.sh DATASET NAME INPUT [key value ...]
# INPUT is an image (jpg, png, bmp) or a folder of them. model_path: the final checkpoint by
# default, a compact folder (tool/compact.sh) or a model.onnx (tool/export.sh, run by ONNX Runtime).
# engine onnxruntime: ONNX Runtime runs <save_path>/model.onnx, or model.onnx in the model_path folder.
# Writes gray/<name>.png, color/<name>.png and overlay/<name>.jpg under exp/DATASET/NAME/prediction
# (or save_folder). Unreadable images are named and skipped; the exit code is then 3.
if [ $# -lt 3 ]; then
  echo "usage: sh tool/predict.sh DATASET NAME INPUT [key value ...]   (e.g. sh tool/predict.sh camvid segnet_0.75 photos/ model_path exp/camvid/segnet_0.75/model/compact)" >&2
  exit 2
fi
dataset=$1
name=$2
input=$3
shift 3
ACOSP_PREDICTS=1 # a small young generation and the allocator setting map (tool/classpath.sh)
. "$(dirname "$0")/classpath.sh"
run_java ai.acosp.train.cli.Predict "config/$dataset/${dataset}_$name.yaml" "$input" "$@"
