# Plans that could be mis-scored without a word (issue 13, class 4): a national district
# layer read for one state (districts that receive no unit, ids repeated across
# features), a non-contiguous district (score, report, ensemble rows), district labels
# from a Real field.
. "$(dirname "$0")/lib.bash"
need_shared
NH="$SHARED/mggg_NH/NH.zip"
MN="$SHARED/mggg_MN/mn_16.zip"
CDS="$SHARED/us_congressional_districts/cds_2012.gpkg:cds_2012"
# starts FILE PREFIX DESCRIPTION: a line of FILE starts with PREFIX
starts() { awk -v p="$2" 'index($0, p) == 1 { f = 1 } END { exit !f }' "$1" || { echo "FAIL: $3: no line starting '$2'"; head -3 "$1" | sed 's/^/  | /'; fails=$((fails+1)); }; }
nh() { "$GM" score --units "$NH" --votes D=USH12D,R=USH12R --pop TOTPOP "$@"; }

# --- the national layer without a filter: the two NH districts, two warnings, the same
# numbers as with the filter
expect 0 "national layer, filtered" -- nh --plan "$CDS" --district-id DISTRICT --plan-where "STATE='NH'" --format json
cp "$tmp/out" "$tmp/filtered.json"
expect 0 "national layer, unfiltered" -- nh --plan "$CDS" --district-id DISTRICT --format json
contains "$tmp/err" "gerrymeter: warning: 52 districts of $SHARED/us_congressional_districts/cds_2012.gpkg receive no unit and lie mostly outside the units, so they are left out of the plan: 0, 3, 4, 5, 6, ...; filter the district layer to the units' area (e.g. to one state); see --plan-where" "districts outside the units on stderr, with the option"
contains "$tmp/err" "2 district ids of $SHARED/us_congressional_districts/cds_2012.gpkg are held by several features, each scored as one district: '1' (43 features: FIDs 2, 9, 14, 23, 76, ...), '2' (43 features: FIDs 3, 10, 15, 34, 77, ...)" "repeated ids named with their features"
python3 - "$tmp/out" "$tmp/filtered.json" <<'PY' || fails=$((fails+1))
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
codes = [w["code"] for w in a["warnings"]]
assert codes == ["districts_outside_units", "duplicate_district_ids"], codes
assert "see --plan-where" not in a["warnings"][0]["message"]  # the engine's words in JSON
assert b["warnings"] == [], b["warnings"]
assert a["plan"]["districts"] == 2, a["plan"]["districts"]
assert abs(a["plan"]["population_deviation"]["range"] - 20 / 658235) < 1e-12
a.pop("warnings"); b.pop("warnings")
assert a == b, "the unfiltered layer scores exactly as the filtered one"
PY
expect 0 "national layer, text" -- nh --plan "$CDS" --district-id DISTRICT
contains "$tmp/out" "Warnings:" "text lists the warnings"
contains "$tmp/out" "so they are left out of the plan: 0, 3, 4, 5, 6, ...; filter the district layer to the units' area (e.g. to one state); see --plan-where" "text warning with the option"
# a unique id field: no repeated ids, the other 439 districts left out
expect 0 "national layer by CODE" -- nh --plan "$CDS" --district-id CODE --format csv
contains "$tmp/out" "NH-1,114,658225," "NH-1 by its code"
contains "$tmp/err" "439 districts of" "439 districts left out"
if grep -q "duplicate\|several features" "$tmp/err"; then echo "FAIL: CODE is unique"; fails=$((fails+1)); fi

# --- contiguity: the enacted MN plan, then one Minneapolis precinct moved into CD 8
mn() { "$GM" score --units "$MN" --id VTD --votes D=USREPDFL,R=USREPR --pop TOTPOP "$@"; }
expect 0 "MN enacted" -- mn --plan CONGDIST
contains "$tmp/out" "Contiguity: every district is contiguous (rook adjacency on the unit graph)" "MN enacted contiguous"
ogr2ogr -f CSV "$tmp/mn_cd8.csv" "/vsizip/$MN" -dialect SQLite \
  -sql "SELECT VTD, CASE WHEN VTD = '270531360' THEN '8' ELSE CONGDIST END AS CD FROM mn_16" \
  || { echo "FAIL: ogr2ogr"; fails=$((fails+1)); }
