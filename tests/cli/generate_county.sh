# ensemble generate --county: the county-weighted trees and GerryChain's region cut rule
# against GerryChain's own region-aware ReCom.
#
# testdata/gerrychain_mn_county.json holds GerryChain's statistics (written by
# scripts/gerrychain_county_ref.py, which runs GerryChain's recom with region_surcharge
# {"COUNTYFIPS": 1} from CONGDIST at 2 % on this graph, and says its commit, seed, burn-in
# and steps): the mean number of split counties and of cut edges after a burn-in of 2,000
# steps (the enacted plan splits 9 counties; the chain takes about that long to forget
# it: over the first 3,000 steps both chains average 5.32 splits, later 5.7), with
# batch-means standard errors (the chain is autocorrelated). gerrymeter runs the same chain
# (--county COUNTYFIPS --county-weight 1, the same burn-in, every 5th of 10,000 steps) and
# its means must agree within 4 combined standard errors. The test can fail: without the
# county weight the same chain splits many more counties, and that is checked too (it
# must be more than 8 standard errors away).
. "$(dirname "$0")/lib.bash"
need_shared
MN="$SHARED/mggg_MN/mn_08_16.zip"
REF="$GM_SRC/testdata/gerrychain_mn_county.json"
STEPS=10000
case "${GM_TEST_CFLAGS:-}" in *sanitize*) STEPS=5000 ;; esac
expect 0 "graph" -- "$GM" graph --units "$MN" -o "$tmp/mn.json"
ogr2ogr -f CSV "$tmp/county.csv" "/vsizip/$MN" mn_08_16 -sql "SELECT COUNTYFIPS FROM mn_08_16" 2>/dev/null
G=(ensemble generate --units "$MN" --pop TOTPOP --plan CONGDIST --graph "$tmp/mn.json" --burn-in 2000 --steps $STEPS --thin 5 -q)
expect 0 "county-weighted chain" -- "$GM" "${G[@]}" --county COUNTYFIPS --county-weight 1 --seed 7 -o "$tmp/county.jsonl"
expect 0 "plain chain" -- "$GM" "${G[@]}" --seed 7 -o "$tmp/plain.jsonl"
python3 - "$REF" "$tmp/county.csv" "$tmp/mn.json" "$tmp/county.jsonl" "$tmp/plain.jsonl" <<'PY' || fails=$((fails+1))
import csv, json, sys
ref = json.load(open(sys.argv[1]))
county = [r["COUNTYFIPS"] for r in csv.DictReader(open(sys.argv[2]))]
g = json.load(open(sys.argv[3]))
edges = [(i, e["id"]) for i, a in enumerate(g["adjacency"]) for e in a if i < e["id"]]

def stats(path):
    sp, ce = [], []
    with open(path) as f:
        for n, line in enumerate(f):
            a = json.loads(line)["assignment"]
            if n == 0:
                continue  # the start plan
            seen = {}
            for c, d in zip(county, a):
                seen.setdefault(c, set()).add(d)
            sp.append(sum(1 for s in seen.values() if len(s) > 1))
            ce.append(sum(1 for i, j in edges if a[i] != a[j]))
    return sp, ce

def batch_means(v, nb=50):
    b = len(v) // nb
    m = [sum(v[i * b:(i + 1) * b]) / b for i in range(nb)]
    mu = sum(m) / nb
    return sum(v) / len(v), (sum((x - mu) ** 2 for x in m) / (nb - 1) / nb) ** 0.5

bad = 0
sp, ce = stats(sys.argv[4])
for name, v in (("county_splits", sp), ("cut_edges", ce)):
    m, s = batch_means(v)
    r = ref[name]
    z = (m - r["mean"]) / (s * s + r["se"] ** 2) ** 0.5
    print(f"{name}: gerrymeter {m:.3f} +- {s:.3f}, GerryChain {r['mean']:.3f} +- {r['se']:.3f}, z = {z:+.2f}")
    if abs(z) > 4:
        print(f"FAIL: {name} differs from GerryChain's region-aware ReCom (|z| > 4)")
        bad += 1
psp, _ = stats(sys.argv[5])
m, s = batch_means(psp)
r = ref["county_splits"]
z = (m - r["mean"]) / (s * s + r["se"] ** 2) ** 0.5
print(f"county_splits without the weight: {m:.3f} +- {s:.3f}, z = {z:+.2f} against the weighted reference")
if z < 8:
    print("FAIL: the county weight makes no clear difference: the test could not tell them apart")
    bad += 1
sys.exit(1 if bad else 0)
PY
finish
