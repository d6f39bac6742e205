# gerrymeter report: the charts as Chromium draws them. The charts of each page are copied
# into a page of their own (the report forbids scripts) whose script measures every text
# and mark (tests/cli/chart_boxes.py): no two texts overlap or leave their chart; the
# seats-votes labels and legend stay inside the plot frame, off the tick labels, the
# curves, the point markers and each other (New Hampshire, Connecticut, the compare page,
# the Minnesota House's 134 steps); every ensemble histogram marks the plan and is
# captioned with the metric's label (Minnesota congressional plan against its ReCom
# ensemble scored by `ensemble score`, also after a renaming of the columns to party
# names); the box plot's axis does not squash the boxes. Screenshots of the charts:
# $GM_BUILD/report_test/*.charts.png. The exact steps of the first-past-the-post curve
# are tested in tests/test_partisan.c (test_svg_fptp_steps).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/report_lib.bash"
need_shared
need_chromium
BOX="python3 $(dirname "$0")/chart_boxes.py"
NH="$SHARED/mggg_NH/NH.zip"
CT="$SHARED/mggg_CT/CT_precincts.zip"
MN="$SHARED/mggg_MN/mn_08_16.zip"

# measure PAGE NAME [CHECK ARGS]: measure the page's charts, check them, screenshot them.
measure() {
  local page=$1 name=$2; shift 2
  local h; h=$($BOX harness "$page" "$OUT/$name.charts.html" | cut -d' ' -f2)
  [ -n "$h" ] || { echo "FAIL: $name: no charts copied"; fails=$((fails+1)); return; }
  chrome --dump-dom "file://$OUT/$name.charts.html" >"$OUT/$name.charts.dom" 2>"$OUT/$name.charts.log"
  $BOX check "$OUT/$name.charts.dom" "$@" | sed "s/^/$name: /"
  [ "${PIPESTATUS[0]}" = 0 ] || { echo "FAIL: $name: chart boxes"; fails=$((fails+1)); }
  chrome --window-size=1360,"$h" --screenshot="$OUT/$name.charts.png" "file://$OUT/$name.charts.html" \
    >/dev/null 2>>"$OUT/$name.charts.log"
  [ -s "$OUT/$name.charts.png" ] || { echo "FAIL: $name: no screenshot"; fails=$((fails+1)); }
}

expect 0 "NH report" -- "$GM" report --units "$NH" --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP -o "$OUT/ch_nh.html"
measure "$OUT/ch_nh.html" nh
# the method notes state the grid the code uses (gm_partisan_opts_init: 0.005)
contains "$OUT/ch_nh.html" "drawn exactly, as steps" "method notes: exact steps"
contains "$OUT/ch_nh.html" "average it over a grid every 0.5 points" "method notes: the real grid"
if grep -q "0.25 points" "$OUT/ch_nh.html"; then echo "FAIL: method notes state a 0.25-point grid"; fails=$((fails+1)); fi

expect 0 "CT report" -- "$GM" report --units "$CT" --plan CD --votes D=USH18D,R=USH18R --pop TOTPOP -o "$OUT/ch_ct.html"
measure "$OUT/ch_ct.html" ct

expect 0 "NH compare" -- "$GM" report --units "$NH" --plan CD --compare SEND --name Congress \
  --compare-name "State senate" --votes D=USH12D,R=USH12R --pop TOTPOP -o "$OUT/ch_nh_compare.html"
measure "$OUT/ch_nh_compare.html" nh_compare

expect 0 "MN House report" -- "$GM" report --units "$MN" --plan MNLEGDIST --votes D=LEG16D,R=LEG16R --no-map -o "$OUT/ch_mn_house.html"
measure "$OUT/ch_mn_house.html" mn_house

# Minnesota's congressional plan against 2,000 plans of its ReCom ensemble, scored with
# the unit graph (cut edges, Polsby-Popper) and the plan as the reference row.
mn=(--units "$MN" --votes D=USH16D,R=USH16R --pop TOTPOP)
xzcat "$SHARED/ensembles/mn_congdist_recom_10000.jsonl.xz" | head -n 2001 >"$tmp/mn.jsonl"
expect 0 "MN ensemble score" -- "$GM" ensemble score "${mn[@]}" --plans "$tmp/mn.jsonl" --graph auto \
  --reference CONGDIST --threads 2 -q -o "$OUT/ch_mn_rows.csv"
expect 0 "MN report with ensemble" -- "$GM" report "${mn[@]}" --plan CONGDIST --ensemble "$OUT/ch_mn_rows.csv" -o "$OUT/ch_mn.html"
expect 0 "MN score" -- "$GM" score "${mn[@]}" --plan CONGDIST --format json -o "$OUT/ch_mn.json"
measure "$OUT/ch_mn.html" mn --hists 9
dom ensemble "$OUT/ch_mn.html" "$OUT/ch_mn.json" "$OUT/ch_mn_rows.csv"
# the plan's cut edges and Polsby-Popper are the ensemble's own numbers for it (the
# reference row)
python3 - "$OUT/ch_mn.html" "$OUT/ch_mn_rows.csv" <<'PY' || fails=$((fails+1))
import csv, re, sys
html = open(sys.argv[1]).read()
ref = next(r for r in csv.DictReader(open(sys.argv[2])) if r["plan"] == "reference")
for col in ("cut_edges", "pp_mean", "pp_min", "pop_dev", "seats_a", "efficiency_gap"):
    fig = re.search(r'<figure[^>]*data-col="%s">(.*?)</figure>' % col, html, re.S).group(1)
    v = float(re.search(r'class="planline" data-value="([^"]+)"', fig).group(1))
    if abs(v - float(ref[col])) > 1e-12 * max(1, abs(v)):
        sys.exit(f"FAIL: {col}: the plan is marked at {v}, its reference row says {ref[col]}")
PY
# columns named after the parties (seats_D, seats_R) map to the registry; no reference row
awk -F, 'BEGIN { OFS = "," } NR == 1 { $3 = "seats_D" } { print }' "$OUT/ch_mn_rows.csv" |
  python3 -c "
import csv, sys
rows = list(csv.reader(sys.stdin)); w = csv.writer(sys.stdout)
w.writerow(rows[0][:3] + ['seats_R'] + rows[0][3:])
for r in rows[1:]:
    if r[0] != 'reference':
        w.writerow(r[:3] + [8 - float(r[2]) if r[2] else ''] + r[3:])" >"$tmp/party.csv"
expect 0 "MN report, columns named after parties" -- "$GM" report "${mn[@]}" --plan CONGDIST --no-map --ensemble "$tmp/party.csv" -o "$tmp/party.html"
python3 - "$tmp/party.html" <<'PY' || fails=$((fails+1))
import re, sys
html = open(sys.argv[1]).read()
for col, label, value in (("seats_D", "Seats of D", 5), ("seats_R", "Seats of R", 3)):
    fig = re.search(r'<figure[^>]*data-col="%s">(.*?)</figure>' % col, html, re.S).group(1)
    cap = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", fig).group(1)
    v = re.search(r'class="planline" data-value="([^"]+)"', fig)
    if cap != label or not v or float(v.group(1)) != value:
        sys.exit(f"FAIL: {col}: caption '{cap}', marker {v.group(1) if v else None}; expected '{label}' at {value}")
# without geometry the graph metrics name why they have no marker
fig = re.search(r'<figure[^>]*data-col="cut_edges">(.*?)</figure>', html, re.S).group(1)
if "planline" in fig or "this plan: needs the unit geometry" not in fig:
    sys.exit("FAIL: cut edges without geometry: no reason given")
PY
finish
