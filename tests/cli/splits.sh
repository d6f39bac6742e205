# Splits and demographics (score/ensemble score --county, --vap, --group): the Minnesota
# 2012 plans beside Dave's Redistricting App's outputs for the same inputs
# (../shared/peers/dra/examples, made by dra_splits.js and dra_minority.js), within 1e-9;
# the redistmetrics-style counts beside the examples' counts; a live run of the DRA
# scripts on a plan of the ensemble when the peer is installed (GM_DRA_PEER: a folder
# holding dra_splits.js, dra_minority.js and node_modules; ../shared/peers/dra/setup.sh);
# ensemble rows beside the one-plan path; bad input.
. "$(dirname "$0")/lib.bash"
need_shared
MN="$SHARED/mggg_MN/mn_08_16.zip"
ENS="$SHARED/ensembles/mn_congdist_recom_10000.jsonl.xz"
EX="$SHARED/../peers/dra/examples"
GRPS=(--vap VAP --group white=WVAP --group black=BVAP --group hispanic=HVAP
        --group asian=ASIANVAP --group native=AMINVAP --group pacific=NHPIVAP)

for plan in CONGDIST MNLEGDIST; do
  tag=$(echo "$plan" | tr A-Z a-z)
  expect 0 "score $plan --county --group" -- "$GM" score --units "$MN" --plan "$plan" --pop TOTPOP \
    --county COUNTYFIPS "${GRPS[@]}" --no-contiguity --format json -o "$tmp/$tag.json"
  python3 - "$tmp/$tag.json" "$EX" "$tag" "$plan" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1])); ex, tag, plan = sys.argv[2], sys.argv[3], sys.argv[4]
sp = json.load(open(f"{ex}/mn_{tag}_splits_output.json"))
mi = json.load(open(f"{ex}/mn_{tag}_minority_output.json"))
cells = json.load(open(f"{ex}/mn_{tag}_splits_input.json"))
counts = json.load(open(f"{ex}/mn_splits_counts.json"))["plans"][plan]
s = j["splits"][0]
assert s["layer"] == "county" and s["units"] == 87, s["units"]
def near(a, b, what):
    assert abs(a - b) <= 1e-9, (what, a, b)
near(s["county_splitting"], sp["splitting"]["county"], "county splitting")
near(s["county_district_splitting"], sp["splitting"]["district"], "district splitting")
# redistmetrics-style counts over every unit
assert (s["county_splits"], s["county_splits_multi"], s["county_pieces"]) == \
    (counts["splits_admin"], counts["splits_multi"], counts["splits_total"]), s
fips = lambda c: "27%03d" % int(c)
assert {fips(c["county"]): len(c["districts"]) for c in s["split"]} == counts["split_counties"]
# the population of each piece: DRA's input cells
cell = {(cells["counties"][c], cells["districts"][d]): p for c, d, p in cells["cells"]}
for c in s["split"]:
    for d in c["districts"]:
        assert d["population"] == cell[(fips(c["county"]), d["district"])], (c["county"], d)
touch = {d["district"]: set(map(fips, d["touches"])) for d in s["districts"]}
for (c, d), p in cell.items():
    if p > 0: assert c in touch[d], (c, d)
# minority: DRA's scorecard and its per-district probabilities
m = j["demographics"]
assert m["coalition"] == "VAP minus white"
card = mi["scorecard"]
near(m["opportunity_districts"], card["opportunityDistricts"], "opportunity districts")
near(m["coalition_districts"], card["coalitionDistricts"], "coalition districts")
assert m["proportional_opportunities"] == card["proportionalOpportunities"]
assert m["proportional_coalitions"] == card["proportionalCoalitions"]
for g in ["black", "hispanic", "asian", "native", "pacific"]:
    near(m["statewide"]["shares"][g], mi["input"]["statewide"][g], "statewide " + g)
near(m["statewide"]["shares"]["coalition"], mi["input"]["statewide"]["minority"], "statewide coalition")
byd = {d["id"]: d for d in mi["byDistrict"]}
mm = {g: 0 for g in ["black", "hispanic", "asian", "native", "pacific"]}
for d in m["districts"]:
    o = byd[d["district"]]
    for g in mm:
        near(d["shares"][g], o["shares"][g], d["district"] + " " + g)
        near(d["opportunity"][g], o[g], d["district"] + " P " + g)
        mm[g] += d["shares"][g] > 0.5
    near(d["shares"]["coalition"], o["shares"]["minority"], d["district"] + " coalition")
    near(d["opportunity"]["coalition"], o["coalition"], d["district"] + " P coalition")
for g, n in mm.items():
    assert m["majority_" + g] == n, (g, m["majority_" + g], n)
