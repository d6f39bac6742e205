# ensemble generate scoring in the same pass with the per-plan extras of `ensemble score`
# (--county, --municipality, --split, --vap, --group, --election): the plans written (-o)
# scored again by `ensemble score` with the same options give the same rows byte for byte,
# the diagnostics cover the new columns, and the usage errors are those of ensemble score.
. "$(dirname "$0")/lib.bash"
need_shared
MN="$SHARED/mggg_MN/mn_08_16.zip"
SRC=(--units "$MN" --pop TOTPOP)
X=(--county COUNTYFIPS --municipality MCDNAME --split senate=MNSENDIST --vap VAP
   --group black=BVAP --group hispanic=HVAP)

expect 0 "graph" -- "$GM" graph --units "$MN" -o "$tmp/mn.json"

# 1. Splits and groups: rows in the pass, plans written, then scored again.
expect 0 "generate with extras" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps 40 --chains 2 --seed 3 -q --votes D=USH16D,R=USH16R "${X[@]}" --rows "$tmp/in.csv" \
  --summary "$tmp/in.json" --reference CONGDIST --diagnostics "$tmp/d.json" --trace "$tmp/t.svg" \
  -o "$tmp/in.gmen"
expect 0 "score the plans written" -- "$GM" ensemble score "${SRC[@]}" --votes D=USH16D,R=USH16R "${X[@]}" \
  --plans "$tmp/in.gmen" --graph "$tmp/mn.json" --reference CONGDIST -q -o "$tmp/after.csv" \
  --summary "$tmp/after.json"
# (the metadata lines name the plans differently: the chain, or the file)
cmp -s <(grep -v '^#' "$tmp/in.csv") <(grep -v '^#' "$tmp/after.csv") || { echo "FAIL: in-pass rows with extras differ from ensemble score's"; fails=$((fails+1)); }
cmp -s "$tmp/in.json" "$tmp/after.json" || { echo "FAIL: in-pass summary with extras differs"; fails=$((fails+1)); }
[ "$(grep -vc '^#' "$tmp/in.csv")" = 84 ] || { echo "FAIL: header + reference + 2 x 41 rows"; fails=$((fails+1)); }
# the options recorded as ensemble score records them
for l in "# split: county=COUNTYFIPS" "# split: municipality=MCDNAME" "# split: senate=MNSENDIST" \
         "# vap: VAP" "# group: black=BVAP" "# group: hispanic=HVAP"; do
  contains "$tmp/in.csv" "$l" "metadata $l"
