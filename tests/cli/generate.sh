# gerrymeter ensemble generate: what ReCom samples against GerryChain's own ensemble,
# reproducibility across threads, the files it writes read back, and bad input.
. "$(dirname "$0")/lib.bash"
need_shared
MN="$SHARED/mggg_MN/mn_08_16.zip"
ENS="$SHARED/ensembles/mn_congdist_recom_10000.jsonl.xz"
SRC=(--units "$MN" --pop TOTPOP)
SCORE=(--units "$MN" --pop TOTPOP --votes D=USH16D,R=USH16R --districts 8 -q)

expect 0 "graph" -- "$GM" graph --units "$MN" -o "$tmp/mn.json"

# 1. The distribution. ReCom from CONGDIST at 2 % (GerryChain's settings in the ensemble's
# meta.json), 4,000 steps, against GerryChain's 10,000. Consecutive plans differ in two
# districts, so the samples are strongly autocorrelated: each mean's standard error comes
# from batch means (20 consecutive batches, whose means are nearly independent when a
# batch is much longer than the chain's correlation time), and the two means must agree
# within 4 combined standard errors; the standard deviations within 15 %.
# (under the sanitizers, 2,000 steps: the same test with wider standard errors)
STEPS=4000
case "${GM_TEST_CFLAGS:-}" in *sanitize*) STEPS=2000 ;; esac
expect 0 "generate $STEPS" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps $STEPS --seed 42 -q -o "$tmp/gm.gmen"
expect 0 "score generated" -- "$GM" ensemble score "${SCORE[@]}" --plans "$tmp/gm.gmen" --graph "$tmp/mn.json" -o "$tmp/gm.csv"
expect 0 "score GerryChain" -- "$GM" ensemble score "${SCORE[@]}" --plans "$ENS" --graph "$tmp/mn.json" -o "$tmp/gc.csv"
python3 - "$tmp/gm.csv" "$tmp/gc.csv" <<'PY' || fails=$((fails+1))
import csv, sys, statistics as st
def col(path, c):
    rows = list(csv.DictReader(l for l in open(path) if not l.startswith("#")))
    return [float(r[c]) for r in rows[1:]]  # sample 0 is the start plan
def batch_means(x, nb=20):
    n = len(x) // nb
    m = [sum(x[i * n:(i + 1) * n]) / n for i in range(nb)]
    return st.mean(x), st.stdev(m) / nb ** 0.5, st.stdev(x)
