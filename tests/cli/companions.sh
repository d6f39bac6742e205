# Mismatched companions of an ensemble (issue 13, classes 2, 7 and 12), on New Hampshire's
# state senate (320 units, 24 districts) and the first plans of its ReCom ensemble:
#  - a reference plan with another number of districts, district ids outside 0..k-1 (in
#    JSONL, CSV, GMEN and BEN) and plans with an empty district (ids from 1, a --districts
#    too large) are refused, naming the counts, the plan and the unit or district;
#  - the per-plan rows name their parties (seats_D, vote_share_D, vote_share_R) and say
#    what they were scored with; without --pop, pop_dev is empty/null and a warning says so
#    in the summary's "warnings";
#  - ensemble merge refuses an incomplete or mixed set of shards, naming which;
#  - report --ensemble refuses rows of another party order, election or map.
# Every refusal exits 1 and leaves no output file.
. "$(dirname "$0")/lib.bash"
need_shared
NH="$SHARED/mggg_NH/NH.zip"
ENS="$SHARED/ensembles/nh_send_recom_5000.jsonl.xz"
U=(--units "$NH" --pop TOTPOP)
V=(--votes D=SEN16D,R=SEN16R)
{ xz -dc "$ENS" || true; } | head -n 60 > "$tmp/e.jsonl"
cd "$tmp" || exit 1
none_left() { # FILE... : a refused command wrote none of them
  for f in "$@"; do [ -e "$f" ] && { echo "FAIL: $f left behind"; fails=$((fails+1)); }; done
  rm -f "$@"
}
body() { grep -v '^#' "$1"; } # the CSV without its metadata lines

# ---- class 2: the reference plan and the plans' districts --------------------------------
# CD has 2 districts, the senate plans 24: refused (it used to be padded with 22 empty
# districts and scored, exit 0).
expect 1 "reference with another k" -- "$GM" ensemble score "${U[@]}" "${V[@]}" --plans e.jsonl \
  --reference CD -o r.csv --summary s.json
contains "$tmp/err" "has 2 districts but the plans of e.jsonl have 24 (their largest district id in the first plans, plus 1): compare the ensemble with a plan of the same map" "both counts named"
none_left r.csv s.json
# HDIST (161 districts) against the 24-district plans: they used to be scored as 161
# districts, 137 of them empty, exit 0
expect 1 "reference with more districts" -- "$GM" ensemble score "${U[@]}" "${V[@]}" --plans e.jsonl \
  --reference HDIST -o r.csv --summary s.json
contains "$tmp/err" "has 161 districts but the plans of e.jsonl have 24" "more districts named"
none_left r.csv s.json
expect 1 "reference with another k, k given" -- "$GM" ensemble score "${U[@]}" "${V[@]}" --plans e.jsonl \
  --reference CD --districts 24 -o r.csv
contains "$tmp/err" "has 2 districts but the plans of e.jsonl have 24 (the number of districts set for the run)" "k given named"
none_left r.csv
# --districts larger than the plans' (district 24 of 0..24 empty in every plan).
expect 1 "districts too many" -- "$GM" ensemble score "${U[@]}" "${V[@]}" --plans e.jsonl --districts 25 -o r.csv
contains "$tmp/err" "plan 0 (sample 0): district 24 of 0..24 has no unit (1 of the 25 districts are empty)" "empty district named"
none_left r.csv
# Ids counted from 1 (1..24): k is inferred as 25 and district 0 is empty.
python3 - <<'PY'
import json
with open("e.jsonl") as f, open("one_based.jsonl", "w") as o:
    for line in f:
        j = json.loads(line)
        j["assignment"] = [d + 1 for d in j["assignment"]]
        o.write(json.dumps(j) + "\n")
# plan 3 with unit 17 in district 24 (outside 0..23), in every format
with open("e.jsonl") as f, open("bad.jsonl", "w") as o:
    for i, line in enumerate(f):
        j = json.loads(line)
        if i == 3:
            j["assignment"][17] = 24
        o.write(json.dumps(j) + "\n")
        if i == 5:
            break
