# gerrymeter control: the majority threshold of every state and of the whole House per year
# (as reported and imputed) against a hand computation from the shipped district table;
# each state's threshold against `partisan` on the same districts; --swing, --swing-table
# and --flip-majority; the Wisconsin Assembly 2022 plans (partisan --group plan,office)
# against a hand computation from the CSV.
. "$(dirname "$0")/lib.bash"
RES=$GM_SRC/testdata/control/us_house_2012_2020.csv

# The hand computation: k districts of the year (DC has no map: left out), m = k // 2 + 1,
# shares D / (D + R) sorted, a race without votes (no count) locked to its winner; V the
# national two-party share; D needs V + 1/2 - (the (m - locked D)-th best share), R the
# same with its own shares. Imputed: an uncontested race's winner gets 0.75 of its turnout
# (all candidates' votes; a no-count race: the mean D + R of the state's contested races
# that year), the other party the rest.
cat >"$tmp/hand.py" <<'PY'
import csv, sys
def load(path):
    rows = [r for r in csv.DictReader(l for l in open(path) if not l.startswith("#"))]
    return [r for r in rows if r["state"] != "DC"]
def scored(rows, impute):
    out = []
    for r in rows:
        d, rp = float(r["dem_votes"]), float(r["rep_votes"])
        nc = r["no_count"] == "1"
        w = r["winner_party"]
        if impute and (nc or d == 0 or rp == 0) and w in ("D", "R"):
            if nc:
                c = [float(x["dem_votes"]) + float(x["rep_votes"]) for x in rows
                     if x["year"] == r["year"] and x["state"] == r["state"] and x["no_count"] != "1"
                     and float(x["dem_votes"]) > 0 and float(x["rep_votes"]) > 0]
                t = sum(c) / len(c)
            else:
                t = float(r["total_votes"]) if float(r["total_votes"]) > 0 else d + rp + float(r["other_votes"] or 0)
            d, rp = (0.75 * t, 0.25 * t) if w == "D" else (0.25 * t, 0.75 * t)
        out.append((r["year"], r["state"], d, rp, w))
    return out
def threshold(ds):
    """ds: (d, r, winner) of one chamber -> (m, D needs, R needs)"""
    k = len(ds)
    m = k // 2 + 1
    sh = sorted((d / (d + r) for d, r, w in ds if d + r > 0), reverse=True)
    la = sum(1 for d, r, w in ds if d + r == 0 and w == "D")
    lb = sum(1 for d, r, w in ds if d + r == 0 and w == "R")
    V = sum(d for d, r, w in ds) / sum(d + r for d, r, w in ds)
    da = V + 0.5 - sh[m - la - 1]
    rb = (1 - V) + 0.5 - (1 - sh[len(sh) - (m - lb)])
    return m, da, rb
PY

for unc in reported impute; do
  expect 0 "control json $unc" -- "$GM" control --uncontested "$unc" --bootstrap 0 --format json
  cp "$tmp/out" "$tmp/control_$unc.json"
  python3 - "$tmp/out" "$RES" "$unc" "$tmp" <<'PY' || fails=$((fails+1))
import json, sys
sys.path.insert(0, sys.argv[4]); from hand import load, scored, threshold
j = json.load(open(sys.argv[1]))
rows = scored(load(sys.argv[2]), sys.argv[3] == "impute")
assert j["method"]["uncontested"] == sys.argv[3]
bad = 0
for y in j["years"]:
    ds = [(d, r, w) for yr, st, d, r, w in rows if int(yr) == y["year"]]
    m, da, rb = threshold(ds)
    assert y["seats"] == len(ds) == 435, (y["year"], y["seats"])
    assert y["majority_seats"] == m == 218
    if abs(y["majority_share_d"] - da) > 1e-12 or abs(y["majority_share_r"] - rb) > 1e-12:
        print("FAIL: House", sys.argv[3], y["year"], y["majority_share_d"], da, y["majority_share_r"], rb); bad += 1
    # the exact flip: D's threshold - V when R holds the House, 1 - R's - V when D does
    V = y["vote_share_d"]
    want = da - V if y["majority"] == "R" else (1 - rb) - V
    assert abs(y["flip_swing"] - want) < 1e-12, (y["year"], y["flip_swing"], want)
    print(f'  House {y["year"]} ({sys.argv[3]}): V {100*V:.2f}%, D needs {100*da:.2f}%, R needs {100*rb:.2f}%, flip {100*y["flip_swing"]:+.2f} points')
