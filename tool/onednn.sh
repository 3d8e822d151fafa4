# Sourced by tool/classpath.sh once run_java is defined: chooses oneDNN's instruction-set path
# before libtorch loads (ONEDNN_MAX_CPU_ISA) and prints one line on stderr saying which and why.
# libtorch 2.7.1's float32 convolutions were wrong on one CPU without AVX2 (more than 16 input
# channels, not a multiple of 16) on every path above SSE4.1. The check lives in one place,
# ai.acosp.train.cpu.OneDnnPath (a short JVM, ai.acosp.train.cli.OneDnnCheck), run only where it
# matters or where asked:
#   ONEDNN_MAX_CPU_ISA set   kept as it is, no check
#   ACOSP_ONEDNN_CHECK=1     the check runs now (the cached result is refreshed)
#   ACOSP_ONEDNN_CHECK=0     the default path, no check
#   otherwise                a CPU without AVX2 is checked (once per CPU and libtorch build, cached
#                            under ${XDG_CACHE_HOME:-$HOME/.cache}/acosp/): the default path where
#                            the check passes, SSE4.1 where it fails; a CPU with AVX2 (or without
#                            x86 flags) takes the default path and no extra JVM starts
# The choice changes how the engine computes, never a model: compaction is the same everywhere.
# ACOSP_CPUINFO_FILE replaces /proc/cpuinfo (for the tests).
_cpuinfo=${ACOSP_CPUINFO_FILE:-/proc/cpuinfo}
_flags=$(grep -m 1 '^flags' "$_cpuinfo" 2>/dev/null)
if [ -n "${ONEDNN_MAX_CPU_ISA:-}" ]; then
  echo "oneDNN: ONEDNN_MAX_CPU_ISA=$ONEDNN_MAX_CPU_ISA as set in the environment (no convolution check)" >&2
elif [ "${ACOSP_ONEDNN_CHECK:-}" = 0 ]; then
  echo "oneDNN: default path (ACOSP_ONEDNN_CHECK=0: no convolution check)" >&2
elif [ "${ACOSP_ONEDNN_CHECK:-}" = 1 ] || { [ -n "$_flags" ] && ! printf '%s\n' "$_flags" | grep -qw avx2; }; then
  if [ "${ACOSP_ONEDNN_CHECK:-}" = 1 ]; then _why=asked; else _why=no-avx2; fi
  _isa=$(run_java ai.acosp.train.cli.OneDnnCheck "$_why") || exit 1
  if [ "$_isa" != - ]; then
    export ONEDNN_MAX_CPU_ISA="$_isa"
  fi
elif [ -n "$_flags" ]; then
  echo "oneDNN: default path (the CPU has AVX2; the float32 convolution fault was seen only without it; ACOSP_ONEDNN_CHECK=1 checks)" >&2
else
  echo "oneDNN: default path (no x86 CPU flags in $_cpuinfo; ACOSP_ONEDNN_CHECK=1 checks)" >&2
fi
