# Geometry in measures (docs/reliability.md, "Geometry in measures"): units without
# geometry in the population measures, sliver holes between units, repaired shapes
# named, district features without geometry, and `check`'s exit status and warnings.
. "$(dirname "$0")/lib.bash"
B="$GM_SRC/tests/bad_inputs"
RANGES="$tmp/ranges.json"
"$GM" metrics --format json >"$RANGES" || { echo "FAIL: metrics"; exit 1; }
# in_range FILE.json: every compactness value of every district lies in the range
# `gerrymeter metrics` documents for it (lo/hi, null = open)
in_range() {
  python3 - "$RANGES" "$1" <<'PY' || { echo "FAIL: $2: a compactness score outside its range"; fails=$((fails+1)); }
import json, sys
rng = {m["key"]: (m["lo"], m["hi"]) for m in json.load(open(sys.argv[1]))["compactness"]}
c = json.load(open(sys.argv[2]))["compactness"]
for d in c["districts"]:
    for k, (lo, hi) in rng.items():
        v = d[k]
        if v is None:
            continue
        assert (lo is None or v >= lo) and (hi is None or v <= hi), (d["district"], k, v, lo, hi)
PY
}

# --- 1. Units without geometry (empty_null: c null, d empty) in a plan 1 = {a, c},
# 2 = {b, d}. Before: population polygon 4 and 3, circle 2.76 and 2.70, no warning.
printf 'ID,CD\na,1\nb,2\nc,1\nd,2\n' >"$tmp/plan.csv"
U=(--units "$B/empty_null.geojson" --id ID --pop POP)
expect 0 "score --compactness with units without geometry" -- "$GM" score "${U[@]}" --votes D=D,R=R --plan "$tmp/plan.csv" --compactness --format json
cp "$tmp/out" "$tmp/nogeom.json"
contains "$tmp/err" "gerrymeter: warning: 2 units without geometry (null or empty): c (district 1), d (district 2); they are in no district shape, and their population (70) is left out of both sides of the population polygon and circle" "units without geometry named on stderr"
python3 - "$tmp/nogeom.json" <<'PY' || { echo "FAIL: population measures without the units that have no geometry"; fails=$((fails+1)); }
import json, math, sys
j = json.load(open(sys.argv[1]))
d = {x["district"]: x for x in j["compactness"]["districts"]}
# by hand (tests/test_compact_plan.c): a 0.01 degree cell at 40.005 N is 853.876 x 1110.347 m;
# its circle reaches s = 0.2234917 of the cell beside it
w, h = 853.8762827748357, 1110.3472866467446
R, a = math.hypot(w, h) / 2, w / 2
s = (R * R * math.acos(a / R) - a * math.sqrt(R * R - a * a)) / (w * h)
assert d["1"]["population_polygon"] == 1 and d["2"]["population_polygon"] == 1, d
assert abs(d["1"]["population_circle"] - 10 / (10 + 20 * s)) < 1e-6, d["1"]
assert abs(d["2"]["population_circle"] - 20 / (20 + 10 * s)) < 1e-6, d["2"]
codes = [x["code"] for x in j["warnings"]]
assert codes == ["units_without_geometry"], codes
PY
in_range "$tmp/nogeom.json" "units without geometry"
# the same warning in text output and from `compactness --units`
expect 0 "text output" -- "$GM" score "${U[@]}" --votes D=D,R=R --plan "$tmp/plan.csv" --compactness
contains "$tmp/out" "  - 2 units without geometry (null or empty): c (district 1), d (district 2)" "warning at the end of the text"
expect 0 "compactness --units" -- "$GM" compactness --units "$B/empty_null.geojson" --pop POP --join ID --plan "$tmp/plan.csv" --format json
python3 - "$tmp/out" "$tmp/nogeom.json" <<'PY' || { echo "FAIL: compactness --units differs from score --compactness"; fails=$((fails+1)); }
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
assert a["compactness"]["districts"] == b["compactness"]["districts"]
assert [w["code"] for w in a["warnings"]] == ["units_without_geometry"], a["warnings"]
PY

