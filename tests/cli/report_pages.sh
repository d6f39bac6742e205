# Pages that must not mislead (issue 13, classes 8, 9 and 11), measured in headless
# Chromium where it matters (tests/cli/page_probe.py: computed colours, element widths):
#  8. colours follow the party's name, not the order of --votes;
#  9. headlines fit the plan: none for one district, small plans, disagreeing measures,
#     no "favours" at p = 0.96 or inside the ensemble's range; HTML and Markdown alike;
# 11. Markdown tables and code spans, people as well as percent, thousands separators,
#     no "-0.00%", districts with no votes named, no local paths, control's per-state
#     table fits the page, at-large gaps "–", the Texas caveat as a footnote.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/report_lib.bash"
need_shared
need_chromium
MN="$SHARED/mggg_MN/mn_16.zip"
DE="$SHARED/mggg_DE/DE_precincts.zip"
PROBE="python3 $(dirname "$0")/page_probe.py $CHROMIUM"
BLUE="rgb(33, 102, 172)" RED="rgb(178, 24, 43)" PURPLE="rgb(84, 39, 136)" ORANGE="rgb(179, 88, 6)"
fill() { echo "getComputedStyle(document.querySelector('article[data-plan=\"0\"] $1')).fill"; }
# same NAME GOT WANT
same() { [ "$2" = "$3" ] || { echo "FAIL: $1: got $2, expected $3"; fails=$((fails+1)); }; }
absent() { if grep -qF -- "$2" "$1"; then echo "FAIL: $3: '$2' in $(basename "$1")"; grep -F -- "$2" "$1" | head -2 | cut -c1-200; fails=$((fails+1)); fi; }

# ---- 8. colours by party -------------------------------------------------------------
# Minnesota 2016 US House: CD5 (Minneapolis) is DFL's safest, CD6 the Republicans'.
for order in D_R R_D A_B; do
  case $order in
    D_R) votes=D=USREPDFL,R=USREPR ;;
    R_D) votes=R=USREPR,D=USREPDFL ;;
    A_B) votes=A=USREPDFL,B=USREPR ;;   # names the tool does not know
  esac
  expect 0 "MN report $order" -- "$GM" report --units "$MN" --plan CONGDIST --votes $votes --pop TOTPOP -o "$OUT/mn_$order.html"
  $PROBE "file://$OUT/mn_$order.html" 1024 "$(fill 'path[data-district="5"]')" "$(fill 'path[data-district="6"]')" \
    "$(fill 'svg.legend rect.m7')" >"$tmp/fills" || { echo "FAIL: page_probe $order"; fails=$((fails+1)); }
  mapfile -t f <"$tmp/fills"
  case $order in
    D_R) same "D first: CD5 blue" "${f[0]}" "\"$BLUE\""; same "D first: CD6 red" "${f[1]}" "\"$RED\""
         same "D first: legend's safe-D end blue" "${f[2]}" "\"$BLUE\"" ;;
    R_D) same "R first: CD5 still blue" "${f[0]}" "\"$BLUE\""; same "R first: CD6 still red" "${f[1]}" "\"$RED\""
         same "R first: legend's safe-R end (m7) red" "${f[2]}" "\"$RED\"" ;;
    A_B) same "unknown names: A's safest district purple" "${f[0]}" "\"$PURPLE\""
         same "unknown names: B's safest district orange" "${f[1]}" "\"$ORANGE\"" ;;
  esac
done

