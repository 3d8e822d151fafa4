# Sourced by tool/classpath.sh: glibc's allocator settings for libtorch's arrays (README "Memory
# allocator"; pom.xml gives the tests the default values).
#   ACOSP_MALLOC unset: glibc keeps the memory libtorch frees for its next arrays instead of mapping
#     fresh pages for every array above 32 MB and returning them on free (the page faults cost more
#     than the convolutions); one arena, because the JVM's threads are not the process's first.
#   ACOSP_MALLOC=lean: for real-size training when memory limits the batch. libtorch asks for huge
#     pages for arrays from 2 MB, and arrays from 256 MB are mapped for themselves and returned on
#     free, so they cannot split the kept memory into pieces too small for them. Slower for small
#     arrays (the demo).
#   ACOSP_MALLOC=glibc: glibc's own behaviour.
# Any MALLOC_ variable set by the user is kept as it is, with no setting of ours.
case "${ACOSP_MALLOC:-}" in
  "")
    if ! env | grep -q '^MALLOC_'; then
      export MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736
    fi ;;
  lean)
    if ! env | grep -q '^MALLOC_'; then
      export MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=68719476736
      export THP_MEM_ALLOC_ENABLE=1
    fi ;;
  glibc) ;;
  *)
    echo "ACOSP_MALLOC=$ACOSP_MALLOC is not a setting: use lean, glibc, or leave it unset (README \"Memory allocator\")" >&2
    return 2 2>/dev/null || exit 2 ;;
esac