for e in j["elections"]:
    ds = [(d, r, w) for yr, st, d, r, w in rows if int(yr) == e["year"] and st == e["state"]]
    m, da, rb = threshold(ds)
    if e["majority_seats"] != m or abs(e["majority_share_d"] - da) > 1e-12 or abs(e["majority_share_r"] - rb) > 1e-12:
        print("FAIL: state", e["state"], e["year"], e["majority_share_d"], da); bad += 1
sys.exit(1 if bad else 0)
PY
done

# Per drawer group and year, the seats-votes curve of the districts that group drew
# (years[].groups.<group>.curve), both treatments, against a hand computation: the
# group's districts (each state-election's group as control assigned it), D shares sorted
# best first; the r-th best changes hands at V + 1/2 - v_(r), V the group's two-party D
# share; equal shares make one step; a no-count race is locked to its winner (D's count in
# seats_start). The curve first passes half the group's seats exactly (==) at the group's
# majority_share_d. Then the CSV long table (--table curves) holds the same points.
for unc in reported impute; do
  python3 - "$tmp/control_$unc.json" "$RES" "$unc" "$tmp" <<'PY' || fails=$((fails+1))
import json, sys
sys.path.insert(0, sys.argv[4]); from hand import load, scored
j = json.load(open(sys.argv[1]))
rows = scored(load(sys.argv[2]), sys.argv[3] == "impute")
group = {(e["state"], e["year"]): e["group"] for e in j["elections"]}
n = steps = 0
for y in j["years"]:
    for g, G in y["groups"].items():
        ds = [(d, r, w) for yr, st, d, r, w in rows if int(yr) == y["year"] and group.get((st, int(yr))) == g]
        c = G["curve"]
        assert c["seats"] == len(ds) == G["seats"], (y["year"], g, c["seats"], len(ds))
        if not ds:
            assert c["vote_share_d"] == [] and G["vote_share_d"] is None, (y["year"], g); continue
        k = len(ds)
        V = sum(d for d, r, w in ds) / sum(d + r for d, r, w in ds)
        sh = sorted((d / (d + r) for d, r, w in ds if d + r > 0), reverse=True)
        la = sum(1 for d, r, w in ds if d + r == 0 and w == "D")
        want = [(V + 0.5 - v, la + i + 1) for i, v in enumerate(sh) if i + 1 == len(sh) or sh[i + 1] != v]
        got = list(zip(c["vote_share_d"], c["seats_d"]))
        assert len(got) == len(want), (y["year"], g, len(got), len(want))
        for (gx, gs), (wx, ws) in zip(got, want):
            assert abs(gx - wx) < 1e-12 and gs == ws, (y["year"], g, gx, gs, wx, ws)
        assert c["seats_start"] == la and abs(G["vote_share_d"] - V) < 1e-12
        assert G["seats_d"] == sum(1 for d, r, w in ds if w == "D"), (y["year"], g)
        assert all(a < b for a, b in zip(c["vote_share_d"], c["vote_share_d"][1:]))
        # the crossing: the first step above half the seats is the majority threshold
        cross = [x for x, s in got if s > k / 2]
        if G["majority_share_d"] is None: assert not cross or la > k / 2
        else: assert cross[0] == G["majority_share_d"], (y["year"], g, cross[0], G["majority_share_d"])
        n += 1; steps += len(got)
        if (y["year"], g) == (2016, "rep_legislature"):
            print(f"  {sys.argv[3]} 2016 rep_legislature: {k} seats, V {100*V:.2f}%, {len(got)} steps, half the seats at {100*cross[0]:.2f}%")
assert n >= 30, n
print(f"  {sys.argv[3]}: {n} group-years, {steps} steps equal the hand curve")
PY
done
expect 0 "curves csv" -- "$GM" control --bootstrap 0 --format csv --table curves
python3 - "$tmp/out" "$tmp/control_reported.json" <<'PY' || fails=$((fails+1))
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0]) == ["year", "group", "point", "vote_share_d", "seats_d", "seat_share_d"], list(rows[0])
j = json.load(open(sys.argv[2]))
want = []
for y in j["years"]:
    for g, G in y["groups"].items():
        c = G["curve"]
        if not c["seats"]: continue
        want.append((y["year"], g, "start", None, c["seats_start"], c["seats"]))
        want += [(y["year"], g, "step", x, s, c["seats"]) for x, s in zip(c["vote_share_d"], c["seats_d"])]
        want.append((y["year"], g, "actual", G["vote_share_d"], G["seats_d"], c["seats"]))
