#!/usr/bin/env python3
"""Checks on a report page as Chromium rendered it (--dump-dom), for tests/cli/report*.sh.

  report_dom.py numbers DOM SCORE_JSON [PLAN [nomap]] page numbers == `gerrymeter score --format json`
  report_dom.py escaped DOM NAME...                   names show as text; no script, no handlers
  report_dom.py compact DOM JSON [REL]                compactness table == the JSON's "compactness" (REL: tolerance)
  report_dom.py metrics DOM PARTISAN_JSON              metric table == `gerrymeter partisan --format json`
  report_dom.py inset DOM LABEL...                    LABELs unlabelled on the map, labelled in the inset
  report_dom.py text DOM STRING...                    each string is in the page's text
  report_dom.py ensemble DOM SCORE_JSON CSV           histograms and box plot match the CSV
  report_dom.py xml HTML                              every inline <svg> is well-formed XML

Exits 1 with one line per failure."""
import csv, json, math, re, sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids = tag, dict(attrs), parent, []

    def text(self):
        return "".join(k if isinstance(k, str) else k.text() for k in self.kids)

    def iter(self):
        yield self
        for k in self.kids:
            if isinstance(k, Node):
                yield from k.iter()

    def find_all(self, tag=None, **attrs):
        out = []
        for n in self.iter():
            if tag and n.tag != tag:
                continue
            if all((n.attrs.get(a.replace("_", "-")) == v) if v is not True else (a.replace("_", "-") in n.attrs)
                   for a, v in attrs.items()):
                out.append(n)
        return out

    def has_class(self, c):
        return c in (self.attrs.get("class") or "").split()


class Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.kids.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.kids.append(data)


def load(path):
    b = Builder()
    b.feed(open(path, encoding="utf-8").read())
    return b.root


fails = []


def check(cond, msg):
    if not cond:
        fails.append(msg)


def val(n):
    return float(n.attrs["data-value"])


def pct(v, d=1):
    s = f"{v * 100:.{d}f}%"
    return s[1:] if re.fullmatch(r"-0\.?0*%", s) else s


def thousands(v):
    return f"{round(v):,}"


def metric_rows(dom, p, plan=0):
    """Every metric's cell for this plan equals the JSON value (p: score's "plan" or a
    partisan "groups" entry), shown rounded, and names the party the JSON says it favours."""
    rows = {r.attrs["data-key"]: r for r in dom.find_all("tr", data_key=True)}
    check(len(rows) >= 6, f"metrics table has {len(rows)} rows")
    for key, r in rows.items():
        cells = r.find_all("td", data_plan=str(plan))
        check(len(cells) == 1, f"metric {key}: {len(cells)} cells for plan {plan}")
        if not cells:
            continue
        c, want = cells[0], p.get(key)
        if want is None:
            check("data-value" not in c.attrs and c.text().startswith("not defined"), f"metric {key}: '{c.text()}' for null")
            continue
        check(val(c) == want, f"metric {key}: {val(c)!r} != JSON {want!r}")
        shown = re.split(r"favours|leans|no clear|p =", c.text())[0]
        if key in ("efficiency_gap", "mean_median", "partisan_bias"):
            check(shown == pct(want), f"metric {key} shows '{shown}', expected {pct(want)}")
        else:
            check(float(shown) == round(want, 0 if key == "competitive_districts" else 2), f"metric {key} shows '{shown}'")
        fav = p.get("favours_by_metric", {}).get(key)
        if fav and key == "lopsided_t" and p.get("lopsided_p", 0) >= 0.05:
            # not significant: the page names no party (one wording rule, text.c)
            check("no clear direction" in c.text() and "favours" not in c.text(),
                  f"metric {key}: '{c.text()}' names a party at p = {p['lopsided_p']:.2f}")
        elif fav:
            check(f"favours {fav}" in c.text() or f"leans {fav}; " in c.text(),
                  f"metric {key}: '{c.text()}' does not say favours {fav}")


