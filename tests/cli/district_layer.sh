# gerrymeter score -o districts.gpkg|.geojson|.fgb: the plan dissolved into districts with
# every per-district value as attributes; read back, they equal score's JSON. Written
# atomically: a failed run leaves no file.
. "$(dirname "$0")/lib.bash"
need_shared
NH="$SHARED/mggg_NH/NH.zip"
ARGS=(--units "$NH" --plan CD --pop TOTPOP --votes D=USH12D,R=USH12R)

expect 0 "score json with compactness" -- "$GM" score "${ARGS[@]}" --compactness --format json
cp "$tmp/out" "$tmp/score.json"
mkdir "$tmp/o"
for ext in gpkg geojson fgb; do
  expect 0 "layer .$ext" -- "$GM" score "${ARGS[@]}" -o "$tmp/o/d.$ext"
  [ -s "$tmp/out" ] && { echo "FAIL: .$ext: a layer run prints nothing"; fails=$((fails+1)); }
  ogrinfo -so -al "$tmp/o/d.$ext" >"$tmp/info" 2>&1
  contains "$tmp/info" "Feature Count: 2" ".$ext: two districts"
  contains "$tmp/info" "Multi Polygon" ".$ext: multipolygons"
  contains "$tmp/info" 'ID["EPSG",4326]' ".$ext: lon/lat"
  # read back through GDAL into a GeoPackage, whose attributes SQLite gives exactly
  ogr2ogr -f GPKG "$tmp/back_$ext.gpkg" "$tmp/o/d.$ext" -nln back 2>/dev/null
  python3 - "$tmp/back_$ext.gpkg" "$tmp/score.json" "$ext" <<'PY' || fails=$((fails+1))
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.row_factory = sqlite3.Row
rows = {r["district"]: dict(r) for r in db.execute("select * from back")}
s = json.load(open(sys.argv[2]))
comp = {d["district"]: d for d in s["compactness"]["districts"]}
assert sorted(rows) == ["01", "02"], rows.keys()
for d in s["districts"]:
    r = rows[d["district"]]
    for k in ("units", "population", "deviation", "deviation_pct", "share", "winner", "uncontested"):
        assert r[k] == d[k], (sys.argv[3], k, r[k], d[k])
    assert r["votes_D"] == d["votes"]["D"] and r["votes_R"] == d["votes"]["R"]
    c = comp[d["district"]]
    for k, v in c.items():
        if k == "district": continue
        assert r[k] == v, (sys.argv[3], k, r[k], v)
print(sys.argv[3], "ok:", {k: rows["01"][k] for k in ("population", "share", "polsby_popper")})
PY
done

# the layer of the first election when several are given
expect 0 "layer with elections" -- "$GM" score --units "$NH" --plan CD --pop TOTPOP --election U:D=USH12D,R=USH12R --election P:D=PRES16D,R=PRES16R -o "$tmp/o/e.gpkg"
python3 - "$tmp/o/e.gpkg" "$tmp/score.json" <<'PY' || fails=$((fails+1))
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.row_factory = sqlite3.Row
rows = {r["district"]: dict(r) for r in db.execute("select * from districts")}
s = json.load(open(sys.argv[2]))
for d in s["districts"]:
    assert rows[d["district"]]["share"] == d["share"] and "votes_D" in rows[d["district"]]
PY

# usage: a layer has no --format
expect 2 "layer with --format" -- "$GM" score "${ARGS[@]}" -o "$tmp/o/x.gpkg" --format json
contains "$tmp/err" "leave out --format" "layer and --format"

# atomic: a failed run leaves no file and keeps an old one untouched
echo old > "$tmp/o/keep.gpkg"
expect 1 "failing run" -- "$GM" score --units "$NH" --plan CD --votes D=NOPE,R=USH12R -o "$tmp/o/keep.gpkg"
[ "$(cat "$tmp/o/keep.gpkg")" = old ] || { echo "FAIL: the old file was changed"; fails=$((fails+1)); }
expect 1 "failing run, new file" -- "$GM" score --units "$NH" --plan NOPE --pop TOTPOP -o "$tmp/o/new.fgb"
[ -e "$tmp/o/new.fgb" ] && { echo "FAIL: a failed run left new.fgb"; fails=$((fails+1)); }
# a failure while GDAL writes (two parties whose fields differ only in case, which a
# GeoPackage cannot hold): exit 1 naming the field, no file left
expect 1 "failing write" -- "$GM" score --units "$NH" --plan CD --votes D=USH12D,d=USH12R -o "$tmp/o/dup.gpkg"
contains "$tmp/err" "votes_d" "names the field"
[ -e "$tmp/o/dup.gpkg" ] && { echo "FAIL: a failed write left dup.gpkg"; fails=$((fails+1)); }
left=$(ls -A "$tmp/o" | grep -v -E '^(d\.gpkg|d\.geojson|d\.fgb|e\.gpkg|keep\.gpkg)$' || true)
[ -z "$left" ] || { echo "FAIL: files left behind: $left"; fails=$((fails+1)); }
finish
