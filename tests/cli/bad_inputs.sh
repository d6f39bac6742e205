# Faulty inputs through the CLI (files in tests/bad_inputs/, see make_bad_inputs.py):
# each gives the reference result, a defined result, or a clear error with exit 1.
# Also: an output never overwrites an input; paths with spaces and non-ASCII names.
. "$(dirname "$0")/lib.bash"
B="$GM_SRC/tests/bad_inputs"
score_ref() { "$GM" score --units "$1" --id ID --pop POP --votes D=D,R=R "${@:2}"; }
# The reference result: districts 1 = {a,b}, 2 = {c,d}.
score_ref "$B/squares.geojson" --plan "$B/districts.geojson" --district-id DIST --format csv >"$tmp/ref.csv" 2>"$tmp/err" \
  || { echo "FAIL: reference run"; cat "$tmp/err"; exit 1; }
contains "$tmp/ref.csv" "1,2,30,-20," "reference district 1"
contains "$tmp/ref.csv" "2,2,70,20," "reference district 2"
same_as_ref() {
  if ! cmp -s "$tmp/out" "$tmp/ref.csv"; then echo "FAIL: $1: result differs from the reference"; diff "$tmp/ref.csv" "$tmp/out" | head -5; fails=$((fails+1)); fi
}

# --- geometry faults: repaired or harmless, same result as the clean layer
for f in bowtie self_intersection repeated_points unclosed_ring squares_3857; do
  expect 0 "$f overlaid" -- score_ref "$B/$f.geojson" --plan "$B/districts.geojson" --district-id DIST --format csv
  same_as_ref "$f"
done
expect 1 "null and empty geometry" -- score_ref "$B/empty_null.geojson" --plan "$B/districts.geojson" --district-id DIST
contains "$tmp/err" "gerrymeter: 2 units of $B/empty_null.geojson have no geometry (null or empty; unit ids: c, d)" "units without geometry named"
expect 0 "null geometry is fine for a column plan" -- score_ref "$B/empty_null.geojson" --plan CD --format csv
expect 1 "lon/lat labelled UTM" -- score_ref "$B/lonlat_as_utm.geojson" --plan "$B/districts.geojson" --district-id DIST
contains "$tmp/err" "look like longitude/latitude degrees, but the CRS says projected ('WGS 84 / UTM zone 16N'); give the layer's real CRS (EPSG:4326 for longitude/latitude); pass it with --crs" "mislabelled CRS detected"
expect 0 "--crs overrides the wrong label" -- score_ref "$B/lonlat_as_utm.geojson" --crs EPSG:4326 --plan "$B/districts.geojson" --district-id DIST --format csv
same_as_ref "lonlat_as_utm with --crs"
expect 1 "district layer: lon/lat labelled UTM" -- score_ref "$B/squares.geojson" --plan "$B/districts_lonlat_as_utm.geojson" --district-id DIST
contains "$tmp/err" "districts_lonlat_as_utm.geojson: layer 'districts_lonlat_as_utm': coordinates" "district layer CRS named"
contains "$tmp/err" "fix the district layer's CRS" "district layer fix"
expect 1 "metres labelled lon/lat" -- score_ref "$B/utm_as_lonlat.geojson" --plan "$B/districts.geojson" --district-id DIST
contains "$tmp/err" "they look like projected metres or feet, not degrees" "projected-as-geographic detected"
expect 1 "unit outside every district" -- score_ref "$B/outside.geojson" --plan "$B/districts.geojson" --district-id DIST
contains "$tmp/err" "1 unit lies outside every district of $B/districts.geojson (unit ids: e)" "outside unit named"
expect 1 "gaps and overlaps found" -- "$GM" check --units "$B/gaps_overlaps.geojson" --id ID
contains "$tmp/out" "Overlaps: 2 pairs" "overlap count"
contains "$tmp/out" "r0c0 / shifted: 474,0" "worst overlap pair and area"
contains "$tmp/out" "Gaps enclosed by units: 1, 947,9" "gap total area"
contains "$tmp/err" "2 overlapping unit pairs and 1 gap between units" "check summary message"
expect 0 "clean coverage" -- "$GM" check --units "$B/squares.geojson" --id ID --format json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["overlaps"]["count"]==0 and j["gaps"]["count"]==0 and j["units"]==4, j' "$tmp/out" \
  || { echo "FAIL: clean coverage json"; fails=$((fails+1)); }

