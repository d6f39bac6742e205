# Messages that say what went wrong (issue 13, sweep class K): a bad attribute filter,
# a shapefile without its .dbf, a table given as a layer, a truncated ensemble, an
# ensemble given as one plan. Each names the input and the fault, never GDAL's SQL.
. "$(dirname "$0")/lib.bash"
S="$GM_SRC/testdata/sample"
V=(--votes D=G16D,R=G16R --pop TOTPOP)

# --- attribute filters: a syntax error or an unknown field, in the driver's own words
expect 2 "--where syntax error (GeoPackage)" -- "$GM" score --units "$S/precincts.gpkg" --plan CD "${V[@]}" --where "CD = '1" -o "$tmp/o.txt"
contains "$tmp/err" "gerrymeter: $S/precincts.gpkg: layer 'precincts': the attribute filter \"CD = '1\" cannot be run: a syntax error or an unknown field (GDAL: SQL Expression Parsing Error: syntax error, unexpected end of string); write it as an SQL WHERE condition over the layer's fields (PRECINCT, COUNTY, TOTPOP, G16D, G16R, G20D, G20R, CD), e.g. STATE = 'NH'; see --where" "--where syntax error named"
grep -q "failed to prepare SQL" "$tmp/err" && { echo "FAIL: GDAL's SQL shown"; fails=$((fails+1)); }
[ -e "$tmp/o.txt" ] && { echo "FAIL: output written"; fails=$((fails+1)); }
expect 2 "--where unknown field" -- "$GM" score --units "$S/precincts.gpkg" --plan CD "${V[@]}" --where "CNTY = 'Aspen'"
contains "$tmp/err" "(GDAL: \"CNTY\" not recognised as an available field)" "unknown field named"
expect 2 "--where syntax error (shapefile)" -- "$GM" score --units "/vsizip/$S/precincts.zip" --plan CD "${V[@]}" --where "CD IN (1,2"
contains "$tmp/err" "the attribute filter \"CD IN (1,2\" cannot be run: a syntax error or an unknown field (GDAL: SQL Expression Parsing Error: syntax error, unexpected end of string, expecting ')')" "shapefile filter error"
expect 2 "--plan-where syntax error" -- "$GM" score --units "$S/precincts.gpkg" --plan "$S/districts.gpkg" --district-id CD --plan-where "CD IN (1,2" "${V[@]}"
contains "$tmp/err" "layer 'districts': the attribute filter \"CD IN (1,2\" cannot be run" "plan filter named"
contains "$tmp/err" "; see --plan-where" "plan filter advice"
expect 2 "compactness --where syntax error" -- "$GM" compactness "$S/districts.gpkg" --id CD --where "CD = "
contains "$tmp/err" "the attribute filter \"CD = \" cannot be run: a syntax error or an unknown field" "compactness filter error"
grep -q "no district polygons" "$tmp/err" && { echo "FAIL: syntax error called 'no district polygons'"; fails=$((fails+1)); }
# a filter that parses and matches nothing keeps its own message; SQLite-only SQL still runs
expect 1 "--where matching nothing" -- "$GM" score --units "$S/precincts.gpkg" --plan CD "${V[@]}" --where "CD = '9'"
contains "$tmp/err" "has no features matching the filter \"CD = '9'\"" "empty filter result"
expect 0 "--where with an SQLite function" -- "$GM" score --units "$S/precincts.gpkg" --plan CD "${V[@]}" --where "substr(COUNTY,1,2) = 'As'" --format csv

# --- a shapefile without its .dbf: no attribute table, said so
mkdir -p "$tmp/nodbf" && (cd "$tmp/nodbf" && unzip -q "$S/precincts.zip" && rm precincts.dbf)
expect 1 "shapefile without .dbf" -- "$GM" score --units "$tmp/nodbf/precincts.shp" --plan CD "${V[@]}"
contains "$tmp/err" "layer 'precincts' has no attribute table (no fields at all), so its population field 'TOTPOP' cannot be read; a shapefile keeps its fields in the .dbf file beside the .shp: put it there" "missing .dbf named"

# --- a table given where shapes are needed: "no geometry", not "no CRS"
expect 1 "compactness of a CSV" -- "$GM" compactness "$S/assignment.csv"
contains "$tmp/err" "layer 'assignment' has no geometry (it is a table: a CSV file holds no shapes), but compactness measures district shapes" "CSV districts"
expect 1 "check a CSV" -- "$GM" check --units "$S/assignment.csv"
contains "$tmp/err" "has no geometry (it is a table: a CSV file holds no shapes), but unit shapes are needed here" "CSV units"
grep -q "coordinate reference system" "$tmp/err" && { echo "FAIL: CSV called a CRS problem"; fails=$((fails+1)); }

# --- a truncated ensemble: the last line is cut off, and said to be
B="$GM_SRC/tests/bad_inputs"
printf '{"assignment": [0, 0, 1, 1]}\n{"assignment": [0, 1, 0, 1]}\n{"assignment": [1, 1, 0' >"$tmp/cut.jsonl"
expect 1 "truncated JSONL (convert)" -- "$GM" ensemble convert --plans "$tmp/cut.jsonl" --to csv -o "$tmp/cut.csv"
contains "$tmp/err" "$tmp/cut.jsonl: line 3 is cut off: it ends inside the \"assignment\" array, after 2 of 4 units, and the file ends there: it is incomplete (still being written, or copied in part); use a complete copy" "cut-off line named"
[ -e "$tmp/cut.csv" ] && { echo "FAIL: convert wrote from a truncated file"; fails=$((fails+1)); }
expect 1 "truncated JSONL (score)" -- "$GM" ensemble score --units "$B/squares.geojson" --pop POP --votes D=D,R=R --plans "$tmp/cut.jsonl" -o "$tmp/rows.csv"
contains "$tmp/err" "line 3 is cut off" "score names the cut-off line"
printf '{"assignment": [0, 0,\n 1, 1]}\n' >"$tmp/broken.jsonl"
expect 1 "plan broken over two lines" -- "$GM" ensemble convert --plans "$tmp/broken.jsonl" --to csv
contains "$tmp/err" "line 1 is cut off: it ends inside the \"assignment\" array, after 2 units; a plan must be one whole line" "broken line named"

# --- an ensemble given as one plan
cp "$tmp/cut.jsonl" "$tmp/plans.json"
for f in "$tmp/cut.jsonl" "$tmp/plans.json"; do
  expect 2 "ensemble as --plan ($(basename "$f"))" -- "$GM" score --units "$B/squares.geojson" --pop POP --votes D=D,R=R --plan "$f"
  contains "$tmp/err" "'$f' is an ensemble (many plans, one per line or record), not one plan: a plan is a district column, an assignment file or a district layer; score an ensemble with 'gerrymeter ensemble score --plans FILE'" "ensemble as plan named"
done
finish
