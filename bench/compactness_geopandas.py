"""Reference for bench/compactness.sh: Polsby-Popper, Reock and convex-hull ratio of
every district of a layer with geopandas/shapely (Debian bookworm: geopandas 0.12,
shapely 1.8), in one equal-area CRS (EPSG:5070, CONUS Albers) for all districts.

Shapely 1.8 has no minimum bounding circle, so Reock uses Welzl's algorithm in Python
on the convex-hull vertices (as PlanScore does with its smallest-enclosing-circle
module). Usage: compactness_geopandas.py LAYER.gpkg > out.csv"""
import math
import random
import sys

import geopandas


def circle2(a, b):
    cx, cy = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    return cx, cy, math.hypot(a[0] - cx, a[1] - cy)


def circle3(a, b, c):
    bx, by, cx, cy = b[0] - a[0], b[1] - a[1], c[0] - a[0], c[1] - a[1]
    d = 2 * (bx * cy - by * cx)
    if d == 0:
        return max((circle2(a, b), circle2(a, c), circle2(b, c)), key=lambda t: t[2])
    b2, c2 = bx * bx + by * by, cx * cx + cy * cy
    ux, uy = (cy * b2 - by * c2) / d, (bx * c2 - cx * b2) / d
    return a[0] + ux, a[1] + uy, math.hypot(ux, uy)


def inside(c, p):
    return math.hypot(p[0] - c[0], p[1] - c[1]) <= c[2] * (1 + 1e-12)


def mbc_radius(pts):
    pts = list(pts)
    random.Random(1).shuffle(pts)
    c = (pts[0][0], pts[0][1], 0.0)
    for i, p in enumerate(pts):
        if inside(c, p):
            continue
        c = (p[0], p[1], 0.0)
        for j in range(i):
            if inside(c, pts[j]):
                continue
            c = circle2(p, pts[j])
            for k in range(j):
                if not inside(c, pts[k]):
                    c = circle3(p, pts[j], pts[k])
    return c[2]


def main():
    df = geopandas.read_file(sys.argv[1]).to_crs(5070)
    area = df.geometry.area
    perim = df.geometry.length
    hull = df.geometry.convex_hull
    print("district,polsby_popper,reock,convex_hull")
    for i, g in enumerate(df.geometry):
        pp = 4 * math.pi * area[i] / perim[i] ** 2
        h = hull.iloc[i]
        r = mbc_radius(h.exterior.coords[:-1])
        print(f"{df['CODE'][i]},{pp:.10f},{area[i] / (math.pi * r * r):.10f},{area[i] / h.area:.10f}")


main()
