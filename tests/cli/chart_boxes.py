#!/usr/bin/env python3
"""Label boxes of a report's charts as Chromium draws them, for tests/cli/report_charts.sh.

  chart_boxes.py harness PAGE.html OUT.html   the page's charts (seats-votes curves,
                                              histograms, box plots, sorted shares) with its
                                              stylesheet, and a script that measures them;
                                              prints the number of charts and a height for
                                              a screenshot 1360 wide
  chart_boxes.py check DUMP [--hists N]       checks on the measured boxes (DUMP: the
                                              harness as `chromium --dump-dom` leaves it)

The report forbids scripts (Content-Security-Policy), so the charts are copied into a page
of their own whose script writes every measured box (getBoundingClientRect: the glyph
boxes of the font Chromium uses, in CSS pixels) into <pre id="boxes"> as JSON. Checks:
  every chart: each text inside the chart, no two texts overlapping;
  seats-votes: the point labels and the legend inside the plot frame, clear of the tick
    labels, of both curves (every segment of their polylines), of the point markers and
    of each other;
  histograms: each has the plan's line (--hists N: exactly N histograms, all marked), its
    "this plan" label clear of the bars;
  box plots: the whiskers span at least 60 % of the plot's height (the axis is not a fixed
    0-100 % that squashes the boxes), and every box, whisker and dot lies in the plot.
Exits 1 with one line per failure."""
import json, re, sys

SCRIPT = r"""
<script>
function box(el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
var out = [];
document.querySelectorAll('div.chart').forEach(function (div) {
  var svg = div.querySelector('svg');
  var c = {kind: div.dataset.kind, n: +div.dataset.n, svg: box(svg), texts: [], curves: [], points: [],
           planlines: [], bars: [], boxes: [], whiskers: [], dots: []};
  svg.querySelectorAll('text').forEach(function (t) {
    if (!t.textContent.trim()) return;
    c.texts.push({cls: (t.getAttribute('class') || '') + (t.closest('g.legend') ? ' legend' : ''),
                  text: t.textContent, box: box(t)});
  });
  var fr = svg.querySelector('rect.frame, rect.plotarea');
  if (fr) c.frame = box(fr);
  var lg = svg.querySelector('g.legend > rect');
  if (lg) c.legend = box(lg);
  svg.querySelectorAll('polyline.sv-curve').forEach(function (p) {
    var m = p.getScreenCTM(), pts = [];
    for (var i = 0; i < p.points.numberOfItems; i++) {
      var q = p.points.getItem(i).matrixTransform(m); pts.push([q.x, q.y]);
    }
    c.curves.push({curve: p.dataset.curve, pts: pts});
  });
  svg.querySelectorAll('circle.svpoint').forEach(function (e) { c.points.push(box(e)); });
  svg.querySelectorAll('line.planline').forEach(function (e) { c.planlines.push(box(e)); });
  svg.querySelectorAll('rect.hbar').forEach(function (e) { c.bars.push(box(e)); });
  svg.querySelectorAll('rect.box').forEach(function (e) { c.boxes.push(box(e)); });
  svg.querySelectorAll('line.whisker').forEach(function (e) { c.whiskers.push(box(e)); });
  svg.querySelectorAll('circle.planpt').forEach(function (e) { c.dots.push(box(e)); });
  out.push(c);
});
document.getElementById('boxes').textContent = JSON.stringify(out);
</script>
"""


def harness(page, out):
    html = open(page, encoding="utf-8").read()
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    parts, n = [], 0

    def add(kind, svg):
        nonlocal n
        w = 330 if kind == "hist" else 660
        parts.append(f'<div class="chart" data-kind="{kind}" data-n="{n}" '
                     f'style="display:inline-block;vertical-align:top;width:{w}px;margin:4px">{svg}</div>')
        n += 1

    for m in re.finditer(r'<div class="sv">(<svg.*?</svg>)', html, re.S):
        add("sv", m.group(1))
    for m in re.finditer(r'(<figcaption[^>]*>[^<]*</figcaption>)?(<svg[^>]*class="chart (hist|boxplot|shares)"[^>]*>.*?</svg>)',
                         html, re.S):
        add(m.group(3), (m.group(1) or "") + m.group(2))
    with open(out, "w", encoding="utf-8") as f:
        f.write('<!doctype html><html><head><meta charset="utf-8"><style>%s body{width:1360px;max-width:none;margin:0;padding:0;display:flex;flex-wrap:wrap;align-items:flex-start}'
                '#boxes{display:none}</style></head><body>%s<pre id="boxes"></pre>%s</body></html>'
                % (style.group(1) if style else "", "".join(parts), SCRIPT))
    # height of the screenshot: charts flow two wide (four histograms) to a row
    h, x, row = 0, 0, 0
    for p in parts:
        w, ht = (338, 250) if 'data-kind="hist"' in p else (668, 540 if 'data-kind="sv"' in p else 360)
        if x + w > 1360:
            h, x, row = h + row, 0, 0
        x, row = x + w, max(row, ht)
    print(f"{n} {h + row + 20}")