# ... and in the report's "Read with care" box
expect 0 "report with units without geometry" -- "$GM" report "${U[@]}" --votes D=D,R=R --plan "$tmp/plan.csv" --format md -o "$tmp/r.md"
contains "$tmp/r.md" "2 units without geometry (null or empty): c (district 1), d (district 2)" "warning in the report"

# --- 2. A repaired unit is named (before: "note: ... (first: ?)")
expect 0 "repaired unit in score --compactness" -- "$GM" score --units "$B/bowtie.geojson" --id ID --pop POP --votes D=D,R=R --plan CD --compactness --format json
contains "$tmp/err" "gerrymeter: warning: $B/bowtie.geojson: 1 invalid unit geometry repaired with make-valid (b (feature 1))" "repaired unit named on stderr"
if grep -q "first: ?\|note:" "$tmp/err"; then echo "FAIL: the old notes are still printed"; fails=$((fails+1)); fi
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert [w["code"] for w in j["warnings"]] == ["geometry_repaired"], j["warnings"]; assert j["compactness"]["repaired_geometries"] == 1' "$tmp/out" \
  || { echo "FAIL: repaired geometry in JSON"; fails=$((fails+1)); }

# --- 3. District features without geometry are named; a district left with no shape
# is said to be missing from the table
expect 0 "district layer with null geometry" -- "$GM" compactness "$B/districts_null.geojson" --id DIST --format json
contains "$tmp/err" "2 features without geometry (null or empty) left out (feature 2 (district 3), feature 3 (district 1)); district 3 has no other shape and is not in the table" "district features without geometry named"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert [d["district"] for d in j["compactness"]["districts"]] == ["1", "2"]; assert [w["code"] for w in j["warnings"]] == ["features_without_geometry"]' "$tmp/out" \
  || { echo "FAIL: district layer without geometry in JSON"; fails=$((fails+1)); }

# --- 4. check: problems exit 1, information 0 (1 with --strict); findings are warnings
expect 1 "check: units without geometry are a problem" -- "$GM" check --units "$B/empty_null.geojson" --id ID --format json
contains "$tmp/err" "empty_null.geojson: 2 units without geometry (named in the warnings)" "check names the problem"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["problems"] == ["units_without_geometry"] and [w["code"] for w in j["warnings"]] == ["units_without_geometry"] and "unit ids: c, d" in j["warnings"][0]["message"], j' "$tmp/out" \
  || { echo "FAIL: check JSON for units without geometry"; fails=$((fails+1)); }
expect 0 "check: a repaired shape is information" -- "$GM" check --units "$B/bowtie.geojson" --id ID --format json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["problems"] == [] and j["strict"] is False and [w["code"] for w in j["warnings"]] == ["geometry_repaired"], j' "$tmp/out" \
  || { echo "FAIL: check JSON for a repaired shape"; fails=$((fails+1)); }
expect 1 "check --strict: a repaired shape is a problem" -- "$GM" check --units "$B/bowtie.geojson" --id ID --strict
contains "$tmp/err" "bowtie.geojson: 1 repaired geometry (--strict)" "strict names the repaired shape"
contains "$tmp/out" "Warnings:" "text report lists the warnings"
contains "$tmp/out" "b (feature 1)" "text report names the repaired unit"
expect 1 "check: gaps and overlaps" -- "$GM" check --units "$B/gaps_overlaps.geojson" --id ID --format json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["problems"] == ["unit_overlaps", "coverage_gaps"] and [w["code"] for w in j["warnings"]] == ["unit_overlaps", "coverage_gaps"], j' "$tmp/out" \
  || { echo "FAIL: check JSON for gaps and overlaps"; fails=$((fails+1)); }
expect 0 "check: a clean coverage" -- "$GM" check --units "$B/squares.geojson" --id ID --strict --format json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["problems"] == [] and j["warnings"] == [], j' "$tmp/out" \
  || { echo "FAIL: check JSON for a clean coverage"; fails=$((fails+1)); }
