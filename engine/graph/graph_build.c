/* graph_build.c: unit adjacency from geometry by hashing boundary segments.
 *
 * Units of a real coverage (precincts, blocks) are cut from one topology, so two
 * neighbours carry the same vertices along their common boundary. Every ring segment
 * is keyed by its two (deduplicated) end vertices; a key met from two units is shared
 * boundary of those units, a key met once is boundary with the outside (or with a
 * neighbour whose vertices do not match, which the GEOS pass in graph_snap.c finds).
 * This is linear in the number of vertices, against GerryChain's pairwise
 * shapely intersections.
 *
 * Lengths: every distinct vertex is inverse-projected once from the working LAEA to
 * longitude/latitude (PROJ), and every distinct segment is measured once on the WGS84
 * ellipsoid (seg_len_m below). Areas come from GEOS in the equal-area working CRS. */
#include "graph/graph_int.h"

#include <geodesic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/constants.h"
#include "core/rng.h"

static uint64_t dbits(double d)
{
    uint64_t b;
    if (d == 0.0) d = 0.0; /* -0.0 and 0.0 are the same point */
    memcpy(&b, &d, sizeof b);
    return b;
}

static size_t pow2_at_least(size_t n)
{
    size_t c = 16;
    while (c < n) c <<= 1;
    return c;
}

/* Rings of all units, flattened: xy interleaved, ring r spans points
 * ring_off[r]..ring_off[r+1] (closed: first point repeated last). */
typedef struct rings {
    double *xy;
    size_t n_pts, cap_pts;
    size_t *ring_off;
    uint32_t *ring_unit;
    size_t n_rings, cap_rings;
} rings;

static int rings_add(rings *R, GEOSContextHandle_t h, const GEOSGeometry *ring, uint32_t unit)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int sz = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &sz)) return -1;
    if (sz < 2) return 0;
    if (R->n_pts + sz > R->cap_pts) {
        size_t c = R->cap_pts ? R->cap_pts : 1 << 16;
        while (c < R->n_pts + sz) c *= 2;
        void *t = realloc(R->xy, 2 * c * sizeof *R->xy);
        if (!t) return -1;
        R->xy = t;
        R->cap_pts = c;
    }
    if (R->n_rings + 2 > R->cap_rings) {
        size_t c = R->cap_rings ? 2 * R->cap_rings : 4096;
        void *t1 = realloc(R->ring_off, c * sizeof *R->ring_off);
        if (t1) R->ring_off = t1;
        void *t2 = realloc(R->ring_unit, c * sizeof *R->ring_unit);
        if (t2) R->ring_unit = t2;
        if (!t1 || !t2) return -1;
        R->cap_rings = c;
    }
    if (!GEOSCoordSeq_copyToBuffer_r(h, cs, R->xy + 2 * R->n_pts, 0, 0)) return -1;
    R->ring_off[R->n_rings] = R->n_pts;
    R->ring_unit[R->n_rings] = unit;
    R->n_rings++;
    R->n_pts += sz;
    R->ring_off[R->n_rings] = R->n_pts;
    return 0;
}

/* Every ring of a polygonal geometry (repaired geometries may be collections). */
static int collect(rings *R, GEOSContextHandle_t h, const GEOSGeometry *g, uint32_t unit)
{
    int t = GEOSGeomTypeId_r(h, g);
    if (t == GEOS_POLYGON) {
        if (GEOSisEmpty_r(h, g) == 1) return 0;
        if (rings_add(R, h, GEOSGetExteriorRing_r(h, g), unit)) return -1;
        int nh = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < nh; i++)
            if (rings_add(R, h, GEOSGetInteriorRingN_r(h, g, i), unit)) return -1;
        return 0;
    }
    if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++)
            if (collect(R, h, GEOSGetGeometryN_r(h, g, i), unit)) return -1;
    }
    return 0; /* points and lines left by a repair have no area and no boundary */
}

gm_status gmi_lonlat_proj(gmi_geo *ctx, double lon0, double lat0, PJ **out, gm_error *err)
{
    char def[GMI_LAEA_DEF_MAX];
    /* The definition the geometries were put through, so the inverse undoes exactly it. */
    gmi_laea_def(def, sizeof def, lon0, lat0, GMI_LAEA_WORKING);
    *out = proj_create(ctx->pj, def);
    if (!*out)
        return gm_fail(err, GM_E_CRS, "cannot create the inverse working projection: %s",
                       ctx->proj_msg);
    return GM_OK;
}