print(plan, "county", s["county_splitting"], "district", s["county_district_splitting"],
      "opportunity", m["opportunity_districts"], "coalition", m["coalition_districts"])
PY
done

# text and CSV carry the same
expect 0 "score text" -- "$GM" score --units "$MN" --plan CONGDIST --pop TOTPOP --county COUNTYFIPS \
  --vap VAP --group black=BVAP --group hispanic=HVAP --no-contiguity
contains "$tmp/out" "Splits by county (COUNTYFIPS, 87): 9 split, 3 into three or more districts, 12 extra pieces" "text splits line"
contains "$tmp/out" "Majority-minority districts: black 0, hispanic 0, coalition 0" "text majority-minority"
expect 0 "score csv" -- "$GM" score --units "$MN" --plan CONGDIST --pop TOTPOP --county COUNTYFIPS \
  --vap VAP --group black=BVAP --group hispanic=HVAP --no-contiguity --format csv
contains "$tmp/out" ",winner,county_touched,vap,share_black,share_hispanic,share_coalition" "csv header"

# the report's section (Markdown: the same tables as the HTML page)
expect 0 "report --county --group" -- "$GM" report --units "$MN" --plan CONGDIST --votes D=USH16D,R=USH16R \
  --pop TOTPOP --county COUNTYFIPS --vap VAP --group black=BVAP --group hispanic=HVAP --no-map --format md -o "$tmp/r.md"
contains "$tmp/r.md" "## Splits and demographics" "report section"
contains "$tmp/r.md" "(COUNTYFIPS, 87): 9 split, 3 into three or more districts, 12 extra pieces" "report splits line"
contains "$tmp/r.md" "| District | VAP | black | hispanic | Coalition | DRA opportunity |" "report demographics table"
expect 0 "report html --county" -- "$GM" report --units "$MN" --plan CONGDIST --votes D=USH16D,R=USH16R \
  --pop TOTPOP --county COUNTYFIPS --vap VAP --group black=BVAP --no-map -o "$tmp/r.html"
contains "$tmp/r.html" "<table class=\"demographics\">" "report html table"
expect 0 "report html map shaded by a group" -- "$GM" report --units "$MN" --plan CONGDIST \
  --votes D=USH16D,R=USH16R --pop TOTPOP --vap VAP --group black=BVAP --group hispanic=HVAP -o "$tmp/m.html"
python3 - "$tmp/m.html" "$tmp/congdist.json" <<'PY' || fails=$((fails+1))
import json, re, sys
h = open(sys.argv[1]).read()
svg = re.search(r'<svg[^>]*class="map demomap".*?</svg>', h, re.S).group(0)
shares = dict(re.findall(r'data-district="([^"]+)" data-share="([^"]+)"', svg))
j = json.load(open(sys.argv[2]))
want = {d["district"]: d["shares"]["black"] for d in j["demographics"]["districts"]}
assert set(shares) == set(want), (shares, want)
for k, v in want.items(): assert abs(float(shares[k]) - v) < 1e-15, (k, shares[k], v)
PY

# ensemble rows = the one-plan path (score of the same plan from an assignment file)
xz -dc "$ENS" | head -n 40 > "$tmp/plans.jsonl"
expect 0 "ensemble score --county --group" -- "$GM" ensemble score --units "$MN" --pop TOTPOP \
  --plans "$tmp/plans.jsonl" --county COUNTYFIPS --vap VAP --group black=BVAP --group hispanic=HVAP \
  --threads 2 -q -o "$tmp/rows.csv" --summary "$tmp/summary.json"
ogr2ogr -f CSV "$tmp/vtd.csv" "/vsizip/$MN" -sql "SELECT VTD FROM mn_08_16" 2>/dev/null
for p in 0 17 39; do
  python3 - "$tmp/plans.jsonl" "$tmp/vtd.csv" "$p" "$tmp/assign$p.csv" <<'PY'
import csv, json, sys
plans = open(sys.argv[1]).read().splitlines()
a = json.loads(plans[int(sys.argv[3])])["assignment"]
ids = [r["VTD"] for r in csv.DictReader(open(sys.argv[2]))]
with open(sys.argv[4], "w") as f:
    f.write("VTD,district\n")
    for i, d in zip(ids, a): f.write(f"{i},{d}\n")
PY
  expect 0 "score plan $p" -- "$GM" score --units "$MN" --id VTD --plan "$tmp/assign$p.csv" --pop TOTPOP \
    --county COUNTYFIPS --vap VAP --group black=BVAP --group hispanic=HVAP --no-contiguity --format json -o "$tmp/one$p.json"
  python3 - "$tmp/rows.csv" "$tmp/one$p.json" "$p" <<'PY' || fails=$((fails+1))
