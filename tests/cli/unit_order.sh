# Unit order (issue 13, class 1): plans, graphs and per-plan rows are positional, and a
# unit layer in another order used to scramble them without a word. Here the Minnesota
# precincts sorted by VTD (as a re-export would leave them) meet every file gerrymeter
# writes for the original order: graph JSON and CSV, GMEN, BEN (sidecar), CSV ensembles
# (realigned, or refused), per-plan rows (report, merge), a --resume checkpoint; and
# GerryChain's JSONL, which carries no ids, is stopped by the population check.
. "$(dirname "$0")/lib.bash"
need_shared
MN="$SHARED/mggg_MN/mn_08_16.zip"
ENS="$SHARED/ensembles/mn_congdist_recom_10000.jsonl.xz"
V=(--pop TOTPOP --votes D=USH16D,R=USH16R)
cd "$tmp" || exit 1
ogr2ogr -f GPKG sorted.gpkg "/vsizip/$MN" -dialect SQLite -sql "SELECT * FROM mn_08_16 ORDER BY VTD" \
  -nln mn 2>/dev/null || { echo "FAIL: cannot sort the MN layer"; exit 1; }
xz -dc "$ENS" | head -n 300 > e300.jsonl
gone() { for f in "$@"; do [ ! -e "$f" ] || { echo "FAIL: $f left behind"; fails=$((fails+1)); }; done; }
rows() { tail -n +2 "$1"; } # the rows without their unit-order line

# 1. The issue's example: the whole ensemble on the sorted layer. It used to score (mean EG
#    -0.32 instead of -0.02, the enacted plan at the 99th percentile, exit 0); now the first
#    block's median plan is 114 % off the ideal population and the run stops, leaving nothing.
expect 1 "JSONL on the sorted layer" -- "$GM" ensemble score --units sorted.gpkg "${V[@]}" --plans "$ENS" \
  --reference CONGDIST --summary s.json -o r.csv
contains "$tmp/err" "mn_congdist_recom_10000.jsonl.xz: the median of its first 1024 plans is 113.9 % off the ideal district population (TOTPOP" "stop names the deviation"
contains "$tmp/err" "the plans were most likely drawn on the units in another order" "stop names unit order"
contains "$tmp/err" "--pop-dev-limit" "stop names the override"
gone r.csv s.json
# the numbers of the issue, with the check turned off, against the right order
expect 0 "check turned off" -- "$GM" ensemble score --units sorted.gpkg "${V[@]}" --plans "$ENS" \
  --reference CONGDIST --summary scrambled.json -o none --pop-dev-limit none
expect 0 "right order" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans "$ENS" \
  --reference CONGDIST --summary right.json -o none
python3 - scrambled.json right.json <<'PY' || fails=$((fails+1))
import json, sys
s, r = (json.load(open(p))["metrics"]["efficiency_gap"] for p in sys.argv[1:3])
assert round(s["mean"], 2) == -0.32 and round(r["mean"], 2) == -0.02, (s["mean"], r["mean"])
assert round(s["reference"]["percentile"]) == 99 and round(r["reference"]["percentile"]) == 52
PY
# the limit, both ways: 1 % stops the real plans (median 1.85 %), 2.0 lets the scrambled through
expect 1 "limit below the real plans" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans e300.jsonl -o x.csv --pop-dev-limit 0.01
contains "$tmp/err" "the median of its first 300 plans is 1.8 % off the ideal district population" "real plans over a 1 % limit"
gone x.csv
expect 0 "limit above the scrambled plans" -- "$GM" ensemble score --units sorted.gpkg "${V[@]}" --plans e300.jsonl -o none --pop-dev-limit 2
expect 2 "bad limit" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans e300.jsonl --pop-dev-limit -1
# no population field: no balance to judge, and nothing to check (as before)
expect 0 "no population" -- "$GM" ensemble score --units sorted.gpkg --votes D=USH16D,R=USH16R --plans e300.jsonl -o none

