#!/usr/bin/env python3
"""Generate the fictional sample state in testdata/sample/.

Usage:  python3 scripts/make_sample.py [--out testdata/sample]

Needs python3 (standard library only) and the gdal-bin command-line tools
(ogr2ogr, ogrinfo with SpatiaLite in the SQLite dialect). The output is
deterministic: a fixed seed drives every random choice, GeoPackage timestamps
are pinned with OGR_CURRENT_DATE, and zip entries carry a fixed date.

How the state is built (all geometry first in "cell units", 1 unit = CELL_KM km):

1. Coverage. A (NX+1) x (NY+1) lattice of corner vertices is jittered, and
   every cell edge gets one bent midpoint vertex, shared by the two cells on
   either side. A cell is the 8-vertex ring corner, mid, corner, mid, ...
   Cells near the two towns are split into four quads through their own
   edge midpoints and a centre vertex, so the neighbours still match vertex
   for vertex. A few cells are masked off so the outline is not a rectangle.
   Result: a polygonal coverage with no gaps or overlaps by construction
   (checked below: every edge segment is used at most twice and in opposite
   directions, and with GEOS through ogrinfo: validity and union area).
2. Edge cases: two coastal precincts own an offshore island (MultiPolygon),
   and one rural precinct has a hole filled by an enclave precinct.
3. People and votes: a rural base density plus a Gaussian city and a small
   town; D share rises with urbanisation. G20 shifts a little toward D.
4. Districts CD 1..6: CD 1 grows outward from the city centre (it packs the
   urban D vote, so the efficiency gap favours R), CD 2..6 grow together from
   fixed seeds, always feeding the smallest one; then single moves and swaps
   of boundary precincts bring every district within +-0.5% of the ideal
   population while keeping each district contiguous.
5. Output: GeoJSON written here; GPKG, zipped shapefile and the dissolved
   districts via ogr2ogr; assignment.csv; README.md with the district table.
"""

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile

SEED = 20161108

# Geometry, in cell units unless named otherwise.
NX, NY = 18, 15            # base cells, columns west->east, rows south->north
CELL_KM = 7.0              # edge of a base cell, km
LON0, LAT0 = -101.2, 43.55  # degrees: south-west corner of the lattice
# Local equirectangular mapping, adequate for a 130 km fictional state:
# km per degree of latitude (WGS84 mean) and of longitude at the mid latitude.
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320 * math.cos(math.radians(LAT0 + NY * CELL_KM / 2 / KM_PER_DEG_LAT))
CORNER_JITTER = 0.22       # max corner displacement per axis
EDGE_BEND = 0.10           # max perpendicular displacement of an edge midpoint
CENTRE_JITTER = 0.05       # max displacement of a split cell's centre vertex
COORD_DIGITS = 6           # 1e-6 degree ~ 0.1 m; identical vertices round identically

CITY = (7.2, 7.6)          # centre of the D-leaning city
CITY_SIGMA = 1.6           # Gaussian radius of the city, cells
TOWN = (14.6, 3.4)         # a small college town
TOWN_SIGMA = 0.7
SPLIT_CITY_R = 2.7         # cells whose centre is this close to CITY are split in four
SPLIT_TOWN_R = 1.0

ISLANDS = [((17, 4), (18.75, 4.45), 0.28), ((17, 8), (18.70, 8.30), 0.22)]  # host cell, centre, radius
ENCLAVE_HOST = (3, 11)     # rural cell with a hole; the enclave is a precinct of its own
ENCLAVE_R = 0.13

NDIST = 6
BALANCE_TOL = 0.005        # aim: every district within +-0.5% of ideal (the spec allows 1%)

COUNTY_COLS = [0, 5, 10, 14, NX]
COUNTY_ROWS = [0, 5, 10, NY]
COUNTY_NAMES = [  # rows from south, columns from west
    "Juniper", "Kestrel", "Larkspur", "Meadow",
    "Elk", "Foxtail", "Granite", "Harvest",
    "Aspen", "Badger", "Cottonwood", "Dakota",
]

FIELDS = ["PRECINCT", "COUNTY", "TOTPOP", "G16D", "G16R", "G20D", "G20R", "CD"]


def in_state(i, j):
    """Masked lattice: a north-east notch and a cut south-west corner."""
    if i >= 14 and j >= 11:
        return False
    if i + j <= 2:
        return False
    return True


