#!/bin/sh
# The embedded ACoSP experiment, on the CPU in a few minutes: builds the project if needed, then
# trains and tests a dense SegNet and a SegNet at ACoSP-4 on the synthetic data set and prints
# mIoU, masked layers and parameter and multiply-add ratios.
#   sh tool/demo.sh [key value ...]      (overrides for both runs, e.g. epochs 2)
# small arrays: the allocator setting that keeps all freed memory is the faster one here
ACOSP_MALLOC="${ACOSP_MALLOC:-keep}"
. "$(dirname "$0")/classpath.sh"
run_java ai.acosp.train.cli.Demo "$@"
