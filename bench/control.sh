#!/usr/bin/env bash
# `gerrymeter control` with no arguments (shipped tables, 2,176 district results, 2,000
# bootstrap resamples per group) beside Python merely reading the same two tables with
# the csv module. Goals: under 1 s absolute (issue 7) and within 1x the Python read.
# Needs hyperfine (scripts/install-deps.sh bench). Usage: bench/control.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_build
T=testdata/control
out=$(mktemp)
hyperfine -N -w 2 -r "${RUNS:-20}" --export-json "$out" \
  -n python_read "python3 -c \"import csv;[list(csv.reader(open(f))) for f in ('$T/congress_control.csv','$T/us_house_2012_2020.csv')]\"" \
  -n control "$GM control" \
  -n control_impute_json "$GM control --uncontested impute --format json" \
  -n control_20k_boot "$GM control --bootstrap 20000" \
  >/dev/null
python3 - "$out" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
p = r["python_read"]["median"]
print(f"python csv read of both tables: {p*1000:7.1f} ms")
for name in ("control", "control_impute_json", "control_20k_boot"):
    t = r[name]["median"]
    ok = "ok" if t < 1.0 and (name != "control" or t <= p) else "MISSED"
    print(f"{name:20s}: {t*1000:7.1f} ms = {t/p:4.2f}x the Python read (goal < 1 s{', <= 1x' if name == 'control' else ''}) {ok}")
PY
rm -f "$out"
