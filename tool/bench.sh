#!/bin/sh
# The CPU benchmark: training step (dense vs soft masks), inference (dense, hard-masked, compact
# ACoSP-2/4/8/16) with parameters and MACs for SegNet 1x3x96x128 and PSPNet-50 1x3x97x97, and the
# data pipeline rate (ADE20K setting), with ratios, thread count and load average:
#   sh tool/bench.sh [all|train,infer,data] [key=value ...]
# keys: models=segnet,psp rounds=11 steps=7 segnet=96x128 psp=97x97 psp_batch=2 images=16 batch=8
#       epochs=2 workers=1,2 threads=1; e.g. sh tool/bench.sh infer models=segnet threads=2
# threads=1 (default) pins the engine to one thread: two threads on two shared cores swing 2-10x.
# The selection study: ACoSP-4 SegNet on the synthetic set from one dense checkpoint with the channels
# chosen six ways (reference, visible, groups, groups_visible, random, l1), each over the seeds, test
# mIoU mean and spread, compact MACs and speed-up (docs/results.md#selection-study; about 2 minutes a run):
#   sh tool/bench.sh study [seeds=1,2,3] [variants=all] [rounds=11] [threads=1]
# The real-size benchmark: each case in a fresh JVM beside the same work in PyTorch (Debian's
# python3-torch, skipped when absent), median time and peak RSS of the process, with ratios:
#   sh tool/bench.sh scale [cases=segnet_infer,segnet_infer720,segnet_step,segnet_test,psp_infer,
#                           psp_step,conv_psp_head,conv_segnet,compact_camvid,compact_cityscapes]
#                          [reps=3] [threads=2]
# The Spark benchmark: images/s of tool/predict_spark.sh's job on local[1] and local[2] (one engine
# thread per task) against tool/predict.sh (1 and 2 threads) in one JVM, each in a fresh JVM, on
# random 360x480 PNGs with the compact camvid segnet_0.75 model (a hard-masked checkpoint,
# compacted), the model load per executor JVM and the parallel efficiency (docs/spark.md):
#   sh tool/bench.sh spark [images=64] [size=360x480] [reps=1] [runs=spark1,spark2,predict1,predict2]
#                          [batch_size=4] [partition_mb=8] [config=config/camvid/camvid_segnet_0.75.yaml]
#                          [job=100000]
# oneDNN's path is the other tools' (tool/onednn.sh): the default, fastest one on a CPU with AVX2;
# ONEDNN_MAX_CPU_ISA=ALL times the fast path where the check chose SSE4.1. Compaction is the same
# on every machine (no channel rounding)
# the same allocator setting as the measured figures of docs/benchmarks.md (and PyTorch's twin gets it too)
ACOSP_MALLOC="${ACOSP_MALLOC:-keep}"
# the benchmark lives in acosp-bench, outside the production modules; the Spark benchmark in
# acosp-spark (package ai.acosp.spark.bench, left out of its application jar), with Spark on the
# class path and Spark's Java 17 module flags
cp_module=acosp-bench
main=ai.acosp.bench.cli.Bench
if [ "${1:-}" = spark ]; then
  shift
  cp_module=acosp-spark
  main=ai.acosp.spark.bench.SparkBenchmark
  . "$(dirname "$0")/spark_java_opts.sh"
fi
. "$(dirname "$0")/classpath.sh"
run_java "$main" "$@"
