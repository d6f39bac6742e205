# Units from a networkx graph file (--units g.json): the nodes are the units, their
# attributes the columns, the file's adjacency the units' graph, and nothing reads GDAL.
#  1. testdata/grid3x3_graph.json, a 3x3 grid by hand (rook, 12 edges): three column
#     districts A B C of 330/300/270 people and D/R votes 180/120, 90/210, 144/156:
#     every number below is worked out in the comments;
#  2. bad graph files: the error names the file, the node and the attribute;
#  3. Minnesota (shared data): the same graph with its unit columns as node attributes
#     (gerrymeter graph --attributes) against the shapefile: byte-identical ReCom plans,
#     the same score and ensemble rows, without loading GDAL, GEOS or PROJ at all.
. "$(dirname "$0")/lib.bash"
G3="$GM_SRC/testdata/grid3x3_graph.json"
V=(--pop TOTPOP --votes D=D16,R=R16)

# ---- 1. the hand-made grid ----------------------------------------------------------------
expect 0 "score the grid" -- "$GM" score --units "$G3" "${V[@]}" --plan DIST --county COUNTY --format json
cp "$tmp/out" "$tmp/grid.json"
python3 - "$tmp/grid.json" <<'PY' || fails=$((fails+1))
import json, sys
s = json.load(open(sys.argv[1])); p = s["plan"]
close = lambda a, b: abs(a - b) < 1e-12
assert s["units"]["count"] == 9 and s["units"]["layer"] == "nodes", s["units"]
assert p["seats"] == {"D": 1, "R": 2} and p["votes"] == {"D": 414, "R": 486}, p
assert close(p["vote_share"], 414 / 900)
# wasted votes: A D 180-150=30, R 120; B D 90, R 210-150=60; C D 144, R 156-150=6:
# (264 - 186) / 900, against the Democrats
assert close(p["efficiency_gap"], 78 / 900) and p["favours_by_metric"]["efficiency_gap"] == "R"
# district shares 0.60, 0.30, 0.48: mean 0.46 - median 0.48
assert close(p["mean_median"], -0.02)
pd = p["population_deviation"]  # 330/300/270 people, ideal 300
assert pd["ideal"] == 300 and close(pd["range"], 0.2) and close(pd["max_abs_pct"], 0.1), pd
assert p["noncontiguous_districts"] == 0 and p["contiguity"]["graph"].endswith("grid3x3_graph.json")
sp = s["splits"][0]  # county X (rows 1-2) and Y (row 3) each cut by all three columns
assert sp["county_splits"] == 2, sp
PY
# ids from an attribute: an assignment CSV joined on NAME; the same plan as DIST
printf 'NAME,district\nn0,A\nn1,B\nn2,C\nn3,A\nn4,B\nn5,C\nn6,A\nn7,B\nn8,C\n' > "$tmp/cols.csv"
expect 0 "assignment CSV on a node attribute" -- "$GM" score --units "$G3" --id NAME "${V[@]}" \
  --plan "$tmp/cols.csv" --format json
contains "$tmp/out" '"efficiency_gap": 0.08666666666666667' "the CSV plan scores as the column"
# two plans: the columns (6 cut edges: both of each row's), and {0,4,8} {1,2,5} {3,6,7}:
# 8 cut edges (only 1-2, 2-5, 3-6, 6-7 inside), {0,4,8} in three pieces
printf '{"assignment": [0, 1, 2, 0, 1, 2, 0, 1, 2]}\n{"assignment": [0, 1, 1, 2, 0, 1, 2, 2, 0]}\n' > "$tmp/two.jsonl"
expect 0 "ensemble score on the grid's own graph" -- "$GM" ensemble score --units "$G3" "${V[@]}" \
  --graph auto --plans "$tmp/two.jsonl" -o "$tmp/rows.csv"
