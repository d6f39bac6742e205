# gerrymeter compare: plan B against plan A over the same units: people moved, core
# retention both ways, metrics side by side; refused for plans of other unit sets.
. "$(dirname "$0")/lib.bash"
need_shared
NH="$SHARED/mggg_NH/NH.zip"

expect 0 "compare --help" -- "$GM" compare --help; contains "$tmp/out" "--against" "compare --help"
expect 2 "no --against" -- "$GM" compare --units "$NH" --plan CD
contains "$tmp/err" "--plan A and --against B" "names both options"
expect 2 "--table without csv" -- "$GM" compare --units "$NH" --plan CD --against CD --table metrics

# a plan against itself: core retention 1 for every district, nothing moved
expect 0 "self" -- "$GM" compare --units "$NH" --pop TOTPOP --votes D=USH12D,R=USH12R --plan SEND --against SEND --format json --no-graph
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
assert j["moved"] == {"units": 0, "population": 0, "population_share": 0}, j["moved"]
assert j["core_retention"] == {"a_in_b": 1, "b_from_a": 1}
assert len(j["districts_a"]) == 24 and len(j["districts_b"]) == 24
for side in ("districts_a", "districts_b"):
    for d in j[side]:
        assert d["core_retention"] == 1 and d["best_match"] == d["district"], d
for k, m in j["metrics"].items():
    assert m["a"] == m["b"], (k, m)
assert j["metrics"]["efficiency_gap"]["difference"] == 0
PY

# a hand-made change: three precincts of CD 01 moved to 02 (an assignment CSV)
ogr2ogr -f CSV "$tmp/nh.csv" "/vsizip/$NH" -select Precinct,CD,TOTPOP,USH12D,USH12R 2>/dev/null
python3 - "$tmp/nh.csv" "$tmp/moved.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
moved = [r["Precinct"] for r in rows if r["CD"] == "01"][:3]
with open(sys.argv[2], "w") as f:
    f.write("Precinct,district\n")
    for r in rows:
        f.write("%s,%s\n" % (r["Precinct"], "02" if r["Precinct"] in moved else r["CD"]))
PY
expect 0 "hand change json" -- "$GM" compare --units "$NH" --pop TOTPOP --votes D=USH12D,R=USH12R --plan CD --against "$tmp/moved.csv" --join Precinct --format json --no-graph
python3 - "$tmp/out" "$tmp/nh.csv" <<'PY' || fails=$((fails+1))
import csv, json, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
one = [r for r in rows if r["CD"] == "01"]
m = sum(int(r["TOTPOP"]) for r in one[:3])
p1 = sum(int(r["TOTPOP"]) for r in one)
p2 = sum(int(r["TOTPOP"]) for r in rows if r["CD"] == "02")
assert p1 == 658225 and m > 0, (p1, m)
a = {d["district"]: d for d in j["districts_a"]}
b = {d["district"]: d for d in j["districts_b"]}
assert a["01"]["best_match"] == "01" and a["01"]["core_retention"] == (p1 - m) / p1, a["01"]
assert a["01"]["unshared_population"] == m
assert a["02"]["core_retention"] == 1 and a["02"]["population"] == p2
assert b["02"]["core_retention"] == p2 / (p2 + m) and b["02"]["unshared_population"] == m, b["02"]
assert b["01"]["core_retention"] == 1 and b["01"]["population"] == p1 - m
assert j["moved"]["units"] == 3 and j["moved"]["population"] == m, j["moved"]
t = {(x["from"], x["to"]): x for x in j["transfers"]}
assert t[("01", "02")] == {"from": "01", "to": "02", "units": 3, "population": m}
assert t[("01", "01")]["units"] == len(one) - 3
# the metrics side by side: B's votes are A's with three precincts moved
d1 = sum(float(r["USH12D"]) for r in one[:3]); r1 = sum(float(r["USH12R"]) for r in one[:3])
mt = j["metrics"]
assert mt["seats_D"]["a"] == 2 and mt["efficiency_gap"]["difference"] == mt["efficiency_gap"]["b"] - mt["efficiency_gap"]["a"]
assert abs(mt["pop_dev"]["b"] - (p2 + m - (p1 + p2) / 2) / ((p1 + p2) / 2)) < 1e-12, mt["pop_dev"]
print("moved", m, "retention A 01", (p1 - m) / p1, "B 02", p2 / (p2 + m))
PY
expect 0 "hand change csv transfers" -- "$GM" compare --units "$NH" --pop TOTPOP --plan CD --against "$tmp/moved.csv" --join Precinct --format csv --table transfers --no-graph
contains "$tmp/out" "from,to,units,population" "transfers header"
expect 0 "hand change csv districts" -- "$GM" compare --units "$NH" --pop TOTPOP --plan CD --against "$tmp/moved.csv" --join Precinct --format csv --no-graph
contains "$tmp/out" "plan,district,best_match,units,population,shared_population,core_retention,unshared_population" "districts header"
contains "$tmp/out" "A,02,02,206,658245,658245,1,0" "A 02 keeps all"
expect 0 "hand change text" -- "$GM" compare --units "$NH" --pop TOTPOP --votes D=USH12D,R=USH12R --plan CD --against "$tmp/moved.csv" --join Precinct
contains "$tmp/out" "Moved: 3 of 320 units" "text moved line"
contains "$tmp/out" "Metrics side by side" "text metrics"
contains "$tmp/out" "cut_edges" "text has the graph metrics"

# the report's --compare shows the same comparison
expect 0 "report --compare" -- "$GM" report --units "$NH" --pop TOTPOP --votes D=USH12D,R=USH12R --plan CD --compare "$tmp/moved.csv" --join Precinct --format md --no-map -o "$tmp/r.md"
contains "$tmp/r.md" "## How the second plan redraws the first" "report section"
python3 - "$tmp/r.md" "$tmp/nh.csv" <<'PY' || fails=$((fails+1))
import csv, sys
page = open(sys.argv[1]).read()
rows = list(csv.DictReader(open(sys.argv[2])))
one = [r for r in rows if r["CD"] == "01"]
m = sum(int(r["TOTPOP"]) for r in one[:3]); p1 = 658225
want = "%.1f%%" % (100 * (p1 - m) / p1)
sec = page.split("## How the second plan redraws the first")[1].split("\n## ")[0]
assert "3 units" in sec and want in sec, (want, sec[:600])
PY

# plans over different unit sets: an assignment file of other units is refused, naming them
head -200 "$tmp/moved.csv" > "$tmp/other.csv"; echo "Atlantis,01" >> "$tmp/other.csv"
expect 1 "other unit set" -- "$GM" compare --units "$NH" --pop TOTPOP --plan CD --against "$tmp/other.csv" --join Precinct --no-graph
contains "$tmp/err" "Atlantis" "names the unknown unit"
contains "$tmp/err" "other.csv" "names the file"
[ -s "$tmp/out" ] && { echo "FAIL: output on error"; fails=$((fails+1)); }
finish