PY
expect 1 "ids from 1" -- "$GM" ensemble score "${U[@]}" "${V[@]}" --plans one_based.jsonl -o r.csv
contains "$tmp/err" "plan 0 (sample 0): district 0 of 0..24 has no unit" "1-based ids named"
contains "$tmp/err" "ids counted from 1 must be renumbered from 0" "1-based fix"
none_left r.csv
expect 0 "to csv" -- "$GM" ensemble convert --plans bad.jsonl -o bad.csv
expect 0 "to gmen" -- "$GM" ensemble convert --plans bad.jsonl -o bad.gmen
expect 0 "to ben" -- "$GM" ensemble convert --plans bad.jsonl -o bad.ben
for f in bad.jsonl bad.csv bad.gmen bad.ben; do
  expect 1 "id outside 0..k-1 ($f)" -- "$GM" ensemble score "${U[@]}" "${V[@]}" --plans "$f" --districts 24 -o r.csv
  contains "$tmp/err" "$f: plan 3 (sample 3): unit 17 has district 24, outside 0..23" "plan and unit named ($f)"
  none_left r.csv
done

# ---- class 12 and 7: rows name their parties; pop_dev without --pop ------------------------
expect 0 "score" -- "$GM" ensemble score "${U[@]}" "${V[@]}" --plans e.jsonl --reference SEND -o all.csv --summary all.json
expect 0 "one plan" -- "$GM" score "${U[@]}" "${V[@]}" --plan SEND --format json -o one.json
python3 - all.csv one.json all.json <<'PY' || fails=$((fails+1))
import csv, json, sys
lines = open(sys.argv[1]).read().splitlines()
meta = [l for l in lines if l.startswith("#")]
assert meta[0] == "# gerrymeter ensemble rows 2", meta
for m in ["# districts: 24", "# parties: D,R", "# votes: SEN16D,SEN16R", "# population: TOTPOP",
          "# units: NH.zip, 320 units", "# plans: e.jsonl", "# reference: SEND"]:
    assert m in meta, (m, meta)
