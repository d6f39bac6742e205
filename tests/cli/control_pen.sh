# gerrymeter control legislatures: national state legislative seats equal the NCSL tables
# for every year, the net change 2009 -> 2017, legislatures and trifectas, and the pen of
# each cycle (congressional seats drawn by each pen add up to 435 for the 2012 and 2022 maps).
. "$(dirname "$0")/lib.bash"

expect 0 "help" -- "$GM" control legislatures --help
contains "$tmp/out" "--from YEAR --to YEAR" "help"
expect 0 "json" -- "$GM" control legislatures --from 2009 --to 2017 --format json
cp "$tmp/out" "$tmp/pen.json"
python3 - "$tmp/pen.json" "$GM_SRC/testdata/control" <<'PY' || fails=$((fails+1))
import csv, json, os, sys
j = json.load(open(sys.argv[1]))
rd = lambda p: list(csv.DictReader(l for l in open(os.path.join(sys.argv[2], p)) if not l.startswith("#")))
states, nat = rd("state_leg_seats.csv"), {int(r["table_year"]): r for r in rd("state_leg_seats_national.csv")}
years = {y["year"]: y for y in j["years"]}
assert sorted(years) == [2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2021], sorted(years)
for y, x in years.items():
    assert (x["dem"], x["rep"]) == (int(nat[y]["dem_seats"]), int(nat[y]["rep_seats"])), (y, x)
    assert (x["ncsl_dem"], x["ncsl_rep"]) == (x["dem"], x["rep"])
    rows = [r for r in states if int(r["table_year"]) == y]
    assert len(rows) == 50
    assert x["dem"] == sum(int(r["dem_seats"]) for r in rows)
    L = x["legislatures"]; T = x["trifectas"]
    assert L["D"] == sum(r["legis_control"] == "Dem" for r in rows) and L["R"] == sum(r["legis_control"] == "Rep" for r in rows)
    assert L["D"] + L["R"] + L["split"] + L["nonpartisan"] == 50 and L["nonpartisan"] == 1
    assert T["D"] == sum(r["state_control"] == "Dem" for r in rows) and T["R"] == sum(r["state_control"] == "Rep" for r in rows)
# the published figures (docs/control.md; ../shared/data/control/SOURCES.md)
assert (years[2009]["dem"], years[2009]["rep"]) == (4082, 3223)
assert (years[2017]["dem"], years[2017]["rep"]) == (3135, 4177)
assert (years[2021]["dem"], years[2021]["rep"]) == (3303, 3979)
assert j["change"] == {"from": 2009, "to": 2017, "dem": -947, "rep": 954}, j["change"]
c = {x["census"]: x for x in j["cycles"]}
for census, first in ((2010, 2012), (2020, 2022)):
    g = c[census]["congress"]
    assert g["first_year"] == first and g["seats"] == 435, g
    assert sum(x["seats"] for x in g["groups"].values()) == 435
    assert sum(x["maps"] for x in g["groups"].values()) == 50
print("  pen 2010 congress:", {k: v["seats"] for k, v in c[2010]["congress"]["groups"].items()})
print("  pen 2010 legislatures:", {k: v["seats"] for k, v in c[2010]["legislatures"]["groups"].items()}, c[2010]["legislatures"]["missing_chambers"])
PY
# Every NCSL national table: the shared compilation's totals (at least one digitisation per
# year) equal the state rows summed.
need_shared
python3 - "$tmp/pen.json" "$SHARED/control/state_leg_seats_national_ncsl.csv" <<'PY' || fails=$((fails+1))
import csv, json, sys
j = json.load(open(sys.argv[1]))
nat = list(csv.DictReader(open(sys.argv[2])))
for y in j["years"]:
    d = [(int(r["dem_seats_50states"]), int(r["rep_seats_50states"])) for r in nat if int(r["table_year"]) == y["year"]]
    assert (y["dem"], y["rep"]) in d, (y["year"], y["dem"], y["rep"], d)
PY
expect 0 "text" -- "$GM" control legislatures --from 2009 --to 2017
contains "$tmp/out" "Net change, table 2009 -> 2017: D -947, R +954 seats." "net change"
contains "$tmp/out" "Republican legislature" "pen table"
expect 0 "csv pen" -- "$GM" control legislatures --format csv --table pen
contains "$tmp/out" "census,group,congress_maps,congress_seats,leg_chambers,leg_seats" "pen csv header"
expect 0 "html" -- "$GM" control legislatures --from 2009 --to 2017 --format html -o "$tmp/pen.html"
contains "$tmp/pen.html" "From table 2009 to table 2017: Democrats -947, Republicans +954 seats." "html net change"
contains "$tmp/pen.html" "<td data-label=\"Congress seats\">435</td>" "html pen totals"
[ "$(grep -o '<svg' "$tmp/pen.html" | wc -l)" = 10 ] || { echo "FAIL: expected a seat bar per NCSL table"; fails=$((fails+1)); }
grep -q '<script' "$tmp/pen.html" && { echo "FAIL: a script in the page"; fails=$((fails+1)); }
expect 2 "no such table" -- "$GM" control legislatures --from 2018
contains "$tmp/err" "no NCSL table of that year" "names the tables"
expect 2 "table without csv" -- "$GM" control legislatures --table pen
finish