done
python3 - "$tmp/in.csv" "$tmp/d.json" "$tmp/t.svg" <<'PY' || fails=$((fails+1))
import csv, json, sys
rows = list(csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#")))
cols = rows[0].keys()
extra = [c for c in ("county_splits", "municipality_splits", "senate_splits", "majority_black",
                     "majority_hispanic") if c in cols]
assert len(extra) == 5, sorted(cols)
# CONGDIST (the reference row) splits 9 Minnesota counties (score --county counts the same)
assert rows[0]["county_splits"] == "9", rows[0]["county_splits"]
assert all(0 <= int(r["county_splits"]) <= 87 for r in rows)
assert len({r["municipality_splits"] for r in rows}) > 1, "the chain moves municipality splits"
d = json.load(open(sys.argv[2]))["metrics"]
for c in extra:
    assert c in d, c
    assert abs(d[c]["mean"] - sum(float(r[c]) for r in rows[1:]) / (len(rows) - 1)) < 1e-9, c
assert open(sys.argv[3]).read().count('<path class="tr"') == 2 * len(d)
PY

# 1b. Several elections (with the splits): NAME.METRIC columns and the composite, equal
# to ensemble score's; the first election's columns equal a --votes run of it.
EL=(--election USH16:D=USH16D,R=USH16R --election PRES16:D=PRES16D,R=PRES16R)
expect 0 "generate with elections" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps 30 --seed 4 -q "${EL[@]}" --county COUNTYFIPS --rows "$tmp/ein.csv" --summary "$tmp/ein.json" \
  --diagnostics "$tmp/ed.json" -o "$tmp/e.jsonl"
expect 0 "score the plans written, elections" -- "$GM" ensemble score "${SRC[@]}" "${EL[@]}" --county COUNTYFIPS \
  --plans "$tmp/e.jsonl" --graph "$tmp/mn.json" -q -o "$tmp/eafter.csv" --summary "$tmp/eafter.json"
cmp -s <(grep -v '^#' "$tmp/ein.csv") <(grep -v '^#' "$tmp/eafter.csv") || { echo "FAIL: in-pass rows with elections differ from ensemble score's"; fails=$((fails+1)); }
cmp -s "$tmp/ein.json" "$tmp/eafter.json" || { echo "FAIL: in-pass summary with elections differs"; fails=$((fails+1)); }
contains "$tmp/ein.csv" "# election: PRES16:D=PRES16D,R=PRES16R" "election metadata"
expect 0 "score the plans written, one election" -- "$GM" ensemble score "${SRC[@]}" --votes D=USH16D,R=USH16R \
  --plans "$tmp/e.jsonl" --graph "$tmp/mn.json" -q -o "$tmp/one.csv"
python3 - "$tmp/ein.csv" "$tmp/one.csv" "$tmp/ed.json" <<'PY' || fails=$((fails+1))
import csv, json, sys
rd = lambda p: list(csv.DictReader(l for l in open(p) if not l.startswith("#")))
el, one = rd(sys.argv[1]), rd(sys.argv[2])
assert len(el) == len(one) == 31, (len(el), len(one))
cols = el[0].keys()
assert "PRES16.efficiency_gap" in cols and "composite.efficiency_gap" in cols, sorted(cols)
for a, b in zip(el, one):
    assert a["efficiency_gap"] == b["efficiency_gap"] == a["USH16.efficiency_gap"], (a, b)
d = json.load(open(sys.argv[3]))["metrics"]
assert "PRES16.efficiency_gap" in d and "composite.mean_median" in d and "county_splits" in d
PY
expect 2 "votes and election" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --steps 5 \
  --votes D=USH16D,R=USH16R --election PRES16:D=PRES16D,R=PRES16R --rows "$tmp/x.csv"
contains "$tmp/err" "--votes names one election and --election each of several" "votes and election message"
expect 2 "election without outputs" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --steps 5 \
  --election PRES16:D=PRES16D,R=PRES16R -o "$tmp/x.jsonl"
contains "$tmp/err" "--election scores the plans in the same pass" "election without outputs message"
expect 2 "election one party" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --steps 5 \
  --election PRES16:D=PRES16D --rows "$tmp/x.csv"
contains "$tmp/err" "name two parties" "election one party message"

# 2. Usage errors: those of ensemble score, exit 2, nothing written.
expect 2 "group without vap" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps 5 --votes D=USH16D,R=USH16R --group black=BVAP --rows "$tmp/x.csv"
contains "$tmp/err" "--group needs --vap FIELD" "group without vap message"
expect 2 "vap without group" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps 5 --votes D=USH16D,R=USH16R --vap VAP --rows "$tmp/x.csv"
contains "$tmp/err" "--vap is the denominator of --group shares" "vap without group message"
expect 2 "bad group" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --steps 5 \
  --votes D=USH16D,R=USH16R --vap VAP --group BVAP --rows "$tmp/x.csv"
contains "$tmp/err" "--group takes NAME=FIELD (e.g. black=BVAP), not 'BVAP'" "bad group message"
expect 2 "layer twice" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --steps 5 \
  --votes D=USH16D,R=USH16R --county COUNTYFIPS --split county=COUNTYCODE --rows "$tmp/x.csv"
contains "$tmp/err" "the administrative layer 'county' is given twice" "layer twice message"
expect 2 "extras without votes" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --steps 5 \
  --municipality MCDNAME -o "$tmp/x.jsonl"
contains "$tmp/err" "are columns of the scored rows" "extras without votes message"
expect 1 "missing field" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps 5 --votes D=USH16D,R=USH16R --municipality NOPE --rows "$tmp/x.csv"
contains "$tmp/err" "NOPE" "missing field message"
for f in x.csv x.jsonl; do
  [ -e "$tmp/$f" ] && { echo "FAIL: $f left after an error"; fails=$((fails+1)); }
done
finish
