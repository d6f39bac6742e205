# gerrymeter report: the sample state and New Hampshire rendered in headless Chromium;
# the numbers on the page equal `gerrymeter score --format json`; compare; Markdown.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/report_lib.bash"
need_shared
need_chromium
NH="$SHARED/mggg_NH/NH.zip"

expect 0 "report --help" -- "$GM" report --help; contains "$tmp/out" "--ensemble FILE" "report --help"
expect 2 "report bad format" -- "$GM" report --units "$SAMPLE" --plan CD --format pdf
contains "$tmp/err" "--format: expected md|html" "format message"

# Sample state, 2016: hand-worked in testdata/sample/README.md (D 1 of 6 seats, EG 0.2492375607).
args=(--units "$SAMPLE" --plan CD --votes D=G16D,R=G16R --pop TOTPOP)
expect 0 "sample report" -- "$GM" report "${args[@]}" --title "Sample state, 2016" -o "$OUT/sample.html"
expect 0 "sample score" -- "$GM" score "${args[@]}" --format json -o "$OUT/sample.json"
python3 - "$OUT/sample.json" <<'PY' || fails=$((fails+1))
import json, sys
p = json.load(open(sys.argv[1]))["plan"]
assert p["seats"] == {"D": 1, "R": 5}, p["seats"]
assert abs(p["efficiency_gap"] - 0.2492375607) < 5e-11, p["efficiency_gap"]
PY
render "$OUT/sample.html" sample 2600
dom numbers "$OUT/sample.dom" "$OUT/sample.json"
dom xml "$OUT/sample.html"
contains "$OUT/sample.dom" "Democrats won 45.8% of the two-party vote and 1 of 6 seats. With only 6 districts, one seat moves the efficiency gap by 17 points, so its 24.9% (towards Republicans) mostly measures the vote share, not the district lines." "sample headline in plain words (a small plan)"
contains "$OUT/sample.dom" "Content-Security-Policy" "page forbids scripts and fetches"
# Compactness: equal to score --compactness, and (to rounding) to the committed district
# layer measured on its own.
expect 0 "sample score --compactness" -- "$GM" score "${args[@]}" --compactness --format json -o "$OUT/sample_sc.json"
dom compact "$OUT/sample.dom" "$OUT/sample_sc.json"
expect 0 "sample compactness" -- "$GM" compactness "$GM_SRC/testdata/sample/districts.gpkg" --id CD --format json -o "$OUT/sample_compact.json"
dom compact "$OUT/sample.dom" "$OUT/sample_compact.json" 1e-9
if grep -Eiq '(src|href)=|url\(|@import|<link|<script|<iframe|<object' "$OUT/sample.html"; then
  echo "FAIL: the page references a resource or holds a script"; fails=$((fails+1))
fi

# New Hampshire, 2012 US House: 2 districts, D won both; EG -45.5% favours D.
args=(--units "$NH" --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP)
expect 0 "NH report" -- "$GM" report "${args[@]}" --source-note "MGGG New Hampshire shapefile (mggg-states/NH-shapefiles)" -o "$OUT/nh.html"
expect 0 "NH score" -- "$GM" score "${args[@]}" --format json -o "$OUT/nh.json"
render "$OUT/nh.html" nh 2400
dom numbers "$OUT/nh.dom" "$OUT/nh.json"
dom xml "$OUT/nh.html"
if grep -q 'class="inset"' "$OUT/nh.html"; then echo "FAIL: an inset for two large districts"; fails=$((fails+1)); fi
contains "$OUT/nh.dom" "Democrats won 52.2% of the two-party vote and 2 of 2 seats. With only 2 districts, one seat moves the efficiency gap by 50 points, so its 45.5% (towards Democrats) mostly measures the vote share, not the district lines." "NH headline: two seats, the gap mostly measures the vote share"
contains "$OUT/nh.dom" "MGGG New Hampshire shapefile (mggg-states/NH-shapefiles)" "source note in the method notes"
contains "$OUT/nh.dom" "Uncontested races (Plan CD): 0" "uncontested races stated"

