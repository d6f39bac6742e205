#!/usr/bin/env bash
# Load + assign + score for Minnesota (4,120 precincts), beside the time GDAL itself
# needs to read the file. Goals: column plan within 2x of the GDAL read, polygon plan
# within 5x. Needs hyperfine (scripts/install-deps.sh bench). Usage: bench/foundation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
S=${GM_SHARED_DATA:-../shared/data}
MN=$(realpath "$S/mggg_MN/mn_08_16.zip")
CDS=$(realpath "$S/us_congressional_districts/cds_2012.gpkg")
. bench/lib.sh
bench_build
out=$(mktemp)
hyperfine -N -w 2 -r "${RUNS:-15}" --export-json "$out" \
  -n gdal_read "ogr2ogr -f CSV /vsistdout/ /vsizip/$MN -select TOTPOP" \
  -n column_plan "$GM score --units $MN --plan CONGDIST --votes D=USH16D,R=USH16R --pop TOTPOP --format csv" \
  -n polygon_plan "$GM score --units $MN --plan $CDS:cds_2012 --plan-where \"STATE='MN'\" --district-id DISTRICT --votes D=USH16D,R=USH16R --pop TOTPOP --format csv" \
  >/dev/null
python3 - "$out" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
g = r["gdal_read"]["median"]
print(f"GDAL read (ogr2ogr -select TOTPOP): {g*1000:7.1f} ms")
for name, goal in (("column_plan", 2), ("polygon_plan", 5)):
    t = r[name]["median"]
    print(f"{name:13s}: {t*1000:7.1f} ms  = {t/g:4.2f}x the GDAL read (goal <= {goal}x) {'ok' if t/g <= goal else 'MISSED'}")
PY
rm -f "$out"
