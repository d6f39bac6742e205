/* compact_rect.c: the minimum-area enclosing rectangle of a convex polygon.
 *
 * Freeman & Shapira (1975): the minimum-area rectangle has a side collinear with an
 * edge of the convex hull. Rotating calipers (Toussaint 1983) visit every hull edge
 * in O(n): for each edge, three pointers track the vertices extreme along the edge
 * direction (both ways) and along its inward normal; each only ever moves forward.
 *
 * GEOSMinimumRotatedRectangle_r is not used: in GEOS 3.11 it returns the rectangle of
 * minimum *width*, which is not always the one of minimum area (fixed in GEOS 3.12). */
#include "compact/compact.h"

#include <math.h>

static double dot(const double *xy, size_t i, double ux, double uy)
{
    return xy[2 * i] * ux + xy[2 * i + 1] * uy;
}

void gmi_min_rect(const double *xy, size_t n, double *width, double *length, double *corners)
{
    if (corners)
        for (int i = 0; i < 8; i++)
            corners[i] = n ? xy[i % 2] : 0;
    *width = 0;
    *length = 0;
    if (n < 2) return;
    if (n == 2) {
        *length = hypot(xy[2] - xy[0], xy[3] - xy[1]);
        return;
    }
    double best = INFINITY;
    size_t top = 0, right = 0, left = 0;
    bool started = false;
    for (size_t i = 0; i < n; i++) {
        size_t i1 = (i + 1) % n;
        double ex = xy[2 * i1] - xy[2 * i], ey = xy[2 * i1 + 1] - xy[2 * i + 1];
        double L = hypot(ex, ey);
        if (L == 0) continue;
        double ux = ex / L, uy = ey / L, nx = -uy, ny = ux; /* inward normal (CCW) */
        if (!started) { /* first edge: place the calipers by a full scan */
            for (size_t j = 0; j < n; j++) {
                if (dot(xy, j, nx, ny) > dot(xy, top, nx, ny)) top = j;
                if (dot(xy, j, ux, uy) > dot(xy, right, ux, uy)) right = j;
                if (dot(xy, j, ux, uy) < dot(xy, left, ux, uy)) left = j;
            }
            started = true;
        } else {
            for (size_t s = 0; s < n && dot(xy, (top + 1) % n, nx, ny) > dot(xy, top, nx, ny); s++)
                top = (top + 1) % n;
            for (size_t s = 0; s < n && dot(xy, (right + 1) % n, ux, uy) > dot(xy, right, ux, uy);
                 s++)
                right = (right + 1) % n;
            for (size_t s = 0; s < n && dot(xy, (left + 1) % n, ux, uy) < dot(xy, left, ux, uy);
                 s++)
                left = (left + 1) % n;
        }
        double h = dot(xy, top, nx, ny) - dot(xy, i, nx, ny);
        double w = dot(xy, right, ux, uy) - dot(xy, left, ux, uy);
        if (h * w < best) {
            best = h * w;
            *width = fmin(h, w);
            *length = fmax(h, w);
            if (corners) { /* u-range [ul, ur] x n-range [n0, n0 + h], counter-clockwise */
                double ul = dot(xy, left, ux, uy), ur = dot(xy, right, ux, uy);
                double n0 = dot(xy, i, nx, ny), n1 = n0 + h;
                double a[4][2] = {{ul, n0}, {ur, n0}, {ur, n1}, {ul, n1}};
                for (int c = 0; c < 4; c++) {
                    corners[2 * c] = a[c][0] * ux + a[c][1] * nx;
                    corners[2 * c + 1] = a[c][0] * uy + a[c][1] * ny;
                }
            }
        }
    }
}
