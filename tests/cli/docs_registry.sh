# docs/metrics.md embeds the metric registry as `gerrymeter metrics --format md` prints
# it, and every row's docs anchor exists in docs/metrics.md.
. "$(dirname "$0")/lib.bash"
doc=$GM_SRC/docs/metrics.md
expect 0 "metrics md" -- "$GM" metrics --format md
sed -n '/<!-- registry:begin -->/,/<!-- registry:end -->/p' "$doc" | sed '1d;$d' >"$tmp/doc.md"
if ! cmp -s "$tmp/out" "$tmp/doc.md"; then
  echo "FAIL: docs/metrics.md registry table differs from 'gerrymeter metrics --format md' (paste its output between the markers):"
  diff "$tmp/doc.md" "$tmp/out" | head -10; fails=$((fails+1))
fi
expect 0 "metrics json" -- "$GM" metrics --format json
python3 - "$tmp/out" "$doc" <<'PY' || fails=$((fails+1))
import json, sys
reg = json.load(open(sys.argv[1]))
doc = open(sys.argv[2]).read()
missing = sorted({m["docs"] for fam in reg.values() for m in fam if f'id="{m["docs"]}"' not in doc})
assert not missing, f"docs/metrics.md lacks anchors {missing}"
assert len(reg["partisan"]) >= 19 and len(reg["plan"]) >= 9 and len(reg["compactness"]) == 11 and len(reg["district"]) >= 5, {k: len(v) for k, v in reg.items()}
assert [m["key"] for m in reg["compare"]][:5] == ["units", "population", "shared_population", "core_retention", "unshared_population"], reg["compare"]
PY
expect 0 "metrics text" -- "$GM" metrics
contains "$tmp/out" "efficiency_gap" "metrics text lists the efficiency gap"
expect 0 "metrics csv" -- "$GM" metrics --format csv
contains "$tmp/out" "partisan,efficiency_gap,Efficiency gap,share,b,no,-0.5..0.5,docs/metrics.md#efficiency_gap" "metrics csv row"
expect 2 "metrics bad format" -- "$GM" metrics --format html
finish