def numbers(dom, js, plan=0, want_map=True):
    p = js["plan"]
    arts = dom.find_all("article", data_plan=str(plan))
    check(len(arts) == 1, f"one article for plan {plan}, found {len(arts)}")
    art = arts[0]
    k = p["districts"]
    # the map: one path per district, each district once
    maps = [s for s in art.find_all("svg") if s.has_class("map")]
    check(len(maps) == (1 if want_map else 0), f"plan {plan}: {len(maps)} maps")
    paths = maps[0].find_all("path", data_district=True) if maps else []
    labels = [x.attrs["data-district"] for x in paths]
    want = [d["district"] for d in js["districts"]]
    if want_map:
        check(len(paths) == k, f"plan {plan}: map has {len(paths)} district paths, expected {k}")
        check(sorted(labels) == sorted(want), f"plan {plan}: map districts {labels[:5]}... != {want[:5]}...")
    for x in paths:
        check(re.fullmatch(r"M[-0-9. MZ]+Z", x.attrs.get("d", "")) is not None, f"path {x.attrs['data-district']}: bad path data")
    # headline figures
    (vs,) = art.find_all(data_key="vote_share")
    check(val(vs) == p["vote_share"], f"vote share {val(vs)!r} != JSON {p['vote_share']!r}")
    check(vs.text().strip() == pct(p["vote_share"]), f"vote share text '{vs.text()}' != {pct(p['vote_share'])}")
    for s in art.find_all(data_key="seats"):
        party = s.attrs["data-party"]
        check(val(s) == p["seats"][party], f"seats {party}: {val(s)} != {p['seats'][party]}")
        check(s.text().strip() == f"{p['seats'][party]:.0f}", f"seats {party} text '{s.text()}'")
    (eg,) = art.find_all(data_key="efficiency_gap")
    check(val(eg) == p["efficiency_gap"], f"efficiency gap {val(eg)!r} != JSON {p['efficiency_gap']!r}")
    check(eg.text().startswith(pct(p["efficiency_gap"])), f"EG text '{eg.text()}' does not start {pct(p['efficiency_gap'])}")
    check(f"favours {p['favours']}" in eg.text() or f"leans {p['favours']}; " in eg.text(),
          f"EG text '{eg.text()}' does not name {p['favours']}")
    rg = art.find_all(data_key="population_range")
    if js["units"]["population_field"]:
        check(len(rg) == 1 and val(rg[0]) == p["population_deviation"]["range"], "population range differs from JSON")
    hl = [n for n in art.find_all("p") if n.has_class("headline")][0].text()
    check(pct(p["vote_share"]) in hl, f"headline '{hl}' lacks the vote share")
    check(f"{p['seats'][js['plan']['share_party']]:.0f} of {k} seats" in hl, f"headline '{hl}' lacks the seats")
    check(pct(abs(p["efficiency_gap"])) in hl, f"headline '{hl}' lacks the efficiency gap")
    metric_rows(dom, p, plan)
    # district table
    (tab,) = [t for t in dom.find_all("table", data_plan=str(plan)) if t.has_class("districts")]
    rows = {r.attrs["data-district"]: r for r in tab.find_all("tr", data_district=True)}
    check(len(rows) == k, f"district table has {len(rows)} rows, expected {k}")
    parties = list(js["units"]["vote_fields"].keys())
    for d in js["districts"]:
        r = rows.get(d["district"])
        if r is None:
            check(False, f"district {d['district']} missing from the table")
            continue
        cell = {c.attrs.get("data-col"): c for c in r.find_all("td")}
        check(r.find_all("td")[0].text() == d["district"], f"district cell '{r.find_all('td')[0].text()}' != '{d['district']}'")
        if js["units"]["population_field"]:
            c = cell["population"]
            check(val(c) == d["population"] and c.text() == thousands(d["population"]),
                  f"district {d['district']}: population {c.text()} != {d['population']}")
            c = cell["deviation"]
            check(val(c) == d["deviation"] and c.text() == thousands(d["deviation"]),
                  f"district {d['district']}: deviation {c.text()} != {d['deviation']}")
        else:
            check("population" not in cell, "population column without a population field")
        for col, q in zip(("votes_a", "votes_b"), parties[:2]):
            c = cell[col]
            check(val(c) == d["votes"][q] and c.text() == thousands(d["votes"][q]),
                  f"district {d['district']}: {q} votes {c.text()} != {d['votes'][q]}")
        if d.get("share") is not None:
            c = cell["share"]
            check(val(c) == d["share"] and c.text() == pct(d["share"]),
                  f"district {d['district']}: share {c.text()} != {d['share']}")
            w = cell["winner"].text()
            check(w.startswith(d["winner"] or "\u2013"), f"district {d['district']}: winner '{w}'")
            check(("uncontested" in w) == d["uncontested"], f"district {d['district']}: uncontested flag")


