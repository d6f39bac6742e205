# gerrymeter control chamber: state chambers from their precinct files (Minnesota House
# 2012-2016, Delaware House 2012-2018 and Senate 2012) and the Wisconsin Assembly's four
# maps, against a hand computation from the precinct attributes (exported with ogr2ogr,
# dissolved by district here) and the seats the manifest gives; --swing 0 changes nothing;
# the flip swing flips the majority and 0.01 points less does not; uncontested races
# imputed; usage errors.
. "$(dirname "$0")/lib.bash"
need_shared
MN=$SHARED/mggg_MN/mn_08_16.zip
DE=$SHARED/mggg_DE/DE_precincts.zip
WI=$SHARED/wi_assembly_2022/WI_2022_Votes_in_Assembly_Districts.csv
MN_EL=(--election 2012:D=LEG12D,R=LEG12R --election 2014:D=LEG14D,R=LEG14R --election 2016:D=LEG16D,R=LEG16R)
DEH_EL=(--election 2012:D=SH12D,R=SH12R --election 2014:D=SH14D,R=SH14R --election 2016:D=SH16D,R=SH16R --election 2018:D=SH18D,R=SH18R)

# The precincts' attributes as CSV, one file per chamber (no geometry).
ogr2ogr -f CSV "$tmp/mn.csv" "/vsizip/$MN" -select MNLEGDIST,LEG12D,LEG12R,LEG14D,LEG14R,LEG16D,LEG16R 2>"$tmp/ogr.err" \
  || { echo "FAIL: ogr2ogr MN"; cat "$tmp/ogr.err"; exit 1; }
ogr2ogr -f CSV "$tmp/de.csv" "/vsizip/$DE" -select HDIST,SEND,SH12D,SH12R,SH14D,SH14R,SH16D,SH16R,SH18D,SH18R,SSEN12D,SSEN12R 2>"$tmp/ogr.err" \
  || { echo "FAIL: ogr2ogr DE"; cat "$tmp/ogr.err"; exit 1; }

# The hand computation: precinct votes summed by district; k districts, m = k // 2 + 1; a
# district with no votes for either party is a seat of neither (in k, in no share); shares
# D / (D + R) sorted; V the statewide two-party share; D needs V + 1/2 - (the m-th best
# share), R the same with its own shares; the exact flip: D needs - V when R holds the
# majority, (1 - R needs) - V when D does. Imputed: an uncontested race's winner gets S of
# the mean two-party total of the contested races, the loser the rest.
cat >"$tmp/hand.py" <<'PY'
import csv
def dissolve(path, dist, d, r):
    t = {}
    for row in csv.DictReader(open(path)):
        x = t.setdefault(row[dist], [0.0, 0.0])
        x[0] += float(row[d] or 0); x[1] += float(row[r] or 0)
    return [tuple(v) for k, v in sorted(t.items())]
def impute(ds, s):
    c = [d + r for d, r in ds if d > 0 and r > 0]
    t = sum(c) / len(c)
    out, n = [], 0
    for d, r in ds:
        if d > 0 and r > 0 or d + r == 0: out.append((d, r)); continue
        out.append((s * t, (1 - s) * t) if d > 0 else ((1 - s) * t, s * t)); n += 1
    return out, n
def chamber(ds):
    k = len(ds); m = k // 2 + 1
    sh = sorted((d / (d + r) for d, r in ds if d + r > 0), reverse=True)
    V = sum(d for d, r in ds) / sum(d + r for d, r in ds)
    da = V + 0.5 - sh[m - 1]
    rb = (1 - V) + 0.5 - (1 - sh[len(sh) - m])
    sd = sum(d > r for d, r in ds) + 0.5 * sum(d == r and d > 0 for d, r in ds)
    sr = sum(r > d for d, r in ds) + 0.5 * sum(d == r and d > 0 for d, r in ds)
    hold = "D" if sd > k / 2 else "R" if sr > k / 2 else None
    flip = da - V if hold == "R" else (1 - rb) - V if hold == "D" else None
    return dict(k=k, m=m, V=V, da=da, rb=rb, sd=sd, sr=sr, hold=hold, flip=flip,
                vacant=sum(d + r == 0 for d, r in ds), unc=sum((d == 0) != (r == 0) for d, r in ds))
