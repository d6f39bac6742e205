#!/usr/bin/env bash
# Ensemble scoring benchmarks (see bench/README.md, "## Ensembles").
#   bench/ensemble.sh [--million]
# Builds a Release tree in build-rel/, then on the Minnesota congressional ensemble
# (4,120 precincts, 8 districts, 10,001 plans) measures, in one run:
#   * the batch kernel beside a plain one-plan-at-a-time C loop (plans per CPU-second),
#   * numpy on the same plans,
#   * the graph build, and end-to-end `gerrymeter ensemble score` from GMEN and JSONL.xz.
# --million also streams a generated 1,000,000-plan GMEN file (4.1 GB in $TMPDIR) and
# reports peak RSS beside the 10,001-plan run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${GM_SHARED_DATA:-$here/../shared/data}
MN="$shared/mggg_MN/mn_08_16.zip"
ENS="$shared/ensembles/mn_congdist_recom_10000.jsonl.xz"
work=$(mktemp -d "${TMPDIR:-/tmp}/gm-ens-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
B="$here/build-rel"
PY=${PYTHON:-/usr/bin/python3} # Debian python3 with python3-numpy
cmake -S "$here" -B "$B" -DCMAKE_BUILD_TYPE=Release -DGERRYMETER_TESTS=OFF >/dev/null
cmake --build "$B" -j2 >/dev/null
GM="$B/gerrymeter"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$here/include" -I"$here/engine" \
  "$here/bench/ensemble_kernel.c" "$B/libgerrymeter.a" $(pkg-config --libs gdal proj) -lgeos_c \
  -lpthread -lm -o "$work/kernel"

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== inputs"
"$GM" graph --units "$MN" -o "$work/mn.json" 2>/dev/null
"$GM" graph --units "$MN" --format csv -o "$work/edges.csv" 2>/dev/null
python3 - "$work/mn.json" "$work/nodes.csv" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    f.write("area,boundary_perim\n")
    for n in j["nodes"]:
        f.write(f"{n['area']!r},{n.get('boundary_perim', 0.0)!r}\n")
PY
ogr2ogr -f CSV "$work/units.csv" "/vsizip/$(realpath "$MN")" -sql "SELECT TOTPOP, USH16D, USH16R FROM mn_08_16"
"$GM" ensemble convert --plans "$ENS" -o "$work/mn.gmen"
echo "plans: 10,001 ($(stat -c %s "$work/mn.gmen") bytes as GMEN)"

echo "== kernel (plans in memory; 3,000 plans x repeated passes)"
"$work/kernel" "$MN" "$work/mn.gmen" 3000 "$(nproc)" 3

echo "== numpy $("$PY" -c "import numpy; print(numpy.__version__)") (same plans, 1 thread)"
"$PY" "$here/bench/ensemble_numpy.py" "$work/mn.gmen" "$work/units.csv" 8 --plans 3000
"$PY" "$here/bench/ensemble_numpy.py" "$work/mn.gmen" "$work/units.csv" 8 "$work/edges.csv" "$work/nodes.csv" --plans 3000

echo "== graph build, end to end (load the zipped shapefile + build + write JSON)"
hyperfine -N --warmup 1 --runs 5 "$GM graph --units $MN -o $work/g.json" 2>/dev/null | grep -E "Time|Range"

SRC=(--units "$MN" --pop TOTPOP --votes D=USH16D,R=USH16R --graph "$work/mn.json")
echo "== ensemble score end to end (10,001 plans, with graph, summary only)"
for plans in "$work/mn.gmen" "$ENS"; do
  /usr/bin/time -f "$(basename "$plans"): %e s wall, %U s user, peak RSS %M KB" \
    "$GM" ensemble score "${SRC[@]}" --plans "$plans" -o none --summary "$work/s.json"
done
/usr/bin/time -f "mn.gmen, rows as CSV: %e s wall, peak RSS %M KB" \
  "$GM" ensemble score "${SRC[@]}" --plans "$work/mn.gmen" -o "$work/rows.csv"

if [ "${1:-}" = "--million" ]; then
  echo "== 1,000,000 generated plans streamed from disk (the 10,001 plans cycled, renumbered)"
  "$PY" - "$work/mn.gmen" "$work/m.gmen" <<'PY'
import numpy as np, sys
src, dst = sys.argv[1], sys.argv[2]
head = np.fromfile(src, dtype=np.uint8, count=32)
rec = np.dtype([("sample", "<u8"), ("d", "u1", (4120,))])
p = np.fromfile(src, dtype=rec, offset=32)
with open(dst, "wb") as f:
    f.write(head.tobytes())
    done = 0
    while done < 1_000_000:
        c = p[: min(len(p), 1_000_000 - done)].copy()
        c["sample"] = np.arange(done, done + len(c))
        c.tofile(f)
        done += len(c)
PY
  ls -la "$work/m.gmen"
  /usr/bin/time -f "1,000,000 plans: %e s wall, %U s user, peak RSS %M KB" \
    "$GM" ensemble score "${SRC[@]}" --plans "$work/m.gmen" -o none --summary "$work/s.json"
  rm -f "$work/m.gmen"
fi
