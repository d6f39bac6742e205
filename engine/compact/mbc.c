/* mbc.c: the exact minimum bounding (enclosing) circle of planar points.
 *
 * Welzl's algorithm (Welzl 1991) in its iterative form: points are visited in a
 * shuffled order and the circle is rebuilt from 1, 2 or 3 boundary points each time a
 * point falls outside. Expected time is linear. The result is the true circle: its
 * radius is exact up to rounding, unlike the 32-sided polygon that
 * GEOSMinimumBoundingCircle_r returns for display (GEOS's radius is exact too, but a
 * Reock taken on the polygon's area is 0.64% too high; see docs/metrics.md).
 *
 * Callers pass convex-hull vertices: the circle of a set equals the circle of its hull,
 * and the hull is much smaller than the boundary. */
#include "compact/compact.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct circ {
    double x, y, r;
} circ;

/* Containment with a relative tolerance, so points on the circle (which define it)
 * do not trigger a rebuild through rounding. */
static bool inside(const circ *c, double px, double py, double eps)
{
    return hypot(px - c->x, py - c->y) <= c->r + eps;
}

static circ circle2(double ax, double ay, double bx, double by)
{
    circ c = {(ax + bx) / 2, (ay + by) / 2, hypot(ax - bx, ay - by) / 2};
    return c;
}

/* Circumcircle of three points; for (nearly) collinear points, the circle on the
 * farthest pair, which then contains the third. */
static circ circle3(double ax, double ay, double bx, double by, double cx, double cy)
{
    double bxr = bx - ax, byr = by - ay, cxr = cx - ax, cyr = cy - ay;
    double d = 2 * (bxr * cyr - byr * cxr);
    double scale = fmax(fmax(fabs(bxr), fabs(byr)), fmax(fabs(cxr), fabs(cyr)));
    if (fabs(d) <= 1e-14 * scale * scale) {
        circ c1 = circle2(ax, ay, bx, by), c2 = circle2(ax, ay, cx, cy),
             c3 = circle2(bx, by, cx, cy);
        circ best = c1;
        if (c2.r > best.r) best = c2;
        if (c3.r > best.r) best = c3;
        return best;
    }
    double b2 = bxr * bxr + byr * byr, c2 = cxr * cxr + cyr * cyr;
    double ux = (cyr * b2 - byr * c2) / d, uy = (bxr * c2 - cxr * b2) / d;
    circ c = {ax + ux, ay + uy, hypot(ux, uy)};
    return c;
}

int gmi_mbc(const double *xy, size_t n, double *cx, double *cy, double *r)
{
    *cx = *cy = *r = 0;
    if (n == 0) return 0;
    double *p = malloc(2 * n * sizeof *p);
    if (!p) return -1;
    /* Work relative to the first point: keeps the circumcircle arithmetic well
     * conditioned for projected coordinates in the millions. */
    double ox = xy[0], oy = xy[1], ext = 0;
    for (size_t i = 0; i < n; i++) {
        p[2 * i] = xy[2 * i] - ox;
        p[2 * i + 1] = xy[2 * i + 1] - oy;
        ext = fmax(ext, fmax(fabs(p[2 * i]), fabs(p[2 * i + 1])));
    }
    double eps = 1e-12 * (ext > 0 ? ext : 1);
    /* Deterministic shuffle (xorshift64): same input, same circle, same run time. Not
     * the engine's generator (core/rng.h) on purpose: the visiting order decides the
     * last bits of the circle, and so of every published Reock value. A shuffle for run
     * time needs no statistical quality, so the small modulo bias does no harm. */
    uint64_t s = 0x9E3779B97F4A7C15ull;
    for (size_t i = n - 1; i > 0; i--) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        size_t j = (size_t)(s % (uint64_t)(i + 1));
        double tx = p[2 * i], ty = p[2 * i + 1];
        p[2 * i] = p[2 * j];
        p[2 * i + 1] = p[2 * j + 1];
        p[2 * j] = tx;
        p[2 * j + 1] = ty;
    }
    circ c = {p[0], p[1], 0};
    for (size_t i = 1; i < n; i++) {
        if (inside(&c, p[2 * i], p[2 * i + 1], eps)) continue;
        c.x = p[2 * i];
        c.y = p[2 * i + 1];
        c.r = 0;
        for (size_t j = 0; j < i; j++) {
            if (inside(&c, p[2 * j], p[2 * j + 1], eps)) continue;
            c = circle2(p[2 * i], p[2 * i + 1], p[2 * j], p[2 * j + 1]);
            for (size_t k = 0; k < j; k++) {
                if (inside(&c, p[2 * k], p[2 * k + 1], eps)) continue;
                c = circle3(p[2 * i], p[2 * i + 1], p[2 * j], p[2 * j + 1], p[2 * k], p[2 * k + 1]);
            }
        }
    }
    free(p);
    *cx = c.x + ox;
    *cy = c.y + oy;
    *r = c.r;
    return 0;
}
