#!/bin/sh
# Tests an experiment, as semseg's tool/test.sh:
#   sh tool/test.sh DATASET NAME [key value ...]
# reads config/DATASET/DATASET_NAME.yaml; model_path defaults to the experiment's final checkpoint.
# engine onnxruntime runs the model.onnx of tool/export.sh (default <save_path>/model.onnx) instead.
if [ $# -lt 2 ]; then
  echo "usage: sh tool/test.sh DATASET NAME [key value ...]   (e.g. sh tool/test.sh cityscapes segnet)" >&2
  exit 2
fi
dataset=$1
name=$2
shift 2
ACOSP_PREDICTS=1 # a small young generation and the allocator setting map (tool/classpath.sh)
. "$(dirname "$0")/classpath.sh"
run_java ai.acosp.train.cli.Test "config/$dataset/${dataset}_$name.yaml" "$@"
