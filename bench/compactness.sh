#!/usr/bin/env bash
# Compactness of all 435 districts of cds_2016.gpkg on one thread (goal: < 2 s), beside
# geopandas/shapely computing Polsby-Popper, Reock and the hull ratio of the same
# districts (bench/compactness_geopandas.py). Needs hyperfine and python3-geopandas
# (scripts/install-deps.sh bench). Usage: bench/compactness.sh
set -euo pipefail
cd "$(dirname "$0")/.."
S=${GM_SHARED_DATA:-../shared/data}
CDS=$(realpath "$S/us_congressional_districts/cds_2016.gpkg")
. bench/lib.sh
bench_build
PY=/usr/bin/python3   # Debian's python3 carries python3-geopandas
out=$(mktemp)
hyperfine -N -w 1 -r "${RUNS:-5}" --export-json "$out" \
  -n gerrymeter "$GM compactness $CDS --id CODE --format csv" \
  -n gerrymeter_dra "$GM compactness $CDS --id CODE --convention dra --format csv" \
  -n geopandas "$PY bench/compactness_geopandas.py $CDS" \
  >/dev/null
python3 - "$out" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
ref = r["geopandas"]
for k, v in r.items():
    print(f"{k:16s} {v*1000:8.0f} ms   {v/ref:5.2f}x geopandas")
print("goal: gerrymeter < 2 s:", "met" if r["gerrymeter"] < 2 else "MISSED")
PY
rm -f "$out"
