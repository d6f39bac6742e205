#!/usr/bin/env bash
# Load test: a generated 200,000-unit state (national precinct scale) is loaded, its
# plan built three ways (column, assignment CSV, district polygon overlay), scored, and
# its geometry checked as a coverage (and its adjacency graph built, where the tree has
# `gerrymeter graph`). Reports wall time and peak resident memory of
# each run (/usr/bin/time). Usage: bench/load.sh [UNITS]   (default 200000)
# The state is a grid of 0.005-degree cells east of (-100, 38), each edge a wiggled
# polyline of 9 segments shared exactly by both neighbours (41 vertices per unit, a
# valid coverage); 50 districts are blocks of whole cells; POP, D, R vary per cell.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
. bench/lib.sh
bench_build
d=build-rel/load-$n
mkdir -p "$d"
if [ ! -s "$d/units.gpkg" ]; then
  echo "generating $n units in $d ..." >&2
  python3 - "$d" "$n" <<'PY'
import math, sys
d, n = sys.argv[1], int(sys.argv[2])
cols = int(math.sqrt(n * 1.25)); rows = (n + cols - 1) // cols
S, X0, Y0, K = 0.005, -100.0, 38.0, 9          # cell size (deg), origin, segments per edge
def wig(x0, y0, x1, y1):
    # points strictly inside the edge; the offset depends only on the edge, so both
    # cells that share it produce identical coordinates
    pts = []
    h = (hash((round(x0, 6), round(y0, 6), round(x1, 6), round(y1, 6))) % 1000) / 1000.0
    for k in range(1, K):
        t = k / K
        o = 0.08 * S * math.sin(math.pi * t) * (h - 0.5)
        if y0 == y1: pts.append((x0 + (x1 - x0) * t, y0 + o))
        else: pts.append((x0 + o, y0 + (y1 - y0) * t))
    return pts
def edge(a, b):  # canonical direction so neighbours agree, then orient
    if a <= b: return wig(*a, *b)
    return list(reversed(wig(*b, *a)))
dc, dr = 10, 5                                   # 50 districts: 10 x 5 blocks
with open(d + "/units.csv", "w") as f, open(d + "/assign.csv", "w") as a:
    f.write("ID,POP,D,R,CD,WKT\n"); a.write("ID,district\n")
    i = 0
    for r in range(rows):
        for c in range(cols):
            if i == n: break
            x0, y0 = X0 + c * S, Y0 + r * S
            x1, y1 = x0 + S, y0 + S
            c00, c10, c11, c01 = (x0, y0), (x1, y0), (x1, y1), (x0, y1)
            ring = [c00] + edge(c00, c10) + [c10] + edge(c10, c11) + [c11] + edge(c11, c01) + [c01] + edge(c01, c00) + [c00]
            cd = (r * dr // rows) * dc + (c * dc // cols) + 1
            pop = 500 + (i * 7919) % 1000
            dv = (i * 104729) % 400; rv = (i * 1299709) % 400
            wkt = "POLYGON((" + ",".join("%.7f %.7f" % p for p in ring) + "))"
            f.write('u%d,%d,%d,%d,%d,"%s"\n' % (i, pop, dv, rv, cd, wkt))
            a.write("u%d,%d\n" % (i, cd))
            i += 1
with open(d + "/districts.csv", "w") as f:
    f.write("DIST,WKT\n")
    for br in range(dr):
        for bc in range(dc):
            # the block of cells whose (r*dr//rows, c*dc//cols) == (br, bc)
            rs = [r for r in range(rows) if r * dr // rows == br]; cs = [c for c in range(cols) if c * dc // cols == bc]
            xa, xb = X0 + cs[0] * S, X0 + (cs[-1] + 1) * S; ya, yb = Y0 + rs[0] * S, Y0 + (rs[-1] + 1) * S
            f.write('%d,"POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))"\n' % (br * dc + bc + 1, xa, ya, xb, ya, xb, yb, xa, yb, xa, ya))
PY
  ogr2ogr -f GPKG "$d/units.gpkg" "$d/units.csv" -nln units -a_srs EPSG:4326 -oo GEOM_POSSIBLE_NAMES=WKT \
    -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES -nlt POLYGON
  ogr2ogr -f GPKG "$d/districts.gpkg" "$d/districts.csv" -nln districts -a_srs EPSG:4326 \
    -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO -nlt POLYGON
  rm -f "$d/units.csv" "$d/districts.csv"
fi
U="$d/units.gpkg"
run() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$d/time.txt" "$@" >"$d/$name.out" 2>"$d/$name.err" || true
  read -r secs kb < <(tail -1 "$d/time.txt")
  printf "| %-28s | %8.2f s | %7.0f MB |\n" "$name" "$secs" "$((kb / 1024))"
}
echo "| run ($n units, 50 districts) | time | peak RSS |"
echo "|---|---|---|"
run "GDAL read (ogr2ogr, attrs)" ogr2ogr -f CSV /vsistdout/ "$U" -select POP,D,R,CD
run "score: column plan" "$GM" score --units "$U" --id ID --plan CD --votes D=D,R=R --pop POP --format json
run "score: assignment CSV" "$GM" score --units "$U" --plan "$d/assign.csv" --join ID --votes D=D,R=R --pop POP --format json
run "score: district polygons" "$GM" score --units "$U" --id ID --plan "$d/districts.gpkg" --district-id DIST --votes D=D,R=R --pop POP --format json
run "check: overlaps and gaps" "$GM" check --units "$U" --id ID --format json
if "$GM" graph --help >/dev/null 2>&1; then # the adjacency graph, once that command exists
  run "graph: rook adjacency" "$GM" graph --units "$U" --format csv
fi
# the three plans must agree (every cell lies inside its CD block)
python3 - "$d" <<'PY'
import json, sys
d = sys.argv[1]
r = [json.load(open("%s/%s.out" % (d, k))) for k in ("score: column plan", "score: assignment CSV", "score: district polygons")]
pops = [[x["population"] for x in j["districts"]] for j in r]
assert pops[0] == pops[1] == pops[2] and len(pops[0]) == 50, "plans disagree"
c = json.load(open("%s/check: overlaps and gaps.out" % d))
print("plans agree: 50 districts, population %d; check: %d units, %d overlaps, %d gaps"
      % (sum(pops[0]), c["units"], c["overlaps"]["count"], c["gaps"]["count"]))
PY
