/* map.c: the report's geography of one plan: its districts dissolved once, then the
 * map's outlines and the compactness table both from them.
 *
 * 1. Dissolve: the engine's one dissolve (geo/dissolve.c, gmi_dissolve: GEOS coverage
 *    union checked against the units' area, else the general unary union), the one
 *    `score --compactness` uses. Unit geometry is already in the working Lambert
 *    azimuthal equal-area CRS (metres).
 * 2. Simplify the borders once for the whole plan: the district boundaries are noded
 *    and merged into lines running from one junction of three districts to the next,
 *    simplified together with GEOS TopologyPreserveSimplify (no line may cross
 *    another), and polygonised back into faces. A border shared by two districts is
 *    therefore drawn from the same simplified line on both sides: no slivers or gaps.
 *    Each face goes to the district that contains a point inside it. A district that
 *    gets no face (never seen, but possible with degenerate input) is simplified on its
 *    own instead.
 * 3. Project to SVG units: x right, y down, scaled to the requested width (height at
 *    most the width), coordinates rounded to 0.1 unit; the tolerance is half a unit,
 *    below what a reader can see at 100 %.
 * Labels sit at the centre of the district's largest inscribed circle. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "compact/compact.h"
#include "geo/geo.h"

#define MAP_MARGIN     6.0 /* SVG units around the drawing */
#define MAP_MAX_ASPECT 1.0 /* height at most the width: tall states get narrower */
#define MAP_TOL_UNITS  0.5 /* simplification tolerance, in SVG units */

/* Transform from working CRS metres to SVG units. */
typedef struct xform {
    double x0, y1; /* left and top edge, metres */
    double scale;  /* SVG units per metre */
} xform;

/* Append one coordinate ("12.3", "-4", ...) rounded to 0.1 unit. */
static void add_coord(gmi_sbuf *b, long tenths)
{
    char t[32];
    long a = tenths < 0 ? -tenths : tenths;
    int n = a % 10 ? snprintf(t, sizeof t, "%s%ld.%ld", tenths < 0 ? "-" : "", a / 10, a % 10)
                   : snprintf(t, sizeof t, "%s%ld", tenths < 0 ? "-" : "", a / 10);
    gmi_sbuf_add(b, t, (size_t)n);
}

/* Smallest rings drawn, in square SVG units: an outer ring below a quarter of a unit,
 * or a hole below two units (the gaps between imperfectly matched units), would not be
 * visible and only add bytes. */
#define MIN_SHELL_AREA 0.25
#define MIN_HOLE_AREA  2.0

/* Append one ring as "M x y x y ... Z", dropping points that round onto the previous
 * one. Rings that collapse to fewer than 3 points or enclose less than min_area (square
 * SVG units, shoelace formula on the rounded points) are skipped. */
static int ring_path(GEOSContextHandle_t h, const GEOSGeometry *ring, const xform *X, gmi_sbuf *b,
                     size_t *vertices, double min_area)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) || n < 4) return 0;
    long *px = malloc(2 * (size_t)n * sizeof *px);
    if (!px) return -1;
    size_t m = 0;
    for (unsigned int i = 0; i + 1 < n; i++) { /* the closing point repeats the first */
        double x, y;
        GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
        long tx = lround(((x - X->x0) * X->scale + MAP_MARGIN) * 10.0);
        long ty = lround(((X->y1 - y) * X->scale + MAP_MARGIN) * 10.0);
        if (m && px[2 * (m - 1)] == tx && px[2 * (m - 1) + 1] == ty) continue;
        px[2 * m] = tx;
        px[2 * m + 1] = ty;
        m++;
    }
    double a2 = 0; /* twice the signed area, in (tenths of a unit)^2 */
    for (size_t i = 0; i < m; i++) {
        size_t j = (i + 1) % m;
        a2 += (double)px[2 * i] * (double)px[2 * j + 1] - (double)px[2 * j] * (double)px[2 * i + 1];
    }
    if (m >= 3 && fabs(a2) / 200.0 >= min_area) {
        for (size_t i = 0; i < m; i++) {
            gmi_sbuf_add(b, i ? " " : "M", 1);
            add_coord(b, px[2 * i]);
            gmi_sbuf_add(b, " ", 1);
            add_coord(b, px[2 * i + 1]);
        }
        gmi_sbuf_add(b, "Z", 1);
        *vertices += m;
    }
    free(px);
    return 0;
}