expect 0 "MN precinct moved" -- mn --plan "$tmp/mn_cd8.csv" --join VTD
contains "$tmp/out" "Contiguity: 1 district not contiguous (rook adjacency on the unit graph): 8 (2 pieces)" "text line names CD 8"
contains "$tmp/out" "district 8 is in 2 pieces (detached: 1 unit: 270531360)" "text warning names the precinct"
contains "$tmp/err" "gerrymeter: warning: 1 district is not contiguous on the unit graph (rook adjacency: units that share a boundary): district 8 is in 2 pieces (detached: 1 unit: 270531360)" "stderr warning"
expect 0 "MN precinct moved, JSON" -- mn --plan "$tmp/mn_cd8.csv" --join VTD --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
p = j["plan"]
assert p["noncontiguous_districts"] == 1, p["noncontiguous_districts"]
assert p["contiguity"] == {"checked": True, "graph": "built from the unit geometry",
                           "adjacency": "rook", "graph_components": 1}, p["contiguity"]
d = {x["district"]: x for x in j["districts"]}
assert d["8"]["components"] == 2 and d["8"]["detached"] == [{"units": 1, "unit_ids": ["270531360"]}], d["8"]
assert all(d[k]["components"] == 1 and d[k]["detached"] == [] for k in "1234567")
assert [w["code"] for w in j["warnings"]] == ["noncontiguous_districts"], j["warnings"]
PY
expect 0 "MN precinct moved, CSV" -- mn --plan "$tmp/mn_cd8.csv" --join VTD --format csv
contains "$tmp/err" "gerrymeter: warning: 1 district is not contiguous" "CSV: the warning on stderr"
# a saved graph gives the same; the opt-out says it was not checked
"$GM" graph --units "$MN" -o "$tmp/mn_graph.json" 2>/dev/null || { echo "FAIL: graph"; fails=$((fails+1)); }
expect 0 "--graph FILE" -- mn --plan "$tmp/mn_cd8.csv" --join VTD --graph "$tmp/mn_graph.json"
contains "$tmp/out" "Contiguity: 1 district not contiguous" "graph file: same finding"
expect 0 "--no-contiguity" -- mn --plan "$tmp/mn_cd8.csv" --join VTD --no-contiguity
contains "$tmp/out" "Contiguity: not checked (--no-contiguity)" "opt-out said"
if grep -q "warning" "$tmp/err"; then echo "FAIL: --no-contiguity warns"; fails=$((fails+1)); fi
expect 2 "--graph with --no-contiguity" -- mn --plan CONGDIST --graph "$tmp/mn_graph.json" --no-contiguity
"$GM" graph --units "$NH" -o "$tmp/nh_graph.json" 2>/dev/null || { echo "FAIL: NH graph"; fails=$((fails+1)); }
expect 1 "graph of another layer" -- mn --plan CONGDIST --graph "$tmp/nh_graph.json"
contains "$tmp/err" "has 320 nodes but the unit layer has 4120 units" "graph of another layer refused"
printf 'id,district,dem,rep,pop\n1,1,1,9,10\n2,2,2,8,10\n' >"$tmp/u.csv"
expect 0 "units without geometry" -- "$GM" score --units "$tmp/u.csv" --plan district --votes D=dem,R=rep
contains "$tmp/out" "Contiguity: not checked (the unit layer has no geometry)" "no geometry said"
expect 0 "units without a CRS" -- "$GM" score --units "$GM_SRC/testdata/tiny/precincts_nocrs.zip" --plan CD --votes D=G16D,R=G16R --format json
python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["plan"]["contiguity"]; assert c["checked"] is False and "has no coordinate reference system" in c["why_not"], c' "$tmp/out" \
  || { echo "FAIL: no CRS: not checked, and why"; fails=$((fails+1)); }
# the report: a line in the districts section and the warning box
expect 0 "report md" -- "$GM" report --units "$MN" --id VTD --plan "$tmp/mn_cd8.csv" --join VTD --votes D=USREPDFL,R=USREPR --pop TOTPOP --format md
contains "$tmp/out" "Not contiguous on the unit adjacency graph (rook): district 8 (2 pieces)" "report md line"
contains "$tmp/out" "> - 1 district is not contiguous on the unit graph" "report md warning box"
expect 0 "report html" -- "$GM" report --units "$MN" --id VTD --plan "$tmp/mn_cd8.csv" --join VTD --votes D=USREPDFL,R=USREPR --pop TOTPOP
contains "$tmp/out" "data-key=\"noncontiguous_districts\" data-value=\"1\">Not contiguous on the unit adjacency graph (rook): district 8 (2 pieces)" "report html line"
contains "$tmp/out" "<li data-code=\"noncontiguous_districts\">1 district is not contiguous" "report html warning box"
expect 0 "report html, enacted" -- "$GM" report --units "$MN" --plan CONGDIST --votes D=USREPDFL,R=USREPR --pop TOTPOP
contains "$tmp/out" "data-value=\"0\">Every district is contiguous" "report html: contiguous"
# the ensemble rows and summary: the plan as an ensemble of one, and the enacted plan
python3 - "$tmp/mn_cd8.csv" "$tmp/plans.jsonl" <<'PY' || fails=$((fails+1))
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w") as f:
    for cd8 in (False, True):
        a = [int(r["CD"]) - 1 for r in rows]
        if not cd8:
            a[[r["VTD"] for r in rows].index("270531360")] = 4  # back to CD 5
        f.write(json.dumps({"assignment": a}) + "\n")
