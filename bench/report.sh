#!/usr/bin/env bash
# gerrymeter report of the Minnesota House plan (134 districts, 4,120 precincts) against
# `gerrymeter score --compactness` of the same inputs, which reads the same geometry and
# dissolves the same districts: the ratio is what the map (second dissolve, border
# simplification, labels) and the page cost on top of the numbers. Goal: report <= 2x
# score --compactness, and the page < 2 MB. Needs hyperfine (scripts/install-deps.sh
# bench). Usage: bench/report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
S=${GM_SHARED_DATA:-../shared/data}
MN=$(realpath "$S/mggg_MN/mn_08_16.zip")
. bench/lib.sh
bench_build
A="--units $MN --plan MNLEGDIST --votes D=LEG16D,R=LEG16R --pop TOTPOP"
out=$(mktemp) page=$(mktemp --suffix=.html)
hyperfine -N -w 1 -r "${RUNS:-10}" --export-json "$out" \
  -n score_compactness "$GM score $A --compactness --format json" \
  -n report "$GM report $A -o $page" \
  -n report_no_map "$GM report $A --no-map -o $page" \
  >/dev/null
"$GM" report $A -o "$page"
python3 - "$out" "$(stat -c %s "$page")" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
ref = r["score_compactness"]
for k, v in r.items():
    print(f"{k:18s} {v*1000:8.0f} ms   {v/ref:5.2f}x score --compactness")
size = int(sys.argv[2])
print(f"page: {size} bytes")
print("goal: report <= 2x score --compactness:", "met" if r["report"] <= 2 * ref else "MISSED")
print("goal: page < 2 MB:", "met" if size < 2_000_000 else "MISSED")
PY
rm -f "$out" "$page"