/* Append every polygon ring of g (Polygon, MultiPolygon or a collection of them). */
static int geom_path(GEOSContextHandle_t h, const GEOSGeometry *g, const xform *X, gmi_sbuf *b,
                     size_t *vertices)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        size_t before = b->len;
        if (ring_path(h, GEOSGetExteriorRing_r(h, g), X, b, vertices, MIN_SHELL_AREA)) return -1;
        if (b->len == before) return 0; /* shell too small to see: skip its holes too */
        int nh = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < nh; i++)
            if (ring_path(h, GEOSGetInteriorRingN_r(h, g, i), X, b, vertices, MIN_HOLE_AREA))
                return -1;
        return 0;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++)
            if (geom_path(h, GEOSGetGeometryN_r(h, g, i), X, b, vertices)) return -1;
    }
    return 0; /* points and lines have no area to fill */
}

/* Simplified faces of the whole plan (see the file comment). Returns the polygonised
 * collection (caller destroys) and fills face_of[d] lists through owner[]: owner[f] is
 * the district of face f, or -1. NULL when any step fails (the caller falls back). */
static GEOSGeometry *simplified_faces(gmi_geo *G, GEOSGeometry *const *dist, size_t k, double tol,
                                      long **owner_out)
{
    GEOSContextHandle_t h = G->h;
    GEOSGeometry *all = NULL, *noded = NULL, *merged = NULL, *simp = NULL, *faces = NULL;
    GEOSGeometry **bnd = calloc(k ? k : 1, sizeof *bnd);
    const GEOSPreparedGeometry **prep = calloc(k ? k : 1, sizeof *prep);
    long *owner = NULL;
    size_t nb = 0;
    bool ok = false;
    if (!bnd || !prep) goto done;
    for (size_t d = 0; d < k; d++) {
        if (!dist[d]) continue;
        GEOSGeometry *b = GEOSBoundary_r(h, dist[d]);
        if (!b) goto done;
        bnd[nb++] = b;
    }
    all = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, bnd, (unsigned)nb);
    if (!all) goto done;
    nb = 0; /* owned by `all` now */
    if (!(noded = GEOSUnaryUnion_r(h, all))) goto done;
    if (!(merged = GEOSLineMerge_r(h, noded))) goto done;
    if (!(simp = GEOSTopologyPreserveSimplify_r(h, merged, tol))) goto done;
    /* Simplified lines can still touch or cross where two borders run closer than the
     * tolerance (slivers between units); node them again so polygonize sees every face. */
    GEOSGeometry *renoded = GEOSUnaryUnion_r(h, simp);
    if (!renoded) goto done;
    GEOSGeom_destroy_r(h, simp);
    simp = renoded;
    const GEOSGeometry *in[1] = {simp};
    if (!(faces = GEOSPolygonize_r(h, in, 1))) goto done;
    int nf = GEOSGetNumGeometries_r(h, faces);
    owner = malloc((size_t)(nf > 0 ? nf : 1) * sizeof *owner);
    if (!owner) goto done;
    for (size_t d = 0; d < k; d++)
        if (dist[d]) prep[d] = GEOSPrepare_r(h, dist[d]);
    for (int f = 0; f < nf; f++) {
        owner[f] = -1;
        GEOSGeometry *pt = GEOSPointOnSurface_r(h, GEOSGetGeometryN_r(h, faces, f));
        if (!pt) continue;
        for (size_t d = 0; d < k; d++)
            if (prep[d] && GEOSPreparedContains_r(h, prep[d], pt) == 1) {
                owner[f] = (long)d;
                break;
            }
        GEOSGeom_destroy_r(h, pt);
    }
    ok = true;
done:
    for (size_t d = 0; d < k && prep; d++)
        if (prep[d]) GEOSPreparedGeom_destroy_r(h, prep[d]);
    free(prep);
    for (size_t i = 0; i < nb; i++) GEOSGeom_destroy_r(h, bnd[i]);
    free(bnd);
    if (simp) GEOSGeom_destroy_r(h, simp);
    if (merged) GEOSGeom_destroy_r(h, merged);
    if (noded) GEOSGeom_destroy_r(h, noded);
    if (all) GEOSGeom_destroy_r(h, all);
    if (!ok) {
        if (faces) GEOSGeom_destroy_r(h, faces);
        free(owner);
        return NULL;
    }
    *owner_out = owner;
    return faces;
}