assert len(rows) == len(want), (len(rows), len(want))
for r, (yr, g, p, x, s, k) in zip(rows, want):
    assert (int(r["year"]), r["group"], r["point"]) == (yr, g, p), (r, yr, g, p)
    assert (r["vote_share_d"] == "") if x is None else float(r["vote_share_d"]) == x, (r, x)
    assert float(r["seats_d"]) == s and abs(float(r["seat_share_d"]) - s / k) < 1e-15, (r, s, k)
PY
expect 2 "bad table" -- "$GM" control --format csv --table curve
contains "$tmp/err" "groups, years, states or curves" "names the tables"

# Each state's threshold equals `partisan` on the same districts (as reported: the table's
# votes, a no-count race a declared seat of its winner).
grep -v '^#' "$RES" | python3 -c '
import csv, sys
r = csv.DictReader(sys.stdin); w = csv.writer(sys.stdout)
w.writerow(["year", "state", "district", "dem_votes", "rep_votes", "winner_party"])
for x in r:
    if x["state"] != "DC": w.writerow([x["year"], x["state"], x["district"], x["dem_votes"], x["rep_votes"], x["winner_party"]])
' >"$tmp/house.csv"
expect 0 "partisan on the House districts" -- "$GM" partisan --results "$tmp/house.csv" \
  --votes D=dem_votes,R=rep_votes --group year,state --winner-col winner_party --format csv
python3 - "$tmp/out" "$tmp/control_reported.json" <<'PY' || fails=$((fails+1))
import csv, json, math, sys
p = {(int(r["year"]), r["state"]): r for r in csv.DictReader(open(sys.argv[1]))}
j = json.load(open(sys.argv[2]))
assert len(p) == len(j["elections"]) == 250, (len(p), len(j["elections"]))
n = 0
for e in j["elections"]:
    r = p[(e["year"], e["state"])]
    for key, col in (("majority_share_d", "majority_share"), ("majority_share_r", "majority_share_b"),
                     ("flip_swing", "majority_swing")):
        a, b = e[key], (float(r[col]) if r[col] != "" else None)
        if a is None or b is None:
            assert a is None and b is None, (e["state"], e["year"], key, a, b)
        else:
            assert abs(a - b) < 1e-12, (e["state"], e["year"], key, a, b)
            n += 1
assert n > 600, n
PY

# --swing 0 changes nothing: no seat changes hands, and every other figure is the same.
expect 0 "swing 0" -- "$GM" control --swing 0 --bootstrap 0 --format json
python3 - "$tmp/out" "$tmp/control_reported.json" <<'PY' || fails=$((fails+1))
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for y in a["years"]:
    s = y.pop("swing")
    assert s["to_d"] == s["to_r"] == s["tied"] == 0 and not s["majority_flips"], s
    assert (s["seats_d"], s["seats_r"]) == (y["seats_d"], y["seats_r"])
for e in a["elections"]:
    s = e.pop("swing")
    assert s["swing"] == 0 and s["to_d"] == s["to_r"] == 0 and s["seats_d"] == e["seats_d"], s
assert a["method"].pop("swing") == 0 and b["method"].pop("swing") is None
assert a == b
PY

