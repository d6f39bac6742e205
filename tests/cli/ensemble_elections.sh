# gerrymeter ensemble score --election (several elections per plan), on Minnesota's
# congressional ensemble (first 200 plans):
#  - the first election's columns are exactly those of a --votes run of it, and each
#    election's NAME.METRIC columns equal the columns of a --votes run of that election,
#    cell for cell (the reference row included), in CSV and in JSON Lines, also with four
#    elections and with a graph (where the kernel keeps the votes elsewhere);
#  - the composite columns of a few plans and of the reference plan equal a hand
#    computation from the units' votes (read from the shapefile's table here): the mean of
#    the elections' district shares, scored with equal turnout in every district;
#  - the summary has every election's metrics (mean, percentiles, the reference's place);
#  - merge joins shards of an elections run byte for byte, and refuses shards scored with
#    other elections; report --ensemble refuses rows whose first election is another.
. "$(dirname "$0")/lib.bash"
need_shared
MN="$SHARED/mggg_MN/mn_08_16.zip"
ENS="$SHARED/ensembles/mn_congdist_recom_10000.jsonl.xz"
U=(--units "$MN" --pop TOTPOP)
E1=USH16:D=USH16D,R=USH16R
E2=PRES16:D=PRES16D,R=PRES16R
E3=SEN12:D=SEN12D,R=SEN12R
EL=(--election "$E1" --election "$E2" --election "$E3")
{ xz -dc "$ENS" || true; } | head -n 200 > "$tmp/e.jsonl"
cd "$tmp" || exit 1

expect 0 "three elections" -- "$GM" ensemble score "${U[@]}" "${EL[@]}" --plans e.jsonl \
  --reference CONGDIST -o all.csv --summary all.json -q
expect 0 "three elections, jsonl" -- "$GM" ensemble score "${U[@]}" "${EL[@]}" --plans e.jsonl \
  --reference CONGDIST --format jsonl -o all.jsonl -q
for v in USH16 PRES16 SEN12; do
  expect 0 "one election $v" -- "$GM" ensemble score "${U[@]}" --votes "D=${v}D,R=${v}R" \
    --plans e.jsonl --reference CONGDIST -o "one_$v.csv" -q
done
# the kernel keeps the votes of up to two further elections in its unit record and the
# rest beside it (always beside it with a graph): four elections, and two with a graph,
# on the first 100 plans
head -n 100 e.jsonl > e100.jsonl
E4=GOV14:D=GOV14D,R=GOV14R
expect 0 "four elections" -- "$GM" ensemble score "${U[@]}" "${EL[@]}" --election "$E4" --plans e100.jsonl \
  --reference CONGDIST -o four.csv -q
expect 0 "one election GOV14" -- "$GM" ensemble score "${U[@]}" --votes D=GOV14D,R=GOV14R --plans e100.jsonl \
  --reference CONGDIST -o one_GOV14.csv -q
expect 0 "two elections, graph" -- "$GM" ensemble score "${U[@]}" --election "$E1" --election "$E2" \
  --plans e100.jsonl --graph auto --reference CONGDIST -o graph.csv -q
grep -q '^# election: PRES16:D=PRES16D,R=PRES16R$' all.csv || { echo "FAIL: elections not recorded"; fails=$((fails+1)); }

python3 - "$MN" <<'PY' || fails=$((fails+1))
import csv, json, statistics, struct, sys, zipfile
names = ["USH16", "PRES16", "SEN12"]
def rows(path):
    with open(path) as f:
        return list(csv.DictReader(l for l in f if not l.startswith("#") and not l.startswith("end")))
allr = rows("all.csv")
one = {n: rows("one_%s.csv" % n) for n in names}
assert len(allr) == 201 and allr[0]["plan"] == "reference", (len(allr), allr[0]["plan"])
per = ["seats_D", "vote_share_D", "vote_share_R", "efficiency_gap", "mean_median", "partisan_bias", "declination"]
for i, r in enumerate(allr):
    # the first election's columns: the --votes run of it, every one of its columns
    for k, v in one["USH16"][i].items():
        assert r[k] == v, ("first election", i, k, r[k], v)
    for n in names:
        for m in per:
            assert r[n + "." + m] == one[n][i][m], (n, m, i, r[n + "." + m], one[n][i][m])