assert meta[-1] == "# end: 60 plans read, 60 scored", meta[-1]
rows = list(csv.DictReader(l for l in lines if not l.startswith("#")))
h = list(rows[0])
assert h[:5] == ["plan", "sample", "seats_D", "vote_share_D", "vote_share_R"], h
assert "seats_a" not in h
one = json.load(open(sys.argv[2]))["plan"]
ref = rows[0]
assert ref["plan"] == "reference" and float(ref["seats_D"]) == one["seats"]["D"]
assert float(ref["vote_share_D"]) == one["vote_share"], (ref["vote_share_D"], one["vote_share"])
assert all(r["vote_share_D"] == ref["vote_share_D"] and r["vote_share_R"] == ref["vote_share_R"] for r in rows)
assert abs(float(ref["vote_share_D"]) + float(ref["vote_share_R"]) - 1) < 1e-15
s = json.load(open(sys.argv[3]))
assert "seats_D" in s["metrics"] and "vote_share_R" in s["metrics"] and s["warnings"] == []
PY
# other names: columns follow --votes
expect 0 "named parties" -- "$GM" ensemble score "${U[@]}" --votes DEM=SEN16D,GOP=SEN16R --plans e.jsonl -o named.csv --format jsonl
contains named.csv '"seats_DEM": ' "JSONL seats column named"
contains named.csv '"vote_share_GOP": ' "JSONL vote share named"
# without --pop: pop_dev empty (CSV), null (JSONL), n 0 in the summary, and a warning in
# the summary and on standard error (it used to be 0: "perfect balance")
expect 0 "no pop" -- "$GM" ensemble score --units "$NH" "${V[@]}" --plans e.jsonl -o nopop.csv --summary nopop.json
contains "$tmp/err" "warning: no population field (--pop): population deviation (pop_dev) is left empty" "no pop warned"
expect 0 "no pop jsonl" -- "$GM" ensemble score --units "$NH" "${V[@]}" --plans e.jsonl --format jsonl -o nopop.jsonl
contains nopop.jsonl '"pop_dev": null' "JSONL pop_dev null"
python3 - nopop.csv nopop.json <<'PY' || fails=$((fails+1))
import csv, json, sys
rows = list(csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#")))
assert len(rows) == 60 and all(r["pop_dev"] == "" for r in rows), rows[0]["pop_dev"]
s = json.load(open(sys.argv[2]))
assert s["metrics"]["pop_dev"]["n"] == 0 and s["metrics"]["pop_dev"]["mean"] is None
assert [w["code"] for w in s["warnings"]] == ["no_population"], s["warnings"]
assert "# population: none" in open(sys.argv[1]).read()
PY

# ---- class 2: ensemble merge of shards --------------------------------------------------------
for k in 1 2 3; do
  expect 0 "shard $k/3" -- "$GM" ensemble score --units "$NH" "${V[@]}" --plans e.jsonl --shard $k/3 -o p$k.csv
done
contains p2.csv "# shard: 2/3" "shard recorded"
contains p2.csv "# end: 60 plans read, 20 scored" "end line of a shard"
expect 0 "no-pop whole run" -- "$GM" ensemble score --units "$NH" "${V[@]}" --plans e.jsonl -o w.csv --summary w.json
expect 0 "merge" -- "$GM" ensemble merge -o m.csv --summary m.json p3.csv p1.csv p2.csv
cmp -s w.csv m.csv || { echo "FAIL: merged rows differ from the whole run's"; fails=$((fails+1)); }
cmp -s w.json m.json || { echo "FAIL: merged summary (with its warnings) differs"; fails=$((fails+1)); }
contains m.json '"code": "no_population"' "merged summary keeps the run's warnings"
expect 1 "missing shard" -- "$GM" ensemble merge -o m2.csv --summary m2.json p1.csv p2.csv
contains "$tmp/err" "2 of the 3 shards are given: shard 3/3 is missing" "missing shard named"
none_left m2.csv m2.json
expect 1 "shard twice" -- "$GM" ensemble merge -o m2.csv p1.csv p2.csv p2.csv
contains "$tmp/err" "p2.csv and p2.csv are both shard 2/3" "repeated shard named"
none_left m2.csv
# shard 2/3 of another election: its plan numbers fit, so it merged without a word before
expect 0 "shard of another election" -- "$GM" ensemble score --units "$NH" --votes D=PRES16D,R=PRES16R \
  --plans e.jsonl --shard 2/3 -o q2.csv
expect 1 "merge across elections" -- "$GM" ensemble merge -o m2.csv p1.csv q2.csv p3.csv
contains "$tmp/err" "are not parts of one run: their votes differ ('SEN16D,SEN16R' and 'PRES16D,PRES16R')" "votes named"
none_left m2.csv
# shards of another split
expect 0 "shard 2/2" -- "$GM" ensemble score --units "$NH" "${V[@]}" --plans e.jsonl --shard 2/2 -o h2.csv
expect 1 "merge across splits" -- "$GM" ensemble merge -o m2.csv p1.csv h2.csv
contains "$tmp/err" "p1.csv is shard 1/3 but h2.csv is shard 2/2" "splits named"
none_left m2.csv
# an unfinished part (no end line: a copy of a run's partial rows)
grep -v '^# end: ' p3.csv > cut.csv
expect 1 "part without end" -- "$GM" ensemble merge -o m2.csv p1.csv p2.csv cut.csv
contains "$tmp/err" "cut.csv has no end line: the run that wrote it did not finish" "unfinished part named"
none_left m2.csv
# parts that read different ensembles from standard input (41 and 40 plans): their plan
# numbers 0..40 fit together; only the end lines tell that plan 40 of the second stream
# was never scored
for k in 1 2; do
  n=$((42 - k))
  expect 0 "stdin shard $k/2" -- bash -c "head -n $n e.jsonl | '$GM' ensemble score --units '$NH' --votes D=SEN16D,R=SEN16R --plans - --districts 24 --shard $k/2 -o s$k.csv"
done
expect 1 "merge of different streams" -- "$GM" ensemble merge -o m2.csv s1.csv s2.csv
contains "$tmp/err" "s1.csv read 41 plans but s2.csv read 40: the runs did not read the same ensemble" "stream lengths named"
none_left m2.csv
# rows of an older gerrymeter (no metadata, seats_a, no vote shares, no contiguity count)
# still merge, with a
# warning that only their plan numbers could be checked
for k in 1 2 3; do
  python3 - p$k.csv o$k.csv <<'PY'
import csv, sys
rows = list(csv.reader(l for l in open(sys.argv[1]) if not l.startswith("#")))
keep = [i for i, c in enumerate(rows[0]) if not c.startswith("vote_share") and c != "noncontiguous_districts"]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    for r in rows:
        w.writerow(["seats_a" if r[i] == "seats_D" else r[i] for i in keep])
PY
done
expect 0 "merge old rows" -- "$GM" ensemble merge --parties D,R -o om.csv --summary om.json o1.csv o2.csv o3.csv
contains "$tmp/err" "warning: the rows were written by an older gerrymeter" "old rows warned"
contains om.json '"code": "rows_unrecorded"' "old rows warning in the summary"
head -n 1 om.csv | grep -q '^plan,sample,seats_a,efficiency_gap,' || { echo "FAIL: old rows merged in their own layout"; fails=$((fails+1)); }
expect 1 "parties against the rows'" -- "$GM" ensemble merge --parties R,D -o m2.csv p1.csv p2.csv p3.csv
contains "$tmp/err" "the rows were scored with the parties D,R" "parties disagreement named"
none_left m2.csv

# ---- class 2: report --ensemble with rows of another party order, election or map -----------
R=(--units "$NH" --pop TOTPOP --plan SEND)
expect 0 "report with its own rows" -- "$GM" report "${R[@]}" "${V[@]}" --ensemble all.csv -o rep.html
[ -s rep.html ] || { echo "FAIL: no report"; fails=$((fails+1)); }
grep -q "rows_unchecked\|does not record what it was scored with" "$tmp/err" && { echo "FAIL: own rows not checked"; fails=$((fails+1)); }
grep -q "vote_share_D across the ensemble" rep.html && { echo "FAIL: the constant vote share is charted"; fails=$((fails+1)); }
expect 0 "swapped rows" -- "$GM" ensemble score "${U[@]}" --votes R=SEN16R,D=SEN16D --plans e.jsonl --reference SEND -o swapped.csv
expect 1 "report on swapped rows" -- "$GM" report "${R[@]}" "${V[@]}" --ensemble swapped.csv -o bad.html
contains "$tmp/err" "swapped.csv: the rows were scored with the parties R,D (in that order), this report compares D,R" "order named"
none_left bad.html
expect 0 "rows of another election" -- "$GM" ensemble score "${U[@]}" --votes D=PRES16D,R=PRES16R --plans e.jsonl --reference SEND -o pres.csv
expect 1 "report on another election" -- "$GM" report "${R[@]}" "${V[@]}" --ensemble pres.csv -o bad.html
contains "$tmp/err" "pres.csv: the rows were scored on the votes PRES16D,PRES16R, this report on SEN16D,SEN16R" "election named"
none_left bad.html
# without their metadata the rows still hold the statewide share and the party names
body pres.csv > pres_bare.csv
expect 1 "bare rows of another election" -- "$GM" report "${R[@]}" "${V[@]}" --ensemble pres_bare.csv -o bad.html
contains "$tmp/err" "pres_bare.csv: the rows' statewide two-party share of D is" "statewide share compared"
none_left bad.html
body swapped.csv > swapped_bare.csv
expect 1 "bare swapped rows" -- "$GM" report "${R[@]}" "${V[@]}" --ensemble swapped_bare.csv -o bad.html
contains "$tmp/err" "its column seats_R names the parties in the order R,D" "bare order named"
none_left bad.html
# another map: the senate ensemble against the congressional plan
expect 1 "report on another map" -- "$GM" report --units "$NH" --pop TOTPOP --plan CD "${V[@]}" --ensemble all.csv -o bad.html
contains "$tmp/err" "all.csv: the ensemble's plans have 24 districts but Plan CD has 2" "map named"
none_left bad.html
# the reference row is the report's plan (same fingerprint) but its shares differ: the
# rows were scored on other data
python3 - all.csv doctored.csv <<'PY'
import sys
out = []
for l in open(sys.argv[1]):
    if l.startswith("reference,"):
        c = l.rstrip("\n").split(",")
        c[-1] = "0.99"
        l = ",".join(c) + "\n"
    out.append(l)
open(sys.argv[2], "w").writelines(out)
PY
expect 1 "report on a doctored reference row" -- "$GM" report "${R[@]}" "${V[@]}" --ensemble doctored.csv -o bad.html
contains "$tmp/err" "doctored.csv: the rows' reference row is Plan SEND, but its district shares differ" "reference row compared"
none_left bad.html
# rows that record nothing and have no reference row: read, with a warning
python3 - o1.csv plain.csv <<'PY'
import sys
open(sys.argv[2], "w").writelines(l for l in open(sys.argv[1]) if not l.startswith("reference,"))
PY
expect 0 "report on unrecorded rows" -- "$GM" report "${R[@]}" "${V[@]}" --ensemble plain.csv -o plain.html
contains "$tmp/err" "warning: plain.csv does not record what it was scored with" "unchecked rows warned"
finish