/* WGS84 ellipsoid (a, f) and the derived constants of the short-segment formula. */
#define WGS84_A 6378137.0
#define WGS84_F (1.0 / 298.257223563)
/* Segments shorter than this (metres, rough planar estimate) use the mid-latitude
 * ellipsoidal formula; its relative error is below (L/R)^2 ~ 6e-9 at 500 m. */
#define SHORT_SEG_M 500.0

/* Geodesic length of a segment between two lon/lat points (radians).
 * Short segments: length = sqrt((M dphi)^2 + (N cos(phi_m) dlambda)^2) with M, N the
 * meridional and prime-vertical radii of curvature at the mid-latitude phi_m; this is the
 * ellipsoid's local metric, exact to second order. Longer segments: GeographicLib. */
double gmi_seg_len_m(const struct geod_geodesic *G, double lon1, double lat1, double lon2,
                     double lat2)
{
    const double e2 = WGS84_F * (2.0 - WGS84_F);
    double phim = 0.5 * (lat1 + lat2);
    double s = sin(phim), c = cos(phim);
    double w2 = 1.0 - e2 * s * s;
    double N = WGS84_A / sqrt(w2);
    double M = WGS84_A * (1.0 - e2) / (w2 * sqrt(w2));
    double dy = M * (lat2 - lat1), dx = N * c * (lon2 - lon1);
    double l = sqrt(dx * dx + dy * dy);
    if (l < SHORT_SEG_M) return l;
    double s12 = 0;
    geod_inverse(G, gmi_rad2deg(lat1), gmi_rad2deg(lon1), gmi_rad2deg(lat2), gmi_rad2deg(lon2),
                 &s12, NULL, NULL);
    return s12;
}

/* Segment table slot. */
typedef struct seg_slot {
    uint64_t key;   /* (vid_lo << 32 | vid_hi) + 1; 0 = empty */
    uint32_t unit;  /* first unit seen with this segment */
    uint32_t state; /* 1 = seen once, 2 = shared by two units, 3 = repeated in one unit */
    double len_m;   /* geodesic length */
} seg_slot;