python3 - "$tmp/rows.csv" <<'PY' || fails=$((fails+1))
import csv, sys
rows = list(csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#")))
got = [(r["cut_edges"], r["noncontiguous_districts"]) for r in rows]
assert got == [("6", "0"), ("8", "1")], got
PY
# the node-link layout ("links") is the same graph
python3 - "$G3" "$tmp/links.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
links = [{"source": i, "target": n["id"]} for i, a in enumerate(g.pop("adjacency")) for n in a if i < n["id"]]
g["links"] = links
json.dump(g, open(sys.argv[2], "w"))
PY
expect 0 "node-link graph" -- "$GM" ensemble score --units "$tmp/links.json" "${V[@]}" --graph auto \
  --plans "$tmp/two.jsonl" -o "$tmp/rows_links.csv"
diff <(grep -v '^#' "$tmp/rows.csv") <(grep -v '^#' "$tmp/rows_links.csv") >/dev/null \
  || { echo "FAIL: node-link rows differ"; fails=$((fails+1)); }

# ---- 2. what a graph file cannot do, and bad ones ------------------------------------------
expect 2 "compactness of graph units" -- "$GM" score --units "$G3" "${V[@]}" --plan DIST --compactness
contains "$tmp/err" "grid3x3_graph.json is a graph file, which carries no shapes" "compactness: no shapes"
contains "$tmp/err" "use the shapefile or GeoPackage the graph was built from" "compactness: the fix"
[ "$(wc -l < "$tmp/err")" = 1 ] || { echo "FAIL: compactness error is not one line"; fails=$((fails+1)); }
expect 2 "a filter on graph units" -- "$GM" score --units "$G3" "${V[@]}" --plan DIST --where "TOTPOP > 0"
contains "$tmp/err" "its nodes cannot be filtered" "filter refused"
python3 - "$G3" "$tmp" <<'PY'
import json, sys
src, d = sys.argv[1], sys.argv[2]
def put(name, fix):
    g = json.load(open(src)); fix(g); json.dump(g, open(f"{d}/{name}.json", "w"))
put("nopop", lambda g: g["nodes"][4].pop("TOTPOP"))
put("textpop", lambda g: g["nodes"][5].update(TOTPOP="many"))
put("nulld", lambda g: g["nodes"][2].update(D16=None))
put("badid", lambda g: g["nodes"][3].update(id=7))
put("noadj", lambda g: g.pop("adjacency"))
json.dump({"directed": False, "multigraph": False, "graph": {}}, open(f"{d}/empty.json", "w"))
PY
expect 1 "node without the population" -- "$GM" score --units "$tmp/nopop.json" "${V[@]}" --plan DIST
contains "$tmp/err" "nopop.json: node 4 has no attribute 'TOTPOP'" "missing attribute named with its node"
expect 1 "text population" -- "$GM" score --units "$tmp/textpop.json" "${V[@]}" --plan DIST
contains "$tmp/err" "textpop.json: node 5: population attribute 'TOTPOP' is 'many', not a non-negative number" "text population"
expect 1 "null votes" -- "$GM" score --units "$tmp/nulld.json" "${V[@]}" --plan DIST
contains "$tmp/err" "nulld.json: node 2: votes attribute 'D16' (party D) is null" "null votes"
expect 1 "node ids out of order" -- "$GM" score --units "$tmp/badid.json" "${V[@]}" --plan DIST
contains "$tmp/err" "expected node ids 0, 1, 2, ... in order" "node ids"
expect 1 "neither nodes nor adjacency" -- "$GM" score --units "$tmp/empty.json" "${V[@]}" --plan DIST
contains "$tmp/err" "empty.json: not a networkx graph: it has no \"nodes\" list" "no nodes"
expect 1 "no adjacency" -- "$GM" score --units "$tmp/noadj.json" "${V[@]}" --plan DIST
contains "$tmp/err" "noadj.json: not a networkx graph: it has no \"adjacency\" or \"links\" list" "no adjacency"
expect 1 "an attribute no node has" -- "$GM" score --units "$G3" "${V[@]}" --plan CD
contains "$tmp/err" "the graph's nodes have no plan attribute 'CD'; attributes are: id, NAME, TOTPOP" "attributes listed"

# ---- 3. Minnesota: graph file against shapefile -----------------------------------------------
need_shared
MN="$SHARED/mggg_MN/mn_08_16.zip"
cd "$tmp" || exit 1
expect 0 "raw graph" -- "$GM" graph --units "$MN" --id VTD -o raw.json
expect 0 "graph with attributes" -- "$GM" graph --units "$MN" --id VTD \
  --attributes TOTPOP,CONGDIST,COUNTYNAME,USH16D,USH16R,NH_BLACK -o mn.json
python3 - raw.json mn.json <<'PY' || fails=$((fails+1))
import json, sys
raw, mn = (json.load(open(p)) for p in sys.argv[1:3])
assert raw["adjacency"] == mn["adjacency"] and raw["graph"] == mn["graph"]
n = mn["nodes"][0]  # VTD 271730045: the order key first, text as strings, counts as numbers
assert list(n)[-7:] == ["VTD", "TOTPOP", "CONGDIST", "COUNTYNAME", "USH16D", "USH16R", "NH_BLACK"], list(n)
assert (n["VTD"], n["TOTPOP"], n["CONGDIST"], n["USH16D"]) == ("271730045", 209, "7", 72), n
PY
expect 2 "attributes in a CSV edge list" -- "$GM" graph --units "$MN" --format csv --attributes TOTPOP
expect 2 "an attribute named like a node key" -- "$GM" graph --units "$MN" --attributes area -o x.json
contains "$tmp/err" "'area' is a key every node of the graph file has already" "own key refused"
[ ! -e x.json ] || { echo "FAIL: x.json written"; fails=$((fails+1)); }
G=(--pop TOTPOP --plan CONGDIST --steps 200 --seed 1)
expect 0 "generate from the shapefile" -- "$GM" ensemble generate --units "$MN" --graph raw.json "${G[@]}" -o shp.jsonl
expect 0 "generate from the graph file" -- "$GM" ensemble generate --units mn.json "${G[@]}" -o js.jsonl
expect 0 "generate naming the same file as --graph" -- "$GM" ensemble generate --units mn.json --graph mn.json "${G[@]}" -o js2.jsonl
cmp -s shp.jsonl js.jsonl && cmp -s js.jsonl js2.jsonl || { echo "FAIL: the plans differ"; fails=$((fails+1)); }
[ "$(wc -l < js.jsonl)" = 201 ] || { echo "FAIL: not 201 plans (the start and 200 steps)"; fails=$((fails+1)); }
expect 0 "generate from the graph file with the raw graph" -- "$GM" ensemble generate --units mn.json --graph raw.json "${G[@]}" -o js3.jsonl
cmp -s js.jsonl js3.jsonl || { echo "FAIL: the plans differ with --graph raw.json"; fails=$((fails+1)); }
# the nodes in reverse order: the order key's fingerprint tells another graph file apart
python3 -c 'import json; g = json.load(open("mn.json")); g["nodes"].reverse()
for i, n in enumerate(g["nodes"]): n["id"] = i
json.dump(g, open("rev.json", "w"))'
expect 1 "a graph of another order" -- "$GM" ensemble generate --units rev.json --graph raw.json "${G[@]}" -o none
contains "$tmp/err" "graph raw.json was made for the units in another order: its unit fingerprint is 0e5f41caef69f413 (4120 units, keyed by VTD)" "order checked"
S=(--pop TOTPOP --plan CONGDIST --votes D=USH16D,R=USH16R --county COUNTYNAME --format json)
expect 0 "score the shapefile" -- "$GM" score --units "$MN" "${S[@]}" -o s_shp.json
expect 0 "score the graph file" -- "$GM" score --units mn.json "${S[@]}" -o s_js.json
python3 - s_shp.json s_js.json <<'PY' || fails=$((fails+1))
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for s in (a, b):  # the names of the sources, and nothing else, differ
    s["units"].pop("source"); s["units"].pop("layer"); s["plan"].pop("source")
    s["plan"]["contiguity"].pop("graph")
assert a == b
assert b["plan"]["seats"] == {"D": 5, "R": 3} and b["plan"]["noncontiguous_districts"] == 0
PY
R=(--pop TOTPOP --votes D=USH16D,R=USH16R --reference CONGDIST --county COUNTYNAME --vap TOTPOP --group black=NH_BLACK)
expect 0 "ensemble score, shapefile" -- "$GM" ensemble score --units "$MN" --graph raw.json "${R[@]}" --plans js.jsonl -o r_shp.csv
expect 0 "ensemble score, graph file" -- "$GM" ensemble score --units mn.json --graph auto "${R[@]}" --plans js.jsonl -o r_js.csv
diff <(grep -v '^#' r_shp.csv) <(grep -v '^#' r_js.csv) >/dev/null || { echo "FAIL: ensemble rows differ"; fails=$((fails+1)); }
diff <(grep '^# unit order' r_shp.csv) <(grep '^# unit order' r_js.csv) >/dev/null || { echo "FAIL: unit order differs"; fails=$((fails+1)); }
[ "$(grep -vc '^#' r_js.csv)" = 203 ] || { echo "FAIL: not 201 rows, the reference and a header"; fails=$((fails+1)); }

# GDAL stays out of it. Where GDAL, GEOS and PROJ load on first use (the default build,
# engine/core/lazy_libs.c), these runs load none of them; where GDAL is linked directly,
# gdb counts the calls from gerrymeter's own code through its PLT: none but start-up's
# (driver registration, error handler and the network lock-down of engine/core/init.c:
# gm_init_ex, gdal_setup, lockdown, gm_shutdown).
GR=(ensemble generate --units mn.json --pop TOTPOP --plan CONGDIST --steps 20 --seed 1 -o p.jsonl)
GS=(score --units mn.json "${S[@]}" -o s.json)
GE=(ensemble score --units mn.json --graph auto "${R[@]}" --plans p.jsonl -o r.csv)
if ! readelf -d "$GM" | grep -q 'NEEDED.*libgdal'; then
  loaded() { LD_DEBUG=libs "$GM" "$@" 2>&1 >/dev/null | grep -oE 'calling init: [^ ]+' | sed 's|.*/||' | sort -u; }
  { loaded "${GR[@]}"; loaded "${GS[@]}"; loaded "${GE[@]}"; } > libs.txt
  [ -s p.jsonl ] && [ -s s.json ] && [ -s r.csv ] || { echo "FAIL: a run under LD_DEBUG wrote nothing"; fails=$((fails+1)); }
  if grep -E '^lib(gdal|geos_c|proj)\.' libs.txt; then
    echo "FAIL: a graph-file run loaded the libraries above"; fails=$((fails+1))
  fi
  loaded score --units "$MN" --pop TOTPOP --plan CONGDIST --no-contiguity -o none > shp.txt
  grep -q '^libgdal\.' shp.txt || { echo "FAIL: LD_DEBUG saw no GDAL even for the shapefile"; fails=$((fails+1)); }
elif command -v gdb >/dev/null && case "${GM_TEST_CFLAGS:-}" in *sanitize*) false ;; *) true ;; esac; then
  gdbcalls() {
    gdb -q -batch -x "$GM_SRC/tests/cli/gdal_calls.py" --args "$GM" "$@" 2>&1 | grep '^GDALCALL '
  }
  { gdbcalls "${GR[@]}"; gdbcalls "${GS[@]}"; gdbcalls "${GE[@]}"; } > calls.txt
  grep -q 'GDALAllRegister from \(gm_init_ex\|gdal_setup\) ' calls.txt || { echo "FAIL: gdb saw no call at all"; fails=$((fails+1)); }
  if grep -v ' from \(gm_init_ex\|gdal_setup\|lockdown\|gm_shutdown\) ' calls.txt; then
    echo "FAIL: GDAL called on the graph-file path (above)"; fails=$((fails+1))
  fi
fi
finish
