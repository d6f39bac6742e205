# gerrymeter graph / ensemble: counts, one-plan agreement, shard + merge identity, formats.
. "$(dirname "$0")/lib.bash"
need_shared
MN="$SHARED/mggg_MN/mn_08_16.zip"
ENS="$SHARED/ensembles/mn_congdist_recom_10000.jsonl.xz"
SRC=(--units "$MN" --pop TOTPOP --votes D=USH16D,R=USH16R)

# Graph: GerryChain's dual graph of this layer has 4,120 nodes and 9,835 edges (rook);
# ours has 9,837: two pairs of precincts that overlap without sharing a boundary stretch
# are joined, as GerryChain joins them (the two graphs differ in a few snapped pairs).
expect 0 "graph" -- "$GM" graph --units "$MN" -o "$tmp/mn.json"
contains "$tmp/err" "4120 units, 9837 edges (rook), 1 component, 0 islands" "graph report"
python3 - "$tmp/mn.json" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
assert len(j["nodes"]) == 4120
assert sum(len(a) for a in j["adjacency"]) == 2 * 9837
assert all(n["id"] == i for i, n in enumerate(j["nodes"]))
# symmetric adjacency with equal shared lengths
adj = {(i, e["id"]): e["shared_perim"] for i, a in enumerate(j["adjacency"]) for e in a}
assert all(adj[(b, a)] == v for (a, b), v in adj.items())
PY
expect 0 "graph csv" -- "$GM" graph --units "$MN" --format csv -o "$tmp/mn_edges.csv"
[ "$(wc -l < "$tmp/mn_edges.csv")" = 9838 ] || { echo "FAIL: edge list rows"; fails=$((fails+1)); }

# First 300 plans (CI-sized), as JSONL.
xz -dc "$ENS" | head -n 300 > "$tmp/e300.jsonl"

expect 0 "score" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/e300.jsonl" --graph "$tmp/mn.json" \
  --reference CONGDIST --summary "$tmp/s1.json" --chart "$tmp/c.svg" --chart-data "$tmp/c.csv" -o "$tmp/r1.csv"
[ "$(grep -vc '^#' "$tmp/r1.csv")" = 302 ] || { echo "FAIL: rows: header + reference + 300"; fails=$((fails+1)); }
contains "$tmp/r1.csv" "# unit order: units=4120 unit_fingerprint=0e5f41caef69f413 unit_key=VTD" "rows record the unit order"
contains "$tmp/c.svg" "<svg" "chart is SVG"

# The reference row equals the one-plan score path (sample 0 is the enacted plan, too).
expect 0 "score one plan" -- "$GM" score "${SRC[@]}" --plan CONGDIST --format json
python3 - "$tmp/out" "$tmp/r1.csv" "$tmp/s1.json" <<'PY' || fails=$((fails+1))
import csv, json, sys
one = json.load(open(sys.argv[1]))["plan"]
rows = list(csv.DictReader(l for l in open(sys.argv[2]) if not l.startswith("#")))
ref, p0 = rows[0], rows[1]
assert ref["plan"] == "reference" and p0["plan"] == "0"
assert float(ref["seats_D"]) == one["seats"]["D"]
assert float(ref["vote_share_D"]) == one["vote_share"], (ref["vote_share_D"], one["vote_share"])
assert float(ref["efficiency_gap"]) == one["efficiency_gap"], (ref["efficiency_gap"], one["efficiency_gap"])
for c in ref:
    if c not in ("plan", "sample"):
        assert ref[c] == p0[c], c
s = json.load(open(sys.argv[3]))
assert s["plans"] == 300
eg = s["metrics"]["efficiency_gap"]
assert eg["reference"]["below"] + eg["reference"]["equal"] + eg["reference"]["above"] == 300
assert s["metrics"]["cut_edges"]["reference"]["value"] == 478
assert s["metrics"]["noncontiguous_districts"]["max"] == 0  # ReCom plans are contiguous
assert len(s["sorted_shares"]) == 8
PY