def county_of(i, j):
    c = max(k for k in range(4) if COUNTY_COLS[k] <= i)
    r = max(k for k in range(3) if COUNTY_ROWS[k] <= j)
    return COUNTY_NAMES[r * 4 + c]


def ring_area(ring):
    """Signed shoelace area of an open ring (last vertex != first); > 0 is CCW."""
    s = 0.0
    n = len(ring)
    for k in range(n):
        x1, y1 = ring[k]
        x2, y2 = ring[(k + 1) % n]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def ring_centroid(ring):
    a = ring_area(ring)
    cx = cy = 0.0
    n = len(ring)
    for k in range(n):
        x1, y1 = ring[k]
        x2, y2 = ring[(k + 1) % n]
        f = x1 * y2 - x2 * y1
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    return (cx / (6 * a), cy / (6 * a))


def blob(rng, centre, radius, nvert):
    """An irregular star-shaped CCW ring around centre."""
    out = []
    for k in range(nvert):
        t = 2 * math.pi * k / nvert
        r = radius * (1.0 + rng.uniform(-0.2, 0.2))
        out.append((centre[0] + r * math.cos(t), centre[1] + r * math.sin(t)))
    return out


# ---------------------------------------------------------------------------
# 1-2. Geometry


def build_units(rng):
    corner = {}
    for j in range(NY + 1):
        for i in range(NX + 1):
            corner[(i, j)] = (i + rng.uniform(-CORNER_JITTER, CORNER_JITTER),
                              j + rng.uniform(-CORNER_JITTER, CORNER_JITTER))
    mid = {}
    # Horizontal edge (i,j)-(i+1,j) is ('h',i,j); vertical (i,j)-(i,j+1) is ('v',i,j).
    for j in range(NY + 1):
        for i in range(NX + 1):
            for kind, other in (("h", (i + 1, j)), ("v", (i, j + 1))):
                if other not in corner:
                    continue
                (x1, y1), (x2, y2) = corner[(i, j)], corner[other]
                dx, dy = x2 - x1, y2 - y1
                ln = math.hypot(dx, dy)
                b = rng.uniform(-EDGE_BEND, EDGE_BEND)
                mid[(kind, i, j)] = ((x1 + x2) / 2 - dy / ln * b, (y1 + y2) / 2 + dx / ln * b)

    units = []  # dicts: polys (list of polygons = list of rings), cell, county, kind
    island_of = {cell: (c, r) for cell, c, r in ISLANDS}
    for j in range(NY - 1, -1, -1):          # north to south, so P0001 is in the north-west
        for i in range(NX):
            if not in_state(i, j):
                continue
            a, b, c, d = corner[(i, j)], corner[(i + 1, j)], corner[(i + 1, j + 1)], corner[(i, j + 1)]
            mb, mr, mt, ml = mid[("h", i, j)], mid[("v", i + 1, j)], mid[("h", i, j + 1)], mid[("v", i, j)]
            ctr = (i + 0.5, j + 0.5)
            split = (math.dist(ctr, CITY) <= SPLIT_CITY_R or math.dist(ctr, TOWN) <= SPLIT_TOWN_R)
            county = county_of(i, j)
            if split:
                o = ((a[0] + b[0] + c[0] + d[0]) / 4 + rng.uniform(-CENTRE_JITTER, CENTRE_JITTER),
                     (a[1] + b[1] + c[1] + d[1]) / 4 + rng.uniform(-CENTRE_JITTER, CENTRE_JITTER))
                for ring in ([ml, o, mt, d], [o, mr, c, mt], [a, mb, o, ml], [mb, b, mr, o]):
                    units.append({"polys": [[ring]], "cell": (i, j), "county": county, "kind": "split"})
                continue
            outer = [a, mb, b, mr, c, mt, d, ml]
            u = {"polys": [[outer]], "cell": (i, j), "county": county, "kind": "cell"}
            units.append(u)
            if (i, j) in island_of:
                c0, r0 = island_of[(i, j)]
                u["polys"].append([blob(rng, c0, r0, 9)])
                u["kind"] = "island"
            if (i, j) == ENCLAVE_HOST:
                hole = blob(rng, ring_centroid(outer), ENCLAVE_R, 7)
                u["polys"][0].append(list(reversed(hole)))   # holes run clockwise
                u["kind"] = "host"
                units.append({"polys": [[hole]], "cell": (i, j), "county": county, "kind": "enclave"})
    for k, u in enumerate(units):
        u["id"] = "P%04d" % (k + 1)
    return units