# 2. Graphs. JSON records the order; the CSV edge list is not read back.
"$GM" graph --units "$MN" -o g.json 2>/dev/null
"$GM" graph --units "$MN" --format csv -o g.csv 2>/dev/null
contains g.json '"units": 4120, "unit_fingerprint": "0e5f41caef69f413", "unit_key": "VTD", "unit_id_field": null' "graph records the order"
expect 1 "graph JSON, sorted layer" -- "$GM" ensemble score --units sorted.gpkg "${V[@]}" --plans e300.jsonl --graph g.json -o x.csv
contains "$tmp/err" "graph g.json was made for the units in another order: its unit fingerprint is 0e5f41caef69f413 (4120 units, keyed by VTD), this layer's is 014a7a413c90089b (4120 units, keyed by VTD); regenerate it from this unit layer, or use the layer it was made from" "graph mismatch"
gone x.csv
"$GM" graph --units "$MN" --id VTD -o gv.json 2>/dev/null
rm -f x.csv
expect 1 "graph JSON with ids, sorted layer" -- "$GM" ensemble score --units sorted.gpkg --id VTD "${V[@]}" --plans e300.jsonl --graph gv.json -o x.csv
contains "$tmp/err" "first difference: unit 0 is '271730045' there, '270010005' here" "first differing unit named"
expect 1 "graph CSV" -- "$GM" ensemble score --units sorted.gpkg "${V[@]}" --plans e300.jsonl --graph g.csv -o x.csv
contains "$tmp/err" "is this a unit graph in gerrymeter's JSON" "edge list is not a graph file"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); del j["graph"]["unit_fingerprint"]; json.dump(j, open(sys.argv[2], "w"))' g.json old.json
expect 0 "graph without a fingerprint" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans e300.jsonl --graph old.json -o none
contains "$tmp/err" "warning: graph old.json: no unit fingerprint: unit order cannot be checked" "old graph warned"

# 3. Ensembles converted with their unit layer: GMEN (header), BEN and JSONL (sidecar),
#    CSV (unit ids). Scored on the right layer they agree with the JSONL; on the sorted one
#    GMEN, BEN and JSONL are refused and the CSV is realigned.
expect 0 "score JSONL" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans e300.jsonl -o ref.csv
for f in e.gmen e.ben e.csv e.jsonl; do
  expect 0 "convert $f" -- "$GM" ensemble convert --plans e300.jsonl --units "$MN" -o $f
  expect 0 "score $f, right layer" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans $f -o $f.rows
  cmp -s ref.csv $f.rows || { echo "FAIL: $f scores differ from the JSONL's"; fails=$((fails+1)); }
done
contains e.ben.units "units=4120 unit_fingerprint=0e5f41caef69f413 unit_key=VTD" "BEN sidecar"
for f in e.gmen e.ben e.jsonl; do
  expect 1 "$f, sorted layer" -- "$GM" ensemble score --units sorted.gpkg "${V[@]}" --plans $f -o x.csv
  contains "$tmp/err" "was made for the units in another order: its unit fingerprint is 0e5f41caef69f413" "$f mismatch"
  gone x.csv
