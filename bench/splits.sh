#!/usr/bin/env bash
# Splits and demographics in the ensemble kernel (see bench/README.md, "## Splits and
# demographics"). Builds a Release tree in build-rel/, then on the Minnesota ensembles
# (congressional: 8 districts; state house: 134) measures, one thread, in one run, the
# batch kernel with county splits and two groups (black, hispanic) beside the kernel
# without them (bench/splits_kernel.c). Goal: >= 50,000 plans/s per core with them.
#   bench/splits.sh [SECONDS_PER_CASE]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${GM_SHARED_DATA:-$here/../shared/data}
MN="$shared/mggg_MN/mn_08_16.zip"
work=$(mktemp -d "${TMPDIR:-/tmp}/gm-splits-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
B="$here/build-rel"
cmake -S "$here" -B "$B" -DCMAKE_BUILD_TYPE=Release -DGERRYMETER_TESTS=OFF >/dev/null
cmake --build "$B" -j2 >/dev/null
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$here/include" -I"$here/engine" \
  "$here/bench/splits_kernel.c" "$B/libgerrymeter.a" $(pkg-config --libs gdal proj) -lgeos_c \
  -lpthread -lm -o "$work/kernel"
echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== MN congressional ensemble (8 districts)"
"$work/kernel" "$MN" "$shared/ensembles/mn_congdist_recom_10000.jsonl.xz" 8 3000 "${1:-6}"
echo "== MN state house ensemble (134 districts)"
"$work/kernel" "$MN" "$shared/ensembles/mn_mnlegdist_recom_1000.jsonl.xz" 134 1001 "${1:-6}"
