# Sourced by tool/classpath.sh: glibc's allocator settings for libtorch's arrays
# (docs/getting-started.md, "Memory allocator"). ACOSP_MALLOC chooses:
#   lean (the default where the kernel gives huge pages on request): one arena, freed memory kept
#     for the next arrays, huge pages for libtorch's arrays from 2 MB, and arrays from 256 MB mapped
#     for themselves and returned on free, so that the JVM's small blocks cannot split the kept
#     memory into pieces too small for them (the peak of long real-size trainings stays flat).
#   keep (the default where transparent huge pages are off; tool/demo.sh, tool/bench.sh and the
#     tests use it): one arena, all freed memory kept. Faster for small arrays; the peak of long
#     real-size trainings grows.
#   map (the default of tool/test.sh and tool/predict.sh, which only predict): one arena for the
#     small blocks, and every array from 2 MB mapped for itself (with huge pages) and returned on
#     free, so that the peak follows the live arrays instead of growing image after image as the
#     kept memory splits (test.sh of 8 CamVid images: 1.1-1.3 GB peak against 2.5 GB with lean),
#     for about 15-20 % more CPU time in the page faults of each window's fresh arrays.
#   glibc: glibc's own behaviour (every array above 32 MB mapped afresh: page faults).
# One arena, because the JVM runs main on a thread of its own, whose own arena would map every
# array above 64 MB afresh. No per-thread cache of small blocks (GLIBC_TUNABLES, unless set), whose
# unmerged blocks split the freed arrays' memory. Any MALLOC_ variable set by the user is kept, with no setting of ours.
# keep's values are in tool/allocator.env (the tests' environment too); sourced from the repository
# root, as tool/classpath.sh does. ACOSP_THP_SETTING_FILE stands in for the kernel's huge-page
# setting (AllocatorScriptTest).
_thp_setting=${ACOSP_THP_SETTING_FILE:-/sys/kernel/mm/transparent_hugepage/enabled}
if [ -z "${ACOSP_MALLOC:-}" ]; then
  if [ -r "$_thp_setting" ] && ! grep -q '\[never\]' "$_thp_setting"; then
    ACOSP_MALLOC=lean
  else
    ACOSP_MALLOC=keep
  fi
fi
case "$ACOSP_MALLOC" in
  lean|keep|map|glibc) ;;
  *)
    echo "ACOSP_MALLOC=$ACOSP_MALLOC is not a setting: use lean, keep, map or glibc, or leave it unset (docs/getting-started.md, \"Memory allocator\")" >&2
    return 2 2>/dev/null || exit 2 ;;
esac
if [ "$ACOSP_MALLOC" != glibc ] && ! env | grep -q '^MALLOC_'; then
  _user_tunables=${GLIBC_TUNABLES-}
  . tool/allocator.env
  if [ -n "$_user_tunables" ]; then
    GLIBC_TUNABLES=$_user_tunables
  fi
  export MALLOC_ARENA_MAX MALLOC_TRIM_THRESHOLD_ MALLOC_MMAP_THRESHOLD_ GLIBC_TUNABLES
  if [ "$ACOSP_MALLOC" = lean ]; then
    export MALLOC_MMAP_THRESHOLD_=268435456 THP_MEM_ALLOC_ENABLE=1
  elif [ "$ACOSP_MALLOC" = map ]; then
    export MALLOC_MMAP_THRESHOLD_=2097152 THP_MEM_ALLOC_ENABLE=1
  fi
fi
