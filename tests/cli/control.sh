# gerrymeter control: shipped tables, formats, --explain, uncontested options, user tables.
. "$(dirname "$0")/lib.bash"

expect 0 "control --help" -- "$GM" control --help
contains "$tmp/out" "--explain STATE YEAR" "help lists --explain"
expect 0 "gerrymeter --help lists control" -- "$GM" --help
contains "$tmp/out" "control" "command table"

# No arguments: the shipped tables, grouped table.
expect 0 "no arguments" -- "$GM" control
contains "$tmp/out" "Republican legislature" "group row"
contains "$tmp/out" "Independent commission" "group row"
contains "$tmp/out" "Uncontested races: reported" "names the uncontested treatment"
contains "$tmp/out" "no map in the control table: DC (1 row" "DC left out"
contains "$tmp/out" "Seats: D 1040, R 1135 (all years)" "seat totals 2012-2020"

# JSON: national totals per year (official, DC excluded) and a few drawers.
expect 0 "json" -- "$GM" control --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
assert j["method"]["uncontested"] == "reported", j["method"]
official = {2012: (201, 234), 2014: (188, 247), 2016: (194, 241), 2018: (235, 200), 2020: (222, 213)}
got = {y["year"]: (y["seats_d"], y["seats_r"]) for y in j["years"]}
assert got == official, got
e = {(x["state"], x["year"]): x for x in j["elections"]}
assert e[("PA", 2012)]["group"] == "rep_legislature"
assert e[("PA", 2018)]["group"] == "court" and e[("PA", 2018)]["map_cycle"] == 2018
assert e[("NC", 2016)]["group"] == "rep_legislature" and e[("NC", 2016)]["map_cycle"] == 2016
assert e[("CA", 2014)]["group"] == "independent_commission"
assert e[("IL", 2018)]["group"] == "dem_legislature"
assert e[("PA", 2012)]["seats_d"] == 5 and e[("PA", 2012)]["votes_d"] == 2793538
assert abs(e[("PA", 2012)]["efficiency_gap"] - 0.23758214611215042) < 1e-12
assert abs(e[("PA", 2012)]["mean_median"] - 0.07648805124444791) < 1e-12
assert abs(e[("PA", 2012)]["partisan_bias"] - 4 / 18) < 1e-12
assert abs(e[("PA", 2012)]["declination"] - 0.5275351823915442) < 1e-12
g = {x["group"]: x for x in j["groups"]}
assert sum(x["seats"] for x in j["groups"]) == 5 * 435
# net seats of a group = sum of EG x seats over its state-elections
for k, grp in g.items():
    if k == "at_large":
        assert grp["net_seats"] is None
        continue
    s = sum(x["net_seats_r"] for x in j["elections"] if x["group"] == k)
    assert abs(grp["net_seats"] - s) < 1e-9, (k, grp["net_seats"], s)
    assert grp["ci_lo"] <= grp["net_seats_per_year"] <= grp["ci_hi"]
assert j["unmatched"] == {"rows": 1, "states": "DC"}
PY

# Imputation: named in every format, changes PA 2018 (one uncontested race) as documented.
expect 0 "impute json" -- "$GM" control --uncontested impute --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
assert j["method"]["uncontested"] == "impute" and j["method"]["impute_share"] == 0.75
e = {(x["state"], x["year"]): x for x in j["elections"]}
pa = e[("PA", 2018)]
# PA-18 2018: D 231,472 unopposed, total 231,472 -> D 173,604, R 57,868.
assert pa["imputed"] == 1 and abs(pa["efficiency_gap"] - 0.0691517963782737) < 1e-12, pa
assert {y["year"]: y["seats_d"] for y in j["years"]}[2018] == 235
PY
expect 0 "impute text" -- "$GM" control --uncontested impute
contains "$tmp/out" "Uncontested races: impute (winner given 75% of the race's turnout)" "text names imputation"
expect 0 "impute csv" -- "$GM" control --uncontested impute --format csv
contains "$tmp/out" "rep_legislature,20,82,750,150,213,537," "groups csv row"
contains "$tmp/out" ",impute" "csv names imputation"

