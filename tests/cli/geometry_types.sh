# Points and lines where polygons are needed (issue 13, sweep class H): a unit or
# district layer with no polygon is an error naming the geometry type; a layer with a
# few points or lines among polygons is scored with a warning naming them (they have no
# area and drop out of every shape measure); a geometry collection gives its polygon
# parts, with a warning. Files: tests/bad_inputs/ (make_bad_inputs.py).
. "$(dirname "$0")/lib.bash"
B="$GM_SRC/tests/bad_inputs"
R() { "$GM" score --units "$B/$1" --id ID --pop POP --votes D=D,R=R "${@:2}"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$tmp/out"; }

# --- layers with no polygon: refused wherever shapes are needed
expect 1 "points as units, --compactness" -- R points.geojson --plan CD --compactness -o "$tmp/o.txt"
contains "$tmp/err" "gerrymeter: $B/points.geojson: layer 'points' holds no polygons: its 4 features with a geometry are Point geometries, which have no area, but unit shapes are needed here (for compactness, a map, the adjacency graph or a district layer's overlay); give the layer of polygons" "points refused"
[ -e "$tmp/o.txt" ] && { echo "FAIL: output written"; fails=$((fails+1)); }
expect 1 "points to graph" -- "$GM" graph --units "$B/points.geojson"
contains "$tmp/err" "holds no polygons" "graph refuses points"
expect 1 "points to check" -- "$GM" check --units "$B/points.geojson"
contains "$tmp/err" "holds no polygons" "check refuses points"
expect 1 "points as a district layer" -- R squares.geojson --plan "$B/districts_points.geojson" --district-id DIST
contains "$tmp/err" "layer 'districts_points' holds no polygons: its 2 features with a geometry are Point geometries, which have no area, but a district layer must hold district polygons" "district points refused"
expect 1 "points to compactness" -- "$GM" compactness "$B/districts_points.geojson" --id DIST
contains "$tmp/err" "but compactness measures district shapes" "compactness refuses points"
# votes alone need no shapes: a point layer with a column plan still scores
expect 0 "points, column plan, no shapes needed" -- R points.geojson --plan CD --format csv
contains "$tmp/out" "2,2,70," "points scored by column"

# --- a point among polygons: scored without it, and named
expect 0 "a point among unit polygons" -- R mixed_shapes.geojson --plan CD --compactness --format json
contains "$tmp/err" "gerrymeter: warning: $B/mixed_shapes.geojson: 1 unit is not a polygon (d (Point)): it has no area, so it is left out of every shape, adjacency and compactness measure" "point unit named"
contains "$tmp/out" "\"code\": \"not_polygons\"" "warning in JSON"
# district 2 is c alone: half the area of the clean layer's district 2 (two 0.01-degree cells)
a_mixed=$(json "d['compactness']['districts'][1]['area_m2']")
R squares.geojson --plan CD --compactness --format json >"$tmp/out" 2>/dev/null
a_clean=$(json "d['compactness']['districts'][1]['area_m2']")
python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); sys.exit(0 if abs(a-b/2)<1e-6*b else 1)" "$a_mixed" "$a_clean" \
  || { echo "FAIL: district 2 area $a_mixed, expected half of $a_clean"; fails=$((fails+1)); }
expect 1 "check names the point unit" -- "$GM" check --units "$B/mixed_shapes.geojson" --id ID
contains "$tmp/err" "1 unit is not a polygon (d (Point))" "check warning"
contains "$tmp/err" "units that are not polygons found" "check fails on it"
expect 1 "a point unit under a district layer" -- R mixed_shapes.geojson --plan "$B/districts.geojson" --district-id DIST
contains "$tmp/err" "1 unit of $B/mixed_shapes.geojson has no geometry (null or empty, or a point or line, which has no area; unit ids: d)" "overlay names it"

# --- a line among district polygons: that feature places no unit, and is named
expect 0 "a line among district polygons" -- R squares.geojson --plan "$B/districts_mixed.geojson" --district-id DIST --format json
contains "$tmp/err" "1 district feature is not a polygon (feature 2 (district 2) (Line String)): it has no area, so it is placing no unit" "district line named"
expect 0 "compactness with a line among polygons" -- "$GM" compactness "$B/districts_mixed.geojson" --id DIST --format json
contains "$tmp/out" "\"code\": \"not_polygons\"" "compactness JSON warning"

# --- a geometry collection: its polygon part is used, and said so
expect 0 "collection unit" -- R collection.geojson --plan CD --compactness --format json
contains "$tmp/err" "1 unit is a geometry collection holding polygons and other parts (d (Geometry Collection)); only the polygon parts are used" "collection named"
a_col=$(json "d['compactness']['districts'][1]['area_m2']")
[ "$a_col" = "$a_clean" ] || { echo "FAIL: collection area $a_col, expected $a_clean"; fails=$((fails+1)); }
finish
