# One answer per concept across commands (issue "One engine"): the party a value
# favours, the district winner, and cut edges are the same in every command that
# reports them.
. "$(dirname "$0")/lib.bash"

# ---- favours: a mean-median of 2.8e-17 (rounding residue of 0) favours neither party --
cat >"$tmp/u.csv" <<'CSV'
id,district,dem,rep,pop
1,1,1,9,100
2,2,2,8,100
3,3,3,7,100
CSV
printf 'district,dem,rep\n1,1,9\n2,2,8\n3,3,7\n' >"$tmp/r.csv"
expect 0 "partisan favours" -- "$GM" partisan --results "$tmp/r.csv" --votes D=dem,R=rep --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
g = json.load(open(sys.argv[1]))["groups"][0]
assert g["mean_median"] != 0 and abs(g["mean_median"]) < 1e-15, g["mean_median"]
assert g["favours_by_metric"]["mean_median"] == "neither", g["favours_by_metric"]
PY
expect 0 "score favours" -- "$GM" score --units "$tmp/u.csv" --plan district --votes D=dem,R=rep --pop pop --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
p = json.load(open(sys.argv[1]))["plan"]
assert p["favours_by_metric"]["mean_median"] == "neither", p["favours_by_metric"]
PY
expect 0 "report favours" -- "$GM" report --results "$tmp/r.csv" --votes D=dem,R=rep --format md -o "$tmp/r.md"
grep -i "mean.median" "$tmp/r.md" | grep -qi "neither" || { echo "FAIL: report: mean-median does not favour neither"; grep -i "median" "$tmp/r.md" | head -3; fails=$((fails+1)); }
printf 'state,cycle,seats,drawn_by,legislature_control\nXX,2012,3,legislature,R\n' >"$tmp/ctl.csv"
printf 'year,state,district,dem_votes,rep_votes,other_votes\n2012,XX,1,1,9,0\n2012,XX,2,2,8,0\n2012,XX,3,3,7,0\n' >"$tmp/res.csv"
expect 0 "control favours" -- "$GM" control --control "$tmp/ctl.csv" --results "$tmp/res.csv" --bootstrap 0 --explain XX 2012
contains "$tmp/out" "(favours neither), partisan bias" "control explain: mean-median favours neither"
expect 0 "control favours json" -- "$GM" control --control "$tmp/ctl.csv" --results "$tmp/res.csv" --bootstrap 0 --explain XX 2012 --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
f = json.load(open(sys.argv[1]))["favours"]
assert f["mean_median"] == "neither" and f["efficiency_gap"] == "D", f
PY

# ---- winner: D=10, R=20, I=30 is won by I (plurality over every party named) ---------
printf 'id,district,dem,rep,ind,pop\n1,1,10,20,30,100\n2,2,50,20,5,100\n' >"$tmp/w.csv"
expect 0 "score winner" -- "$GM" score --units "$tmp/w.csv" --plan district --votes D=dem,R=rep,I=ind --pop pop --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
d = json.load(open(sys.argv[1]))["districts"]
assert [x["winner"] for x in d] == ["I", "D"], d
PY
printf 'district,dem,rep,ind\n1,10,20,30\n2,50,20,5\n' >"$tmp/wr.csv"
expect 0 "report winner" -- "$GM" report --results "$tmp/wr.csv" --votes D=dem,R=rep,I=ind --format md -o "$tmp/w.md"
grep -E "^\| *1 *\|" "$tmp/w.md" | grep -q "| I" || { echo "FAIL: report: district 1 not won by I"; grep -E "^\| *1 " "$tmp/w.md"; fails=$((fails+1)); }
printf 'state,cycle,seats,drawn_by,legislature_control\nXX,2012,2,legislature,R\n' >"$tmp/ctl2.csv"
printf 'year,state,district,dem_votes,rep_votes,other_votes\n2012,XX,1,10,20,30\n2012,XX,2,50,20,5\n' >"$tmp/res2.csv"
expect 0 "control winner" -- "$GM" control --control "$tmp/ctl2.csv" --results "$tmp/res2.csv" --bootstrap 0 --explain XX 2012 --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
x = json.load(open(sys.argv[1]))
assert [d["winner_party"] for d in x["districts"]] == ["O", "D"], x["districts"]
assert x["election"]["seats_d"] == 1 and x["election"]["seats_r"] == 0, x["election"]
PY

# ---- cut edges: one number per plan in score --compactness, compactness --units, report
# and ensemble score --reference ------------------------------------------------------
need_shared
cut_edges_all() { # UNITS PLAN: print the cut edges each command reports, one per line
  local units=$1 plan=$2 n
  "$GM" score --units "$units" --plan "$plan" --compactness --format json -o "$tmp/s.json" 2>/dev/null
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["compactness"]["cut_edges"])' "$tmp/s.json"
  "$GM" compactness --units "$units" --plan "$plan" --format json -o "$tmp/c.json" 2>/dev/null
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["compactness"]["cut_edges"])' "$tmp/c.json"
  "$GM" report --units "$units" --plan "$plan" -o "$tmp/r.html" 2>/dev/null
  grep -o "Cut edges: [0-9,]* of" "$tmp/r.html" | grep -o "[0-9,]*" | tr -d ,  # "1,222": thousands separator
  # one plan of as many districts as the reference (every plan must use every district)
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); n, k = j["units"]["count"], j["plan"]["districts"]
print("{\"assignment\": [%s]}" % ",".join(str(i % k) for i in range(n)))' "$tmp/s.json" >"$tmp/one.jsonl"
  "$GM" ensemble score --units "$units" --plans "$tmp/one.jsonl" --graph auto --reference "$plan" -q -o "$tmp/rows.csv" 2>/dev/null
  python3 -c 'import csv,sys; print([r for r in csv.DictReader(l for l in open(sys.argv[1]) if l[0] != "#") if r["plan"]=="reference"][0]["cut_edges"])' "$tmp/rows.csv"
}
check_cut() { # UNITS PLAN EXPECTED
  local got; got=$(cut_edges_all "$1" "$2" | tr '\n' ' ')
  [ "$got" = "$3 $3 $3 $3 " ] || { echo "FAIL: cut edges of $(basename "$1") $2: score/compactness/report/ensemble gave '$got', expected $3 each"; fails=$((fails+1)); }
}
CT=$SHARED/mggg_CT/CT_precincts.zip NH=$SHARED/mggg_NH/NH.zip MN=$SHARED/mggg_MN/mn_08_16.zip
# the unit graph (rook, 1 cm snap, overlapping units joined; docs/metrics.md "Cut
# edges") gives these; the old shared-segment count of score --compactness gave CT
# 208/666/1208 and NH SEND 268 (MN was the same: 477 and 2238). Joining units whose
# areas overlap (as GerryChain does) added cut edges: CT HDIST 1222 -> 1224, MN CONGDIST
# 477 -> 478, MN MNLEGDIST 2238 -> 2239.
check_cut "$CT" CD 209
check_cut "$CT" SEND 670
check_cut "$CT" HDIST 1224
check_cut "$NH" SEND 271
check_cut "$MN" CONGDIST 478
check_cut "$MN" MNLEGDIST 2239
finish