# Shards + merge: byte-identical rows and summary; threads do not change a byte.
expect 0 "shard 1/3" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/e300.jsonl" --graph "$tmp/mn.json" --reference CONGDIST --shard 1/3 -o "$tmp/p1.csv"
expect 0 "shard 2/3" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/e300.jsonl" --graph "$tmp/mn.json" --reference CONGDIST --shard 2/3 -o "$tmp/p2.csv"
expect 0 "shard 3/3" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/e300.jsonl" --graph "$tmp/mn.json" --reference CONGDIST --shard 3/3 --threads 1 -o "$tmp/p3.csv"
expect 0 "merge" -- "$GM" ensemble merge --parties D,R -o "$tmp/m.csv" --summary "$tmp/s2.json" "$tmp/p3.csv" "$tmp/p1.csv" "$tmp/p2.csv"
cmp -s "$tmp/r1.csv" "$tmp/m.csv" || { echo "FAIL: merged rows differ"; fails=$((fails+1)); }
cmp -s "$tmp/s1.json" "$tmp/s2.json" || { echo "FAIL: merged summary differs"; fails=$((fails+1)); }
expect 0 "threads 1" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/e300.jsonl" --graph "$tmp/mn.json" --reference CONGDIST --threads 1 -o "$tmp/t1.csv"
cmp -s "$tmp/r1.csv" "$tmp/t1.csv" || { echo "FAIL: 1 thread differs"; fails=$((fails+1)); }

# JSONL rows + merge of JSONL shards.
expect 0 "jsonl" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/e300.jsonl" --format jsonl --shard 1/2 -o "$tmp/j1.jsonl"
expect 0 "jsonl 2" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/e300.jsonl" --format jsonl --shard 2/2 -o "$tmp/j2.jsonl"
expect 0 "jsonl all" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/e300.jsonl" --format jsonl -o "$tmp/j.jsonl"
expect 0 "merge jsonl" -- "$GM" ensemble merge -o "$tmp/jm.jsonl" "$tmp/j1.jsonl" "$tmp/j2.jsonl"
cmp -s "$tmp/j.jsonl" "$tmp/jm.jsonl" || { echo "FAIL: merged JSONL differs"; fails=$((fails+1)); }

# Formats: JSONL -> GMEN -> CSV, each scored the same; xz input directly (first plans).
# (with the unit layer: the GMEN header records its unit order, and so does every file
# converted from it; without, the run's warning unit_order_unchecked is in the rows)
expect 0 "to gmen" -- "$GM" ensemble convert --plans "$tmp/e300.jsonl" --units "$MN" -o "$tmp/e.gmen"
[ "$(stat -c %s "$tmp/e.gmen")" = $((32 + 300 * (8 + 4120))) ] || { echo "FAIL: GMEN size"; fails=$((fails+1)); }
expect 0 "to csv" -- "$GM" ensemble convert --plans "$tmp/e.gmen" --to csv -o "$tmp/e.csv"
expect 0 "to jsonl" -- "$GM" ensemble convert --plans "$tmp/e.csv" -o "$tmp/back.jsonl"
expect 0 "to ben" -- "$GM" ensemble convert --plans "$tmp/back.jsonl" --to ben -o "$tmp/e.ben"
contains "$tmp/e.ben" "STANDARD BEN FILE" "BEN banner"
for f in e.gmen e.csv back.jsonl e.ben; do
  expect 0 "score $f" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/$f" --graph "$tmp/mn.json" --reference CONGDIST -o "$tmp/rf.csv"
  # the rows record the plans file by name: every other byte is the same
  cmp -s <(grep -v '^# plans: ' "$tmp/r1.csv") <(grep -v '^# plans: ' "$tmp/rf.csv") || { echo "FAIL: scores from $f differ"; fails=$((fails+1)); }
  contains "$tmp/rf.csv" "# plans: $f" "rows name their plans file"
done
expect 0 "gmen without its units" -- "$GM" ensemble convert --plans "$tmp/e300.jsonl" -o "$tmp/nu.gmen"
expect 0 "score it" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/nu.gmen" -o "$tmp/nu.csv"
contains "$tmp/nu.csv" "# warning unit_order_unchecked: $tmp/nu.gmen: no unit fingerprint" "rows record the unchecked order"
expect 0 "stdin" -- bash -c "head -n 50 '$tmp/e300.jsonl' | '$GM' ensemble score --units '$MN' --pop TOTPOP --votes D=USH16D,R=USH16R --plans - -o '$tmp/sd.csv'"
[ "$(grep -vc '^#' "$tmp/sd.csv")" = 51 ] || { echo "FAIL: stdin rows"; fails=$((fails+1)); }
contains "$tmp/sd.csv" "# plans: standard input" "stdin named in the rows"

# Errors.
expect 2 "bad shard" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/e300.jsonl" --shard 3/2
contains "$tmp/err" "gerrymeter: " "messages start with gerrymeter:"
expect 2 "no plans" -- "$GM" ensemble score "${SRC[@]}"
printf '{"assignment": [0, 1]}\n' > "$tmp/short.jsonl"
expect 1 "short plan" -- "$GM" ensemble score "${SRC[@]}" --plans "$tmp/short.jsonl"
contains "$tmp/err" "line 1: the plan has 2 units, expected 4120" "short plan message"
expect 2 "unknown ensemble command" -- "$GM" ensemble frob
finish
