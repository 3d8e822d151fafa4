#!/bin/sh
# Saves an experiment's dense or masked model as a DJL model folder (config.yaml, parameters,
# serving.properties) that DJL's Criteria and DJL Serving load:
#   sh tool/serving.sh DATASET NAME [key value ...]
# model_path defaults to the final checkpoint; writes exp/DATASET/NAME/<save_path>/serving/.
# (tool/compact.sh's compact folder is such a folder already.)
if [ $# -lt 2 ]; then
  echo "usage: sh tool/serving.sh DATASET NAME [key value ...]   (e.g. sh tool/serving.sh camvid segnet_0.75)" >&2
  exit 2
fi
dataset=$1
name=$2
shift 2
. "$(dirname "$0")/classpath.sh"
run_java ai.acosp.train.cli.ServingExport "config/$dataset/${dataset}_$name.yaml" "$@"