# CSV tables
expect 0 "csv states" -- "$GM" control --format csv --table states
[ "$(wc -l < "$tmp/out")" = 251 ] || { echo "FAIL: states csv has $(wc -l < "$tmp/out") lines, expected 251"; fails=$((fails+1)); }
contains "$tmp/out" "PA,,2018,court,2018,court,R,D,none,18,9,9,0,2712665,2206260," "PA 2018 csv row"
expect 0 "csv years" -- "$GM" control --format csv --table years --years 2018
contains "$tmp/out" "2018,235,200,0," "years csv"

# HTML, written atomically to a file
expect 0 "html" -- "$GM" control --format html -o "$tmp/control.html"
[ -s "$tmp/control.html" ] || { echo "FAIL: no html file"; fails=$((fails+1)); }
[ "$(grep -o '<svg xmlns' "$tmp/control.html" | wc -l)" = 7 ] || { echo "FAIL: expected 7 charts (6 groups, the majority curves)"; fails=$((fails+1)); }
[ "$(grep -o '<svg class="group-curves"' "$tmp/control.html" | wc -l)" = 5 ] || { echo "FAIL: expected a chart of the groups' curves per year (5)"; fails=$((fails+1)); }
contains "$tmp/control.html" "uncontested races: reported" "html names the treatment"
if grep -q "<script" "$tmp/control.html"; then echo "FAIL: html has a script"; fails=$((fails+1)); fi
ls "$tmp" | grep -q '\.tmp' && { echo "FAIL: temp file left behind"; fails=$((fails+1)); }

# --explain
expect 0 "explain" -- "$GM" control --explain pa 2018
contains "$tmp/out" "-> line 101: cycle 2018, 18 seats, drawn_by court" "explain marks the map in force"
contains "$tmp/out" "group: Court" "explain group"
contains "$tmp/out" "= +0.092681 (+ favours R; favours R)" "explain EG step"
contains "$tmp/out" "18  231,472        0      0  D       uncontested" "explain shows the uncontested row"
expect 0 "explain json" -- "$GM" control --explain NC 2016 --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
e = j["election"]
assert e["group"] == "rep_legislature" and e["map_cycle"] == 2016 and e["seats_r"] == 10
assert len(j["districts"]) == 13
assert abs((j["wasted_d"] - j["wasted_r"]) / j["total"] - e["efficiency_gap"]) < 1e-15
PY
expect 2 "explain without year" -- "$GM" control --explain PA
expect 2 "explain unknown state" -- "$GM" control --explain XX 2018
contains "$tmp/err" "gerrymeter: " "message prefix"
contains "$tmp/err" "no results for XX in 2018" "explain names the state"
expect 2 "explain csv" -- "$GM" control --explain PA 2018 --format csv

# The shipped tables are looked up in $GERRYMETER_DATA first.
mkdir -p "$tmp/data/control"
cp "$GM_SRC/testdata/control/congress_control.csv" "$tmp/data/control/"
grep -E '^(#|year|2014,)' "$GM_SRC/testdata/control/us_house_2012_2020.csv" > "$tmp/data/control/us_house_2012_2020.csv"
expect 0 "GERRYMETER_DATA" -- env GERRYMETER_DATA="$tmp/data" "$GM" control
contains "$tmp/out" "elections 2014-2014, 50 state-elections" "GERRYMETER_DATA tables used"
contains "$tmp/out" "Seats: D 188, R 247" "2014 totals"

# Usage errors
expect 2 "bad uncontested" -- "$GM" control --uncontested maybe
expect 2 "bad share" -- "$GM" control --impute-share 0.3
expect 2 "bad format" -- "$GM" control --format xml
expect 2 "no such years" -- "$GM" control --years 1990-1992
contains "$tmp/err" "no results between 1990 and 1992" "years message"