# --- data faults
expect 1 "NaN votes" -- score_ref "$B/nan_votes.geojson" --plan CD
contains "$tmp/err" "feature 1: votes field 'D' (party D) is 'NaN', not a number" "NaN votes named"
expect 1 "NaN population" -- score_ref "$B/nan_pop.geojson" --plan CD
contains "$tmp/err" "feature 1: population field 'POP' is 'nan', not a non-negative number" "NaN population named"
expect 1 "null votes" -- score_ref "$B/null_votes.geojson" --plan CD
contains "$tmp/err" "feature 3: votes field 'D' (party D) is null" "null votes named"
expect 1 "negative votes" -- score_ref "$B/negative_votes.geojson" --plan CD
contains "$tmp/err" "is negative (-3); fix the data or read negative votes as 0; pass --negative-votes zero" "negative votes named"
expect 0 "negative votes as zero" -- score_ref "$B/negative_votes.geojson" --plan CD --negative-votes zero --format csv
contains "$tmp/out" "2,2,70,20,0.40000000000000002,15,4," "negative R counted as 0"
expect 0 "zero population" -- score_ref "$B/zero_pop.geojson" --plan CD --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
pd = j["plan"]["population_deviation"]
assert pd["total"] == 0 and pd["range"] == 0, pd
assert all(d["population"] == 0 and d["deviation_pct"] is None for d in j["districts"]), j["districts"]
PY
expect 0 "zero-vote district" -- score_ref "$B/zero_vote_district.geojson" --plan CD --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
p, d2 = j["plan"], j["districts"][1]
assert p["zero_vote_districts"] == 1, p
assert abs(p["efficiency_gap"] - 1 / 14) < 1e-15, p["efficiency_gap"]
assert d2["share"] is None and d2["winner"] is None, d2
PY
expect 1 "duplicate unit ids in a join" -- score_ref "$B/dup_ids.geojson" --plan "$B/assign_dup_ids.csv" --join ID
contains "$tmp/err" "unit id 'a' is not unique (features 0 and 1)" "duplicate id named"
expect 1 "unit listed twice in an assignment" -- score_ref "$B/squares.geojson" --plan "$B/assign_dup_rows.csv" --join ID
contains "$tmp/err" "1 duplicate id ('b')" "duplicate row named"
expect 0 "plan with an empty district" -- score_ref "$B/squares.geojson" --plan "$B/districts_empty.geojson" --district-id DIST --format csv
contains "$tmp/out" "3,0,0,-33.3" "empty district reported with 0 units"
contains "$tmp/err" "gerrymeter: warning: 1 district of $B/districts_empty.geojson receives no unit although it lies under the units: 3" "empty district warned"
expect 0 "district far from the units" -- score_ref "$B/squares.geojson" --plan "$B/districts_far.geojson" --district-id DIST --format csv
same_as_ref "district far from the units left out"
contains "$tmp/err" "so it is left out of the plan: 3; filter the district layer to the units' area (e.g. to one state); see --plan-where" "far district warned"
expect 0 "district id on two features" -- score_ref "$B/squares.geojson" --plan "$B/districts_dup_ids.geojson" --district-id DIST --format csv
same_as_ref "district id on two features merged"
contains "$tmp/err" "'1' (2 features: FIDs 0, 2)" "repeated district id warned"

# district-level results tables (partisan --results)
part() { "$GM" partisan --results "$B/$1" --votes D=D,R=R --format json; }
expect 0 "results: a district with no votes" -- part results_zero_vote.csv
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
assert g["zero_vote_districts"] == 1 and g["zero_vote_district_ids"] == ["2"], g
# district 1 alone: D 100, R 50; D wastes 100 - 75 = 25, R wastes 50 -> (25 - 50) / 150
assert abs(g["efficiency_gap"] + 1 / 6) < 1e-15, g["efficiency_gap"]
PY
expect 1 "results: NaN votes" -- part results_nan.csv
contains "$tmp/err" "results_nan.csv line 3: column 'D' of district 2 is 'nan'; votes must be finite" "results NaN named"
expect 1 "results: negative votes" -- part results_negative.csv
contains "$tmp/err" "line 3: column 'D' of district 2 has negative votes (-1)" "results negative named"
expect 0 "results: negative as zero" -- "$GM" partisan --results "$B/results_negative.csv" --votes D=D,R=R --negative-votes zero --format json
expect 1 "results: empty vote cell" -- part results_null.csv
contains "$tmp/err" "line 3: column 'D' of district 2 is '', not a number of votes" "results empty cell named"
expect 1 "results: text in a vote cell" -- part results_text.csv
contains "$tmp/err" "is '1,000', not a number of votes" "results text named"
expect 1 "results: district repeated" -- part results_dup_district.csv
contains "$tmp/err" "district '1' appears again (first on line 2)" "results duplicate named"

# more than 255 and more than 65,535 districts: one unit per district, shapes not needed
python3 - "$tmp" <<'PY'
import json, sys
for k in (300, 70000):
    with open("%s/many_%d.geojson" % (sys.argv[1], k), "w") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        f.write(",\n".join('{"type":"Feature","properties":{"ID":"u%d","POP":%d,"D":%d,"R":1,"CD":"%d"},"geometry":null}'
                           % (i, i + 1, i % 3, i + 1) for i in range(k)))
        f.write("]}\n")
    with open("%s/many_%d.csv" % (sys.argv[1], k), "w") as f:
        f.write("ID,district\n" + "".join("u%d,%d\n" % (i, k - i) for i in range(k)))