fails = []


def check(cond, msg):
    if not cond:
        fails.append(msg)


EPS = 0.5  # CSS px: boxes that only touch do not overlap


def meets(a, b):
    return a[0] < b[2] - EPS and b[0] < a[2] - EPS and a[1] < b[3] - EPS and b[1] < a[3] - EPS


def inside(a, f):
    return a[0] >= f[0] - EPS and a[1] >= f[1] - EPS and a[2] <= f[2] + EPS and a[3] <= f[3] + EPS


def seg_meets(r, p, q):
    """Segment p-q against box r shrunk by EPS (Liang-Barsky)."""
    x0, y0, x1, y1 = r[0] + EPS, r[1] + EPS, r[2] - EPS, r[3] - EPS
    t0, t1, dx, dy = 0.0, 1.0, q[0] - p[0], q[1] - p[1]
    for pi, qi in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if pi == 0:
            if qi < 0:
                return False
            continue
        t = qi / pi
        if pi < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def name(t):
    return f"'{t['text'][:40]}'"


def check_chart(c):
    where = f"chart {c['n']} ({c['kind']})"
    texts = c["texts"]
    for t in texts:
        check(inside(t["box"], c["svg"]), f"{where}: text {name(t)} {fmt(t['box'])} leaves the chart {fmt(c['svg'])}")
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if meets(texts[i]["box"], texts[j]["box"]):
                fails.append(f"{where}: texts {name(texts[i])} and {name(texts[j])} overlap")
    if c["kind"] == "sv":
        check("frame" in c and "legend" in c, f"{where}: no plot frame or legend")
        if "frame" not in c:
            return
        labels = [(name(t), t["box"]) for t in texts if "svlabel" in t["cls"]]
        check(len(labels) == len(c["points"]), f"{where}: {len(labels)} point labels for {len(c['points'])} points")
        if "legend" in c:
            labels.append(("the legend", c["legend"]))
        ticks = [t for t in texts if "tick" in t["cls"]]
        for i, (nm, b) in enumerate(labels):
            check(inside(b, c["frame"]), f"{where}: {nm} {fmt(b)} crosses the plot frame {fmt(c['frame'])}")
            for t in ticks:
                check(not meets(b, t["box"]), f"{where}: {nm} overlaps the tick label {name(t)}")
            for cv in c["curves"]:
                hit = [k for k in range(len(cv["pts"]) - 1) if seg_meets(b, cv["pts"][k], cv["pts"][k + 1])]
                check(not hit, f"{where}: {nm} {fmt(b)} crosses the {cv['curve']} curve at {fmt(cv['pts'][hit[0]]) if hit else ''}")
            for p in c["points"]:
                check(not meets(b, p), f"{where}: {nm} covers a point marker")
            for nm2, b2 in labels[i + 1:]:
                check(not meets(b, b2), f"{where}: {nm} and {nm2} overlap")
    if c["kind"] == "hist":
        check(len(c["planlines"]) == 1, f"{where}: {len(c['planlines'])} plan markers")
        for t in texts:
            if "planlabel" in t["cls"]:
                for b in c["bars"]:
                    check(not meets(t["box"], b), f"{where}: the 'this plan' label covers a bar")
    if c["kind"] == "boxplot" and "frame" in c:
        f = c["frame"]
        if c["whiskers"]:
            top = min(w[1] for w in c["whiskers"])
            bot = max(w[3] for w in c["whiskers"])
            check(bot - top >= 0.6 * (f[3] - f[1]),
                  f"{where}: the whiskers span {bot - top:.0f} of the plot's {f[3] - f[1]:.0f} px: squashed")
        for b in c["boxes"] + c["whiskers"] + c["dots"]:
            check(inside(b, f), f"{where}: a box, whisker or dot {fmt(b)} leaves the plot {fmt(f)}")


def fmt(b):
    return "(" + ", ".join(f"{v:.1f}" for v in b) + ")"


def main():
    if sys.argv[1] == "harness":
        harness(sys.argv[2], sys.argv[3])
        return
    dump = open(sys.argv[2], encoding="utf-8").read()
    m = re.search(r'<pre id="boxes">(.*?)</pre>', dump, re.S)
    check(m is not None and m.group(1).strip(), "no measurements in the dump (did the script run?)")
    if not fails:
        charts = json.loads(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                            .replace("&quot;", '"'))
        check(len(charts) > 0, "no charts measured")
        for c in charts:
            check_chart(c)
        if "--hists" in sys.argv:
            n = int(sys.argv[sys.argv.index("--hists") + 1])
            got = sum(1 for c in charts if c["kind"] == "hist")
            check(got == n, f"{got} histograms, expected {n}")
        print(f"{len(charts)} charts, {sum(len(c['texts']) for c in charts)} texts measured")
    for f in fails:
        print("FAIL:", f)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