one["GOV14"] = rows("one_GOV14.csv")
for f, ns in (("four.csv", names + ["GOV14"]), ("graph.csv", names[:2])):
    rs = rows(f)
    assert len(rs) == 101, (f, len(rs))
    for i, r in enumerate(rs):
        for n in ns:
            for m in per:
                assert r[n + "." + m] == one[n][i][m], (f, n, m, i, r[n + "." + m], one[n][i][m])
# the same in JSON Lines
lines = [json.loads(l) for l in open("all.jsonl") if l.startswith('{"plan"')]
assert len(lines) == 201
for i, r in enumerate(lines):
    for n in names + ["composite"]:
        for m in per:
            c = allr[i][n + "." + m]
            assert r[n + "." + m] == (float(c) if c else None), (n, m, i)
# the composite by hand, from the units' votes (the shapefile's table, in unit order)
b = zipfile.ZipFile(sys.argv[1]).read("mn_08_16.dbf")
nrec, hl, rl = struct.unpack("<IHH", b[4:12])
fields, o = [], 32
while b[o] != 0x0D:
    fields.append((b[o:o + 11].split(b"\0")[0].decode(), b[o + 16]))
    o += 32
col, at = {}, 1
for nm, ln in fields:
    col[nm] = (at, ln)
    at += ln
def column(nm):
    s, ln = col[nm]
    return [float(b[hl + i * rl + s:hl + i * rl + s + ln]) for i in range(nrec)]
votes = {n: (column(n + "D"), column(n + "R")) for n in names}
plans = [json.loads(l)["assignment"] for l in open("e.jsonl")]
s, ln = col["CONGDIST"]
cd = [int(b[hl + i * rl + s:hl + i * rl + s + ln]) - 1 for i in range(nrec)]
# plans 0, 1, 57 and 199 (the batch kernel) and the reference plan (the one-plan path)
for p in (0, 1, 57, 199, -1):
    a = plans[p] if p >= 0 else cd
    k = max(a) + 1
    shares = []
    for d in range(k):
        s = []
        for n in names:
            vd = sum(x for x, q in zip(votes[n][0], a) if q == d)
            vr = sum(x for x, q in zip(votes[n][1], a) if q == d)
            s.append(vd / (vd + vr))
        shares.append(sum(s) / len(s))
    r = allr[p + 1]
    assert r["plan"] == (str(p) if p >= 0 else "reference")
    got = lambda m: float(r["composite." + m])
    seats = sum(1 if x > 0.5 else 0.5 if x == 0.5 else 0 for x in shares)
    assert got("seats_D") == seats, (p, got("seats_D"), seats)
    mean = sum(shares) / k
    assert abs(got("vote_share_D") - mean) < 1e-12, (p, got("vote_share_D"), mean)
    assert abs(got("vote_share_R") - (1 - mean)) < 1e-12
    assert abs(got("mean_median") - (mean - statistics.median(shares))) < 1e-12
    # equal turnout: the winner wastes share - 1/2, the loser its whole share; + favours R
    wd = sum(x - 0.5 if x > 0.5 else x for x in shares)
    wr = sum((1 - x) - 0.5 if x < 0.5 else 1 - x for x in shares)
    assert abs(got("efficiency_gap") - (wd - wr) / k) < 1e-12, (p, got("efficiency_gap"), (wd - wr) / k)
    print("plan", p, "composite shares", [round(x, 6) for x in shares], "EG", got("efficiency_gap"))
# the summary: every election's metrics, and the reference plan's place among them
s = json.load(open("all.json"))
text = json.dumps(s)
for n in names + ["composite"]:
    key = n + ".efficiency_gap"
    assert key in text, key