PY
expect 0 "ensemble rows" -- "$GM" ensemble score --units "$MN" --pop TOTPOP --votes D=USREPDFL,R=USREPR --plans "$tmp/plans.jsonl" --graph "$tmp/mn_graph.json" --districts 8 -q --summary "$tmp/sum.json"
python3 - "$tmp/out" "$tmp/sum.json" <<'PY' || fails=$((fails+1))
import csv, io, json, sys
rows = list(csv.DictReader(l for l in open(sys.argv[1]) if l[0] != "#"))
assert [r["noncontiguous_districts"] for r in rows] == ["0", "1"], rows
s = json.load(open(sys.argv[2]))
m = s["metrics"]["noncontiguous_districts"] if "metrics" in s else s["noncontiguous_districts"]
assert m["mean"] == 0.5 and m["max"] == 1, m
PY
expect 0 "ensemble --no-contiguity" -- "$GM" ensemble score --units "$MN" --pop TOTPOP --plans "$tmp/plans.jsonl" --graph "$tmp/mn_graph.json" --districts 8 -q --no-contiguity
python3 -c 'import csv,sys; r=list(csv.DictReader(l for l in open(sys.argv[1]) if l[0] != "#")); assert [x["noncontiguous_districts"] for x in r]==["",""] and r[0]["cut_edges"]!="", r[0]' "$tmp/out" \
  || { echo "FAIL: --no-contiguity, empty column"; fails=$((fails+1)); }
expect 0 "ensemble without graph" -- "$GM" ensemble score --units "$MN" --pop TOTPOP --plans "$tmp/plans.jsonl" --districts 8 -q
python3 -c 'import csv,sys; r=list(csv.DictReader(l for l in open(sys.argv[1]) if l[0] != "#")); assert all(x["noncontiguous_districts"]=="" for x in r), r[0]' "$tmp/out" \
  || { echo "FAIL: no graph, empty column"; fails=$((fails+1)); }
expect 2 "--no-contiguity without a graph" -- "$GM" ensemble score --units "$MN" --pop TOTPOP --plans "$tmp/plans.jsonl" --districts 8 -q --no-contiguity
contains "$tmp/err" "--no-contiguity acts only with --graph" "--no-contiguity without --graph is refused"

# --- labels from a Real field print as integers (a shapefile's Real field reads
# "1.000000000000000" through OGR); a non-integral Real keeps its digits
ogr2ogr -f "ESRI Shapefile" "$tmp/nh_real.shp" "/vsizip/$NH" -dialect SQLite \
  -sql "SELECT *, CAST(CD AS REAL) AS CDR, CAST(SEND AS REAL) + 0.5 AS SENDR FROM NH" 2>/dev/null \
  || { echo "FAIL: ogr2ogr shapefile"; fails=$((fails+1)); }
expect 0 "Real district field" -- "$GM" score --units "$tmp/nh_real.shp" --plan CDR --votes D=USH12D,R=USH12R --pop TOTPOP --format csv
starts "$tmp/out" "1,114,658225," "label 1"
starts "$tmp/out" "2,206,658245," "label 2"
if grep -q "000000" "$tmp/out"; then echo "FAIL: Real labels printed with decimals"; fails=$((fails+1)); fi
expect 0 "non-integral Real field" -- "$GM" score --units "$tmp/nh_real.shp" --plan SENDR --format csv
starts "$tmp/out" "1.5," "label 1.5"
starts "$tmp/out" "24.5," "label 24.5"
# the same rule for unit ids and for a district layer's id field
ogr2ogr -f "ESRI Shapefile" "$tmp/nh_cd_real.shp" "$SHARED/us_congressional_districts/cds_2012.gpkg" \
  -dialect SQLite -sql "SELECT CAST(DISTRICT AS REAL) AS DR, geom FROM cds_2012 WHERE STATE='NH'" 2>/dev/null \
  || { echo "FAIL: ogr2ogr districts"; fails=$((fails+1)); }
expect 0 "Real district id of a layer" -- nh --plan "$tmp/nh_cd_real.shp" --district-id DR --format csv --no-contiguity
starts "$tmp/out" "1,114,658225," "layer label 1"
finish
