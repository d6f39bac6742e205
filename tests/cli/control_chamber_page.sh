# The page of `gerrymeter control chamber` in headless Chromium (tests/cli/page_probe.py):
# the Wisconsin Assembly's four maps and the Minnesota House; every row's actual vote (the
# diamond) lies, as laid out, inside the zone of the party that holds the majority, and at
# the flip swing's distance from the other party's zone; the (wider) Wisconsin table fits a
# 1024 px page and a phone; the title's markup shows as text; the SVG is well-formed.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/report_lib.bash"
need_shared
need_chromium
PROBE="python3 $(dirname "$0")/page_probe.py $CHROMIUM"
WI=$SHARED/wi_assembly_2022/WI_2022_Votes_in_Assembly_Districts.csv
MN=$SHARED/mggg_MN/mn_08_16.zip

expect 0 "WI page" -- "$GM" control chamber --results "$WI" --votes D=DEM,R=REP --group plan,office \
  --format html --title "Wisconsin Assembly 2022 <four maps>" -o "$OUT/chamber_wi.html"
expect 0 "WI json" -- "$GM" control chamber --results "$WI" --votes D=DEM,R=REP --group plan,office --format json
cp "$tmp/out" "$tmp/wi.json"
expect 0 "MN page" -- "$GM" control chamber --units "$MN" --plan MNLEGDIST --election 2012:D=LEG12D,R=LEG12R \
  --election 2014:D=LEG14D,R=LEG14R --election 2016:D=LEG16D,R=LEG16R --format html -o "$OUT/chamber_mn.html"
expect 0 "MN json" -- "$GM" control chamber --units "$MN" --plan MNLEGDIST --election 2012:D=LEG12D,R=LEG12R \
  --election 2014:D=LEG14D,R=LEG14R --election 2016:D=LEG16D,R=LEG16R --format json
cp "$tmp/out" "$tmp/mn.json"
render "$OUT/chamber_wi.html" chamber_wi 2600
render "$OUT/chamber_mn.html" chamber_mn 1000
dom xml "$OUT/chamber_wi.html"
dom text "$OUT/chamber_wi.dom" "Wisconsin Assembly 2022 <four maps>" "People's Map Commission GOV" "R+0.12" "D+4.48"
contains "$OUT/chamber_wi.html" "<h1>Wisconsin Assembly 2022 &lt;four maps&gt;</h1>" "the title's markup is text"
dom text "$OUT/chamber_mn.dom" "Source: plan MNLEGDIST of mn_08_16.zip." "134*"

# Laid out at 1024 px: per row the diamond's centre, the zones' boxes and the x of one
# percentage point of the axis.
BOXES='JSON.stringify([...document.querySelectorAll("svg.thresholds path.vote")].map(p => {
  const i = p.dataset.row, b = p.getBoundingClientRect();
  const z = {};
  for (const r of document.querySelectorAll(`svg.thresholds rect.zone[data-row="${i}"]`)) {
    const q = r.getBoundingClientRect(); z[r.dataset.party] = [q.left, q.right, getComputedStyle(r).fill];
  }
  return {row: +i, x: (b.left + b.right) / 2, zones: z};
}))'
SCALE='(() => { const s = document.querySelector("svg.thresholds"); return s.getBoundingClientRect().width / s.viewBox.baseVal.width; })()'
for page in wi mn; do
  $PROBE "file://$OUT/chamber_$page.html" 1024 "$BOXES" "$SCALE" >"$tmp/boxes" || { echo "FAIL: page_probe $page"; fails=$((fails+1)); continue; }
  python3 - "$tmp/boxes" "$tmp/$page.json" "$page" <<'PY' || fails=$((fails+1))
import json, sys
lines = open(sys.argv[1]).read().splitlines()
boxes, scale = json.loads(json.loads(lines[0])), json.loads(lines[1])
rows = json.load(open(sys.argv[2]))["rows"]
assert len(boxes) == len(rows), (len(boxes), len(rows))
px = (760 - 230 - 70) / 40 * scale     # px per point of the axis (30% to 70%)
blue, red = "rgb(33, 102, 172)", "rgb(178, 24, 43)"
for b in boxes:
    r = rows[b["row"]]
    z = b["zones"]
    assert z["D"][2] == blue and z["R"][2] == red, z
    hold = r["majority"]
    left, right = z[hold][0], z[hold][1]
    assert left - 1 <= b["x"] <= right + 1, (r["name"], hold, b["x"], z)
    # the distance to the other party's zone is the exact flip swing, in points
    edge = z["D"][0] if hold == "R" else z["R"][1]
    d = (edge - b["x"]) / px
    assert abs(d - 100 * r["majority_swing"]) < 0.05, (r["name"], d, 100 * r["majority_swing"])
print(f"  {sys.argv[3]}: {len(boxes)} rows, each vote inside its majority's zone, at the flip swing from the other")
PY
  [ "$page" = wi ] || continue   # the wider table: Wisconsin's plan names
  for w in 1024 390; do
    $PROBE "file://$OUT/chamber_$page.html" $w \
      '[Math.ceil(document.querySelector("table.chambers").getBoundingClientRect().width), document.documentElement.clientWidth, document.documentElement.scrollWidth]' >"$tmp/w" \
      || { echo "FAIL: page_probe $page $w"; fails=$((fails+1)); continue; }
    python3 -c "
import json
t, page, scroll = json.load(open('$tmp/w'))
assert t <= page and scroll <= page, f'$page width $w: table {t}, page {page}, scrolled {scroll}'
" || fails=$((fails+1))
  done
done
finish