def escaped(dom, names):
    check(not dom.find_all("script"), "the page has a <script> element")
    for n in dom.iter():
        for a in n.attrs:
            check(not a.startswith("on"), f"<{n.tag}> has an event handler attribute '{a}'")
    body = dom.text()
    for nm in names:
        check(nm in body, f"'{nm}' does not show as text")
        check(any(n.attrs.get("data-district") == nm for n in dom.iter()), f"no data-district equal to '{nm}'")


def ensemble(dom, js, csv_path):
    # the rows' "#" lines (metadata, end line) are not rows; the statewide vote shares,
    # the same in every row of a run, are not charted
    rows = [r for r in csv.DictReader(l for l in open(csv_path) if not l.startswith("#"))
            if r.get("plan") != "reference"]
    metrics = [c for c in rows[0] if c not in ("plan", "sample") and not re.fullmatch(r"share_\d+", c)
               and not c.startswith("vote_share_")]
    k = sum(1 for c in rows[0] if re.fullmatch(r"share_\d+", c))
    # a column with one value in every plan (non-contiguous districts, 0 everywhere) is
    # said in words, not drawn, when the plan has that value too
    same = {n.attrs.get("data-same") for n in dom.iter() if n.attrs.get("data-same")}
    for c in list(metrics):
        vals = {r[c] for r in rows if r[c] != ""}
        if c in same:
            check(len(vals) == 1, f"column {c} is said to be constant but has values {sorted(vals)[:5]}")
            metrics.remove(c)
    hists = [s for s in dom.find_all("svg") if s.has_class("hist")]
    check(len(hists) == len(metrics), f"{len(hists)} histograms for {len(metrics)} metric columns")
    # each histogram in a figure naming its column, captioned with the registry's label
    # (not the column name) and marking the plan
    labels = {"seats_a": "Seats of D", "efficiency_gap": "Efficiency gap",
              "mean_median": "Mean\u2013median difference"}
    figs = {f.attrs.get("data-col"): f for f in dom.find_all("figure") if f.attrs.get("data-col")}
    for col in metrics:
        f = figs.get(col)
        check(f is not None, f"no histogram figure for column {col}")
        if f is None:
            continue
        cap = "".join(c.text() for c in f.find_all("figcaption"))
        check(cap == labels.get(col, cap) and cap != col, f"column {col} captioned '{cap}'")
        check(len([l for l in f.find_all("line") if l.has_class("planline")]) == 1, f"column {col}: no plan marker")
    eg = js["plan"]["efficiency_gap"]
    # plans scoring within 1e-12 of the plan may round either way between C and Python
    lo = sum(1 for r in rows if float(r["efficiency_gap"]) < eg - 1e-12)
    tie = sum(1 for r in rows if abs(float(r["efficiency_gap"]) - eg) <= 1e-12)
    h = [s for s in figs["efficiency_gap"].find_all("svg")] if "efficiency_gap" in figs else []
    check(len(h) == 1, "no efficiency_gap histogram")
    if h:
        t = h[0].text()
        m = re.search(r"([0-9,]+) of ([0-9,]+) plans lower", t)
        got = int(m.group(1).replace(",", "")) if m else -1
        check(m is not None and lo <= got <= lo + tie and int(m.group(2).replace(",", "")) == len(rows),
              f"EG histogram says '{t[-80:]}', expected {lo}..{lo + tie} of {len(rows)} lower")
        bars = sum(int(b.find_all("title")[0].text().split()[0]) for b in h[0].find_all("rect") if b.has_class("hbar"))
        check(bars == len(rows), f"EG histogram bars hold {bars} plans, expected {len(rows)}")
    (box,) = [s for s in dom.find_all("svg") if s.has_class("boxplot")]
    check(len([b for b in box.find_all("rect") if b.has_class("box")]) == k, "box plot: one box per rank")
    dots = [c for c in box.find_all("circle") if c.has_class("planpt")]
    check(len(dots) == k, f"box plot: {len(dots)} plan dots, expected {k}")