gm_status gm_graph_build(const gm_units *u, const gm_graph_opts *opts, gm_graph **out,
                         gm_error *err)
{
    gm_graph_opts def;
    if (!opts) {
        gm_graph_opts_init(&def);
        opts = &def;
    }
    *out = NULL;
    if (!u->geom || u->geom->n != u->n)
        return gm_fail(err, GM_E_ARG, "the adjacency graph needs the units' geometry; load "
                                      "the units with geometry");
    if (u->n >= UINT32_MAX)
        return gm_fail(err, GM_E_ARG, "%zu units: the graph supports fewer than 2^32", u->n);
    gm_geoms *G = u->geom;
    GEOSContextHandle_t h = G->ctx.h;
    gm_status rc = GM_OK;
    rings R;
    memset(&R, 0, sizeof R);
    uint32_t *vslot = NULL, *pv = NULL;
    double *ux = NULL, *uy = NULL;
    seg_slot *st = NULL;
    PJ *inv = NULL;
    gmi_pair_buf pairs;
    memset(&pairs, 0, sizeof pairs);
    uint64_t *vk = NULL;
    double *px = NULL, *py = NULL;
    gmi_open_segs os;
    memset(&os, 0, sizeof os);
    size_t n = u->n;

    gm_graph *g = calloc(1, sizeof *g);
    if (!g) return gm_fail(err, GM_E_NOMEM, "out of memory");
    g->n = n;
    g->queen = opts->queen;
    gm_units_order(u, &g->order);
    if (u->id_field && !(g->id_field = strdup(u->id_field))) goto nomem;
    g->area_m2 = calloc(n ? n : 1, sizeof *g->area_m2);
    g->ext_len_m = calloc(n ? n : 1, sizeof *g->ext_len_m);
    g->perim_m = calloc(n ? n : 1, sizeof *g->perim_m);
    g->id = calloc(n ? n : 1, sizeof *g->id);
    if (!g->area_m2 || !g->ext_len_m || !g->perim_m || !g->id) goto nomem;
    for (size_t i = 0; i < n; i++) {
        if (!(g->id[i] = strdup(u->id[i]))) goto nomem;
        if (!GEOSArea_r(h, G->g[i], &g->area_m2[i])) {
            rc = gm_fail(err, GM_E_GEOM, "unit %s: GEOS cannot compute its area: %s", u->id[i],
                         G->ctx.geos_msg);
            goto done;
        }
        if (collect(&R, h, G->g[i], (uint32_t)i)) {
            rc = gm_fail(err, GM_E_GEOM, "unit %s: cannot read its boundary: %s", u->id[i],
                         G->ctx.geos_msg);
            goto done;
        }
    }

    /* 1. Distinct vertices: pv[p] = vertex id of point p. */
    size_t np = R.n_pts, vcap = pow2_at_least(2 * np + 1), nv = 0;
    vslot = calloc(vcap, sizeof *vslot);
    pv = malloc((np ? np : 1) * sizeof *pv);
    ux = malloc((np ? np : 1) * sizeof *ux);
    uy = malloc((np ? np : 1) * sizeof *uy);
    if (!vslot || !pv || !ux || !uy) goto nomem;
    for (size_t p = 0; p < np; p++) {
        double x = R.xy[2 * p], y = R.xy[2 * p + 1];
        uint64_t hsh = gmi_mix64(dbits(x) * 0x9e3779b97f4a7c15ULL ^ dbits(y));
        size_t s = hsh & (vcap - 1);
        for (;;) {
            uint32_t v = vslot[s];
            if (v == 0) {
                ux[nv] = x;
                uy[nv] = y;
                vslot[s] = (uint32_t)(++nv);
                pv[p] = (uint32_t)(nv - 1);
                break;
            }
            if (ux[v - 1] == x && uy[v - 1] == y) {
                pv[p] = v - 1;
                break;
            }
            s = (s + 1) & (vcap - 1);
        }
    }
    free(vslot);
    vslot = NULL;
    if (nv < np) { /* give back what duplicate points did not use */
        double *tx = realloc(ux, (nv ? nv : 1) * sizeof *ux);
        if (tx) ux = tx;
        double *ty = realloc(uy, (nv ? nv : 1) * sizeof *uy);
        if (ty) uy = ty;
    }

    /* 2. Vertices to longitude/latitude (radians), in place; keep the planar copy for
     * the GEOS pass. */
    px = malloc((nv ? nv : 1) * sizeof *px);
    py = malloc((nv ? nv : 1) * sizeof *py);
    if (!px || !py) goto nomem;
    memcpy(px, ux, nv * sizeof *px);
    memcpy(py, uy, nv * sizeof *py);
    if ((rc = gmi_lonlat_proj(&G->ctx, G->lon0, G->lat0, &inv, err))) goto done;
    proj_trans_generic(inv, PJ_INV, ux, sizeof *ux, nv, uy, sizeof *uy, nv, NULL, 0, 0, NULL, 0,
                       0);
    for (size_t v = 0; v < nv; v++)
        if (!isfinite(ux[v]) || !isfinite(uy[v])) {
            rc = gm_fail(err, GM_E_CRS, "a unit boundary vertex cannot be converted to "
                                        "longitude/latitude; check the layer's CRS");
            goto done;
        }
    struct geod_geodesic geod;
    geod_init(&geod, WGS84_A, WGS84_F);

    /* 3. Segments. */
    /* at most one slot per segment of a ring is used (every shared segment, most of
     * them, takes one slot for two), so the load stays under 0.8 */
    size_t nseg = np > R.n_rings ? np - R.n_rings : 0;
    size_t scap = pow2_at_least(nseg + nseg / 4 + 1);
    st = calloc(scap, sizeof *st);
    if (!st) goto nomem;
    for (size_t r = 0; r < R.n_rings; r++) {
        uint32_t unit = R.ring_unit[r];
        for (size_t p = R.ring_off[r]; p + 1 < R.ring_off[r + 1]; p++) {
            uint32_t a = pv[p], b = pv[p + 1];
            if (a == b) continue; /* repeated point */
            if (a > b) {
                uint32_t t = a;
                a = b;
                b = t;
            }
            uint64_t key = (((uint64_t)a << 32) | b) + 1;
            size_t s = gmi_mix64(key) & (scap - 1);
            while (st[s].key != 0 && st[s].key != key) s = (s + 1) & (scap - 1);
            seg_slot *q = &st[s];
            if (q->key == 0) {
                q->key = key;
                q->unit = unit;
                q->state = 1;
                q->len_m = gmi_seg_len_m(&geod, ux[a], uy[a], ux[b], uy[b]);
                g->perim_m[unit] += q->len_m;
            } else if (q->state == 1 && q->unit != unit) {
                q->state = 2;
                g->perim_m[unit] += q->len_m;
                if (gmi_pairs_push(&pairs, q->unit, unit, q->len_m)) goto nomem;
            } else if (q->state == 1) {
                q->state = 3; /* the unit's own parts touch along it: not boundary */
                g->perim_m[unit] -= q->len_m;
            }
        }
    }
    for (size_t s = 0; s < scap; s++)
        if (st[s].state == 1) g->ext_len_m[st[s].unit] += st[s].len_m;

    /* 4. Boundaries that do not match vertex for vertex: GEOS with snapping. */
    if (opts->snap_m > 0) {
        size_t no = 0;
        for (size_t s = 0; s < scap; s++) no += st[s].state == 1;
        os.unit = malloc((no ? no : 1) * sizeof *os.unit);
        os.x1 = malloc((no ? no : 1) * 5 * sizeof *os.x1);
        if (!os.unit || !os.x1) goto nomem;
        os.y1 = os.x1 + no;
        os.x2 = os.y1 + no;
        os.y2 = os.x2 + no;
        os.len_m = os.y2 + no;
        /* Group by unit: counting sort over the unit index. */
        size_t *cnt = calloc(n + 1, sizeof *cnt);
        if (!cnt) goto nomem;
        for (size_t s = 0; s < scap; s++)
            if (st[s].state == 1) cnt[st[s].unit + 1]++;
        for (size_t i = 0; i < n; i++) cnt[i + 1] += cnt[i];
        for (size_t s = 0; s < scap; s++) {
            if (st[s].state != 1) continue;
            size_t k = cnt[st[s].unit]++;
            uint32_t a = (uint32_t)((st[s].key - 1) >> 32), b = (uint32_t)((st[s].key - 1) & 0xffffffffu);
            os.unit[k] = st[s].unit;
            os.x1[k] = px[a];
            os.y1[k] = py[a];
            os.x2[k] = px[b];
            os.y2[k] = py[b];
            os.len_m[k] = st[s].len_m;
        }
        free(cnt);
        os.n = no;
        if ((rc = gmi_graph_snap(&G->ctx, g, &os, opts->snap_m, &pairs, err))) goto done;
    }

    /* 5. Units whose areas overlap (a layer that is not a clean coverage), by more than
     * a square of the snapping tolerance; exact matching (snap 0) skips it too. */
    if (opts->snap_m > 0) {
        uint8_t *open = calloc(n ? n : 1, 1);
        if (!open) goto nomem;
        for (size_t s = 0; s < scap; s++)
            if (st[s].state == 1) open[st[s].unit] = 1;
        rc = gmi_graph_overlaps(&G->ctx, G->g, n, open, opts->snap_m * opts->snap_m, &pairs, err);
        free(open);
        if (rc) goto done;
    }

    /* 6. Queen: units sharing a vertex but no boundary segment. */
    if (opts->queen) {
        size_t m = 0;
        vk = malloc((np ? np : 1) * sizeof *vk);
        if (!vk) goto nomem;
        for (size_t r = 0; r < R.n_rings; r++)
            for (size_t p = R.ring_off[r]; p < R.ring_off[r + 1]; p++)
                vk[m++] = ((uint64_t)pv[p] << 32) | R.ring_unit[r];
        qsort(vk, m, sizeof *vk, gmi_cmp_u64);
        for (size_t i = 0; i < m;) {
            size_t j = i;
            while (j < m && (vk[j] >> 32) == (vk[i] >> 32)) j++;
            for (size_t x = i; x < j; x++)
                for (size_t y = x + 1; y < j; y++) {
                    uint32_t ua = (uint32_t)vk[x], ub = (uint32_t)vk[y];
                    if (ua != ub && gmi_pairs_push(&pairs, ua, ub, 0.0)) goto nomem;
                }
            i = j;
        }
    }

    g->n_edges = pairs.n;
    g->edge_u = pairs.u;
    g->edge_v = pairs.v;
    g->edge_len_m = pairs.len;
    memset(&pairs, 0, sizeof pairs);
    if ((rc = gm_graph_finish(g, err))) goto done;
    for (size_t i = 0; i < n; i++)
        if (g->ext_len_m[i] < 0) g->ext_len_m[i] = 0;
    goto done;
nomem:
    rc = gm_fail(err, GM_E_NOMEM, "out of memory building the adjacency graph");
done:
    free(R.xy);
    free(R.ring_off);
    free(R.ring_unit);
    free(vslot);
    free(pv);
    free(ux);
    free(uy);
    free(st);
    free(vk);
    free(px);
    free(py);
    free(os.unit);
    free(os.x1);
    free(pairs.u);
    free(pairs.v);
    free(pairs.len);
    if (inv) proj_destroy(inv);
    if (rc != GM_OK) {
        gm_graph_destroy(g);
        return rc;
    }
    *out = g;
    return GM_OK;
}