def to_lonlat(p):
    x_km, y_km = p[0] * CELL_KM, p[1] * CELL_KM
    return (round(LON0 + x_km / KM_PER_DEG_LON, COORD_DIGITS),
            round(LAT0 + y_km / KM_PER_DEG_LAT, COORD_DIGITS))


def finish_geometry(units):
    """Lon/lat rings, areas, centroids; adjacency from shared segments."""
    seg_owner = {}
    for k, u in enumerate(units):
        u["ll"] = [[[to_lonlat(p) for p in ring] for ring in poly] for poly in u["polys"]]
        main = u["polys"][0][0]
        u["centre"] = ring_centroid(main)
        area = 0.0
        for poly in u["polys"]:
            area += ring_area(poly[0]) + sum(ring_area(h) for h in poly[1:])
        u["area_km2"] = area * CELL_KM * CELL_KM
        for poly in u["ll"]:
            for ring in poly:
                n = len(ring)
                for m in range(n):
                    s = (ring[m], ring[(m + 1) % n])
                    key = (min(s), max(s))
                    seg_owner.setdefault(key, []).append((k, s[0] < s[1]))
    adj = [set() for _ in units]
    for key, owners in seg_owner.items():
        if len(owners) > 2:
            sys.exit("coverage error: segment %r used %d times" % (key, len(owners)))
        if len(owners) == 2:
            (k1, f1), (k2, f2) = owners
            if k1 == k2 or f1 == f2:
                sys.exit("coverage error: segment %r not shared in opposite directions" % (key,))
            adj[k1].add(k2)
            adj[k2].add(k1)
    return [sorted(s) for s in adj]


# ---------------------------------------------------------------------------
# 3. People and votes


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def add_people(rng, units):
    for u in units:
        c = u["centre"]
        city = math.exp(-math.dist(c, CITY) ** 2 / (2 * CITY_SIGMA ** 2))
        town = math.exp(-math.dist(c, TOWN) ** 2 / (2 * TOWN_SIGMA ** 2))
        # Persons per km2: plains base (lognormal) + city + town.
        dens = 30.0 * math.exp(rng.gauss(0.0, 0.45)) + 330.0 * city + 160.0 * town
        pop = max(40, int(round(u["area_km2"] * dens)))
        urban = max(city, 0.6 * town)
        # Two-party D share: rural ~0.31 (a little lower in the west), city core ~0.80.
        west = 1.0 - c[0] / NX
        s16 = clamp(0.37 - 0.05 * west + 0.50 * urban + rng.gauss(0.0, 0.035), 0.05, 0.95)
        s20 = clamp(s16 + 0.015 + 0.10 * urban * (1 - urban) + rng.gauss(0.0, 0.015), 0.05, 0.95)
        t16 = clamp(rng.gauss(0.45, 0.04), 0.30, 0.60)      # two-party votes / population
        t20 = clamp(t16 + rng.gauss(0.05, 0.02), 0.30, 0.68)
        v16, v20 = int(round(pop * t16)), int(round(pop * t20))
        u["TOTPOP"] = pop
        u["G16D"] = int(round(v16 * s16))
        u["G16R"] = v16 - u["G16D"]
        u["G20D"] = int(round(v20 * s20))
        u["G20R"] = v20 - u["G20D"]


# ---------------------------------------------------------------------------
# 4. Districts


def connected(members, adj):
    """True if the set members induces a connected subgraph."""
    if not members:
        return True
    start = next(iter(sorted(members)))
    seen = {start}
    stack = [start]
    while stack:
        k = stack.pop()
        for m in adj[k]:
            if m in members and m not in seen:
                seen.add(m)
                stack.append(m)
    return len(seen) == len(members)