bad = 0
for c in ["cut_edges", next(k for k in csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#")).fieldnames if k.startswith("seats_")),
          "efficiency_gap", "mean_median", "pp_mean"]:
    ma, sa, da = batch_means(col(sys.argv[1], c))
    mb, sb, db = batch_means(col(sys.argv[2], c))
    z = (ma - mb) / (sa * sa + sb * sb) ** 0.5
    ok = abs(z) < 4 and abs(da / db - 1) < 0.15
    print(f"{c}: gerrymeter {ma:.4f} (sd {da:.4f}), GerryChain {mb:.4f} (sd {db:.4f}), z {z:+.2f}")
    bad += not ok
sys.exit(1 if bad else 0)
PY

# 2. The same seed gives the same files for 1 and 2 threads (2 chains), and the plans
# are valid: every district within 2 % (the rows' pop_dev) and the chain numbers present.
for t in 1 2; do
  expect 0 "threads $t" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
    --steps 300 --chains 2 --threads $t --seed 7 -q -o "$tmp/t$t.jsonl"
done
cmp -s "$tmp/t1.jsonl" "$tmp/t2.jsonl" || { echo "FAIL: --threads 1 and 2 differ"; fails=$((fails+1)); }
[ "$(wc -l < "$tmp/t1.jsonl")" = 602 ] || { echo "FAIL: 2 chains x 301 samples"; fails=$((fails+1)); }
contains "$tmp/t1.jsonl" '{"sample": 0, "chain": 1, "assignment": [' "chain numbers"
expect 0 "score jsonl" -- "$GM" ensemble score "${SCORE[@]}" --plans "$tmp/t1.jsonl" -o "$tmp/t1.csv"
python3 - "$tmp/t1.csv" <<'PY' || fails=$((fails+1))
import csv, sys
rows = list(csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#")))
assert len(rows) == 602, len(rows)
assert max(float(r["pop_dev"]) for r in rows) <= 0.02
PY

# 3. Formats: .jsonl.xz, GMEN and BEN hold the same plans.
for f in a.jsonl.xz a.gmen a.ben; do
  expect 0 "write $f" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
    --steps 100 --seed 9 --thin 2 -q -o "$tmp/$f"
  expect 0 "convert $f" -- "$GM" ensemble convert --plans "$tmp/$f" --to jsonl -o "$tmp/$f.back.jsonl"
done
cmp -s "$tmp/a.jsonl.xz.back.jsonl" "$tmp/a.gmen.back.jsonl" || { echo "FAIL: xz vs gmen"; fails=$((fails+1)); }
cmp -s "$tmp/a.jsonl.xz.back.jsonl" "$tmp/a.ben.back.jsonl" || { echo "FAIL: xz vs ben"; fails=$((fails+1)); }
[ "$(wc -l < "$tmp/a.gmen.back.jsonl")" = 51 ] || { echo "FAIL: --thin 2 of 100 steps: 51 samples"; fails=$((fails+1)); }

# 3b. Scored in the same pass: the rows and summary equal those of `ensemble score` on
# the plans written (same kernel, same order).
expect 0 "in-pass" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps 150 --chains 2 --seed 5 -q --votes D=USH16D,R=USH16R --rows "$tmp/in.csv" \
  --summary "$tmp/in.json" --reference CONGDIST -o "$tmp/in.gmen"
expect 0 "score after" -- "$GM" ensemble score --units "$MN" --pop TOTPOP --votes D=USH16D,R=USH16R \
  --plans "$tmp/in.gmen" --graph "$tmp/mn.json" --reference CONGDIST -q -o "$tmp/after.csv" --summary "$tmp/after.json"
# (the rows' metadata lines name the plans differently: the chain, or the file)
cmp -s <(grep -v '^#' "$tmp/in.csv") <(grep -v '^#' "$tmp/after.csv") || { echo "FAIL: in-pass rows differ from ensemble score's"; fails=$((fails+1)); }
cmp -s "$tmp/in.json" "$tmp/after.json" || { echo "FAIL: in-pass summary differs"; fails=$((fails+1)); }
[ "$(grep -vc '^#' "$tmp/in.csv")" = 304 ] || { echo "FAIL: header + reference + 2 x 151 rows"; fails=$((fails+1)); }
# Diagnostics: every per-plan metric gets a split R-hat and an ESS, the trace one line per
# chain and metric.
expect 0 "diagnostics" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps 150 --chains 2 --seed 5 -q --votes D=USH16D,R=USH16R --diagnostics "$tmp/d.json" --trace "$tmp/t.svg"
python3 - "$tmp/d.json" "$tmp/t.svg" <<'PY' || fails=$((fails+1))
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["chains"]) == 2 and all(c["steps"] == 150 and c["moves"] == 150 for c in d["chains"])
m = d["metrics"]
assert "cut_edges" in m and "efficiency_gap" in m
for k, v in m.items():
    assert v["ess"] is None or 1 <= v["ess"] <= 302, (k, v)
    assert v["rhat"] is None or 0.9 < v["rhat"] < 3, (k, v)
assert open(sys.argv[2]).read().count('<path class="tr"') == 2 * len(m)
PY
expect 2 "votes without outputs" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --steps 5 --votes D=USH16D,R=USH16R
contains "$tmp/err" "say where the scores go with --rows FILE" "votes message"

# 4. Bad input: a clear message, exit 1 or 2, no file left.
expect 2 "steps 0" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --steps 0 -o "$tmp/x.jsonl"
contains "$tmp/err" "--steps: expected an integer >= 1" "steps 0 message"
expect 1 "tolerance too tight" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps 10 --tolerance 0.001 -o "$tmp/x.jsonl"
contains "$tmp/err" "outside the tolerance of 0.10%; allow at least" "bounds message"
expect 1 "district count" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps 10 --districts 9 -o "$tmp/x.jsonl"
contains "$tmp/err" "has 8 districts, not the 9 asked for" "district count message"
expect 1 "county limit" -- "$GM" ensemble generate "${SRC[@]}" --plan CONGDIST --graph "$tmp/mn.json" \
  --steps 10 --county COUNTYFIPS --max-county-splits 2 -o "$tmp/x.jsonl"
contains "$tmp/err" "the start plan splits 9 counties, more than the limit of 2" "county limit message"
expect 2 "no pop" -- "$GM" ensemble generate --units "$MN" --plan CONGDIST --steps 10 -o "$tmp/x.jsonl"
[ -e "$tmp/x.jsonl" ] && { echo "FAIL: an output was left after errors"; fails=$((fails+1)); }
finish