[ ! -s "$tmp/err" ] || { echo "FAIL: a clean check wrote to standard error"; fails=$((fails+1)); }

# --- 5. New Hampshire: sliver holes between towns. CD 1 dissolved from its units had 193
# holes (most below 1e-6 m^2) and Polsby-Popper 0.155; from the same towns read as a
# district layer 77 holes and 0.162. Holes of at most 10 m^2 are left out of both: the
# same district, the same number.
if [ -n "$SHARED" ] && [ -d "$SHARED" ]; then
  NH="$SHARED/mggg_NH/NH.zip"
  expect 0 "NH CD as a district layer" -- "$GM" compactness "$NH" --id CD --format json
  cp "$tmp/out" "$tmp/nh_layer.json"
  expect 0 "NH CD dissolved by score" -- "$GM" score --units "$NH" --plan CD --votes D=PRES16D,R=PRES16R --pop TOTPOP --compactness --format json
  cp "$tmp/out" "$tmp/nh_score.json"
  contains "$tmp/err" "7 gaps larger than 10 m2 inside the plan that no unit covers" "NH gaps named"
  python3 - "$tmp/nh_layer.json" "$tmp/nh_score.json" <<'PY' || { echo "FAIL: NH CD 1 from compactness and score"; fails=$((fails+1)); }
import json, sys
layer, score = (json.load(open(f)) for f in sys.argv[1:])
L = {d["district"]: d for d in layer["compactness"]["districts"]}
S = {d["district"]: d for d in score["compactness"]["districts"]}
for k in ("01", "02"):
    # the dissolve runs in the equal-area plane and comes back to lon/lat: 1e-9
    assert abs(L[k]["polsby_popper"] - S[k]["polsby_popper"]) < 1e-9, (k, L[k]["polsby_popper"], S[k]["polsby_popper"])
    assert abs(L[k]["perimeter_m"] - S[k]["perimeter_m"]) < 1e-2, k
    assert L[k]["holes"] == S[k]["holes"], k
assert abs(S["01"]["polsby_popper"] - 0.17467) < 5e-5, S["01"]["polsby_popper"]
assert S["01"]["holes"] == 6 and S["01"]["holes_dropped"] > 150, S["01"]
h = score["compactness"]["sliver_holes"]
assert h["max_area_m2"] == 10 and h["dropped"] == 271 and 75e3 < h["boundary_m"] < 80e3, h
d = score["compactness"]["dissolve"]
assert d["gaps"] == 7 and d["slivers"] == 0, d
assert [w["code"] for w in score["warnings"]] == ["dissolve_gaps"], score["warnings"]
PY
  in_range "$tmp/nh_score.json" "NH CD"
  # Connecticut: repaired towns named, overlaps and gaps named, every score in range
  expect 0 "CT CD dissolved by score" -- "$GM" score --units "$SHARED/mggg_CT/CT_precincts.zip" --plan CD --votes D=USH18D,R=USH18R --pop TOTPOP --compactness --format json
  cp "$tmp/out" "$tmp/ct.json"
  in_range "$tmp/ct.json" "CT CD"
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert [w["code"] for w in j["warnings"]] == ["geometry_repaired", "dissolve_overlaps", "dissolve_gaps"], j["warnings"]; assert "9 invalid unit geometries repaired with make-valid (306 (feature 306)" in j["warnings"][0]["message"]' "$tmp/ct.json"     || { echo "FAIL: CT warnings"; fails=$((fails+1)); }
  expect 1 "NH check: overlaps and gaps are problems" -- "$GM" check --units "$NH" --id Precinct --format json
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["problems"] == ["unit_overlaps", "coverage_gaps"] and "Portsmouth - Ward" in j["warnings"][0]["message"], j' "$tmp/out" \
    || { echo "FAIL: NH check JSON warnings"; fails=$((fails+1)); }
fi
finish