double gmi_label_font(const gmi_map *m, size_t d, const char *label)
{
    /* A label of n characters is about 0.62 n em wide; it must fit the inscribed
     * circle's diameter, at 13 units at most and 6 at least. */
    double len = (double)strlen(label);
    double fs = fmin(13.0, m->lw[d] / (0.62 * (len > 1 ? len : 1.5)));
    return fs >= 6.0 ? fs : 0.0;
}

/* Draw geoms[0..k) (NULL = nothing to draw) into view m under X with tolerance tol:
 * path data, label anchors and sizes. m's arrays are allocated here. */
static gm_status draw_view(gmi_geo *G, GEOSGeometry *const *geoms, size_t k, const xform *X,
                           double tol, gmi_map *m, gm_error *err)
{
    GEOSContextHandle_t h = G->h;
    GEOSGeometry *faces = NULL;
    long *owner = NULL;
    gmi_sbuf *paths = calloc(k ? k : 1, sizeof *paths);
    bool *has_face = calloc(k ? k : 1, sizeof *has_face);
    gm_status rc = GM_OK;
    m->d = calloc(k ? k : 1, sizeof *m->d);
    m->lx = calloc(k ? k : 1, sizeof *m->lx);
    m->ly = calloc(k ? k : 1, sizeof *m->ly);
    m->lw = calloc(k ? k : 1, sizeof *m->lw);
    m->tol_m = tol;
    if (!paths || !has_face || !m->d || !m->lx || !m->ly || !m->lw) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory (map)");
        goto done;
    }
    faces = simplified_faces(G, geoms, k, tol, &owner);
    if (faces) {
        m->coverage = true;
        int nf = GEOSGetNumGeometries_r(h, faces);
        for (int f = 0; f < nf; f++) {
            if (owner[f] < 0) continue; /* a hole no unit covers (lake, gap) */
            size_t d = (size_t)owner[f];
            has_face[d] = true;
            if (geom_path(h, GEOSGetGeometryN_r(h, faces, f), X, &paths[d], &m->vertices)) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory (map)");
                goto done;
            }
        }
    }
    for (size_t d = 0; d < k; d++) {
        if (!geoms[d]) continue;
        if (!has_face[d]) {
            /* Fallback: this district alone, its borders simplified independently. */
            GEOSGeometry *s = GEOSTopologyPreserveSimplify_r(h, geoms[d], tol);
            if (s) {
                geom_path(h, s, X, &paths[d], &m->vertices);
                GEOSGeom_destroy_r(h, s);
            }
            m->coverage = false;
        }
        /* Label at the centre of the largest inscribed circle (pole of inaccessibility),
         * found to within a tenth of the district's smaller extent, and never finer
         * than the drawing tolerance. */
        double a, b, c, e;
        GEOSGeom_getExtent_r(h, geoms[d], &a, &b, &c, &e);
        double mtol = fmax(fmin(c - a, e - b) / 10.0, tol);
        GEOSGeometry *mic = GEOSMaximumInscribedCircle_r(h, geoms[d], mtol);
        double cx = (a + c) / 2, cy = (b + e) / 2, rad = 0;
        if (mic) {
            const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, mic);
            double ex, ey;
            if (cs && GEOSCoordSeq_getXY_r(h, cs, 0, &cx, &cy) &&
                GEOSCoordSeq_getXY_r(h, cs, 1, &ex, &ey))
                rad = hypot(ex - cx, ey - cy);
            GEOSGeom_destroy_r(h, mic);
        }
        m->lx[d] = (cx - X->x0) * X->scale + MAP_MARGIN;
        m->ly[d] = (X->y1 - cy) * X->scale + MAP_MARGIN;
        m->lw[d] = 2 * rad * X->scale;
    }
    for (size_t d = 0; d < k; d++) {
        if (paths[d].oom) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory (map)");
            goto done;
        }
        m->d[d] = gmi_sbuf_take(&paths[d]); /* NULL when nothing was drawn: no area */
    }
done:
    for (size_t d = 0; d < k && paths; d++) gmi_sbuf_free(&paths[d]);
    free(paths);
    free(has_face);
    if (faces) GEOSGeom_destroy_r(h, faces);
    free(owner);
    return rc;
}

