#!/bin/sh
# Exports an experiment's model to ONNX (opset 17) for ONNX Runtime and other runtimes:
#   sh tool/export.sh DATASET NAME [key value ...]
# reads config/DATASET/DATASET_NAME.yaml; model_path defaults to the experiment's final checkpoint
# (dense or masked); a compact-model folder from tool/compact.sh exports the compact network.
# Writes exp/DATASET/NAME/<save_path>/model.onnx (from a folder: model.onnx into the folder, which
# then also loads on ONNX Runtime) with input (N, 3, test_h, test_w): the batch is free, height and
# width are fixed (see the file's metadata).
if [ $# -lt 2 ]; then
  echo "usage: sh tool/export.sh DATASET NAME [key value ...]   (e.g. sh tool/export.sh synthetic segnet_0.75 model_path exp/synthetic/segnet_0.75/model/compact)" >&2
  exit 2
fi
dataset=$1
name=$2
shift 2
. "$(dirname "$0")/classpath.sh"
run_java ai.acosp.train.cli.Export "config/$dataset/${dataset}_$name.yaml" "$@"