import csv, json, sys
rows = [r for r in csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#"))]
r = next(r for r in rows if r["plan"] == sys.argv[3])
j = json.load(open(sys.argv[2])); s = j["splits"][0]; m = j["demographics"]
for k in ["county_splits", "county_splits_multi", "county_pieces", "county_splitting", "county_district_splitting"]:
    assert float(r[k]) == s[k], (k, r[k], s[k])
for k in ["majority_black", "majority_hispanic", "majority_coalition", "opportunity_districts",
          "coalition_districts", "proportional_opportunities", "proportional_coalitions"]:
    assert float(r[k]) == m[k], (k, r[k], m[k])
PY
done
# shards merged: the same rows as one run (the merge reads the columns from the metadata)
for f in csv jsonl; do
  for sh in 1 2; do
    expect 0 "ensemble score shard $sh/2 ($f)" -- "$GM" ensemble score --units "$MN" --pop TOTPOP \
      --plans "$tmp/plans.jsonl" --county COUNTYFIPS --vap VAP --group black=BVAP --group hispanic=HVAP \
      --threads 1 -q --shard $sh/2 --format $f -o "$tmp/part$sh.$f"
  done
  expect 0 "ensemble merge ($f)" -- "$GM" ensemble merge -o "$tmp/merged.$f" --summary "$tmp/msum.json" \
    "$tmp/part1.$f" "$tmp/part2.$f"
done
python3 - "$tmp/rows.csv" "$tmp/merged.csv" <<'PY' || fails=$((fails+1))
import csv, sys
def rows(p): return {r["plan"]: r for r in csv.DictReader(l for l in open(p) if not l.startswith("#"))}
a, b = rows(sys.argv[1]), rows(sys.argv[2])
assert a.keys() == b.keys() and len(a) == 40
for k in a:
    for c in ["county_splits", "county_splitting", "majority_black", "coalition_districts"]:
        assert a[k][c] == b[k][c], (k, c)
PY
python3 - "$tmp/summary.json" <<'PY' || fails=$((fails+1))
import json, sys
s = json.dumps(json.load(open(sys.argv[1])))
assert "county_splits" in s and "opportunity_districts" in s
PY

# generate: the county limit is the county_splits count of the rows
expect 0 "generate --county --max-county-splits" -- "$GM" ensemble generate --units "$MN" --pop TOTPOP \
  --plan CONGDIST --votes D=USH16D,R=USH16R --county COUNTYFIPS --max-county-splits 9 --steps 30 \
  --seed 3 --threads 1 -q --rows "$tmp/gen.csv"
python3 - "$tmp/gen.csv" <<'PY' || fails=$((fails+1))
import csv, sys
rows = [r for r in csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#"))]
assert len(rows) >= 30, len(rows)
v = [float(r["county_splits"]) for r in rows]
assert max(v) <= 9 and all(x == int(x) for x in v), v
PY

# DRA itself, live, on a plan of the ensemble (when the peer is installed)
PEER=${GM_DRA_PEER:-$SHARED/../peers/dra}
if command -v node >/dev/null && [ -d "$PEER/node_modules/@dra2020/dra-analytics" ]; then
  ogr2ogr -f CSV "$tmp/units.csv" "/vsizip/$MN" -sql \
    "SELECT COUNTYFIPS, TOTPOP, VAP, WVAP, BVAP, HVAP, ASIANVAP, AMINVAP, NHPIVAP FROM mn_08_16" 2>/dev/null
  expect 0 "score plan 17, all groups" -- "$GM" score --units "$MN" --id VTD --plan "$tmp/assign17.csv" \
    --pop TOTPOP --county COUNTYFIPS "${GRPS[@]}" --no-contiguity --format json -o "$tmp/live.json"
  python3 - "$tmp/units.csv" "$tmp/plans.jsonl" "$tmp/cells.json" "$tmp/vap.json" <<'PY'
import csv, json, sys
u = list(csv.DictReader(open(sys.argv[1])))
a = json.loads(open(sys.argv[2]).read().splitlines()[17])["assignment"]
cells = {}
G = {"white": "WVAP", "black": "BVAP", "hispanic": "HVAP", "asian": "ASIANVAP", "native": "AMINVAP", "pacific": "NHPIVAP"}
vap = {}
for r, d in zip(u, a):
    c = str(int(float(r["COUNTYFIPS"])))
    cells[(c, str(d))] = cells.get((c, str(d)), 0) + int(r["TOTPOP"])
    v = vap.setdefault(str(d), dict.fromkeys(["vap"] + list(G), 0))
    v["vap"] += int(r["VAP"])
    for g, f in G.items(): v[g] += int(r[f])
cs = sorted({c for c, _ in cells}); ds = sorted(vap, key=int)
json.dump({"counties": cs, "districts": ds, "cells": [[c, d, p] for (c, d), p in cells.items()]}, open(sys.argv[3], "w"))
json.dump({"districts": [dict(id=d, **vap[d]) for d in ds]}, open(sys.argv[4], "w"))
PY
  node "$PEER/dra_splits.js" --no-by-county < "$tmp/cells.json" > "$tmp/dra_s.json" || fails=$((fails+1))
  node "$PEER/dra_minority.js" < "$tmp/vap.json" > "$tmp/dra_m.json" || fails=$((fails+1))
  python3 - "$tmp/live.json" "$tmp/dra_s.json" "$tmp/dra_m.json" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2])); m = json.load(open(sys.argv[3]))
