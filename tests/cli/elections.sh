# gerrymeter score --election (several elections): each election's metrics equal the
# one-election run, the composite checked by hand, bad elections refused.
. "$(dirname "$0")/lib.bash"
need_shared
NH="$SHARED/mggg_NH/NH.zip"
E1=USH12:D=USH12D,R=USH12R
E2=PRES16:D=PRES16D,R=PRES16R
E3=SEN16:D=SEN16D,R=SEN16R

expect 0 "three elections" -- "$GM" score --units "$NH" --plan CD --pop TOTPOP --election "$E1" --election "$E2" --election "$E3" --format json --no-contiguity
cp "$tmp/out" "$tmp/all.json"
for v in D=USH12D,R=USH12R D=PRES16D,R=PRES16R D=SEN16D,R=SEN16R; do
  n=$(echo "$v" | sed 's/D=\(.*\)D,R=.*/\1/')
  expect 0 "one election $n" -- "$GM" score --units "$NH" --plan CD --pop TOTPOP --votes "$v" --format json --no-contiguity
  cp "$tmp/out" "$tmp/one_$n.json"
done
python3 - "$tmp" <<'PY' || fails=$((fails+1))
import json, sys
t = sys.argv[1]
allj = json.load(open(t + "/all.json"))
names = ["USH12", "PRES16", "SEN16"]
one = {n: json.load(open("%s/one_%s.json" % (t, n))) for n in names}
# the report above the elections is exactly the first election's one-election run
rest = {k: v for k, v in allj.items() if k not in ("elections", "composite")}
assert rest == one["USH12"], "top level differs from the USH12 run"
assert [e["name"] for e in allj["elections"]] == names
for e in allj["elections"]:
    p = one[e["name"]]["plan"]
    same = [k for k in e if k in p and k != "districts"]
    assert len(same) >= 25, same
    for k in same:
        assert e[k] == p[k], (e["name"], k, e[k], p[k])
    for d, od in zip(e["districts"], one[e["name"]]["districts"]):
        assert d["district"] == od["district"] and d["votes"] == od["votes"], d
        assert d["share"] == od["share"] and d["winner"] == od["winner"], d
        assert d["uncontested"] == od["uncontested"]
    assert e["vote_fields"] == one[e["name"]]["units"]["vote_fields"]
# the composite by hand: the mean of the three district shares, equal turnout
c = allj["composite"]
assert c["elections"] == names
s = {}
for i, d in enumerate(c["districts"]):
    shares = [one[n]["districts"][i]["share"] for n in names]
    s[d["district"]] = sum(shares) / 3
    assert d["share"] == sum(shares) / 3, (d, shares)
    assert d["winner"] == ("D" if s[d["district"]] > 0.5 else "R")
v = list(s.values())
assert c["seats"]["D"] == sum(x > 0.5 for x in v)
assert abs(c["vote_share"] - sum(v) / len(v)) < 1e-12
assert abs(c["mean_district_share"] - sum(v) / len(v)) < 1e-12
# efficiency gap with each district's turnout 1: the winner wastes share - 1/2, the
# loser its whole share; (wasted D - wasted R) / k, positive favours R
wd = sum(x - 0.5 if x > 0.5 else x for x in v)
wr = sum((1 - x) - 0.5 if x < 0.5 else 1 - x for x in v)
assert abs(c["efficiency_gap"] - (wd - wr) / len(v)) < 1e-12, (c["efficiency_gap"], (wd - wr) / len(v))
assert abs(c["efficiency_gap"] - c["efficiency_gap_equal_turnout"]) < 1e-12
print("composite shares", s, "EG", c["efficiency_gap"])
PY

expect 0 "elections csv" -- "$GM" score --units "$NH" --plan CD --election "$E1" --election "$E2" --format csv --no-contiguity
contains "$tmp/out" "share,winner,share_USH12,winner_USH12,share_PRES16,winner_PRES16,share_composite,winner_composite" "csv columns"
expect 0 "elections text" -- "$GM" score --units "$NH" --plan CD --election "$E1" --election "$E2" --no-contiguity
contains "$tmp/out" "Elections (2;" "text elections table"
contains "$tmp/out" "composite" "text composite column"

# bad elections
expect 1 "missing field" -- "$GM" score --units "$NH" --plan CD --election "$E1" --election "GOV:D=NOPE,R=GOV16R" --no-contiguity
contains "$tmp/err" "election GOV: " "names the election"
contains "$tmp/err" "fields are: PRES12R" "lists the fields"
expect 2 "--votes and --election" -- "$GM" score --units "$NH" --plan CD --votes D=USH12D,R=USH12R --election "$E2"
contains "$tmp/err" "give one or the other" "votes and election exclude"
expect 2 "same name twice" -- "$GM" score --units "$NH" --plan CD --election "$E1" --election "USH12:D=PRES16D,R=PRES16R"
contains "$tmp/err" "'USH12' is named twice" "names the repeated election"
expect 2 "no name" -- "$GM" score --units "$NH" --plan CD --election D=USH12D,R=USH12R
contains "$tmp/err" "NAME:D=FIELD,R=FIELD" "shows the form"
expect 2 "three parties" -- "$GM" score --units "$NH" --plan CD --election X:D=USH12D,R=USH12R,G=PRES16D
finish
