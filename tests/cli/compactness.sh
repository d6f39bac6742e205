# gerrymeter compactness: formats, conventions, errors.
. "$(dirname "$0")/lib.bash"
need_shared
CDS="$SHARED/us_congressional_districts/cds_2016.gpkg"
TOY="$SHARED/../vectors/dra_compactness/toy_districts.geojson"

expect 0 "compactness --help" -- "$GM" compactness --help; contains "$tmp/out" "--convention" "help"
expect 2 "no districts" -- "$GM" compactness
expect 2 "bad convention" -- "$GM" compactness "$CDS" --convention gerrychain
expect 2 "gpkg needs output" -- "$GM" compactness "$CDS" --format gpkg
expect 1 "missing id field" -- "$GM" compactness "$CDS" --id NOPE
contains "$tmp/err" "no district id field 'NOPE'" "missing field message"
expect 1 "geographic --crs" -- "$GM" compactness "$CDS" --crs EPSG:4326
contains "$tmp/err" "not a projected CRS" "geographic crs refused"

expect 0 "json" -- "$GM" compactness "$CDS" --id CODE --where "STATE = 'NH'" --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
c = json.load(open(sys.argv[1]))["compactness"]
d = {x["district"]: x for x in c["districts"]}
assert set(d) == {"NH-1", "NH-2"}, d.keys()
for x in d.values():
    for k in ("area_m2", "perimeter_m", "polsby_popper", "schwartzberg", "reock", "convex_hull",
              "length_width", "population_polygon", "population_circle", "cut_edges"):
        assert k in x, k
    pp = x["polsby_popper"]
    assert abs(x["schwartzberg"] - pp ** -0.5) < 1e-12 and abs(x["schwartzberg_inverse"] - pp ** 0.5) < 1e-12
    assert x["population_polygon"] is None and x["cut_edges"] is None
    assert 0 < x["reock"] < 1 and 0 < x["convex_hull"] < 1
assert c["summary"]["polsby_popper"]["districts"] == 2
PY

# PlanScore's test square around Lake Merritt: PP pi/4 and Reock 2/pi in EPSG:3857
expect 0 "planscore csv" -- "$GM" compactness "$TOY" --id id --convention planscore --format csv
contains "$tmp/out" "district,area_m2,perimeter_m,polsby_popper,schwartzberg" "csv header"
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import csv, math, sys
r = {x["district"]: x for x in csv.DictReader(open(sys.argv[1]))}
sq = r["lake-merritt-square"]
assert abs(float(sq["polsby_popper"]) - math.pi / 4) < 1e-4, sq
assert abs(float(sq["reock"]) - 2 / math.pi) < 1e-4, sq
PY
# DRA's KIWYSI values for the same square: reock 0.48935, polsby 0.785398
expect 0 "dra" -- "$GM" compactness "$TOY" --id id --convention dra --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
d = {x["district"]: x for x in json.load(open(sys.argv[1]))["compactness"]["districts"]}
sq = d["lake-merritt-square"]
assert abs(sq["reock"] - 0.4893549882012749) < 0.005 and abs(sq["polsby_popper"] - 0.7853981668633716) < 0.005, sq
PY

expect 0 "gpkg" -- "$GM" compactness "$CDS" --id CODE --where "STATE = 'MD'" --format gpkg -o "$tmp/md.gpkg"
if command -v ogrinfo >/dev/null; then
  ogrinfo -q "$tmp/md.gpkg" -sql "SELECT COUNT(*) AS n, MIN(polsby_popper) AS lo FROM compactness" > "$tmp/info" 2>&1
  contains "$tmp/info" "n (Integer) = 8" "gpkg has the 8 Maryland districts"
fi
expect 0 "text" -- "$GM" compactness "$CDS" --id CODE --where "STATE = 'MD'"
contains "$tmp/out" "Polsby-Popper  mean" "text summary"
finish