def compact(dom, js, rel=0.0):
    """Compactness table against `score --compactness` JSON (same calls: exact) or
    `compactness` of a district layer dissolved beforehand (same shapes: agrees to
    rounding, rel 1e-9). The page shows each ratio rounded to 3 decimals."""
    tabs = [t for t in dom.find_all("table") if t.has_class("compact")]
    check(len(tabs) == 1, f"{len(tabs)} compactness tables")
    if not tabs:
        return
    rows = {r.attrs["data-district"]: r for r in tabs[0].find_all("tr", data_district=True)}
    want = {d["district"]: d for d in js["compactness"]["districts"]}
    check(sorted(rows) == sorted(want), f"compactness districts {sorted(rows)} != {sorted(want)}")
    for name, d in want.items():
        if name not in rows:
            continue
        cell = {c.attrs.get("data-col"): c for c in rows[name].find_all("td")}
        for key in ("area_m2", "perimeter_m", "polsby_popper", "reock", "convex_hull", "population_polygon"):
            if d.get(key) is None:
                continue
            v = val(cell[key])
            check(abs(v - d[key]) <= rel * abs(d[key]), f"district {name}: {key} {v!r} != {d[key]!r}")
            if key not in ("area_m2", "perimeter_m"):
                check(float(cell[key].text()) == round(d[key], 3), f"district {name}: {key} shows '{cell[key].text()}'")


def xml_ok(path):
    html = open(path, encoding="utf-8").read()
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    check(len(svgs) > 0, "no inline svg")
    for s in svgs:
        try:
            ET.fromstring(s)
        except ET.ParseError as e:
            check(False, f"inline svg is not well-formed XML: {e}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "numbers":
        numbers(load(sys.argv[2]), json.load(open(sys.argv[3])), int(sys.argv[4]) if len(sys.argv) > 4 else 0,
                sys.argv[5:6] != ["nomap"])
    elif cmd == "escaped":
        escaped(load(sys.argv[2]), sys.argv[3:])
    elif cmd == "compact":
        compact(load(sys.argv[2]), json.load(open(sys.argv[3])), float(sys.argv[4]) if len(sys.argv) > 4 else 0.0)
    elif cmd == "metrics":
        g = json.load(open(sys.argv[3]))["groups"][0]
        dom = load(sys.argv[2])
        metric_rows(dom, g)
        (vs,) = dom.find_all(data_key="vote_share")
        check(val(vs) == g["vote_share"], f"vote share {val(vs)!r} != {g['vote_share']!r}")
        for s_ in dom.find_all(data_key="seats"):
            check(val(s_) == g["seats"][s_.attrs["data-party"]], f"seats {s_.attrs['data-party']} differ")
    elif cmd == "inset":
        dom = load(sys.argv[2])
        maps = [s for s in dom.find_all("svg") if s.has_class("map")]
        insets = [s for s in dom.find_all("svg") if s.has_class("inset")]
        check(len(insets) == 1, f"{len(insets)} insets, expected 1")
        if maps and insets:
            on_map = {t.text() for t in maps[0].find_all("text")}
            in_inset = {t.text() for t in insets[0].find_all("text")}
            for lab in sys.argv[3:]:
                check(lab not in on_map, f"{lab} is labelled on the state map")
                check(lab in in_inset, f"{lab} is not labelled in the inset")
            check(len(maps[0].find_all("rect")) == 1, "the map does not mark the inset's window")
    elif cmd == "text":
        body = load(sys.argv[2]).text()
        for t in sys.argv[3:]:
            check(t in body, f"'{t}' is not in the page's text")
    elif cmd == "ensemble":
        ensemble(load(sys.argv[2]), json.load(open(sys.argv[3])), sys.argv[4])
    elif cmd == "xml":
        xml_ok(sys.argv[2])
    for f in fails[:20]:
        print("FAIL:", f)
    sys.exit(1 if fails else 0)
