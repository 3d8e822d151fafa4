#!/bin/sh
# Inference benchmark of dense, hard-masked and compacted SegNet / PSPNet-50 (ACoSP-2/4/8/16):
#   sh tool/bench.sh [segnet|psp|all] [rounds] [HxW SegNet] [HxW PSPNet]
# e.g. sh tool/bench.sh segnet 7 96x128. Prints medians, ratios to dense, parameter counts and the
# load average. (Training-step and data-pipeline timings are not part of it yet.)
. "$(dirname "$0")/classpath.sh"
exec java $JAVA_OPTS -cp "$CP" ai.acosp.train.bench.CompactionBenchmark "$@"