/* Inset of the densest area. Districts too small to label on the main map are
 * "crowded"; when there are at least INSET_MIN of them, a square window is centred on
 * the crowded district whose window holds the most crowded label points. The window is
 * the smallest of 1/12, 1/9 and 1/6 of the map's larger side that holds 70 % of the
 * crowded districts (else 1/6), and is drawn again, 480 units wide, from the districts
 * clipped to it (borders simplified at the inset's own scale). */
#define INSET_MIN 3
#define INSET_PX  480.0

/* Best window centre for a square of `side` units: the crowded label point whose
 * window holds the most crowded label points. Returns that count. */
static size_t best_window(const gmi_map *m, const gm_plan *p, double side, double *bx, double *by)
{
    size_t best = 0, k = p->k;
    for (size_t c = 0; c < k; c++) {
        if (!m->d[c] || gmi_label_font(m, c, p->label[c]) != 0.0) continue;
        size_t n = 0;
        for (size_t d = 0; d < k; d++)
            n += m->d[d] && gmi_label_font(m, d, p->label[d]) == 0.0 &&
                 fabs(m->lx[d] - m->lx[c]) <= side / 2 && fabs(m->ly[d] - m->ly[c]) <= side / 2;
        if (n > best) {
            best = n;
            *bx = m->lx[c];
            *by = m->ly[c];
        }
    }
    return best;
}

static gm_status build_inset(gmi_geo *G, GEOSGeometry *const *dist, const gm_plan *p,
                             const xform *X, gmi_map *m, gm_error *err)
{
    size_t k = p->k, nc = 0;
    for (size_t d = 0; d < k; d++) nc += m->d[d] && gmi_label_font(m, d, p->label[d]) == 0.0;
    if (nc < INSET_MIN) return GM_OK;
    static const double fractions[3] = {12.0, 9.0, 6.0};
    double side = 0, best_x = 0, best_y = 0; /* main-map units */
    size_t best = 0;
    for (int i = 0; i < 3; i++) {
        side = fmax(m->w, m->h) / fractions[i];
        best = best_window(m, p, side, &best_x, &best_y);
        if ((double)best >= 0.7 * (double)nc) break;
    }
    if (best < INSET_MIN) return GM_OK;
    /* Window in main-map units, kept inside the drawing, then in metres. */
    double ux0 = fmin(fmax(best_x - side / 2, 0), fmax(m->w - side, 0));
    double uy0 = fmin(fmax(best_y - side / 2, 0), fmax(m->h - side, 0));
    m->ix0 = ux0;
    m->iy0 = uy0;
    m->iside = side;
    double wx0 = X->x0 + (ux0 - MAP_MARGIN) / X->scale, wy1 = X->y1 - (uy0 - MAP_MARGIN) / X->scale;
    double wm = side / X->scale, wx1 = wx0 + wm, wy0 = wy1 - wm;
    GEOSContextHandle_t h = G->h;
    GEOSGeometry **clip = calloc(k, sizeof *clip);
    gm_status rc = GM_OK;
    if (!clip) return gm_fail(err, GM_E_NOMEM, "out of memory (map inset)");
    for (size_t d = 0; d < k; d++) {
        double a, b, c, e;
        if (!dist[d] || !GEOSGeom_getExtent_r(h, dist[d], &a, &b, &c, &e)) continue;
        if (c < wx0 || a > wx1 || e < wy0 || b > wy1) continue;
        GEOSGeometry *g = GEOSClipByRect_r(h, dist[d], wx0, wy0, wx1, wy1);
        double area = 0;
        if (g && (GEOSisEmpty_r(h, g) == 1 || !GEOSArea_r(h, g, &area) || area <= 0)) {
            GEOSGeom_destroy_r(h, g);
            g = NULL;
        }
        clip[d] = g;
    }
    m->inset = calloc(1, sizeof *m->inset);
    if (!m->inset) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory (map inset)");
        goto done;
    }
    double scale = (INSET_PX - 2 * MAP_MARGIN) / wm;
    xform XI = {wx0, wy1, scale};
    m->inset->w = m->inset->h = INSET_PX;
    rc = draw_view(G, clip, k, &XI, MAP_TOL_UNITS / scale, m->inset, err);
done:
    for (size_t d = 0; d < k; d++)
        if (clip[d]) GEOSGeom_destroy_r(h, clip[d]);
    free(clip);
    return rc;
}