# --flip-majority: the smallest swing (0.01-point steps) that flips each year's House; that
# swing flips it, 0.01 points less does not.
expect 0 "flip-majority text" -- "$GM" control --flip-majority --bootstrap 0
contains "$tmp/out" "Flip swing" "flip column"
cp "$tmp/out" "$tmp/flip.txt"
for y in 2012 2014 2016 2018 2020; do
  flip=$(python3 -c "
import json, sys
y = [x for x in json.load(open('$tmp/control_reported.json'))['years'] if x['year'] == $y][0]
print(f\"{100 * y['flip_step']:.2f} {100 * y['flip_step'] - (0.01 if y['flip_step'] > 0 else -0.01):.2f} {y['majority']}\")")
  set -- $flip
  grep -qE "^$y .* [DR]\+$(printf '%s' "${1#-}")( |$)" "$tmp/flip.txt" || { echo "FAIL: $y flip $1 not in the text table"; grep "^$y" "$tmp/flip.txt"; fails=$((fails+1)); }
  for s in "$1" "$2"; do
    expect 0 "swing $s in $y" -- "$GM" control --years "$y" --swing="$s" --bootstrap 0 --format json
    python3 - "$tmp/out" "$s" "$1" "$3" <<'PY' || fails=$((fails+1))
import json, sys
y = json.load(open(sys.argv[1]))["years"][0]
flips = y["swing"]["majority_flips"]
want = sys.argv[2] == sys.argv[3]
assert flips == want, (y["year"], sys.argv[2], y["swing"])
assert y["majority"] == sys.argv[4]
if want: assert y["swing"]["majority"] != sys.argv[4]
PY
  done
done

# --swing-table: a state's swing moves its seats only; the national count is their sum.
printf '# special elections, points towards D\nstate,swing\nPA,D+10\nNC,R+2\n' >"$tmp/sw.csv"
expect 0 "swing table" -- "$GM" control --swing-table "$tmp/sw.csv" --years 2016 --bootstrap 0 --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
y = j["years"][0]
e = {x["state"]: x for x in j["elections"]}
assert abs(e["PA"]["swing"]["swing"] - 0.10) < 1e-15 and abs(e["NC"]["swing"]["swing"] + 0.02) < 1e-15
moved = [s for s, x in e.items() if x["swing"]["to_d"] or x["swing"]["to_r"]]
assert set(moved) <= {"PA", "NC"}, moved
assert e["PA"]["swing"]["to_d"] >= 3, e["PA"]["swing"]  # 2016 PA: 13 R seats, several below 60%
assert y["swing"]["to_d"] == sum(x["swing"]["to_d"] for x in e.values())
assert j["method"]["swing_missing"] == len(e) - 2
PY
expect 0 "swing table text" -- "$GM" control --swing-table "$tmp/sw.csv" --years 2016 --bootstrap 0 --by-state
contains "$tmp/out" "Swing per state from sw.csv (2 states listed)" "names the table"
expect 2 "swing and swing table" -- "$GM" control --swing 3 --swing-table "$tmp/sw.csv"
expect 2 "bad swing" -- "$GM" control --swing D3
contains "$tmp/err" "D+3" "the fix"
expect 2 "flip-majority json" -- "$GM" control --flip-majority --format json
printf 'state,swing\nPA,lots\n' >"$tmp/bad.csv"
expect 1 "bad swing table" -- "$GM" control --swing-table "$tmp/bad.csv"
contains "$tmp/err" "bad.csv: line 2" "names the line"

# Wisconsin Assembly 2022: the 2022 votes under four maps, every office; seats and both
# thresholds and the flip swing of each plan x office against a hand computation.
need_shared
WI=$SHARED/wi_assembly_2022/WI_2022_Votes_in_Assembly_Districts.csv
expect 0 "wisconsin" -- "$GM" partisan --results "$WI" --votes D=DEM,R=REP --group plan,office --format csv
python3 - "$tmp/out" "$WI" <<'PY' || fails=$((fails+1))
import csv, sys
got = {(r["plan"], r["office"]): r for r in csv.DictReader(open(sys.argv[1]))}
rows = list(csv.DictReader(open(sys.argv[2])))
groups = sorted({(r["plan"], r["office"]) for r in rows})
assert len(groups) == 28 and set(got) == set(groups), sorted(got)
for g in groups:
    ds = [(float(r["DEM"]), float(r["REP"])) for r in rows if (r["plan"], r["office"]) == g]
    k = len(ds); m = k // 2 + 1
    V = sum(d for d, r in ds) / sum(d + r for d, r in ds)
    sh = sorted((d / (d + r) for d, r in ds), reverse=True)
    da = V + 0.5 - sh[m - 1]
    rb = (1 - V) + 0.5 - (1 - sh[k - m])
    sd = sum(d > r for d, r in ds)
    x = got[g]
    assert (k, m) == (99, 50)
    assert float(x["seats_D"]) == sd and float(x["seats_R"]) == sum(r > d for d, r in ds), (g, x["seats_D"], sd)
    assert abs(float(x["majority_share"]) - da) < 1e-12, (g, x["majority_share"], da)
    assert abs(float(x["majority_share_b"]) - rb) < 1e-12, (g, x["majority_share_b"], rb)
    flip = da - V if sd < m else (1 - rb) - V
    assert abs(float(x["majority_swing"]) - flip) < 1e-12, (g, x["majority_swing"], flip)
    print(f"  WI {g[0]:>24} {g[1]}: D seats {sd:2d}, V {100*V:.2f}%, D needs {100*da:.2f}%, R needs {100*rb:.2f}%, flip {100*flip:+.2f}")
PY
finish