# Two plans side by side: NH congressional districts against the state senate map.
expect 0 "NH compare" -- "$GM" report "${args[@]}" --compare SEND --name "Congress" --compare-name "State senate" -o "$OUT/nh_compare.html"
expect 0 "NH SEND score" -- "$GM" score --units "$NH" --plan SEND --votes D=USH12D,R=USH12R --pop TOTPOP --format json -o "$OUT/nh_send.json"
render "$OUT/nh_compare.html" nh_compare 2400
dom numbers "$OUT/nh_compare.dom" "$OUT/nh.json" 0
dom numbers "$OUT/nh_compare.dom" "$OUT/nh_send.json" 1
contains "$OUT/nh_compare.dom" "Congress compared with State senate" "compare subtitle"

# Markdown: the same headline and table rows, no markup.
expect 0 "NH markdown" -- "$GM" report "${args[@]}" --format md -o "$OUT/nh.md"
contains "$OUT/nh.md" "**Democrats won 52.2% of the two-party vote and 2 of 2 seats." "md headline"
contains "$OUT/nh.md" "| 01 | 658,225 | -10 | 0.00% | 171,650 | 158,659 | 52.0% | D |" "md district row"
if grep -q "<svg\|<div\|<table" "$OUT/nh.md"; then echo "FAIL: markdown contains HTML markup"; fails=$((fails+1)); fi

# Without population: no population columns, the rest unchanged.
expect 0 "NH report without --pop" -- "$GM" report --units "$NH" --plan CD --votes D=USH12D,R=USH12R -o "$OUT/nh_nopop.html"
expect 0 "NH score without --pop" -- "$GM" score --units "$NH" --plan CD --votes D=USH12D,R=USH12R --format json -o "$OUT/nh_nopop.json"
render "$OUT/nh_nopop.html" nh_nopop 1600
dom numbers "$OUT/nh_nopop.dom" "$OUT/nh_nopop.json"
if grep -q "Population range" "$OUT/nh_nopop.dom"; then echo "FAIL: population shown without --pop"; fails=$((fails+1)); fi

# District-level results alone: the sample's G16 district totals (testdata/sample/README.md)
# give the same page numbers as the sample scored without population; no map.
printf 'district,dem,rep\n1,38241,13810\n2,19620,32483\n3,22097,30502\n4,21494,30139\n5,21047,30570\n6,20466,31687\n' >"$tmp/results.csv"
expect 0 "results report" -- "$GM" report --results "$tmp/results.csv" --votes D=dem,R=rep -o "$OUT/results.html"
expect 0 "sample score without --pop" -- "$GM" score --units "$SAMPLE" --plan CD --votes D=G16D,R=G16R --format json -o "$OUT/sample_nopop.json"
render "$OUT/results.html" results 1800
dom numbers "$OUT/results.dom" "$OUT/sample_nopop.json" 0 nomap
dom text "$OUT/results.dom" "No map: district-level results carry no geography" "District-level results: 6 rows of"
expect 2 "results with --units" -- "$GM" report --results "$tmp/results.csv" --units "$SAMPLE" --votes D=dem,R=rep
expect 1 "results with a missing column" -- "$GM" report --results "$tmp/results.csv" --votes D=dem,R=gop
contains "$tmp/err" "gop" "missing results column named"

# At large: one district, one seat (singular).
expect 0 "at-large report" -- "$GM" report --units "$SAMPLE" --at-large --votes D=G16D,R=G16R --pop TOTPOP --no-map -o "$tmp/al.html"
contains "$tmp/al.html" "Democrats won 45.8% of the two-party vote and 0 of 1 seat. With one district there are no district lines to measure: the efficiency gap and the other measures of partisan advantage do not apply." "at-large headline: no efficiency gap"

# Without geometry: no map, the numbers stay.
expect 0 "NH --no-map" -- "$GM" report "${args[@]}" --no-map -o "$tmp/nomap.html"
contains "$tmp/nomap.html" "No map: the unit layer was read without geometry" "no-map note"
finish