/* Outlines of the dissolved districts dist[0..k) (gmi_dissolve; an empty district has
 * nothing to draw), borders simplified once, in SVG units for a map width_px wide. */
static gm_status map_build(gmi_geo *G, GEOSGeometry *const *dissolved, const gm_plan *p,
                           double width_px, gmi_map *m, gm_error *err)
{
    memset(m, 0, sizeof *m);
    size_t k = p->k;
    GEOSContextHandle_t h = G->h;
    GEOSGeometry **dist = calloc(k ? k : 1, sizeof *dist); /* borrowed; NULL = no area */
    gm_status rc = GM_OK;
    if (!dist) return gm_fail(err, GM_E_NOMEM, "out of memory (map)");
    for (size_t d = 0; d < k; d++)
        if (GEOSisEmpty_r(h, dissolved[d]) == 0) dist[d] = dissolved[d];

    /* Extent of the plan, metres. */
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t d = 0; d < k; d++) {
        double a, b, c, e;
        if (!dist[d] || !GEOSGeom_getExtent_r(h, dist[d], &a, &b, &c, &e)) continue;
        x0 = fmin(x0, a);
        y0 = fmin(y0, b);
        x1 = fmax(x1, c);
        y1 = fmax(y1, e);
    }
    if (!(x1 > x0) || !(y1 > y0)) {
        rc = gm_fail(err, GM_E_GEOM, "the plan's districts have no area to draw");
        goto done;
    }
    double W = width_px > 0 ? width_px : 640.0;
    double inner = W - 2 * MAP_MARGIN;
    double scale = inner / (x1 - x0);
    if ((y1 - y0) * scale > MAP_MAX_ASPECT * inner) scale = MAP_MAX_ASPECT * inner / (y1 - y0);
    xform X = {x0, y1, scale};
    m->w = (x1 - x0) * scale + 2 * MAP_MARGIN;
    m->h = (y1 - y0) * scale + 2 * MAP_MARGIN;
    if ((rc = draw_view(G, dist, k, &X, MAP_TOL_UNITS / scale, m, err)) != GM_OK) goto done;
    rc = build_inset(G, dist, p, &X, m, err);
done:
    free(dist);
    return rc;
}

void gmi_rplan_geography(gmi_rplan *r, double map_px)
{
    size_t k = r->p->k;
    gmi_geo *geo = &r->u->geom->ctx;
    GEOSGeometry **dist = NULL;
    gm_dissolve_report rep;
    gm_error gerr;
    gm_error_clear(&gerr);
    if (gmi_dissolve(geo, r->u->geom->g, r->u->n, r->p->district, k, r->p->label, &dist, &rep,
                     &gerr) != GM_OK) {
        snprintf(r->geo_note, sizeof r->geo_note,
                 "the districts could not be dissolved, so there is no map or compactness: %s",
                 gerr.msg);
        return;
    }
    if (map_build(geo, dist, r->p, map_px, &r->map, &gerr) == GM_OK) {
        r->have_map = true;
    } else {
        /* A map that cannot be drawn should not cost the reader the numbers. */
        snprintf(r->geo_note, sizeof r->geo_note, "the map could not be drawn: %s", gerr.msg);
        gmi_map_free(&r->map, k);
    }
    /* Compactness of the same districts, default (geodesic) convention. */
    gm_compact_opts co;
    gm_compact_opts_init(&co);
    co.graph = r->graph; /* the model's, when built (NULL: compactness builds it) */
    gm_error_clear(&gerr);
    if (gmi_compact_from_dissolved(r->u, r->p, &co, dist, &rep, &r->cp, &gerr) != GM_OK) {
        size_t l = strlen(r->geo_note);
        snprintf(r->geo_note + l, sizeof r->geo_note - l, "%scompactness could not be measured: %s",
                 l ? "; " : "", gerr.msg);
        r->cp = NULL;
    }
    if (r->cp) gm_warnings_merge(&r->warnings, &r->cp->warnings); /* lost only without memory */
    gmi_dissolve_free(geo, dist, k);
}

void gmi_map_free(gmi_map *m, size_t k)
{
    if (m->inset) {
        gmi_map_free(m->inset, k);
        free(m->inset);
    }
    if (m->d)
        for (size_t d = 0; d < k; d++) free(m->d[d]);
    free(m->d);
    free(m->lx);
    free(m->ly);
    free(m->lw);
    memset(m, 0, sizeof *m);
}
