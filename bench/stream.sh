#!/usr/bin/env bash
# Streaming load test: `gerrymeter ensemble score --plans -` on 100,000, 1,000,000 and
# N (default 10,000,000) generated plans, none of them stored on disk. Reports wall time,
# plans/s and peak resident memory of gerrymeter (/usr/bin/time) per run, so the table
# shows whether memory stays flat as the ensemble grows.
#   bench/stream.sh [N]
# Plans: bench/plangen.c (compiled here) writes plan p = the sample state's enacted plan
# (testdata/sample, 324 precincts, 6 districts) with 1..48 random units moved to a random
# district, as GMEN or JSONL, into a pipe. Scored with the rook graph (cut edges,
# Polsby-Popper) and the enacted plan as --reference. Each summary is checked: its plan
# count must equal the plans generated.
set -euo pipefail
cd "$(dirname "$0")/.."
big=${1:-10000000}
. bench/lib.sh
bench_build
d=build-rel/stream
mkdir -p "$d"
cc -O2 -std=c11 bench/plangen.c -o "$d/plangen"
S=testdata/sample
"$GM" graph --units "$S/precincts.gpkg" -o "$d/graph.json" 2>/dev/null
ARGS=(ensemble score --units "$S/precincts.gpkg" --pop TOTPOP --votes D=G16D,R=G16R
      --graph "$d/graph.json" --reference CD --plans - -q)

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
# run N FORMAT ROWS: generate N plans as FORMAT into gerrymeter; ROWS=rows writes the
# per-plan CSV rows to standard output (sent to /dev/null), else -o none.
run() {
  local n=$1 fmt=$2 rows=$3 out=(-o none)
  [ "$rows" = rows ] && out=()
  "$d/plangen" "$S/assignment.csv" "$n" "$fmt" |
    /usr/bin/time -f "%e %U %M" -o "$d/time.txt" \
      "$GM" "${ARGS[@]}" --plans-format "$fmt" "${out[@]}" --summary "$d/summary.json" >/dev/null
  read -r secs user kb < <(tail -1 "$d/time.txt")
  python3 - "$d/summary.json" "$n" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
assert s["plans"] == n, "summary counts %d plans, generated %d" % (s["plans"], n)
assert s["metrics"]["efficiency_gap"]["n"] == n
PY
  local what="$fmt, summary only"
  [ "$rows" = rows ] && what="$fmt, summary + CSV rows"
  awk -v n="$n" -v w="$what" -v s="$secs" -v u="$user" -v kb="$kb" \
    'BEGIN { printf "| %10d | %-26s | %7.1f s | %7.1f s | %9.0f | %6.1f MB |\n", n, w, s, u, n / s, kb / 1024 }'
}
echo "| plans | input (stdin) | wall | user | plans/s (wall) | peak RSS |"
echo "|---|---|---|---|---|---|"
for n in 100000 1000000 "$big"; do
  run "$n" gmen none
  run "$n" jsonl none
  run "$n" gmen rows
done