done
contains "$tmp/err" "e.jsonl (unit order in e.jsonl.units)" "sidecar named"
expect 0 "CSV realigned to the sorted layer" -- "$GM" ensemble score --units sorted.gpkg "${V[@]}" --plans e.csv -o x.csv
[ "$(rows x.csv)" = "$(rows ref.csv)" ] || { echo "FAIL: realigned CSV scores differ"; fails=$((fails+1)); }
python3 - e.csv shuffled.csv bad.csv <<'PY' || fails=$((fails+1))
import random, sys
rows = [l.rstrip("\n").split(",") for l in open(sys.argv[1])]
perm = list(range(1, len(rows[0]))); random.Random(7).shuffle(perm)
open(sys.argv[2], "w").writelines(",".join([r[0]] + [r[p] for p in perm]) + "\n" for r in rows)
rows[0][5], rows[0][9] = "X999", "X998"
open(sys.argv[3], "w").writelines(",".join(r) + "\n" for r in rows)
PY
expect 0 "CSV with shuffled columns" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans shuffled.csv -o x.csv
[ "$(rows x.csv)" = "$(rows ref.csv)" ] || { echo "FAIL: shuffled CSV scores differ"; fails=$((fails+1)); }
rm -f x.csv
expect 1 "CSV with unknown ids" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans bad.csv -o x.csv
contains "$tmp/err" "bad.csv: its header names 2 unit ids the unit layer does not have (e.g. 'X999') and lacks 2 of the layer's" "unknown ids named"
gone x.csv
# a GMEN file of an older gerrymeter (version 1, no fingerprint): read, with a warning
expect 0 "convert without units" -- "$GM" ensemble convert --plans e300.jsonl -o v1.gmen
printf '\001\000' | dd of=v1.gmen bs=1 seek=4 conv=notrunc 2>/dev/null
expect 0 "GMEN version 1" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans v1.gmen -o x.csv
contains "$tmp/err" "warning: v1.gmen: no unit fingerprint: unit order cannot be checked" "GMEN 1 warned"
[ "$(rows x.csv)" = "$(rows ref.csv)" ] || { echo "FAIL: GMEN 1 scores differ"; fails=$((fails+1)); }

# 4. Per-plan rows: the report and merge check the order the rows were scored on.
head -1 ref.csv | grep -qx "# gerrymeter ensemble rows: units=4120 unit_fingerprint=0e5f41caef69f413 unit_key=VTD" \
  || { echo "FAIL: rows do not open with their unit order"; fails=$((fails+1)); }
R=(--plan CONGDIST --votes D=USH16D,R=USH16R --pop TOTPOP --no-map)
expect 0 "report, rows of this layer" -- "$GM" report --units "$MN" "${R[@]}" --ensemble ref.csv -o rep.html
expect 1 "report, rows of another order" -- "$GM" report --units sorted.gpkg "${R[@]}" --ensemble ref.csv -o rep2.html
contains "$tmp/err" "per-plan rows ref.csv was made for the units in another order" "report refuses the rows"
gone rep2.html
expect 0 "shard on the right layer" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans e.csv --shard 1/2 -o p1.csv
expect 0 "shard on the sorted layer" -- "$GM" ensemble score --units sorted.gpkg "${V[@]}" --plans e.csv --shard 2/2 -o p2.csv
expect 1 "merge of shards of two unit orders" -- "$GM" ensemble merge -o m.csv p1.csv p2.csv
contains "$tmp/err" "p2.csv was scored on units in another order than p1.csv" "merge refuses"
gone m.csv

# 5. A --resume checkpoint: continued only on the units it was started on; a run refused
#    at its start leaves no checkpoint.
( ulimit -f 20; exec "$GM" ensemble score --units "$MN" "${V[@]}" --plans e.csv -o c.csv --resume ) >/dev/null 2>&1
[ -f c.csv.partial ] && [ -f c.csv.resume ] || { echo "FAIL: no checkpoint to resume"; fails=$((fails+1)); }
expect 1 "resume on another order" -- "$GM" ensemble score --units sorted.gpkg "${V[@]}" --plans e.csv -o c.csv --resume
contains "$tmp/err" "c.csv.resume: the interrupted run scored the units in another order (units=4120 unit_fingerprint=0e5f41caef69f413 unit_key=VTD), this layer's is units=4120 unit_fingerprint=014a7a413c90089b" "checkpoint refuses"
[ -f c.csv.partial ] || { echo "FAIL: the refused resume removed the checkpoint"; fails=$((fails+1)); }
expect 0 "resume on the same units" -- "$GM" ensemble score --units "$MN" "${V[@]}" --plans e.csv -o c.csv --resume
cmp -s c.csv ref.csv || { echo "FAIL: resumed rows differ"; fails=$((fails+1)); }
expect 1 "fresh --resume refused at the start" -- "$GM" ensemble score --units sorted.gpkg "${V[@]}" --plans e.gmen -o f.csv --resume
gone f.csv f.csv.partial f.csv.resume
finish