sp, dm = j["splits"][0], j["demographics"]
pairs = [(sp["county_splitting"], s["splitting"]["county"]), (sp["county_district_splitting"], s["splitting"]["district"]),
         (dm["opportunity_districts"], m["scorecard"]["opportunityDistricts"]),
         (dm["coalition_districts"], m["scorecard"]["coalitionDistricts"]),
         (dm["proportional_opportunities"], m["scorecard"]["proportionalOpportunities"]),
         (dm["proportional_coalitions"], m["scorecard"]["proportionalCoalitions"])]
for a, b in pairs: assert abs(a - b) <= 1e-9, (a, b)
byd = {d["id"]: d for d in m["byDistrict"]}
for d in dm["districts"]:
    for g in ["black", "hispanic", "asian", "native", "pacific"]:
        assert abs(d["opportunity"][g] - byd[d["district"]][g]) <= 1e-9
print("live DRA: plan 17 county", s["splitting"]["county"], "district", s["splitting"]["district"])
PY
else
  echo "NOTICE: the DRA peer is not installed (../shared/peers/dra/setup.sh, or GM_DRA_PEER); compared with its stored outputs only"
fi

# bad input: a county field with nulls, a group larger than VAP (named units and fields)
cat > "$tmp/bad.csv" <<'CSV'
id,county,district,pop,vap,bvap
a,1,1,10,8,2
b,,1,10,8,2
c,2,2,10,8,9
d,2,2,10,8,1
e,,2,10,8,1
CSV
expect 1 "county with nulls" -- "$GM" score --units "$tmp/bad.csv" --id id --plan district --pop pop --county county
contains "$tmp/err" "the county field 'county' is null or empty for 2 units ('b', 'e')" "null county names the units"
expect 1 "group larger than VAP" -- "$GM" score --units "$tmp/bad.csv" --id id --plan district --pop pop --vap vap --group black=bvap
contains "$tmp/err" "group field 'bvap' (black) is larger than the voting-age population field 'vap' for 1 unit: 'c' (9 > 8)" "group > VAP names unit and fields"
# demographic counts are checked value by value when the columns are read again
sed -e 's/^b,,1,10,8,2$/b,,1,10,,2/' "$tmp/bad.csv" > "$tmp/null_vap.csv"
expect 1 "null VAP" -- "$GM" score --units "$tmp/null_vap.csv" --id id --plan district --pop pop --vap vap --group black=bvap
contains "$tmp/err" "null_vap.csv: field 'vap' is null (empty) for 1 unit ('b'); fill in the counts" "null VAP names unit and field"
sed -e 's/,2$/,-2/' "$tmp/bad.csv" > "$tmp/neg_group.csv"
expect 1 "negative group" -- "$GM" score --units "$tmp/neg_group.csv" --id id --plan district --pop pop --vap vap --group black=bvap
contains "$tmp/err" "field 'bvap' is negative for 2 units ('a', 'b')" "negative group names the units"
expect 2 "group without vap" -- "$GM" score --units "$tmp/bad.csv" --id id --plan district --group black=bvap
contains "$tmp/err" "--group needs --vap FIELD" "group without vap"
expect 2 "bad split" -- "$GM" score --units "$tmp/bad.csv" --id id --plan district --split school
contains "$tmp/err" "--split takes NAME=FIELD" "split syntax"
sed -e 's/,,/,3,/' -e 's/,9$/,3/' "$tmp/bad.csv" > "$tmp/good.csv"
expect 0 "split and repeated group" -- "$GM" score --units "$tmp/good.csv" --id id --plan district --pop pop \
  --split school=county --vap vap --group x=bvap --group y=bvap --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
s = j["splits"][0]
# schools 1 = {a}, 3 = {b, e}, 2 = {c, d}: school 3 lies in districts 1 and 2
assert s["layer"] == "school" and (s["school_splits"], s["school_splits_multi"], s["school_pieces"]) == (1, 0, 1), s
assert j["demographics"]["majority_x"] == 0 and "majority_y" in j["demographics"]
PY
finish
