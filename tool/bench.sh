#!/bin/sh
# The CPU benchmark: training step (dense vs soft masks), inference (dense, hard-masked, compact
# ACoSP-2/4/8/16) with parameters and MACs for SegNet 1x3x96x128 and PSPNet-50 1x3x97x97, and the
# data pipeline rate (ADE20K setting), with ratios, thread count and load average:
#   sh tool/bench.sh [all|train,infer,data] [key=value ...]
# keys: models=segnet,psp rounds=11 steps=7 segnet=96x128 psp=97x97 psp_batch=2 images=16 batch=8
#       epochs=2 workers=1,2 threads=1; e.g. sh tool/bench.sh infer models=segnet threads=2
# threads=1 (default) pins the engine to one thread: two threads on two shared cores swing 2-10x.
# The real-size benchmark: each case in a fresh JVM beside the same work in PyTorch (Debian's
# python3-torch, skipped when absent), median time and peak RSS of the process, with ratios:
#   sh tool/bench.sh scale [cases=segnet_infer,segnet_infer720,segnet_step,segnet_test,psp_infer,
#                           psp_step,conv_psp_head,conv_segnet,compact_camvid,compact_cityscapes]
#                          [reps=3] [threads=2]
# oneDNN's path is the other tools' (tool/onednn.sh): the default, fastest one on a CPU with AVX2;
# ONEDNN_MAX_CPU_ISA=ALL times the fast path where the check chose SSE4.1. Compaction is the same
# on every machine (no channel rounding)
# the same allocator setting as the measured figures of docs/benchmarks.md (and PyTorch's twin gets it too)
ACOSP_MALLOC="${ACOSP_MALLOC:-keep}"
# the benchmark lives in acosp-bench, outside the production modules
cp_module=acosp-bench
. "$(dirname "$0")/classpath.sh"
run_java ai.acosp.bench.cli.Bench "$@"
