# gerrymeter score on the bundled fixtures (testdata/tiny, testdata/sample): the totals
# and efficiency gaps worked out in their README.md files. Needs no shared data.
. "$(dirname "$0")/lib.bash"
T="$GM_SRC/testdata/tiny"
S="$GM_SRC/testdata/sample"

# tiny grid, G16: district totals by hand; EG = (1500 - 500) / 4000
expect 0 "tiny geojson csv" -- "$GM" score --units "$T/precincts.geojson" --plan CD --votes D=G16D,R=G16R --pop TOTPOP --format csv
contains "$tmp/out" "2,4,10100,100,0.01,400,600," "tiny CD 2 row"
contains "$tmp/out" "3,4,9900,-100,-0.01,400,600," "tiny CD 3 row"
expect 0 "tiny json" -- "$GM" score --units "$T/precincts.gpkg" --plan "$T/assignment.csv" --join PRECINCT --votes D=G16D,R=G16R --pop TOTPOP --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
p = json.load(open(sys.argv[1]))["plan"]
assert p["efficiency_gap"] == 0.25, p["efficiency_gap"]
assert p["seats"] == {"D": 1, "R": 3}
assert abs(p["population_deviation"]["range"] - 0.02) < 1e-15
PY
# G20 has a 500-500 tie in CD 2 (each side wastes 250): EG = (1250 - 750) / 4000
expect 0 "tiny tie" -- "$GM" score --units "$T/precincts.geojson" --plan "$T/districts.geojson" --district-id CD --votes D=G20D,R=G20R --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
p = json.load(open(sys.argv[1]))["plan"]
assert p["efficiency_gap"] == 0.125 and p["ties"] == 1 and p["seats"] == {"D": 1, "R": 2}, p
assert p["split_units"] == []
PY

# a layer without a CRS: error unless --crs is given
expect 1 "no CRS" -- "$GM" score --units "$T/precincts_nocrs.zip" --plan "$T/districts.geojson" --district-id CD --votes D=G16D,R=G16R
contains "$tmp/err" "has no coordinate reference system (e.g. the .prj is missing); give the layer's CRS (e.g. EPSG:26915); pass it with --crs" "no-CRS message"
expect 0 "no CRS with --crs" -- "$GM" score --units "$T/precincts_nocrs.zip" --crs EPSG:32614 --plan "$T/districts.geojson" --district-id CD --votes D=G16D,R=G16R --format csv
contains "$tmp/out" "1,4,0,0,,750,250,0.75,D" "no-CRS grid with --crs"

# sample state: the three formats and the three plan sources give the README totals
for f in precincts.gpkg precincts.zip precincts.geojson; do
  expect 0 "sample $f" -- "$GM" score --units "$S/$f" --plan CD --votes D=G20D,R=G20R --pop TOTPOP --format csv
  contains "$tmp/out" "1,34,116510,55.6666" "sample $f CD 1 (ideal 698726/6)"
  contains "$tmp/out" "5,63,115881,-573.333" "sample $f CD 5"
  contains "$tmp/out" ",24718,33096," "sample $f CD 5 G20 votes"
done
expect 0 "sample districts.gpkg" -- "$GM" score --units "$S/precincts.gpkg" --plan "$S/districts.gpkg" --district-id CD --votes D=G16D,R=G16R --pop TOTPOP --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
p = j["plan"]
assert p["split_units"] == [] and p["seats"] == {"D": 1, "R": 5}
assert abs(p["efficiency_gap"] - 0.2492375607) < 1e-10, p["efficiency_gap"]
pops = [d["population"] for d in j["districts"]]
assert pops == [116510, 116814, 116421, 116767, 115881, 116333], pops
PY
expect 0 "sample assignment.csv" -- "$GM" score --units "$S/precincts.zip" --plan "$S/assignment.csv" --join PRECINCT --votes D=G16D,R=G16R --format csv
contains "$tmp/out" "1,34,0,0,,38241,13810," "sample assignment CD 1 G16"
finish