# ---- 9. headlines ------------------------------------------------------------------------
# Minnesota: the efficiency gap and declination favour D, mean-median and bias favour R,
# lopsided outcomes at p = 0.96 favours no one. HTML and Markdown say the same.
MN_HL="Democrats won 51.8% of the two-party vote and 5 of 8 seats. The measures of partisan advantage disagree: the efficiency gap (7.1%) and declination favour Democrats; the mean–median difference and partisan bias favour Republicans; no clear direction: lopsided outcomes (p = 0.96)."
render "$OUT/mn_D_R.html" mn_pages 2400
dom text "$OUT/mn_pages.dom" "$MN_HL"
expect 0 "MN markdown" -- "$GM" report --units "$MN" --plan CONGDIST --votes D=USREPDFL,R=USREPR --pop TOTPOP --no-map --format md -o "$OUT/mn.md"
contains "$OUT/mn.md" "**$MN_HL**" "Markdown headline = HTML headline"
python3 - "$OUT/mn_pages.dom" <<'PY' || fails=$((fails+1))
import re, sys
html = open(sys.argv[1]).read()
row = re.search(r'<tr data-key="lopsided_t">(.*?)</tr>', html, re.S).group(1)
cell = re.sub(r"<[^>]+>", " ", re.search(r'<td class="n" data-plan="0".*?</td>', row, re.S).group(0))
assert "p = 0.96" in cell and "no clear direction" in cell and "favours" not in cell, cell
PY
grep -q "^| Lopsided outcomes | 0.05 (p = 0.96) (no clear direction) |" "$OUT/mn.md" \
  || { echo "FAIL: md lopsided row names a party at p = 0.96"; grep "Lopsided" "$OUT/mn.md"; fails=$((fails+1)); }

# With an ensemble (the first 1,000 ReCom plans scored by ensemble score): every signed
# metric lies inside the ensemble's 5-95 % range, so none "favours" anyone.
xzcat "$SHARED/ensembles/mn_congdist_recom_10000.jsonl.xz" | head -n 1001 >"$tmp/mn1000.jsonl"
expect 0 "MN ensemble score" -- "$GM" ensemble score --units "$MN" --pop TOTPOP --votes D=USREPDFL,R=USREPR \
  --plans "$tmp/mn1000.jsonl" --reference CONGDIST --threads 1 -o "$tmp/mn_ens.csv"
expect 0 "MN report with ensemble" -- "$GM" report --units "$MN" --plan CONGDIST --votes D=USREPDFL,R=USREPR --pop TOTPOP --no-map \
  --ensemble "$tmp/mn_ens.csv" --format md -o "$OUT/mn_ens.md"
contains "$OUT/mn_ens.md" "The efficiency gap of 7.1% leans towards Democrats, but it is typical of the 1,001 plans of the ensemble (61st percentile), so it does not show that the map favours them." "ensemble headline"
contains "$OUT/mn_ens.md" "| Efficiency gap | -7.1% (leans D; typical of the ensemble (61st percentile)) |" "ensemble EG cell"
absent "$OUT/mn_ens.md" "(favours" "no 'favours' inside the ensemble's range"
contains "$OUT/mn_ens.md" "1,001 plans from \`mn_ens.csv\`." "ensemble named by file name, thousands separator"

# Delaware at large: no efficiency gap anywhere (headline, key figures, metric table).
DE_HL="Democrats won 64.5% of the two-party vote and 1 of 1 seat. With one district there are no district lines to measure: the efficiency gap and the other measures of partisan advantage do not apply."
expect 0 "DE report" -- "$GM" report --units "$DE" --at-large --votes D=USH18D,R=USH18R --pop TOTPOP -o "$OUT/de.html"
expect 0 "DE markdown" -- "$GM" report --units "$DE" --at-large --votes D=USH18D,R=USH18R --pop TOTPOP --no-map --format md -o "$OUT/de.md"
render "$OUT/de.html" de 2000
dom text "$OUT/de.dom" "$DE_HL"
contains "$OUT/de.md" "**$DE_HL**" "DE markdown headline"
absent "$OUT/de.dom" "favours Democrats" "DE: no direction for one district"
absent "$OUT/de.dom" "34.9%" "DE: no efficiency gap"
grep -q '<dd data-key="efficiency_gap">–' "$OUT/de.html" || { echo "FAIL: DE key figure is not '–'"; fails=$((fails+1)); }
contains "$OUT/de.md" "| Efficiency gap | – |" "DE md: at-large gap '–'"

