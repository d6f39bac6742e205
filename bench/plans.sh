#!/usr/bin/env bash
# What the contiguity check costs (see bench/README.md, "Contiguity").
#   bench/plans.sh [BASE_COMMIT|BASE_TREE] [PAIRS]
# Builds Release trees of this checkout (build-rel/) and of BASE_COMMIT (default: the
# commit before contiguity, b51427f; taken with git archive into a temporary directory,
# or a source tree already unpacked),
# then runs old and new alternately, PAIRS times (default 9), and prints medians of
# whole-process CPU time (user + system, far less disturbed by other jobs than wall
# time) for:
#   * score of Minnesota (4,120 precincts) and New Hampshire (320) with a column plan:
#     old, new (contiguity checked by default: geometry read, graph built), new
#     --no-contiguity;
#   * gerrymeter graph on both (the overlap pass is new);
#   * the batch kernel of this checkout (bench/ensemble_kernel.c, 3,000 MN plans in
#     memory, one thread): with the graph but no contiguity (as before it) and with the
#     contiguity count per plan (the default with a graph), plans per CPU-second.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
base=${1:-b51427f}
pairs=${2:-9}
shared=${GM_SHARED_DATA:-$here/../shared/data}
MN="$shared/mggg_MN/mn_08_16.zip"
NH="$shared/mggg_NH/NH.zip"
ENS="$shared/ensembles/mn_congdist_recom_10000.jsonl.xz"
work=$(mktemp -d "${TMPDIR:-/tmp}/gm-plans-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
jobs=${GM_BUILD_JOBS:-2}

build() { # TREE -> TREE/build-rel
  cmake -S "$1" -B "$1/build-rel" -DCMAKE_BUILD_TYPE=Release -DGERRYMETER_TESTS=OFF >/dev/null
  cmake --build "$1/build-rel" -j"$jobs" >/dev/null
}
if [ -d "$base" ]; then
  oldtree=$(cd "$base" && pwd)
else
  oldtree="$work/old"
  mkdir -p "$oldtree"
  git -C "$here" archive "$base" | tar -x -C "$oldtree"
fi
build "$oldtree"
build "$here"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$here/include" -I"$here/engine" \
  "$here/bench/ensemble_kernel.c" "$here/build-rel/libgerrymeter.a" $(pkg-config --libs gdal proj) \
  -lgeos_c -lpthread -lm -o "$work/kernel"
OLD="$oldtree/build-rel/gerrymeter" NEW="$here/build-rel/gerrymeter"
"$NEW" ensemble convert --plans "$ENS" -o "$work/mn.gmen" 2>/dev/null

cpu() { # command... -> CPU seconds (user + system) of one run
  /usr/bin/time -f "%U %S" -o "$work/t" "$@" >/dev/null 2>&1
  awk '{ printf "%.3f\n", $1 + $2 }' "$work/t"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "== machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $pairs alternating runs each; base $base"
case_row() { # NAME, then the commands as strings: old, new, new opt-out (optional)
  local name=$1; shift
  local -a files=()
  for i in $(seq "$pairs"); do
    local j=0
    for c in "$@"; do
      # shellcheck disable=SC2086 # the command strings are split on purpose
      cpu $c >>"$work/r$j"
      j=$((j + 1))
    done
  done
  printf "%-34s" "$name"
  local j=0
  for c in "$@"; do printf " %8s s" "$(median <"$work/r$j")"; rm -f "$work/r$j"; j=$((j + 1)); done
  echo
}
echo "case                                    old         new   new --no-contiguity"
case_row "score MN CONGDIST (column plan)" \
  "$OLD score --units $MN --plan CONGDIST --votes D=USH16D,R=USH16R --pop TOTPOP" \
  "$NEW score --units $MN --plan CONGDIST --votes D=USH16D,R=USH16R --pop TOTPOP" \
  "$NEW score --units $MN --plan CONGDIST --votes D=USH16D,R=USH16R --pop TOTPOP --no-contiguity"
case_row "score NH CD (column plan)" \
  "$OLD score --units $NH --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP" \
  "$NEW score --units $NH --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP" \
  "$NEW score --units $NH --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP --no-contiguity"
case_row "score MN --compactness" \
  "$OLD score --units $MN --plan CONGDIST --pop TOTPOP --compactness" \
  "$NEW score --units $MN --plan CONGDIST --pop TOTPOP --compactness"
case_row "graph MN (load + build + JSON)" \
  "$OLD graph --units $MN -o $work/g_old.json" "$NEW graph --units $MN -o $work/g_new.json"
case_row "graph NH" \
  "$OLD graph --units $NH -o $work/g_old.json" "$NEW graph --units $NH -o $work/g_new.json"

echo "== kernel, 3,000 MN plans in memory, one thread, plans per CPU-second (3 runs)"
for i in 1 2 3; do
  "$work/kernel" "$MN" "$work/mn.gmen" 3000 1 2 | grep -E "^\+" | sed 's/  */ /g'
done
echo "== ensemble score end to end, 10,001 MN plans from GMEN, graph file, summary only (CPU s)"
"$NEW" graph --units "$MN" -o "$work/g_new.json" 2>/dev/null
"$OLD" graph --units "$MN" -o "$work/g_old.json" 2>/dev/null
E=(ensemble score --units "$MN" --pop TOTPOP --votes D=USH16D,R=USH16R --plans "$work/mn.gmen" -o none -q)
case_row "ensemble score (old, new, new --no-contiguity)" \
  "$OLD ${E[*]} --graph $work/g_old.json --summary $work/s1.json" \
  "$NEW ${E[*]} --graph $work/g_new.json --summary $work/s2.json" \
  "$NEW ${E[*]} --graph $work/g_new.json --summary $work/s3.json --no-contiguity"
