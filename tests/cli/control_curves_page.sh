# The seats-votes curves of the drawer groups on the `gerrymeter control` page, in headless
# Chromium (tests/cli/page_probe.py): one chart per year with one curve per group that drew
# districts that year, in the colour its legend entry shows; each curve, as laid out, first
# rises above the half-seats line at the group's majority_share_d of the JSON, and each dot
# sits at the group's actual vote and seat share; the page fits 1024 px and a phone; the
# SVG is well-formed. The screenshot is kept in $GM_BUILD/report_test/control_curves.png.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/report_lib.bash"
need_chromium
PROBE="python3 $(dirname "$0")/page_probe.py $CHROMIUM"

expect 0 "control page" -- "$GM" control --bootstrap 0 --format html -o "$OUT/control_curves.html"
expect 0 "control json" -- "$GM" control --bootstrap 0 --format json
cp "$tmp/out" "$tmp/control.json"
render "$OUT/control_curves.html" control_curves 4200
dom xml "$OUT/control_curves.html"
dom text "$OUT/control_curves.dom" "Seats-votes curves by who drew the map" "Republican legislature" \
  "Independent commission" "Democratic share of the group's vote" "Democratic share of its seats"

# Laid out at 1024 px, per chart: the screen x of the 30% and 70% vote lines, the screen y
# of the 0% and 100% seat lines and of the half-seats line, each curve's points and colour,
# each dot's centre; the legend's colours.
GEOM='JSON.stringify({charts: [...document.querySelectorAll("svg.group-curves")].map(svg => {
  const m = svg.getScreenCTM(), P = (x, y) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x, p.y]; };
  const L = (q) => { const l = document.querySelector(q); return [P(l.x1.baseVal.value, l.y1.baseVal.value), P(l.x2.baseVal.value, l.y2.baseVal.value)]; };
  const id = `svg.group-curves[data-year="${svg.dataset.year}"]`;
  return {year: +svg.dataset.year,
    v30: L(`${id} line.grid-vote[data-share="30"]`)[0][0], v70: L(`${id} line.grid-vote[data-share="70"]`)[0][0],
    s0: L(`${id} line.grid-seats[data-share="0"]`)[0][1], s100: L(`${id} line.grid-seats[data-share="100"]`)[0][1],
    half: L(`${id} line.half-seats`)[0][1], halfv: L(`${id} line.half-vote`)[0][0],
    curves: [...svg.querySelectorAll("polyline.group-curve")].map(p => ({group: p.dataset.group,
      colour: getComputedStyle(p).stroke, pts: [...p.points].map(q => P(q.x, q.y))})),
    dots: [...svg.querySelectorAll("circle.group-actual")].map(c => ({group: c.dataset.group,
      xy: P(c.cx.baseVal.value, c.cy.baseVal.value)}))};
}), legend: Object.fromEntries([...document.querySelectorAll("ul.group-legend li")].map(li =>
  [li.dataset.group, getComputedStyle(li.querySelector("line")).stroke]))})'
$PROBE "file://$OUT/control_curves.html" 1024 "$GEOM" >"$tmp/geom" || { echo "FAIL: page_probe"; fails=$((fails+1)); }
python3 - "$tmp/geom" "$tmp/control.json" <<'PY' || fails=$((fails+1))
import json, sys
g = json.loads(json.loads(open(sys.argv[1]).read().splitlines()[0]))
j = json.load(open(sys.argv[2]))
years = {y["year"]: y for y in j["years"]}
assert sorted(c["year"] for c in g["charts"]) == sorted(years), [c["year"] for c in g["charts"]]
assert len(g["legend"]) == 7 and len(set(g["legend"].values())) == 7, g["legend"]
n = 0
for ch in g["charts"]:
    Y = years[ch["year"]]
    share = lambda x: 0.30 + 0.40 * (x - ch["v30"]) / (ch["v70"] - ch["v30"])
    seats = lambda y: (y - ch["s0"]) / (ch["s100"] - ch["s0"])
    px = (ch["v70"] - ch["v30"]) / 40          # px per point of the vote axis
    assert abs(share(ch["halfv"]) - 0.5) < 1e-3 and abs(seats(ch["half"]) - 0.5) < 1e-3
    drew = sorted(k for k, G in Y["groups"].items() if G["seats"])
    assert sorted(c["group"] for c in ch["curves"]) == drew, (ch["year"], drew)
    for c in ch["curves"]:
        G = Y["groups"][c["group"]]
        assert c["colour"] == g["legend"][c["group"]], (c["group"], c["colour"])
        t = G["majority_share_d"]
        if t is None or not (0.26 < t < 0.74): continue
        # the first point above the half-seats line: the vertical step at the threshold
        up = next(p for p in c["pts"] if p[1] < ch["half"] - 0.01)
        assert abs(share(up[0]) - t) < 0.05 / 100 + 0.3 / px / 100, (ch["year"], c["group"], share(up[0]), t)
        n += 1
    for d in ch["dots"]:
        G = Y["groups"][d["group"]]
        assert abs(share(d["xy"][0]) - G["vote_share_d"]) < 0.001, (ch["year"], d["group"])
        assert abs(seats(d["xy"][1]) - G["seats_d"] / G["seats"]) < 0.003, (ch["year"], d["group"])
assert n >= 25, n
print(f"  {len(g['charts'])} charts, {n} curves cross half their seats at the group's threshold")
PY
for w in 1024 390; do
  $PROBE "file://$OUT/control_curves.html" $w \
    '[document.documentElement.clientWidth, document.documentElement.scrollWidth]' >"$tmp/w" \
    || { echo "FAIL: page_probe $w"; fails=$((fails+1)); continue; }
  python3 -c "
import json
page, scroll = json.load(open('$tmp/w'))
assert scroll <= page, f'width $w: page {page}, scrolled {scroll}'
" || fails=$((fails+1))
done
finish