# New Hampshire, 2 seats: the gap mostly measures the vote share (headline and cell).
expect 0 "NH markdown" -- "$GM" report --units "$SHARED/mggg_NH/NH.zip" --plan CD --votes D=USH12D,R=USH12R --no-map --format md -o "$tmp/nh.md"
contains "$tmp/nh.md" "With only 2 districts, one seat moves the efficiency gap by 50 points, so its 45.5% (towards Democrats) mostly measures the vote share, not the district lines." "NH md headline"
contains "$tmp/nh.md" "| Efficiency gap | -45.5% (leans D; with 2 districts it mostly measures the vote share) |" "NH md EG cell"

# ---- 11. text ------------------------------------------------------------------------------
# Markdown: every table row has as many cells as its header (the lopsided row's |t| is
# escaped), and no code span shows a backslash.
python3 - "$OUT/mn.md" <<'PY' || fails=$((fails+1))
import re, sys
cells = lambda line: len(re.findall(r"(?<!\\)\|", line))
head = None
for line in open(sys.argv[1]):
    if not line.startswith("|"):
        head = None
        continue
    if head is None:
        head = cells(line)
    assert cells(line) == head, f"row with {cells(line)} cell bars, header {head}: {line.strip()}"
text = open(sys.argv[1]).read()
spans = re.findall(r"(`+)(.+?)\1", text)
assert spans and not [s for _, s in spans if "\\" in s], [s for _, s in spans if "\\" in s]
PY
contains "$OUT/mn.md" "ideal district 662,661.8; overall range 0.37% (2,459 people); largest deviation 0.30% (1,995 people)." "md: people and separators"
dom text "$OUT/mn_pages.dom" "0.37% of the ideal (2,459 people; overall range)" "no district is more than 0.30% (1,995 people) from it" "478 of 9,837 pairs"
for page in "$OUT/mn_pages.dom" "$OUT/mn.md" "$OUT/de.md"; do
  absent "$page" "-0.00%" "no negative zero"
  absent "$page" "−0.00" "no negative zero"
done
# score's text: New Hampshire CD 01 is 10 people under the ideal (-0.0015 %): "0.00%",
# not "-0.00%"; the range in people; the ideal with separators.
expect 0 "NH score text" -- "$GM" score --units "$SHARED/mggg_NH/NH.zip" --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP
grep -Eq '^ +01 +658,225 +-10 +0\.00% ' "$tmp/out" || { echo "FAIL: score text: NH 01 deviation"; grep "^ *01 " "$tmp/out"; fails=$((fails+1)); }
absent "$tmp/out" "-0.00%" "score text: no negative zero"
contains "$tmp/out" "ideal 658,235.0; deviation range 0.00% (20 people; largest 02, smallest 01)" "score text: people and separators"
# Published pages name files, not local directories, unless --full-paths.
for page in "$OUT/mn_D_R.html" "$OUT/mn.md" "$OUT/de.html" "$OUT/mn_ens.md"; do
  absent "$page" "$SHARED" "no local path in $(basename "$page")"
  absent "$page" "$tmp" "no local path in $(basename "$page")"
done
contains "$OUT/mn.md" "units from \`mn_16.zip\`, plan from column of mn\\_16.zip" "md names the file"
expect 0 "--full-paths" -- "$GM" report --units "$MN" --plan CONGDIST --votes D=USREPDFL,R=USREPR --no-map --full-paths --format md -o "$tmp/full.md"
contains "$tmp/full.md" "\`$MN\`" "--full-paths shows the path, verbatim in its code span"
# Districts with no votes are named (Minnesota House 2016: 32B held no election).
expect 0 "MN house md" -- "$GM" report --units "$MN" --plan MNLEGDIST --votes D=MNLEGDFL,R=MNLEGR --no-map --format md -o "$tmp/house.md"
contains "$tmp/house.md" "1 district had no votes for either party and is left out of the shares and seats: 32B." "md names the district with no votes"

# control: the per-state table fits the page at 1024 px and on a phone; at-large gaps
# are "–" in every table; the Texas coding caveat is a footnote in every format.
expect 0 "control html" -- "$GM" control --format html -o "$OUT/control.html"
render "$OUT/control.html" control 3000
for w in 1024 390; do
  $PROBE "file://$OUT/control.html" $w \
    '[Math.ceil(document.querySelector("table.states").getBoundingClientRect().width), document.documentElement.clientWidth, document.documentElement.scrollWidth]' >"$tmp/w" \
    || { echo "FAIL: page_probe control $w"; fails=$((fails+1)); }
  python3 -c "