def check(row, h, name):
    assert row["districts"] == h["k"] and row["majority_seats"] == h["m"], (name, row["districts"], h)
    assert row["vacant"] == h["vacant"], (name, row["vacant"], h["vacant"])
    assert row["seats"]["D"] == h["sd"] and row["seats"]["R"] == h["sr"], (name, row["seats"], h)
    assert row["majority"] == h["hold"], (name, row["majority"], h["hold"])
    for key, want in (("vote_share", h["V"]), ("majority_share", h["da"]), ("majority_share_b", h["rb"]),
                      ("majority_swing", h["flip"])):
        assert abs(row[key] - want) < 1e-12, (name, key, row[key], want)
    assert row["uncontested"] == h["unc"], (name, row["uncontested"], h["unc"])
    f = row["flip_step"]   # the smallest 0.01-point step beyond the exact boundary
    assert abs(f) >= abs(h["flip"]) and abs(f) - abs(h["flip"]) < 1e-4 + 1e-12 and (f > 0) == (h["flip"] > 0), (name, f, h["flip"])
    print(f'  {name}: {h["k"]} seats ({h["vacant"]} vacant), D {h["sd"]:g} R {h["sr"]:g}, V {100*h["V"]:.2f}%, '
          f'D needs {100*h["da"]:.2f}%, R needs {100*h["rb"]:.2f}%, flip {100*h["flip"]:+.4f} (step {100*f:+.2f})')
PY

# score CHAMBER NAME CSV DIST 'YEAR:DFIELD:RFIELD ...' MANIFEST_SEATS [IMPUTE]: the chamber's
# JSON ($tmp/out) against the hand computation and the seats the manifest gives.
check_json() {
  python3 - "$tmp/out" "$tmp" "$@" <<'PY' || fails=$((fails+1))
import json, sys
sys.path.insert(0, sys.argv[2]); from hand import dissolve, impute, chamber, check
j = json.load(open(sys.argv[1]))
name, csvf, dist, spec, seats = sys.argv[3:8]
s = float(sys.argv[8]) if len(sys.argv) > 8 else None
want = dict(x.split("=") for x in seats.split()) if seats else {}
rows = {r["name"]: r for r in j["rows"]}
assert j["method"]["uncontested"] == ("impute" if s else "reported")
for el in spec.split():
    y, fd, fr = el.split(":")
    ds = dissolve(csvf, dist, fd, fr)
    if s:
        ds, n = impute(ds, s)
        assert rows[y]["imputed"] == n, (y, rows[y]["imputed"], n)
    h = chamber(ds)
    check(rows[y], h, f"{name} {y}{' imputed' if s else ''}")
    if y in want:
        d, r = want[y].split("/")
        assert (rows[y]["seats"]["D"], rows[y]["seats"]["R"]) == (int(d), int(r)), (name, y, rows[y]["seats"], want[y])
PY
}

