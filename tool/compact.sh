#!/bin/sh
# Compacts the trained checkpoint of an experiment and prints the report (per-layer channels,
# parameters, MACs, file sizes, inference latency dense / masked / compact):
#   sh tool/compact.sh DATASET NAME [key value ...]
# reads config/DATASET/DATASET_NAME.yaml; model_path defaults to the experiment's final checkpoint;
# the compact model goes to exp/DATASET/NAME/<save_path>/compact/ (load it with CompactModels.load).
# JAVA_OPTS=-Dacosp.compact.rounds=N sets the latency rounds (default 5, 0 skips them).
if [ $# -lt 2 ]; then
  echo "usage: sh tool/compact.sh DATASET NAME [key value ...]   (e.g. sh tool/compact.sh cityscapes segnet_0.75)" >&2
  exit 2
fi
dataset=$1
name=$2
shift 2
. "$(dirname "$0")/classpath.sh"
run_java ai.acosp.train.cli.Compact "config/$dataset/${dataset}_$name.yaml" "$@"