import json, sys
t, page, scroll = json.load(open('$tmp/w'))
assert t <= page and scroll <= page, f'width $w: table {t}, page {page}, scrolled {scroll}'
" || fails=$((fails+1))
done
grep -q '<td data-label="State">DE</td><td data-label="Year">2018</td>.*<td data-label="Efficiency gap">&ndash;</td>' "$OUT/control.html" \
  || { echo "FAIL: control html: DE 2018 efficiency gap is not '–'"; fails=$((fails+1)); }
expect 0 "control text by state" -- "$GM" control --by-state
grep -Eq '^DE +2018 +At-large \(no map\) +2012 +1 +1 +0 +64\.5% +- +- +- +- ' "$tmp/out" \
  || { echo "FAIL: control text: DE 2018 row has gaps"; grep "^DE  *2018" "$tmp/out"; fails=$((fails+1)); }
TX_NOTE="Texas 2012-2020 is coded 'court', but the court's interim map (PLANC235) started from the legislature's 2011 plan"
contains "$tmp/out" "Court [1]" "text: the court group carries the footnote mark"
contains "$tmp/out" "[1] Court (TX 2012-2020): $TX_NOTE" "text footnote"
contains "$tmp/out" "TX [1]" "text: Texas rows marked"
absent "$tmp/out" "$GM_SRC" "control text names no local path"
contains "$tmp/out" "Control table: congress_control.csv" "control text names the file"
dom text "$OUT/control.dom" "Court (TX 2012–2020): $TX_NOTE"
expect 0 "control json" -- "$GM" control --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
n = j["notes"]
assert len(n) == 1 and n[0]["state"] == "TX" and n[0]["group"] == "court" and (n[0]["first_year"], n[0]["last_year"]) == (2012, 2020), n
g = {x["group"]: x for x in j["groups"]}
assert "coded 'court'" in g["court"]["note"] and g["rep_legislature"]["note"] == "", g["court"]["note"]
e = {(x["state"], x["year"]): x for x in j["elections"]}
assert e[("DE", 2018)]["efficiency_gap"] is None and e[("DE", 2018)]["net_seats_r"] is None
assert e[("TX", 2016)]["note"].startswith("Texas 2012-2020") and e[("PA", 2012)]["note"] == ""
assert "/" not in j["inputs"]["control"], j["inputs"]
PY
expect 0 "control csv groups" -- "$GM" control --format csv
grep -q "^court,.*,\"Court (TX 2012-2020): $TX_NOTE" "$tmp/out" || { echo "FAIL: csv groups: no court note"; fails=$((fails+1)); }
expect 0 "control csv states" -- "$GM" control --format csv --table states
grep -q '^DE,,2018,at_large,.*,0.64[0-9]*,,,,,' "$tmp/out" || { echo "FAIL: csv states: DE 2018 metrics not empty"; grep "^DE,,2018" "$tmp/out"; fails=$((fails+1)); }
grep -q "^TX,,2014,court,.*\"$TX_NOTE" "$tmp/out" || { echo "FAIL: csv states: no TX note"; fails=$((fails+1)); }
expect 0 "control csv years" -- "$GM" control --format csv --table years
grep -q "^2016,.*Court (TX 2012-2020)" "$tmp/out" || { echo "FAIL: csv years: no note"; fails=$((fails+1)); }
expect 0 "control --full-paths" -- "$GM" control --full-paths
contains "$tmp/out" "Control table: $GM_SRC/testdata/control/congress_control.csv" "--full-paths"
# The control page's bars use the party colours (colours.c): R red, D blue.
grep -q 'fill="#b2182b"><title>2012: +21.54 seats' "$OUT/control.html" || { echo "FAIL: control's R bars not red"; fails=$((fails+1)); }
grep -Eq 'fill="#2166ac"><title>2014: -3\.[0-9]+ seats' "$OUT/control.html" || { echo "FAIL: control's D bars not blue"; fails=$((fails+1)); }
finish
