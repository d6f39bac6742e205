#!/usr/bin/env bash
# ReCom generation beside frcw.rs on the same Minnesota graph (see bench/README.md,
# "## Generation"). Needs ../shared/peers/frcw (a prebuilt frcw and its graph recipe) and
# libmimalloc2.0 (scripts/install-deps.sh bench).
#   bench/generate.sh [STEPS]     (default 10000 steps per run; reversible runs 50x that)
# Every variant runs gerrymeter and frcw alternately, 3 times each, one thread (and two
# for the threads lines), and reports steps per second of wall time (process start and
# loading included for both, as in frcw's own table) and their ratio. Both read the same
# graph file (units, populations, plans and adjacency); one line has gerrymeter read the
# zipped shapefile through GDAL instead. 134 districts run 5x the steps.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${GM_SHARED_DATA:-$here/../shared/data}
F=${GM_FRCW:-$here/../shared/peers/frcw}
MN="$shared/mggg_MN/mn_08_16.zip"
STEPS=${1:-10000}
work=$(mktemp -d "${TMPDIR:-/tmp}/gm-gen-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$here"
. bench/lib.sh
bench_build
echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"

# The graph both read: gerrymeter's adjacency JSON with frcw's attributes (frcw's recipe),
# plus a balanced 134-district start (sample 500 of the shared MN House ensemble: the
# enacted MNLEGDIST has a district at -5.95 %, outside 5 %).
"$GM" graph --units "$MN" --id VTD -o "$work/mn_raw.json" 2>/dev/null
ogr2ogr -f CSV "$work/mn_attrs.csv" "/vsizip/$(realpath "$MN")" mn_08_16 \
  -sql "SELECT FID AS fid, VTD, CONGDIST, MNLEGDIST, TOTPOP FROM mn_08_16"
python3 "$F/make_mn_graph.py" "$work/mn_raw.json" "$work/mn_attrs.csv" "$work/mn.json" >/dev/null
xz -dc "$shared/ensembles/mn_mnlegdist_recom_1000.jsonl.xz" | sed -n 501p > "$work/leg500.jsonl"
python3 - "$work/mn.json" "$work/leg500.jsonl" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
a = json.loads(open(sys.argv[2]).read())["assignment"]
for i, n in enumerate(g["nodes"]):
    n["LEG_BAL"] = a[i] + 1
json.dump(g, open(sys.argv[1], "w"))
PY

wall_once() { # wall seconds of one run of a command
  local s e
  s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
  echo "$e - $s" | bc
}

printf '%-34s %10s %10s %7s\n' "variant" "gm step/s" "frcw st/s" "ratio"
run() { # name steps frcw-args -- gerrymeter-args (GM_CHAINS: gerrymeter's chains share the steps)
  local name=$1 steps=$2; shift 2
  local per=$((steps / ${GM_CHAINS:-1}))
  local fa=() ga=()
  while [ "$1" != -- ]; do fa+=("$1"); shift; done; shift
  ga=("$@")
  local tf tg g=() f=() u=("${UNITS[@]}")
  [ -n "${GM_FROM_LAYER:-}" ] && u=("${SHP[@]}")
  for _ in 1 2 3; do # alternating, so that a change of load hits both alike
    g+=("$(wall_once "$GM" ensemble generate "${u[@]}" --steps "$per" --seed 1 -q -o none "${ga[@]}")")
    f+=("$(wall_once "$F/bin/frcw" --graph-json "$work/mn.json" --pop-col TOTPOP --n-steps "$steps" \
      --rng-seed 1 "${fa[@]}")")
  done
  tg=$(printf '%s\n' "${g[@]}" | sort -g | sed -n 2p)
  tf=$(printf '%s\n' "${f[@]}" | sort -g | sed -n 2p)
  printf '%-34s %10.0f %10.0f %7.2f\n' "$name" "$(echo "$steps / $tg" | bc -l)" \
    "$(echo "$steps / $tf" | bc -l)" "$(echo "$tf / $tg" | bc -l)"
}
"$GM" graph --units "$MN" -o "$work/gm.json" 2>/dev/null
# Both programs read the same file: frcw's graph JSON, units and graph in one
# (`gerrymeter ensemble generate --units mn.json`). One line reads the zipped shapefile
# and gerrymeter's graph instead, as a run from the layer itself does.
UNITS=(--units "$work/mn.json" --pop TOTPOP)
SHP=(--units "$MN" --pop TOTPOP --graph "$work/gm.json")
C8=(--assignment-col CONGDIST --tol 0.02 --batch-size 1)
L134=(--assignment-col LEG_BAL --tol 0.05 --batch-size 1)
run "8 districts, 2%, Kruskal (rmst)" "$STEPS" "${C8[@]}" --n-threads 1 --variant cut-edges-rmst -- --plan CONGDIST
run "8 districts, 2%, Wilson (ust)" "$STEPS" "${C8[@]}" --n-threads 1 --variant cut-edges-ust -- --plan CONGDIST --tree wilson
run "8 districts, 2%, district pairs" "$STEPS" "${C8[@]}" --n-threads 1 --variant district-pairs-rmst -- --plan CONGDIST --pair district-pair
run "8 districts, 2%, reversible M=30" "$((STEPS * 50))" --assignment-col CONGDIST --tol 0.02 --batch-size 64 --n-threads 1 --variant reversible -M 30 -- --plan CONGDIST --method reversible --balance-ub 30
run "134 districts, 5%, Kruskal (rmst)" "$((STEPS * 5))" "${L134[@]}" --n-threads 1 --variant cut-edges-rmst -- --plan LEG_BAL --tolerance 0.05
run "134 districts, 5%, Wilson (ust)" "$((STEPS * 5))" "${L134[@]}" --n-threads 1 --variant cut-edges-ust -- --plan LEG_BAL --tolerance 0.05 --tree wilson
GM_FROM_LAYER=1 run "8 districts, Kruskal, from the layer" "$STEPS" "${C8[@]}" --n-threads 1 --variant cut-edges-rmst -- --plan CONGDIST
echo "== two threads (gerrymeter: 2 chains of the steps; frcw: 2 threads on one chain)"
GM_CHAINS=2 run "8 districts, 2%, Kruskal, 2 threads" "$STEPS" "${C8[@]}" --n-threads 2 --variant cut-edges-rmst -- --plan CONGDIST --chains 2 --threads 2
# gerrymeter's own scaling: the same two chains (the same plans) on one thread and on two,
# alternating, STEPS per chain
t1=() t2=()
for _ in 1 2 3; do
  t1+=("$(wall_once "$GM" ensemble generate "${UNITS[@]}" --plan CONGDIST --steps "$STEPS" --chains 2 --threads 1 --seed 1 -q -o none)")
  t2+=("$(wall_once "$GM" ensemble generate "${UNITS[@]}" --plan CONGDIST --steps "$STEPS" --chains 2 --threads 2 --seed 1 -q -o none)")
done
m1=$(printf '%s\n' "${t1[@]}" | sort -g | sed -n 2p)
m2=$(printf '%s\n' "${t2[@]}" | sort -g | sed -n 2p)
printf '%-34s %10s %10s %7.2f   (2 chains x %d steps: %.2f s on one thread, %.2f s on two)\n' \
  "gerrymeter, 2 threads / 1 thread" "" "" "$(echo "$m1 / $m2" | bc -l)" "$STEPS" "$m1" "$m2"