# Data errors name the file and line
printf 'state,cycle,seats,drawn_by,legislature_control\nPA,2012,18,wizard,R\n' > "$tmp/bad.csv"
expect 1 "bad control table" -- "$GM" control --control "$tmp/bad.csv"
contains "$tmp/err" "bad.csv: line 2: drawn_by 'wizard'" "bad drawn_by message"
expect 1 "missing table" -- "$GM" control --results "$tmp/none.csv"
contains "$tmp/err" "none.csv" "missing file named"

need_shared
# The shared control table (no last_year column) gives the same figures.
expect 0 "shipped groups csv" -- "$GM" control --format csv
cp "$tmp/out" "$tmp/groups_shipped.csv"
expect 0 "shared control table" -- "$GM" control --control "$SHARED/control/congress_control.csv" --format csv
# (the shipped table alone has the 'caveat' column, so only it has a court footnote)
nonote() { python3 -c 'import csv,sys; [print(",".join(r[:-1])) for r in csv.reader(open(sys.argv[1]))]' "$1"; }
[ "$(nonote "$tmp/out")" = "$(nonote "$tmp/groups_shipped.csv")" ] || { echo "FAIL: shared control table gives different groups"; fails=$((fails+1)); }
# MEDSL's sentinel votes (-1) in the shared derived table are refused, naming the line.
expect 1 "negative votes" -- "$GM" control --results "$SHARED/medsl_us_house/us_house_2012_2020_by_district.csv"
contains "$tmp/err" "us_house_2012_2020_by_district.csv line 1854: column 'rep_votes' of district 25 has negative votes (-1); a race with no votes reported takes no_count = 1 and votes 0" "negative votes message (the one results reader's)"
# A state legislative control table (dated rows, chambers): NC House maps 2016-2020.
cat > "$tmp/nc_house.csv" <<'CSV'
year,state,chamber,district,dem_votes,rep_votes
2016,NC,lower,1,60,40
2016,NC,lower,2,30,70
2018,NC,lower,1,60,40
2018,NC,lower,2,45,55
2020,NC,lower,1,60,40
2020,NC,lower,2,45,55
CSV
expect 0 "state legislative table" -- "$GM" control --control "$SHARED/control/state_leg_control.csv" --results "$tmp/nc_house.csv"
contains "$tmp/out" "Note: 3 state-elections have a number of districts different from the map's seats" "seat mismatch noted"
expect 0 "state legislative table csv" -- "$GM" control --control "$SHARED/control/state_leg_control.csv" --results "$tmp/nc_house.csv" --format csv --table states
contains "$tmp/out" "NC,lower,2016,rep_legislature" "NC House 2016: legislature map"
contains "$tmp/out" "NC,lower,2018,court" "NC House 2018: court map (Covington remedy)"
contains "$tmp/out" "NC,lower,2020,rep_legislature" "NC House 2020: 2019 legislature map"
expect 1 "chamber table without chamber results" -- "$GM" control --control "$SHARED/control/state_leg_control.csv" --years 2018
contains "$tmp/err" "has no chamber column; add one" "chamber mismatch message"
printf '2018,NC,upper,1,60,40\n' >> "$tmp/nc_house.csv"
expect 0 "--chamber upper" -- "$GM" control --control "$SHARED/control/state_leg_control.csv" --results "$tmp/nc_house.csv" --chamber upper --format csv --table states
contains "$tmp/out" "NC,upper,2018,court" "NC Senate 2018: court map"
[ "$(wc -l < "$tmp/out")" = 2 ] || { echo "FAIL: --chamber upper kept other chambers"; fails=$((fails+1)); }
expect 0 "--explain --chamber" -- "$GM" control --control "$SHARED/control/state_leg_control.csv" --results "$tmp/nc_house.csv" --chamber upper --explain NC 2018
contains "$tmp/out" "NC 2018 upper" "explain picks the chamber"
contains "$tmp/out" "chamber upper, 50 seats, drawn_by court" "explain shows the Senate map"
finish
