#!/usr/bin/env bash
# The Python module against the command (bench/README.md, "## Python").
#   bench/python.sh [RUNS]
# Builds a Release tree in build-rel/ (with the module), then on the Minnesota
# congressional ensemble (4,120 precincts, 8 districts, the 10,001 plans of
# ../shared/data/ensembles as a 2-D array) measures, alternately, RUNS times (default 5):
#   cli      `gerrymeter ensemble score` from GMEN, graph file, summary, rows discarded:
#            load the units, read the graph, stream and score the plans (end to end);
#   cli1     the same with a GMEN file of the first plan alone: what the command spends
#            besides scoring (cli - cli1 = the 10,000 other plans through the C kernel);
#   python   the same in one python3 process: gm.load_units, Graph.from_networkx_json,
#            the plans as a 2-D uint8 array (np.fromfile over the same GMEN file) and
#            gm.score_ensemble with the summary (end to end, interpreter start included);
#   call     the gm.score_ensemble call alone (the plans already in memory);
# and numpy's bincount scoring of the same plans (bench/ensemble_numpy.py, 1 thread).
# Reports medians of wall and CPU (user + system) time and the ratios CLI / Python, of
# the scoring (cli - cli1 against the call) and end to end (the goal: Python at >= 90 %
# of the command's speed, a ratio >= 0.90).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
shared=${GM_SHARED_DATA:-$PWD/../shared/data}
MN="$shared/mggg_MN/mn_08_16.zip"
ENS="$shared/ensembles/mn_congdist_recom_10000.jsonl.xz"
RUNS=${1:-5}
PY=${PYTHON:-/usr/bin/python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/gm-py-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
bench_build
export PYTHONPATH=$PWD/build-rel/python
"$GM" graph --units "$MN" -o "$work/mn.json" 2>/dev/null
"$GM" ensemble convert --plans "$ENS" -o "$work/mn.gmen" 2>/dev/null
head -c $((32 + 8 + 4120)) "$work/mn.gmen" >"$work/one.gmen" # the header and the first plan
ogr2ogr -f CSV "$work/units.csv" "/vsizip/$(realpath "$MN")" -sql "SELECT TOTPOP, USH16D, USH16R FROM mn_08_16"
"$GM" graph --units "$MN" --format csv -o "$work/edges.csv" 2>/dev/null
"$PY" - "$work/mn.json" "$work/nodes.csv" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    f.write("area,boundary_perim\n")
    for n in j["nodes"]:
        f.write(f"{n['area']!r},{n.get('boundary_perim', 0.0)!r}\n")
PY
cat >"$work/run.py" <<'PY'
import os, sys, time, resource
import numpy as np
import gerrymeter as gm
mn, graph, gmen, out = sys.argv[1:5]
units = gm.load_units(mn, pop="TOTPOP", votes={"D": "USH16D", "R": "USH16R"}, geometry=False)
g = gm.Graph.from_networkx_json(graph, units=units)
head = np.fromfile(gmen, dtype=np.uint8, count=32)
n = int.from_bytes(head[8:12].tobytes(), "little")
rec = np.dtype([("sample", "<u8"), ("d", "u1", (n,))])
plans = np.fromfile(gmen, dtype=rec, offset=32)["d"]  # 10,001 x 4,120 uint8
c0, t0 = time.process_time(), time.perf_counter()
r = gm.score_ensemble(units, plans, graph=g)
t1, c1 = time.perf_counter(), time.process_time()
assert len(r["efficiency_gap"]) == plans.shape[0]
open(out, "w").write(f"{t1 - t0} {c1 - c0} {r['summary']['plans']}\n")
PY
echo "== machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); numpy $("$PY" -c 'import numpy; print(numpy.__version__)')"
wall() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
cpu() { /usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{print $1 + $2}'; }
: >"$work/cli"; : >"$work/cli1"; : >"$work/py"; : >"$work/call"
CLI=("$GM" ensemble score --units "$MN" --pop TOTPOP --votes D=USH16D,R=USH16R --graph "$work/mn.json"
  -o none --summary "$work/s.json" -q --plans)
for i in $(seq "$RUNS"); do
  echo "$(wall "${CLI[@]}" "$work/mn.gmen") $(cpu "${CLI[@]}" "$work/mn.gmen")" >>"$work/cli"
  echo "$(wall "${CLI[@]}" "$work/one.gmen") $(cpu "${CLI[@]}" "$work/one.gmen")" >>"$work/cli1"
  echo "$(wall "$PY" "$work/run.py" "$MN" "$work/mn.json" "$work/mn.gmen" "$work/o") $(cpu "$PY" "$work/run.py" "$MN" "$work/mn.json" "$work/mn.gmen" "$work/o")" >>"$work/py"
  cat "$work/o" >>"$work/call"
done
"$PY" - "$work" <<'PY'
import statistics as st, sys
w = sys.argv[1]
def col(f, i):
    return [float(l.split()[i]) for l in open(f"{w}/{f}") if l.strip()]
cw, cc = st.median(col("cli", 0)), st.median(col("cli", 1))
fw, fc = st.median(col("cli1", 0)), st.median(col("cli1", 1))
pw, pc = st.median(col("py", 0)), st.median(col("py", 1))
kw, kc = st.median(col("call", 0)), st.median(col("call", 1))
print(f"cli ensemble score (end to end): wall {cw:.3f} s, cpu {cc:.3f} s")
print(f"cli, one plan (fixed cost):      wall {fw:.3f} s, cpu {fc:.3f} s")
print(f"cli scoring (difference):        wall {cw - fw:.3f} s, cpu {cc - fc:.3f} s")
print(f"python (end to end):             wall {pw:.3f} s, cpu {pc:.3f} s")
print(f"gm.score_ensemble call alone:    wall {kw:.3f} s, cpu {kc:.3f} s  ({10001 / kw:,.0f} plans/s)")
print(f"speed python / cli, scoring:     wall {(cw - fw) / kw:.2f}, cpu {(cc - fc) / kc:.2f}  (goal >= 0.90)")
print(f"speed python / cli, end to end:  wall {cw / pw:.2f}, cpu {cc / pc:.2f}")
PY
echo "== numpy bincount (same plans, 1 thread; bench/ensemble_numpy.py)"
"$PY" bench/ensemble_numpy.py "$work/mn.gmen" "$work/units.csv" 8 "$work/edges.csv" "$work/nodes.csv"