def districts(units, adj):
    n = len(units)
    pops = [u["TOTPOP"] for u in units]
    ideal = sum(pops) / NDIST
    enclave = {k for k, u in enumerate(units) if u["kind"] == "enclave"}
    host_of = {}
    for k, u in enumerate(units):
        if u["kind"] == "host":
            for m in adj[k]:
                if m in enclave:
                    host_of[k] = m
    assign = [0] * n
    dpop = [0] * (NDIST + 1)

    def take(k, d):
        group = [k] + ([host_of[k]] if k in host_of else [])
        for m in group:
            assign[m] = d
            dpop[d] += pops[m]

    def frontier(d):
        f = set()
        for k in range(n):
            if assign[k] == d:
                f.update(m for m in adj[k] if assign[m] == 0 and m not in enclave)
        return sorted(f)

    # CD 1: the city, by distance from its centre (pack the D vote).
    seed = min(range(n), key=lambda k: (math.dist(units[k]["centre"], CITY), k))
    take(seed, 1)
    while dpop[1] < ideal:
        f = frontier(1)
        k = min(f, key=lambda m: (math.dist(units[m]["centre"], CITY), m))
        if dpop[1] + pops[k] / 2 > ideal:
            break
        take(k, 1)

    # CD 2..6 grow together from fixed seed points around the city.
    seeds = {2: (2.5, 12.5), 3: (10.5, 13.0), 4: (16.0, 6.0), 5: (12.5, 1.0), 6: (3.0, 3.5)}
    for d, p in seeds.items():
        k = min((m for m in range(n) if assign[m] == 0 and m not in enclave),
                key=lambda m: (math.dist(units[m]["centre"], p), m))
        take(k, d)
    while any(a == 0 for a in assign):
        grown = False
        for d in sorted(seeds, key=lambda e: (dpop[e], e)):
            f = frontier(d)
            if f:
                p = seeds[d]
                take(min(f, key=lambda m: (math.dist(units[m]["centre"], p), m)), d)
                grown = True
                break
        if not grown:  # a pocket only CD 1 touches
            for k in range(n):
                if assign[k] == 0 and k not in enclave and any(assign[m] for m in adj[k]):
                    take(k, min(assign[m] for m in adj[k] if assign[m]))
                    break

    balance(assign, pops, adj, ideal)
    return assign, ideal


def balance(assign, pops, adj, ideal):
    """Local search on sum of squared deviations: single moves of a boundary
    precinct to a neighbouring district, then pairwise swaps; each step must
    keep both districts contiguous and non-empty."""
    n = len(assign)
    dpop = [0] * (NDIST + 1)
    for k in range(n):
        dpop[assign[k]] += pops[k]
    members = {d: {k for k in range(n) if assign[k] == d} for d in range(1, NDIST + 1)}

    def move(k, dst):
        src = assign[k]
        members[src].discard(k)
        members[dst].add(k)
        assign[k] = dst
        dpop[src] -= pops[k]
        dpop[dst] += pops[k]

    def can_leave(k):
        src = assign[k]
        rest = members[src] - {k}
        return bool(rest) and connected(rest, adj)

    def candidates():
        out = []
        for k in range(n):
            for d in sorted({assign[m] for m in adj[k]} - {assign[k]}):
                out.append((k, d))
        return out

    def gain(src, dst, p):
        a, b = dpop[src] - ideal, dpop[dst] - ideal
        return a * a + b * b - (a - p) ** 2 - (b + p) ** 2

    for _ in range(2000):
        if max(abs(dpop[d] - ideal) for d in range(1, NDIST + 1)) <= BALANCE_TOL * ideal:
            break
        moved = False
        for g, k, d in sorted(((gain(assign[k], d, pops[k]), k, d) for k, d in candidates()),
                              reverse=True):
            if g <= 1e-9:
                break
            if can_leave(k):
                move(k, d)
                moved = True
                break
        if moved:
            continue
        # Swaps: k goes A->B and then m goes B->A (net change pops[k]-pops[m]);
        # m must still touch A once k has left it.
        trials = sorted(
            ((gain(assign[k], b, pops[k] - pops[m]), k, m, assign[k], b)
             for k, b in candidates() for m in sorted(members[b])
             if any(assign[q] == assign[k] and q != k for q in adj[m])),
            reverse=True)
        swapped = False
        for g, k, m, a, b in trials:
            if g <= 1e-9:
                break
            if not can_leave(k):
                continue
            move(k, b)
            if can_leave(m):
                move(m, a)
                swapped = True
                break
            move(k, a)
        if not swapped:
            break
    for d in range(1, NDIST + 1):
        if not connected(members[d], adj):
            sys.exit("district %d is not contiguous" % d)


# ---------------------------------------------------------------------------
# 5. Output


