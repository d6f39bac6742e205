# gerrymeter partisan: district results (MEDSL, every state-year), formats, errors,
# conventions through the CLI, imputation, draws, the SVG chart, and a plan input.
. "$(dirname "$0")/lib.bash"
need_shared
M="$SHARED/medsl_us_house/us_house_2012_2020_by_district.csv"
NH="$SHARED/mggg_NH/NH.zip"
VOTES="--votes D=dem_votes,R=rep_votes"
ALL="--results $M --group state_po,year --district-col district $VOTES --negative-votes zero"

expect 0 "partisan --help" -- "$GM" partisan --help; contains "$tmp/out" "--convention" "help lists --convention"
expect 0 "--help lists partisan" -- "$GM" --help; contains "$tmp/out" "partisan" "command table"
expect 2 "no input" -- "$GM" partisan $VOTES; contains "$tmp/err" "gerrymeter: " "usage message prefix"
expect 2 "no votes" -- "$GM" partisan --results "$M"
expect 2 "bad convention" -- "$GM" partisan --results "$M" $VOTES --convention mggg
contains "$tmp/err" "unknown convention 'mggg'" "bad convention message"
expect 2 "draws without sd" -- "$GM" partisan $ALL --draws 10
expect 2 "bad grid" -- "$GM" partisan $ALL --grid 0.7:0.2:0.1
expect 2 "plan with results" -- "$GM" partisan --results "$M" $VOTES --plan CD
expect 2 "bad impute" -- "$GM" partisan $ALL --impute-uncontested 0.4

# Negative votes: an error naming file, line, column, value and the fix.
expect 1 "negative votes" -- "$GM" partisan --results "$M" --group state_po,year $VOTES
contains "$tmp/err" "us_house_2012_2020_by_district.csv line 1854: column 'rep_votes' of district 25 has negative votes (-1)" "negative message"
contains "$tmp/err" "--negative-votes zero" "negative message suggests the fix"
expect 1 "missing column" -- "$GM" partisan --results "$M" --votes D=dem,R=rep_votes
contains "$tmp/err" "no vote column 'dem'; the columns are: year, state_po" "missing column lists columns"

# One results reader: the shipped control results table (with '#' comment lines) reads
# as partisan input too, and PA 2018 scores as `control --explain PA 2018` does (EG +0.0927).
expect 0 "results with comment lines" -- "$GM" partisan --results "$GM_SRC/testdata/control/us_house_2012_2020.csv" --group state,year $VOTES
contains "$tmp/out" "PA 2018  18        9-9    55.1%   0.093" "comment lines skipped, PA 2018 as control scores it"

# The acceptance command in all three formats.
expect 0 "medsl text" -- "$GM" partisan $ALL
contains "$tmp/out" "NC 2012  13        4-9    50.9%   0.214" "NC 2012 row"
contains "$tmp/out" "251 groups, convention gerrymeter" "text footer"
contains "$tmp/out" "positive values favour R" "text names the favoured party"
expect 0 "medsl csv" -- "$GM" partisan $ALL --format csv
[ "$(wc -l < "$tmp/out")" = 252 ] || { echo "FAIL: csv rows"; fails=$((fails+1)); }
contains "$tmp/out" "state_po,year,districts,districts_counted,zero_vote_districts,uncontested,seats_D,seats_R,ties" "csv header"
expect 0 "medsl json" -- "$GM" partisan $ALL --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
assert j["positive_favours"] == "R" and j["share_party"] == "D" and j["negative_votes_zeroed"] == 1
g = {(x["group"]["state_po"], x["group"]["year"]): x for x in j["groups"]}
assert len(g) == 251
fl = g[("FL", "2016")]
assert fl["zero_vote_districts"] == 1 and fl["zero_vote_district_ids"] == ["24"] and fl["districts_counted"] == 26
assert g[("FL", "2020")]["zero_vote_district_ids"] == ["25"]
nc = g[("NC", "2012")]
assert nc["seats"] == {"D": 4, "R": 9, "ties": 0}
# NC 2012 by hand from the MEDSL rows: D = 2218327 of 4294271 two-party votes
D = [254644,128973,114314,259534,148252,142467,168695,137139,171503,144023,141107,247591,160115]
R = [77288,174066,195571,88951,200945,222116,168041,160695,194537,190826,190319,63317,210495]
assert abs(nc["vote_share"] - sum(D) / (sum(D) + sum(R))) < 1e-15
num = sum((d/2 - 1.5*r) if d > r else (1.5*d - r/2) for d, r in zip(D, R))
assert abs(nc["efficiency_gap"] - num / (sum(D) + sum(R))) < 1e-15
assert nc["favours"] == "R" and nc["favours_by_metric"]["efficiency_gap"] == "R"
assert nc["favours_by_metric"]["declination"] == "R" and nc["favours_by_metric"]["lopsided_t"] == "R"
for k in ["seats", "vote_share", "mean_district_share", "efficiency_gap", "efficiency_gap_equal_turnout",
          "mean_median", "partisan_bias", "declination", "lopsided_t", "lopsided_p", "responsiveness",
          "competitive_districts", "favours", "uncontested"]:
    assert k in nc, k