# ---- Minnesota House (134 seats): 2012 73 DFL / 61 R, 2014 62/72 (actual results); 2016
# 57/76 with 32B (election postponed) at 0/0: a vacant seat, so the majority stays 68.
expect 0 "MN house" -- "$GM" control chamber --units "$MN" --plan MNLEGDIST "${MN_EL[@]}" --format json
cp "$tmp/out" "$tmp/mn.json"
check_json "MN House" "$tmp/mn.csv" MNLEGDIST "2012:LEG12D:LEG12R 2014:LEG14D:LEG14R 2016:LEG16D:LEG16R" "2012=73/61 2014=62/72 2016=57/76"
python3 - "$tmp/mn.json" <<'PY' || fails=$((fails+1))
import json, sys
r = {x["name"]: x for x in json.load(open(sys.argv[1]))["rows"]}
assert r["2016"]["vacant"] == 1 and r["2016"]["majority_seats"] == 68
assert r["2012"]["majority"] == "D" and r["2014"]["majority"] == "R" and r["2016"]["majority"] == "R"
PY
# the same figures as `partisan` on the plan where no seat is vacant
for y in 2012 2014; do
  expect 0 "partisan MN $y" -- "$GM" partisan --units "$MN" --plan MNLEGDIST --votes D=LEG${y#20}D,R=LEG${y#20}R --format json
  python3 - "$tmp/out" "$tmp/mn.json" "$y" <<'PY' || fails=$((fails+1))
import json, sys
p = json.load(open(sys.argv[1]))["groups"][0]
c = {x["name"]: x for x in json.load(open(sys.argv[2]))["rows"]}[sys.argv[3]]
for k in ("vote_share", "efficiency_gap", "mean_median", "partisan_bias", "declination", "majority_share",
          "majority_share_b", "majority_swing", "seats_expected", "responsiveness"):
    assert p[k] == c[k], (sys.argv[3], k, p[k], c[k])
PY
done

# ---- Delaware House (41 seats) 2012-2018 and Senate (21 seats) 2012. The manifest: House
# 2014 25 D / 16 R, 2016 25/16, 2018 26/15 (actual); 2012 28/13 from the precincts (one
# district differs from the actual 27/14); Senate 2012 13/8 (actual). Many uncontested.
expect 0 "DE house" -- "$GM" control chamber --units "$DE" --plan HDIST "${DEH_EL[@]}" --format json
cp "$tmp/out" "$tmp/deh.json"
check_json "DE House" "$tmp/de.csv" HDIST "2012:SH12D:SH12R 2014:SH14D:SH14R 2016:SH16D:SH16R 2018:SH18D:SH18R" "2012=28/13 2014=25/16 2016=25/16 2018=26/15"
expect 0 "DE senate" -- "$GM" control chamber --units "$DE" --plan SEND --election 2012:D=SSEN12D,R=SSEN12R --format json
check_json "DE Senate" "$tmp/de.csv" SEND "2012:SSEN12D:SSEN12R" "2012=13/8"
# imputed: an uncontested race at 75/25 of the mean contested turnout
expect 0 "DE house imputed" -- "$GM" control chamber --units "$DE" --plan HDIST "${DEH_EL[@]}" --impute-uncontested 0.75 --format json
check_json "DE House" "$tmp/de.csv" HDIST "2012:SH12D:SH12R 2014:SH14D:SH14R 2016:SH16D:SH16R 2018:SH18D:SH18R" "2014=25/16 2016=25/16 2018=26/15" 0.75

# ---- Wisconsin Assembly 2022, four maps x seven offices (district results)
expect 0 "WI" -- "$GM" control chamber --results "$WI" --votes D=DEM,R=REP --group plan,office --format json
cp "$tmp/out" "$tmp/wi.json"
python3 - "$tmp/wi.json" "$WI" "$tmp" <<'PY' || fails=$((fails+1))
import csv, json, sys
sys.path.insert(0, sys.argv[3]); from hand import chamber, check
rows = {r["name"]: r for r in json.load(open(sys.argv[1]))["rows"]}
src = list(csv.DictReader(open(sys.argv[2])))
groups = sorted({(r["plan"], r["office"]) for r in src})
assert len(rows) == len(groups) == 28
for g in groups:
    ds = [(float(r["DEM"]), float(r["REP"])) for r in src if (r["plan"], r["office"]) == g]
    check(rows[" ".join(g)], chamber(ds), "WI " + " ".join(g))
PY

# ---- --swing 0 changes nothing; the flip swing flips the majority, 0.01 points less does not
swing_checks() { # NAME JSON ROWS ARGS... (ROWS: a regular expression of the row names checked)
  local name=$1 json=$2 rows=$3; shift 3
  expect 0 "$name swing 0" -- "$GM" control chamber "$@" --swing 0 --format json
  python3 - "$tmp/out" "$json" <<'PY' || fails=$((fails+1))
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert a["method"].pop("swing") == 0 and b["method"].pop("swing") is None
for r in a["rows"]:
    s = r.pop("swing")
    assert s["to_a"] == s["to_b"] == s["tied"] == 0 and not s["majority_flips"], s
    assert s["seats"] == r["seats"] and s["majority"] == r["majority"], s
assert a == b
PY
  python3 -c "
import json, re
for r in json.load(open('$json'))['rows']:
    f = r['flip_step']
    if f is not None and re.search('$rows', r['name']): print(r['name'].replace(' ', '_'), f'{100*f:.2f}', f'{100*f - (0.01 if f > 0 else -0.01):.2f}', r['majority'])
" >"$tmp/flips"
  [ -s "$tmp/flips" ] || { echo "FAIL: $name: no flip swings"; fails=$((fails+1)); }
  local n=0
  while read -r row flip less hold; do
    for s in "$flip" "$less"; do
      n=$((n+1))
      expect 0 "$name $row swing $s" -- "$GM" control chamber "$@" --swing="$s" --format json
      echo "$tmp/sw_$n.json ${row} $s $flip $hold" >>"$tmp/sw_list"
      cp "$tmp/out" "$tmp/sw_$n.json"
    done
  done <"$tmp/flips"
  python3 - "$tmp/sw_list" <<'PY' || fails=$((fails+1))
import json, sys
bad = 0
for line in open(sys.argv[1]):
    path, row, s, flip, hold = line.split()
    r = {x["name"]: x for x in json.load(open(path))["rows"]}[row.replace("_", " ")]
    flips = r["swing"]["majority_flips"]   # the party without a majority has one after it
    after = r["swing"]["majority"]
    ok = r["majority"] == hold and flips == (s == flip) and flips == (after is not None and after != hold)
    if not ok: print("FAIL: swing", row, s, flip, r["swing"]); bad += 1
sys.exit(1 if bad else 0)
PY
  rm -f "$tmp/sw_list"
}
swing_checks "MN House" "$tmp/mn.json" . --units "$MN" --plan MNLEGDIST "${MN_EL[@]}"
swing_checks "DE House" "$tmp/deh.json" . --units "$DE" --plan HDIST "${DEH_EL[@]}"
swing_checks "WI" "$tmp/wi.json" 'GOV' --results "$WI" --votes D=DEM,R=REP --group plan,office

# ---- text and CSV carry the same rows; usage and data errors
expect 0 "MN text" -- "$GM" control chamber --units "$MN" --plan MNLEGDIST "${MN_EL[@]}" --swing R+2
contains "$tmp/out" "Chamber: plan MNLEGDIST of mn_08_16.zip" "names the plan and file, no directory"
grep -Eq '^ +2016 +134 +68 +57 +76 +1 +49\.35% +53\.97% +46\.71% +D\+4\.62 +D\+4\.6156 ' "$tmp/out" \
  || { echo "FAIL: MN text 2016 row"; grep 2016 "$tmp/out"; fails=$((fails+1)); }
contains "$tmp/out" "Swing R+2.00:" "the swing table"
expect 0 "MN csv" -- "$GM" control chamber --units "$MN" --plan MNLEGDIST "${MN_EL[@]}" --format csv
python3 - "$tmp/out" "$tmp/mn.json" <<'PY' || fails=$((fails+1))
import csv, json, sys
c = list(csv.DictReader(open(sys.argv[1])))
j = json.load(open(sys.argv[2]))["rows"]
assert [r["name"] for r in c] == [r["name"] for r in j] == ["2012", "2014", "2016"]
for a, b in zip(c, j):
    for k in ("majority_share", "majority_share_b", "majority_swing", "flip_step", "efficiency_gap", "declination"):
        assert float(a[k]) == b[k], (k, a[k], b[k])
    assert float(a["seats_a"]) == b["seats"]["D"] and a["majority"] == b["majority"]
PY
expect 2 "results with plan" -- "$GM" control chamber --results "$WI" --plan x --votes D=DEM,R=REP
expect 2 "no votes" -- "$GM" control chamber --units "$DE" --plan HDIST
contains "$tmp/err" "--election NAME:D=F,R=F" "names the option"
expect 2 "title without html" -- "$GM" control chamber --units "$DE" --plan HDIST --votes D=SH12D,R=SH12R --title x
expect 2 "bad swing" -- "$GM" control chamber --units "$DE" --plan HDIST --votes D=SH12D,R=SH12R --swing D3
expect 2 "group without results" -- "$GM" control chamber --units "$DE" --plan HDIST --votes D=SH12D,R=SH12R --group x
expect 1 "missing field" -- "$GM" control chamber --units "$DE" --plan HDIST --election 2020:D=SH20D,R=SH20R
contains "$tmp/err" "election 2020" "names the election"
finish