def find(o, key):
    if isinstance(o, dict):
        if o.get("key") == key or o.get("metric") == key:
            return o
        if key in o and isinstance(o[key], dict):
            return o[key]
        for v in o.values():
            x = find(v, key)
            if x is not None:
                return x
    if isinstance(o, list):
        for v in o:
            x = find(v, key)
            if x is not None:
                return x
    return None
for n in names + ["composite"]:
    m = find(s, n + ".efficiency_gap")
    assert m is not None, n
    vals = [float(r[n + ".efficiency_gap"]) for r in allr[1:]]
    assert abs(m["mean"] - sum(vals) / len(vals)) < 1e-12, (n, m["mean"])
    ref = float(allr[0][n + ".efficiency_gap"])
    below = sum(v < ref for v in vals)
    assert m["reference"]["below"] == below, (n, m["reference"], below)
print("elections checked")
PY

# merge: shards of an elections run join into the single run's rows, byte for byte
expect 0 "shard 1/2" -- "$GM" ensemble score "${U[@]}" "${EL[@]}" --plans e.jsonl --reference CONGDIST --shard 1/2 -o s1.csv -q
expect 0 "shard 2/2" -- "$GM" ensemble score "${U[@]}" "${EL[@]}" --plans e.jsonl --reference CONGDIST --shard 2/2 -o s2.csv -q
expect 0 "merge" -- "$GM" ensemble merge -o m.csv --summary m.json s1.csv s2.csv
cmp -s m.csv all.csv || { echo "FAIL: merged rows differ from the single run"; fails=$((fails+1)); }
cmp -s m.json all.json || { echo "FAIL: merged summary differs from the single run"; fails=$((fails+1)); }
# a shard scored with other elections (another second election; none at all) is refused
expect 0 "shard 2/2, other elections" -- "$GM" ensemble score "${U[@]}" --election "$E1" --election "$E3" \
  --plans e.jsonl --reference CONGDIST --shard 2/2 -o x2.csv -q
expect 1 "merge other elections" -- "$GM" ensemble merge -o bad.csv s1.csv x2.csv
contains "$tmp/err" "x2.csv was scored with the elections USH16, SEN12 and s1.csv with USH16, PRES16, SEN12" "the differing elections named"
[ -e bad.csv ] && { echo "FAIL: refused merge wrote rows"; fails=$((fails+1)); }
expect 0 "shard 2/2, --votes" -- "$GM" ensemble score "${U[@]}" --votes D=USH16D,R=USH16R \
  --plans e.jsonl --reference CONGDIST --shard 2/2 -o v2.csv -q
expect 1 "merge elections with one election" -- "$GM" ensemble merge -o bad.csv s1.csv v2.csv
[ -e bad.csv ] && { echo "FAIL: refused merge wrote rows"; fails=$((fails+1)); }

# report --ensemble: its election must be the rows' first
R=(--units "$MN" --pop TOTPOP --plan CONGDIST)
expect 0 "report on its first election" -- "$GM" report "${R[@]}" --votes D=USH16D,R=USH16R --ensemble all.csv -o rep.html
grep -q "Efficiency gap across the ensemble" rep.html || { echo "FAIL: no ensemble charts"; fails=$((fails+1)); }
grep -q "vote_share_D across\|Vote share of D ([A-Z0-9]*) across" rep.html && { echo "FAIL: a constant vote share is charted"; fails=$((fails+1)); }
expect 1 "report on another election" -- "$GM" report "${R[@]}" --votes D=PRES16D,R=PRES16R --ensemble all.csv -o bad.html
contains "$tmp/err" "the rows were scored on the votes USH16D,USH16R, this report on PRES16D,PRES16R" "election named"
[ -e bad.html ] && { echo "FAIL: refused report written"; fails=$((fails+1)); }

# bad elections
expect 2 "--votes and --election" -- "$GM" ensemble score "${U[@]}" --votes D=USH16D,R=USH16R --election "$E2" --plans e.jsonl -o none
expect 2 "an election named composite" -- "$GM" ensemble score "${U[@]}" --election composite:D=USH16D,R=USH16R --plans e.jsonl -o none
finish
