#!/usr/bin/env python3
"""Write the faulty input files in this directory (run from anywhere; stdlib only).

Every file is a small GeoJSON layer built around the same reference layout: 0.01 degree
square units in a row east of (-90, 40), four of them, a..d, with
  POP 10 20 30 40, D 5 6 7 8, R 1 2 3 4, CD 1 1 2 2,
and district polygons "1" (units a, b) and "2" (units c, d). Each file breaks one
thing; tests/test_bad_inputs.c and tests/cli/bad_inputs.sh say what must happen.
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
X0, Y0, S = -90.0, 40.0, 0.01
BASE = [dict(ID=i, POP=p, D=d, R=r, CD=c) for i, p, d, r, c in
        zip("abcd", (10, 20, 30, 40), (5, 6, 7, 8), (1, 2, 3, 4), ("1", "1", "2", "2"))]


def cell(col, row=0, w=1.0, dx=0.0):
    x, y = X0 + (col + dx) * S, Y0 + row * S
    x1 = x + w * S
    return [[[r(x), r(y)], [r(x1), r(y)], [r(x1), r(y + S)], [r(x), r(y + S)], [r(x), r(y)]]]


def r(v):
    return round(v, 10)


def poly(rings):
    return {"type": "Polygon", "coordinates": rings}


def feature(props, geom):
    return {"type": "Feature", "properties": props, "geometry": geom}


def write(name, feats, crs=None, note=None):
    doc = {"type": "FeatureCollection"}
    if note:
        doc["name"] = note
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    doc["features"] = feats
    with open(os.path.join(HERE, name), "w") as f:
        f.write('{"type":"FeatureCollection",')
        if crs:
            f.write('"crs":' + json.dumps(doc["crs"]) + ",")
        f.write('"features":[\n')
        f.write(",\n".join(json.dumps(x, separators=(",", ":")) for x in feats))
        f.write("\n]}\n")


def units(override=None):
    """The reference units; override={index: (props_update, geometry or 'keep')}."""
    override = override or {}
    out = []
    for i, p in enumerate(BASE):
        props, geom = dict(p), poly(cell(i))
        if i in override:
            upd, g = override[i]
            props.update(upd)
            if g != "keep":
                geom = g
        out.append(feature(props, geom))
    return out


def districts(extra=()):
    pad = 0.001
    d1 = [[[X0 - pad, Y0 - pad], [X0 + 2 * S, Y0 - pad], [X0 + 2 * S, Y0 + S + pad],
           [X0 - pad, Y0 + S + pad], [X0 - pad, Y0 - pad]]]
    d2 = [[[X0 + 2 * S, Y0 - pad], [X0 + 4 * S + pad, Y0 - pad], [X0 + 4 * S + pad, Y0 + S + pad],
           [X0 + 2 * S, Y0 + S + pad], [X0 + 2 * S, Y0 - pad]]]
    fs = [feature({"DIST": "1"}, poly(d1)), feature({"DIST": "2"}, poly(d2))]
    return fs + list(extra)


def mercator(lon, lat):
    a = 6378137.0
    return [r(a * math.radians(lon)), r(a * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))]


def utm16(lon, lat):
    """Rough UTM zone 16N easting/northing (only needs to be metres-like)."""
    return [r(500000 + (lon + 87) * 85000), r(lat * 111000)]


def main():
    write("squares.geojson", units())
    write("districts.geojson", districts())
    # a district under the units that no unit falls in (a hole of district 1 inside unit
    # a, a fifth of its area): kept in the plan, empty, with a warning
    hx, hy, hs = X0 + 0.3 * S, Y0 + 0.3 * S, S * math.sqrt(0.2)
    hole = [[r(hx), r(hy)], [r(hx), r(hy + hs)], [r(hx + hs), r(hy + hs)], [r(hx + hs), r(hy)],
            [r(hx), r(hy)]]
    d = districts([feature({"DIST": "3"}, poly([hole[::-1]]))])
    d[0]["geometry"]["coordinates"].append(hole)
    write("districts_empty.geojson", d)
    # a district far from the units (another state's): left out of the plan, with a warning
    far = [[[-80, 40], [-79.99, 40], [-79.99, 40.01], [-80, 40.01], [-80, 40]]]
    write("districts_far.geojson", districts([feature({"DIST": "3"}, poly(far))]))
    # district features without geometry: 3 has no other feature, 1 has its polygon too
    write("districts_null.geojson", districts([feature({"DIST": "3"}, None),
                                               feature({"DIST": "1"}, poly([]))]))
    # district 1 as two features (one per unit) and district 2 as one: merged, with a warning
    pad = 0.001
    a = [[[X0 - pad, Y0 - pad], [X0 + S, Y0 - pad], [X0 + S, Y0 + S + pad], [X0 - pad, Y0 + S + pad],
          [X0 - pad, Y0 - pad]]]
    b = [[[X0 + S, Y0 - pad], [X0 + 2 * S, Y0 - pad], [X0 + 2 * S, Y0 + S + pad],
          [X0 + S, Y0 + S + pad], [X0 + S, Y0 - pad]]]
    two = districts()
    write("districts_dup_ids.geojson", [feature({"DIST": "1"}, poly(a)), two[1],
                                        feature({"DIST": "1"}, poly(b))])
    # geometry faults
    x, y = X0 + S, Y0
    bow = [[[x, y], [x + S, y + S], [x + S, y], [x, y + S], [x, y]]]
    write("bowtie.geojson", units({1: ({}, poly(bow))}))
    # a hole that crosses its shell
    x = X0 + 2 * S
    shell = cell(2)[0]
    hole = [[r(x + S / 2), r(Y0 + S / 4)], [r(x + S * 1.5), r(Y0 + S / 4)],
            [r(x + S * 1.5), r(Y0 + S * 3 / 4)], [r(x + S / 2), r(Y0 + S * 3 / 4)],
            [r(x + S / 2), r(Y0 + S / 4)]]
    write("self_intersection.geojson", units({2: ({}, poly([shell, hole]))}))
    c = cell(0)[0]
    rep = [c[0], c[0], c[1], c[1], c[1], c[2], c[3], c[3], c[4]]
    write("repeated_points.geojson", units({0: ({}, poly([rep]))}))
    write("unclosed_ring.geojson", units({0: ({}, poly([cell(0)[0][:4]]))}))
    write("empty_null.geojson", units({2: ({}, None), 3: ({}, poly([]))}))
    # CRS faults
    merc = [feature(f["properties"], poly([[mercator(*p) for p in f["geometry"]["coordinates"][0]]]))
            for f in units()]
    write("squares_3857.geojson", merc, crs="urn:ogc:def:crs:EPSG::3857")
    write("lonlat_as_utm.geojson", units(), crs="urn:ogc:def:crs:EPSG::32616")
    write("districts_lonlat_as_utm.geojson", districts(), crs="urn:ogc:def:crs:EPSG::32616")
    utm = [feature(f["properties"], poly([[utm16(*p) for p in f["geometry"]["coordinates"][0]]]))
           for f in units()]
    write("utm_as_lonlat.geojson", utm)
    # coverage faults: a 3x3 block of cells without its centre (a gap), plus a unit
    # shifted half a cell over the first two cells of the bottom row (two overlaps)
    fs = []
    for row in range(3):
        for col in range(3):
            if (row, col) != (1, 1):
                fs.append(feature(dict(ID="r%dc%d" % (row, col), POP=1, D=1, R=1, CD="1"),
                                  poly(cell(col, row))))
    fs.append(feature(dict(ID="shifted", POP=1, D=1, R=1, CD="1"), poly(cell(0, 0, dx=0.5))))
    write("gaps_overlaps.geojson", fs)
    # a unit outside every district
    write("outside.geojson", units() + [feature(dict(ID="e", POP=5, D=1, R=1, CD="2"), poly(cell(500)))])
    # data faults
    write("nan_votes.geojson", units({1: ({"D": "NaN"}, "keep")}))
    write("nan_pop.geojson", units({1: ({"POP": "nan"}, "keep")}))
    write("negative_votes.geojson", units({2: ({"R": -3}, "keep")}))
    write("null_votes.geojson", units({3: ({"D": None}, "keep")}))
    write("text_votes.geojson", units({0: ({"R": "12 votes"}, "keep")}))
    write("zero_pop.geojson", units({i: ({"POP": 0}, "keep") for i in range(4)}))
    write("zero_vote_district.geojson", units({2: ({"D": 0, "R": 0}, "keep"),
                                                3: ({"D": 0, "R": 0}, "keep")}))
    write("dup_ids.geojson", units({1: ({"ID": "a"}, "keep")}))
    # district-level results tables (gerrymeter partisan --results)
    results = {
        "results_zero_vote.csv": "NH,2,0,0",
        "results_nan.csv": "NH,2,nan,60",
        "results_negative.csv": "NH,2,-1,60",
        "results_null.csv": "NH,2,,60",
        "results_text.csv": 'NH,2,"1,000",60',
        "results_dup_district.csv": "NH,1,10,60",
    }
    for name, row in results.items():
        with open(os.path.join(HERE, name), "w") as f:
            f.write("state,district,D,R\nNH,1,100,50\n%s\n" % row)
    with open(os.path.join(HERE, "assign_dup_ids.csv"), "w") as f:
        f.write("ID,district\na,1\nc,2\nd,2\n")
    with open(os.path.join(HERE, "assign_dup_rows.csv"), "w") as f:
        f.write("ID,district\na,1\nb,1\nb,2\nc,2\nd,2\n")
    with open(os.path.join(HERE, "assign_ok.csv"), "w") as f:
        f.write("ID,district\na,1\nb,1\nc,2\nd,2\n")
    # shapes with no area where polygons are needed (points, lines, collections)
    def centre(i):
        return {"type": "Point", "coordinates": [r(X0 + (i + 0.5) * S), r(Y0 + 0.5 * S)]}
    write("points.geojson", units({i: ({}, centre(i)) for i in range(4)}))
    write("mixed_shapes.geojson", units({3: ({}, centre(3))}))
    write("collection.geojson", units({3: ({}, {"type": "GeometryCollection", "geometries": [
        poly(cell(3)), centre(3)]})}))
    dpts = [feature({"DIST": d}, centre(i)) for d, i in (("1", 0), ("2", 3))]
    write("districts_points.geojson", dpts)
    line = {"type": "LineString", "coordinates": [[X0, Y0 + 2 * S], [X0 + 4 * S, Y0 + 2 * S]]}
    write("districts_mixed.geojson", districts([feature({"DIST": "2"}, line)]))
    # district results that look wrong: a header named twice, "1" and "01", shares
    more = {
        "results_dup_header.csv": "state,district,D,R,D\nNH,1,100,50,7\nNH,2,40,60,8\n",
        "results_padded_district.csv": "state,district,D,R\nNH,1,100,50\nNH,01,40,60\n",
        "results_shares.csv": "state,district,D,R\nNH,1,0.62,0.38\nNH,2,0.45,0.55\n",
    }
    for name, text in more.items():
        with open(os.path.join(HERE, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
