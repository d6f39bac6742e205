#!/usr/bin/env bash
# Several elections in the ensemble kernel (see bench/README.md, "## Several elections in
# the ensemble kernel"). Builds a Release tree in build-rel/, then on the Minnesota
# congressional ensemble (10,001 plans, 8 districts) measures, one thread, in one run, the
# batch kernel with 1, 2, 3 and 4 elections (--election: each election's metrics and the
# composite's) beside the kernel with one election (--votes), and the cost of each extra
# election as a ratio of times (bench/elections_kernel.c).
#   bench/elections.sh [SECONDS_PER_CASE] [N_PLANS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${GM_SHARED_DATA:-$here/../shared/data}
MN="$shared/mggg_MN/mn_08_16.zip"
work=$(mktemp -d "${TMPDIR:-/tmp}/gm-elections-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
B="$here/build-rel"
cmake -S "$here" -B "$B" -DCMAKE_BUILD_TYPE=Release -DGERRYMETER_TESTS=OFF >/dev/null
cmake --build "$B" -j2 >/dev/null
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$here/include" -I"$here/engine" \
  "$here/bench/elections_kernel.c" "$B/libgerrymeter.a" $(pkg-config --libs gdal proj) -lgeos_c \
  -lpthread -lm -o "$work/kernel"
echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== MN congressional ensemble (8 districts)"
"$work/kernel" "$MN" "$shared/ensembles/mn_congdist_recom_10000.jsonl.xz" 8 "${2:-10001}" "${1:-6}"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
