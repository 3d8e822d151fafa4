# Sourced by the tool/*.sh scripts: moves to the repository root and sets CP to the classpath of
# acosp-train, building the project with Maven first when it was never built or a source changed.
# A script that sets cp_module=acosp-bench before sourcing (tool/bench.sh) gets acosp-bench's
# classpath instead: its classes, acosp-train's and the benchmark's extra dependencies;
# cp_module=acosp-spark (tool/predict_spark.sh) adds Spark, which that module's build lists too.
# JAVA_OPTS adds JVM options (e.g. JAVA_OPTS=-Xmx16g).
cd "$(dirname "$0")/.." || exit 1
cp_module=${cp_module:-acosp-train}
stamp=$cp_module/target/classpath.txt
if [ ! -f "$stamp" ] || [ -n "$(find . -path ./exp -prune -o \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -newer "$stamp" -print | head -n 1)" ]; then
  echo "Building with Maven (once; later runs reuse the build) ..." >&2
  mvn -B -q -DskipTests install || exit 1  # the builds of acosp-train and acosp-bench write the classpath files
  # the plugin leaves an unchanged file as it was; the whole project was just built
  for _other in acosp-train/target/classpath.txt acosp-bench/target/classpath.txt acosp-spark/target/classpath.txt; do
    if [ -f "$_other" ]; then touch "$_other"; fi
  done
fi
# this checkout's own module classes, never acosp jars (installed in ~/.m2 by another checkout, or
# the reactor's module jars that the build's classpath file names)
deps=$(tr ':' '\n' < "$stamp" | grep -v -e '/ai/acosp/' -e '/acosp-[a-z]*/target/' | paste -sd: -)
CP="acosp-train/target/classes:acosp-models/target/classes:acosp-data/target/classes:acosp-core/target/classes:$deps"
if [ "$cp_module" != acosp-train ]; then
  CP="$cp_module/target/classes:$CP"
fi
# DJL warns "Failed to detect GPU count" wherever a CUDA runtime is installed without a driver;
# the tools say themselves when a configuration asks for a GPU that is not there (train_gpu, test_gpu)
JAVA_OPTS="-Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error ${JAVA_OPTS:-}"

# Tools that only predict (tool/test.sh, tool/predict.sh) set ACOSP_PREDICTS=1 before sourcing
# this file: a young generation of 64 MB, so that the collector runs every few images and the
# heap pages and direct buffers of each image's Java arrays are reused instead of touched anew
# (G1 would size it to hundreds of MB, which the process then keeps resident), and the allocator
# setting map (tool/allocator.sh) unless ACOSP_MALLOC says otherwise. JAVA_OPTS can override both
# (a later -Xmn wins).
if [ "${ACOSP_PREDICTS:-}" = 1 ]; then
  JAVA_OPTS="-Xmn64m $JAVA_OPTS"
  ACOSP_MALLOC="${ACOSP_MALLOC:-map}"
fi

. tool/allocator.sh || exit 2

# run_java CLASS [ARGS...]: java on CP with its exit status. libtorch prints "Could not initialize
# NNPACK" on stderr for every CPU convolution on processors NNPACK does not support (harmless;
# TORCH_CPP_LOG_LEVEL does not silence it), so that line is dropped from stderr. On Ctrl-C or
# SIGTERM the shells wait for java (training saves a checkpoint first) and the filter lives on to
# pass its last lines. A JVM crash report goes to the experiment folder (exp/ for the demo and
# bench), never to the repository root.
run_java() {
  _status=$(mktemp)
  trap : INT TERM
  { { trap : INT TERM; java $JAVA_OPTS -XX:ErrorFile="${ACOSP_EXP_ROOT:-exp}/${dataset:+$dataset/$name/}hs_err_pid%p.log" \
        -cp "$CP" "$@" 2>&1 1>&3 3>&-; echo $? > "$_status"; } \
      | (trap '' INT TERM; exec grep --line-buffered -v 'Could not initialize NNPACK') >&2; } 3>&1
  trap - INT TERM
  _rc=$(cat "$_status")
  rm -f "$_status"
  return "$_rc"
}

# oneDNN's path, chosen before libtorch loads: see tool/onednn.sh (one line says which and why;
# a short JVM checks convolutions only on a CPU without AVX2 or with ACOSP_ONEDNN_CHECK=1)
. tool/onednn.sh