unc = g[("AL", "2012")]
assert unc["uncontested"] == 1 and len(unc["uncontested_districts"]) == 1
PY

# Conventions through the CLI: DRA's 7-district example (cross_peer.json).
printf 'district,D,R\n1,61000,39000\n2,52000,48000\n3,45000,55000\n4,40000,60000\n5,75000,25000\n6,48000,52000\n7,44000,56000\n' > "$tmp/dra.csv"
expect 0 "dra convention" -- "$GM" partisan --results "$tmp/dra.csv" --votes D=D,R=R --convention dra --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
assert abs(g["efficiency_gap"] - 0.08918758080372086) < 1e-12, g["efficiency_gap"]
assert abs(g["declination"] - 15.159194082524607) < 1e-9
assert abs(g["dra"]["bS50"] - 0.11421726999929027) < 1e-12
assert g["group"] == {}
PY
expect 0 "planscore convention" -- "$GM" partisan --results "$tmp/dra.csv" --votes D=D,R=R --convention planscore --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1])); g = j["groups"][0]
assert j["positive_favours"] == "D"
assert abs(g["efficiency_gap"] + 0.11428571428571438) < 1e-12 and g["favours"] == "R"
assert abs(g["declination"] + 0.20766130807333674) < 1e-9
PY

# Imputation lists what it changed; draws are reproducible with a seed.
printf 'district,D,R\nA,0,100\nB,60,40\nC,30,70\nD,55,45\n' > "$tmp/unc.csv"
expect 0 "impute" -- "$GM" partisan --results "$tmp/unc.csv" --votes D=D,R=R --impute-uncontested 0.75 --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
assert g["imputed_districts"] == ["A"] and g["uncontested"] == 0
# A becomes 25/75 of the mean contested total 100: D share (25+60+30+55)/400
assert abs(g["vote_share"] - 170/400) < 1e-15
PY
expect 0 "draws" -- "$GM" partisan --results "$tmp/dra.csv" --votes D=D,R=R --swing-sd 0.03 --draws 500 --seed 9 --format json
cp "$tmp/out" "$tmp/d1.json"
expect 0 "draws again" -- "$GM" partisan --results "$tmp/dra.csv" --votes D=D,R=R --swing-sd 0.03 --draws 500 --seed 9 --format json
cmp -s "$tmp/out" "$tmp/d1.json" || { echo "FAIL: draws not reproducible"; fails=$((fails+1)); }
contains "$tmp/out" '"p_favours_R"' "draws report the probability per party"

# The chart: one file per group, well-formed SVG with the curve, mirror, point and
# mirror point.
grep -E '^year|^2012,(NC|PA),' "$M" > "$tmp/two.csv"
expect 0 "svg" -- "$GM" partisan --results "$tmp/two.csv" --group state_po,year $VOTES --svg "$tmp/sv.svg" --format csv
for s in NC PA; do
  [ -s "$tmp/sv_${s}_2012.svg" ] || { echo "FAIL: no chart for $s"; fails=$((fails+1)); }
done
expect 0 "curve csv" -- "$GM" partisan --results "$tmp/two.csv" --group state_po,year $VOTES --curve --format csv
[ "$(wc -l < "$tmp/out")" = 203 ] || { echo "FAIL: curve rows ($(wc -l < "$tmp/out"))"; fails=$((fails+1)); }
contains "$tmp/out" "state_po,year,vote_share,seat_share,mirrored" "curve csv header"
contains "$tmp/out" "NC,2012,0.25,0.15384615384615385,0" "NC 2012 curve at 25%: 2 of 13 seats, mirror 0"
python3 - "$tmp/sv_NC_2012.svg" <<'PY' || fails=$((fails+1))
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
assert len(t.findall(ns + "polyline")) == 2 and len(t.findall(ns + "circle")) == 2  # point and its mirror
text = " ".join(x.text or "" for x in t.iter(ns + "text"))
assert "Seats-votes curve: NC 2012" in text and "D share of the two-party vote" in text and "mirrored" in text
assert "mirror (R's result)" in text
PY

# A plan instead of results: NH 2012 congressional districts.
expect 0 "plan input" -- "$GM" partisan --units "$NH" --plan CD --votes D=USH12D,R=USH12R --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
assert g["seats"] == {"D": 2, "R": 0, "ties": 0}
wd = (171650 - 330309/2) + (169275 - 322252/2); wr = 158659 + 152977
assert abs(g["efficiency_gap"] - (wd - wr) / (330309 + 322252)) < 1e-15
assert g["declination"] is None and g["declination_why"] == "the second party won no district"
PY
finish