PY
for k in 300 70000; do
  expect 0 "$k districts from a column" -- score_ref "$tmp/many_$k.geojson" --plan CD --format csv
  n=$(($(wc -l < "$tmp/out") - 1)); [ "$n" = "$k" ] || { echo "FAIL: $k districts: $n rows"; fails=$((fails+1)); }
  contains "$tmp/out" "$k,1,$k," "district $k holds unit u$((k-1)) (population $k)"
  cp "$tmp/out" "$tmp/col_$k.csv"
  expect 0 "$k districts from an assignment CSV" -- score_ref "$tmp/many_$k.geojson" --plan "$tmp/many_$k.csv" --join ID --format csv
  contains "$tmp/out" "$k,1,1," "assignment: district $k holds u0 (population 1)"
done

# --- an output never overwrites an input
cp "$B/squares.geojson" "$tmp/in.geojson"; cp "$B/assign_ok.csv" "$tmp/plan.csv"
ln -s "$tmp/in.geojson" "$tmp/link.geojson"; ln "$tmp/in.geojson" "$tmp/hard.geojson"
ogr2ogr -f "ESRI Shapefile" "$tmp/shp.shp" "$B/squares.geojson" 2>/dev/null
sum_before=$(cat "$tmp/in.geojson" "$tmp/plan.csv" "$tmp"/shp.* | md5sum)
for o in "$tmp/in.geojson" "$tmp/../$(basename "$tmp")/in.geojson" "$tmp/link.geojson" "$tmp/hard.geojson" "$tmp/plan.csv"; do
  expect 2 "output over an input ($o)" -- score_ref "$tmp/in.geojson" --plan "$tmp/plan.csv" --join ID -o "$o"
  contains "$tmp/err" "is also an input" "refusal for $o"
done
for ext in dbf shx prj; do
  expect 2 "output over the units' .$ext" -- score_ref "$tmp/shp.shp" --plan CD -o "$tmp/shp.$ext"
  contains "$tmp/err" "is also an input" "refusal for .$ext"
done
expect 2 "check output over its input" -- "$GM" check --units "$tmp/in.geojson" -o "$tmp/in.geojson"
[ "$sum_before" = "$(cat "$tmp/in.geojson" "$tmp/plan.csv" "$tmp"/shp.* | md5sum)" ] || { echo "FAIL: an input changed"; fails=$((fails+1)); }

# --- paths with spaces and non-ASCII names
d="$tmp/dir with spaces/ünï cødé"; mkdir -p "$d"
cp "$B/squares.geojson" "$d/précincts ñ.geojson"
ogr2ogr -f GPKG "$d/distrícts 2.gpkg" "$B/districts.geojson" -nln "my districts" 2>/dev/null
cp "$B/assign_ok.csv" "$d/plán é.csv"
(cd "$d" && zip -q "shapes ü.zip" -j "$tmp"/shp.shp "$tmp"/shp.shx "$tmp"/shp.dbf "$tmp"/shp.prj)
expect 0 "units, plan layer:LAYER and output with spaces and non-ASCII" -- score_ref "$d/précincts ñ.geojson" --plan "$d/distrícts 2.gpkg:my districts" --district-id DIST --format csv -o "$d/ré sult.csv"
cp "$d/ré sult.csv" "$tmp/out"; same_as_ref "non-ASCII paths"
expect 0 "assignment CSV with a non-ASCII name" -- score_ref "$d/précincts ñ.geojson" --plan "$d/plán é.csv" --join ID --format csv
contains "$tmp/out" "1,2,30,-20," "assignment from a non-ASCII path"
expect 0 "zipped shapefile with a space and non-ASCII name" -- score_ref "$d/shapes ü.zip" --plan CD --format csv
contains "$tmp/out" "2,2,70,20," "zipped shapefile read"
expect 1 "a missing non-ASCII file is named exactly" -- score_ref "$d/nö such.geojson" --plan CD
contains "$tmp/err" "gerrymeter: '$d/nö such.geojson': no such file or directory" "missing path echoed intact"
[ -z "$(find "$tmp" -name '.*.gm-*')" ] || { echo "FAIL: temporary files left behind"; fails=$((fails+1)); }

# --- real data (skipped without ../shared/data): the NH towns are not a clean coverage
if [ -n "$SHARED" ] && [ -d "$SHARED" ]; then
  expect 1 "NH coverage check" -- "$GM" check --units "$SHARED/mggg_NH/NH.zip" --id Precinct --format json
  python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
assert j["units"] == 320 and j["repaired"] == 0, j
assert j["overlaps"]["count"] == 7 and j["gaps"]["count"] == 7, (j["overlaps"]["count"], j["gaps"]["count"])
w = j["overlaps"]["worst"][0]
assert {w["a"], w["b"]} == {"Portsmouth - Ward 2", "Portsmouth - Ward 3"} and 250 < w["area_m2"] < 330, w
PY
fi
finish
