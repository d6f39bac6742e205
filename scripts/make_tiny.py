#!/usr/bin/env python3
"""Write the hand-made 4x4 grid fixtures in testdata/tiny/.

Usage:  python3 scripts/make_tiny.py [--out testdata/tiny]

Sixteen 1 km x 1 km square precincts in EPSG:32614 (WGS 84 / UTM zone 14N),
grouped into four 2x2 districts. Every number is chosen by hand in the tables
below; testdata/tiny/README.md works out the expected district totals and
efficiency gaps from them. Needs python3 (standard library) and ogr2ogr.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

X0, Y0 = 500000, 4880000  # metres, south-west corner of the grid (about 44.07 N, 99.00 W)
CELL_M = 1000
CRS = "urn:ogc:def:crs:EPSG::32614"

# Rows from north to south, columns from west to east; T01 is the north-west cell.
#   CD 1 = T01 T02 T05 T06 (north-west)   CD 2 = T03 T04 T07 T08 (north-east)
#   CD 3 = T09 T10 T13 T14 (south-west)   CD 4 = T11 T12 T15 T16 (south-east)
# id: (TOTPOP, G16D, G16R, G20D, G20R)
TABLE = {
    "T01": (2500, 200, 50, 180, 70),
    "T02": (2500, 190, 60, 180, 70),
    "T03": (2600, 100, 150, 130, 120),
    "T04": (2500, 100, 150, 120, 130),
    "T05": (2500, 180, 70, 170, 80),
    "T06": (2500, 180, 70, 170, 80),
    "T07": (2500, 100, 150, 125, 125),
    "T08": (2500, 100, 150, 125, 125),
    "T09": (2400, 120, 130, 100, 150),
    "T10": (2500, 100, 150, 90, 160),
    "T11": (2500, 120, 130, 120, 130),
    "T12": (2500, 110, 140, 110, 140),
    "T13": (2500, 90, 160, 80, 170),
    "T14": (2500, 90, 160, 80, 170),
    "T15": (2500, 110, 140, 110, 140),
    "T16": (2500, 110, 140, 110, 140),
}


def cell_of(k):
    """Precinct index 0..15 -> (column, row from south)."""
    return k % 4, 3 - k // 4


def district_of(col, row):
    return (1 if col < 2 else 2) if row >= 2 else (3 if col < 2 else 4)


def square(x0, y0, size):
    return [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]]


def collection(name, feats):
    return {"type": "FeatureCollection", "name": name,
            "crs": {"type": "name", "properties": {"name": CRS}}, "features": feats}


def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type":"FeatureCollection","name":%s,"crs":%s,"features":[\n'
                % (json.dumps(obj["name"]), json.dumps(obj["crs"], separators=(",", ":"))))
        feats = obj["features"]
        for k, ft in enumerate(feats):
            f.write(json.dumps(ft, separators=(",", ":")) + (",\n" if k + 1 < len(feats) else "\n"))
        f.write("]}\n")


def run(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit("command failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(here, "..", "testdata", "tiny"))
    out = os.path.abspath(ap.parse_args().out)
    os.makedirs(out, exist_ok=True)

    feats, rows = [], []
    for k, pid in enumerate(sorted(TABLE)):
        col, row = cell_of(k)
        cd = district_of(col, row)
        pop, g16d, g16r, g20d, g20r = TABLE[pid]
        props = {"PRECINCT": pid, "COUNTY": "West" if col < 2 else "East", "TOTPOP": pop,
                 "G16D": g16d, "G16R": g16r, "G20D": g20d, "G20R": g20r, "CD": str(cd)}
        geom = {"type": "Polygon", "coordinates": square(X0 + col * CELL_M, Y0 + row * CELL_M, CELL_M)}
        feats.append({"type": "Feature", "properties": props, "geometry": geom})
        rows.append((pid, cd))
    dfeats = []
    for cd, (col, row) in ((1, (0, 2)), (2, (2, 2)), (3, (0, 0)), (4, (2, 0))):
        geom = {"type": "Polygon", "coordinates": square(X0 + col * CELL_M, Y0 + row * CELL_M, 2 * CELL_M)}
        dfeats.append({"type": "Feature", "properties": {"CD": str(cd)}, "geometry": geom})

    gj = os.path.join(out, "precincts.geojson")
    write_json(gj, collection("precincts", feats))
    write_json(os.path.join(out, "districts.geojson"), collection("districts", dfeats))
    with open(os.path.join(out, "assignment.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("PRECINCT,CD\n")
        for pid, cd in rows:
            f.write("%s,%d\n" % (pid, cd))

    env = dict(os.environ, OGR_CURRENT_DATE="2020-11-03T00:00:00Z")
    gpkg = os.path.join(out, "precincts.gpkg")
    if os.path.exists(gpkg):
        os.remove(gpkg)
    run(["ogr2ogr", "-f", "GPKG", gpkg, gj, "-nln", "precincts"], env=env)

    # The same grid with no CRS at all: a shapefile without its .prj, zipped.
    tmp = tempfile.mkdtemp(prefix="gm_tiny_")
    try:
        shp = os.path.join(tmp, "precincts_nocrs.shp")
        run(["ogr2ogr", "-f", "ESRI Shapefile", shp, gj, "-nln", "precincts_nocrs",
             "-lco", "RESIZE=YES", "-lco", "DBF_DATE_LAST_UPDATE=2020-11-03"], env=env)
        zpath = os.path.join(out, "precincts_nocrs.zip")
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
            for ext in ("shp", "shx", "dbf"):   # deliberately no .prj (and no .cpg)
                info = zipfile.ZipInfo("precincts_nocrs." + ext, date_time=(2020, 11, 3, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with open(os.path.join(tmp, "precincts_nocrs." + ext), "rb") as f:
                    z.writestr(info, f.read())
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
