#!/bin/sh
# Trains an experiment and then tests its final checkpoint, as semseg's tool/train.sh:
#   sh tool/train.sh DATASET NAME [key value ...]
# reads config/DATASET/DATASET_NAME.yaml; the overrides apply to training and testing.
if [ $# -lt 2 ]; then
  echo "usage: sh tool/train.sh DATASET NAME [key value ...]   (e.g. sh tool/train.sh ade20k pspnet50)" >&2
  exit 2
fi
dataset=$1
name=$2
shift 2
. "$(dirname "$0")/classpath.sh"
config="config/$dataset/${dataset}_$name.yaml"
run_java ai.acosp.train.cli.Train "$config" "$@" || exit $?
run_java ai.acosp.train.cli.Test "$config" "$@"