def run(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit("command failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def write_geojson(path, units, assign):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type":"FeatureCollection","name":"precincts","features":[\n')
        for k, u in enumerate(units):
            props = {"PRECINCT": u["id"], "COUNTY": u["county"], "TOTPOP": u["TOTPOP"],
                     "G16D": u["G16D"], "G16R": u["G16R"], "G20D": u["G20D"], "G20R": u["G20R"],
                     "CD": str(assign[k])}
            polys = [[[list(p) for p in ring + ring[:1]] for ring in poly] for poly in u["ll"]]
            if len(polys) == 1:
                geom = {"type": "Polygon", "coordinates": polys[0]}
            else:
                geom = {"type": "MultiPolygon", "coordinates": polys}
            feat = {"type": "Feature", "properties": props, "geometry": geom}
            f.write(json.dumps(feat, separators=(",", ":")))
            f.write(",\n" if k + 1 < len(units) else "\n")
        f.write("]}\n")


def write_zip(zpath, files):
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
        for fp in files:
            info = zipfile.ZipInfo(os.path.basename(fp), date_time=(2020, 11, 3, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(fp, "rb") as f:
                z.writestr(info, f.read())


def eg_wasted(dv, rv):
    """Wasted-vote efficiency gap, + favours R. Winner wastes votes beyond T/2,
    loser all of its votes, an exact tie wastes T/2 each."""
    wd = wr = 0.0
    for d, r in zip(dv, rv):
        t = d + r
        if d > r:
            wd += d - t / 2
            wr += r
        elif r > d:
            wr += r - t / 2
            wd += d
        else:
            wd += t / 2
            wr += t / 2
    return (wd - wr) / (sum(dv) + sum(rv))


def district_table(units, assign, ideal):
    rows = []
    for d in range(1, NDIST + 1):
        ks = [k for k in range(len(units)) if assign[k] == d]
        row = {"CD": d, "units": len(ks)}
        for f in ("TOTPOP", "G16D", "G16R", "G20D", "G20R"):
            row[f] = sum(units[k][f] for k in ks)
        row["dev"] = (row["TOTPOP"] - ideal) / ideal
        rows.append(row)
    return rows


def write_readme(path, units, assign, ideal, rows, checks):
    tot = {f: sum(u[f] for u in units) for f in ("TOTPOP", "G16D", "G16R", "G20D", "G20R")}
    n_multi = sum(1 for u in units if len(u["polys"]) > 1)
    L = []
    L.append("# Sample state (fictional)\n")
    lons = [p[0] for u in units for poly in u["ll"] for p in poly[0]]
    lats = [p[1] for u in units for poly in u["ll"] for p in poly[0]]
    L.append("A made-up plains state of %d precincts around %.2f N, %.2f W (extent %.6f..%.6f E,"
             " %.6f..%.6f N), generated by" % (len(units), (min(lats) + max(lats)) / 2,
                                               -(min(lons) + max(lons)) / 2, min(lons), max(lons),
                                               min(lats), max(lats)))
    L.append("`scripts/make_sample.py` (seed %d). Nothing here is real data.\n" % SEED)
    L.append("## Files\n")
    L.append("| File | Contents |")
    L.append("|---|---|")
    L.append("| `precincts.gpkg` | layer `precincts`, MultiPolygon, EPSG:4326 |")
    L.append("| `precincts.zip` | the same as a zipped ESRI shapefile `precincts.shp` (with `.prj`) |")
    L.append("| `precincts.geojson` | the same as GeoJSON (RFC 7946, lon/lat WGS84); Polygon and MultiPolygon mixed |")
    L.append("| `districts.gpkg` | layer `districts`, field `CD`: precincts dissolved by `CD` (ogr2ogr SQLite dialect `ST_Union`) |")
    L.append("| `assignment.csv` | header `PRECINCT,CD`, one row per precinct |")
    L.append("")
    L.append("## Fields\n")
    L.append("| Field | Type | Meaning |")
    L.append("|---|---|---|")
    L.append("| `PRECINCT` | string | unique id `P0001`..`P%04d`, numbered from the north-west |" % len(units))
    L.append("| `COUNTY` | string | one of 12 fictional counties (blocks of the base grid) |")
    L.append("| `TOTPOP` | integer | total population |")
    L.append("| `G16D`, `G16R` | integer | 2016 election, D and R votes (two-party) |")
    L.append("| `G20D`, `G20R` | integer | 2020 election, D and R votes (two-party) |")
    L.append("| `CD` | string | district `1`..`6` |")
    L.append("")
    L.append("## Edge cases built in\n")
    L.append("- The precincts form a clean polygonal coverage: neighbours share edges vertex for vertex;"
             " no gaps, no overlaps.")
    L.append("- %d precincts are MultiPolygons: a mainland part plus an offshore island (%s)."
             % (n_multi, ", ".join("%s in CD %d" % (u["id"], assign[k])
                                   for k, u in enumerate(units) if len(u["polys"]) > 1)))
    host = next(u for u in units if u["kind"] == "host")
    encl = next(u for u in units if u["kind"] == "enclave")
    L.append("- %s has a hole; the hole is exactly precinct %s (an enclave; both are in CD %s)."
             % (host["id"], encl["id"], assign[units.index(host)]))
    L.append("- Precincts in the city and the town are small (a base cell split in four).")
    L.append("- CD 1 is the city and packs the D vote (a packing gerrymander that favours R),"
             " so the efficiency gap is clearly non-zero.\n")
    L.append("## District totals (assert these in tests)\n")
    L.append("Ideal population %d / 6 = %.4f.\n" % (tot["TOTPOP"], ideal))
    L.append("| CD | precincts | TOTPOP | deviation | G16D | G16R | G16 D share | G20D | G20R | G20 D share |")
    L.append("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        L.append("| %d | %d | %d | %+.3f%% | %d | %d | %.4f | %d | %d | %.4f |" % (
            r["CD"], r["units"], r["TOTPOP"], 100 * r["dev"], r["G16D"], r["G16R"],
            r["G16D"] / (r["G16D"] + r["G16R"]), r["G20D"], r["G20R"],
            r["G20D"] / (r["G20D"] + r["G20R"])))
    L.append("| all | %d | %d | | %d | %d | %.4f | %d | %d | %.4f |\n" % (
        len(units), tot["TOTPOP"], tot["G16D"], tot["G16R"],
        tot["G16D"] / (tot["G16D"] + tot["G16R"]), tot["G20D"], tot["G20R"],
        tot["G20D"] / (tot["G20D"] + tot["G20R"])))
    for e in ("16", "20"):
        dv = [r["G%sD" % e] for r in rows]
        rv = [r["G%sR" % e] for r in rows]
        seats = sum(1 for a, b in zip(dv, rv) if a > b)
        L.append("G%s: D wins %d of 6 seats; wasted-vote efficiency gap (winner wastes votes"
                 " beyond T/2, loser all; + favours R) = %.10f." % (e, seats, eg_wasted(dv, rv)))
    L.append("")
    L.append("## Checks run by the generator\n")
    for c in checks:
        L.append("- " + c)
    L.append("")
    L.append("## Regenerate\n")
    L.append("```")
    L.append("python3 scripts/make_sample.py            # writes testdata/sample/")
    L.append("```\n")
    L.append("Needs python3 (standard library) and gdal-bin (`ogr2ogr`, `ogrinfo`). The"
             " output is deterministic for a given GDAL version (GeoPackage timestamps are pinned"
             " with `OGR_CURRENT_DATE`).")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(L) + "\n")


def sql_one(path, sql):
    """Run one SQLite-dialect query through ogrinfo and return {field: value}."""
    out = run(["ogrinfo", "-ro", "-q", path, "-dialect", "SQLite", "-sql", sql])
    vals = {}
    for line in out.splitlines():
        line = line.strip()
        if " = " in line and "(" in line.split(" = ")[0]:
            name = line.split(" ")[0]
            vals[name] = line.split(" = ", 1)[1]
    return vals


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "testdata", "sample"))
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)

    rng = random.Random(SEED)
    units = build_units(rng)
    adj = finish_geometry(units)
    add_people(rng, units)
    assign, ideal = districts(units, adj)
    rows = district_table(units, assign, ideal)
    for r in rows:
        if abs(r["dev"]) > 0.01:
            sys.exit("CD %d deviates %.3f%% from ideal" % (r["CD"], 100 * r["dev"]))

    env = dict(os.environ, OGR_CURRENT_DATE="2020-11-03T00:00:00Z")
    gj = os.path.join(out, "precincts.geojson")
    gpkg = os.path.join(out, "precincts.gpkg")
    dgpkg = os.path.join(out, "districts.gpkg")
    zpath = os.path.join(out, "precincts.zip")
    for p in (gpkg, dgpkg, zpath):
        if os.path.exists(p):
            os.remove(p)
    write_geojson(gj, units, assign)
    run(["ogr2ogr", "-f", "GPKG", gpkg, gj, "-nln", "precincts", "-nlt", "MULTIPOLYGON",
         "-lco", "SPATIAL_INDEX=YES"], env=env)
    tmp = tempfile.mkdtemp(prefix="gm_sample_")
    try:
        shp = os.path.join(tmp, "precincts.shp")
        run(["ogr2ogr", "-f", "ESRI Shapefile", shp, gj, "-nln", "precincts",
             "-lco", "ENCODING=UTF-8", "-lco", "RESIZE=YES", "-lco", "DBF_DATE_LAST_UPDATE=2020-11-03"],
            env=env)
        write_zip(zpath, [os.path.join(tmp, "precincts." + e) for e in ("shp", "shx", "dbf", "prj", "cpg")])
    finally:
        shutil.rmtree(tmp)
    run(["ogr2ogr", "-f", "GPKG", dgpkg, gpkg, "-dialect", "SQLite", "-sql",
         "SELECT CD, ST_Union(geom) AS geom FROM precincts GROUP BY CD ORDER BY CAST(CD AS INTEGER)",
         "-nln", "districts", "-nlt", "MULTIPOLYGON", "-a_srs", "EPSG:4326"], env=env)
    with open(os.path.join(out, "assignment.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("PRECINCT,CD\n")
        for k, u in enumerate(units):
            f.write("%s,%d\n" % (u["id"], assign[k]))

    # Verification with GEOS (through SpatiaLite): validity, no overlaps, no gaps.
    checks = []
    v = sql_one(gpkg, "SELECT COUNT(*) AS n, SUM(ST_IsValid(geom)) AS valid, "
                "SUM(ST_Area(geom)) AS sum_area, ST_Area(ST_Union(geom)) AS union_area, "
                "ST_NumGeometries(ST_Union(geom)) AS parts, "
                "ST_NumInteriorRing(ST_GeometryN(ST_Union(geom), 1)) AS holes FROM precincts")
    n, valid = int(v["n"]), int(v["valid"])
    sa, ua = float(v["sum_area"]), float(v["union_area"])
    if valid != n or abs(sa - ua) > 1e-9 * sa:
        sys.exit("precincts are not a clean coverage: %r" % v)
    checks.append("%d precincts, all valid (GEOS); sum of areas = area of union (%.9f deg2),"
                  " so no overlaps" % (n, ua))
    parts = int(v["parts"])
    checks.append("union of all precincts: %s parts (mainland + %d islands), mainland has %s holes,"
                  " so no gaps" % (parts, parts - 1, v["holes"]))
    w = sql_one(dgpkg, "SELECT COUNT(*) AS n, SUM(ST_IsValid(geom)) AS valid, SUM(ST_Area(geom)) AS "
                "sum_area, SUM(ST_NumInteriorRing(ST_GeometryN(geom, 1))) AS holes FROM districts")
    if int(w["n"]) != NDIST or int(w["valid"]) != NDIST or abs(float(w["sum_area"]) - ua) > 1e-9 * ua:
        sys.exit("districts do not match the precincts: %r" % w)
    checks.append("districts.gpkg: %d valid districts, sum of areas = precinct union area;"
                  " interior rings in first parts: %s" % (NDIST, w["holes"]))
    geod = sql_one(gpkg, "SELECT SUM(ST_Area(geom, 1)) AS m2 FROM precincts")
    if "m2" in geod:
        checks.append("geodesic area of the state: %.1f km2 (planar construction: %.1f km2)"
                      % (float(geod["m2"]) / 1e6, sum(u["area_km2"] for u in units)))

    write_readme(os.path.join(out, "README.md"), units, assign, ideal, rows, checks)
    for r in rows:
        print("CD %d: %3d precincts pop %7d (%+.3f%%) G16 %d/%d G20 %d/%d" % (
            r["CD"], r["units"], r["TOTPOP"], 100 * r["dev"], r["G16D"], r["G16R"], r["G20D"], r["G20R"]))
    for c in checks:
        print(c)


if __name__ == "__main__":
    main()
