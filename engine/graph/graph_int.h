/* graph_int.h: engine-internal pieces shared by the graph builder files. */
#ifndef GM_GRAPH_INT_H
#define GM_GRAPH_INT_H

#include <geodesic.h>

#include "geo/geo.h"
#include "gerrymeter/gm_graph.h"

/* Node attributes written with the graph (graph_attrs.c): nf columns of the units, each
 * value's text and kind, column-major: text[c * n + i]. */
enum { GMI_ATTR_NULL, GMI_ATTR_TEXT, GMI_ATTR_NUMBER };
typedef struct gmi_graph_attrs {
    size_t nf, n;
    char **name;             /* [nf] */
    char **text;             /* [nf * n] */
    unsigned char *kind;     /* [nf * n] GMI_ATTR_* */
} gmi_graph_attrs;

/* Read the columns fields[0..nf) of u (the units' order key first when not among them).
 * Errors: GM_E_ARG (a name of the node's own keys, or named twice), those of reading. */
gm_status gmi_graph_attrs_read(const gm_units *u, const char *const *fields, size_t nf,
                               gmi_graph_attrs *a, gm_error *err);
void gmi_graph_attrs_free(gmi_graph_attrs *a);

/* Growable list of (unit a, unit b, shared length) found while building. */
typedef struct gmi_pair_buf {
    uint32_t *u, *v;
    double *len;
    size_t n, cap;
} gmi_pair_buf;

/* Append (graph_pairs.c); returns -1 on out of memory. */
int gmi_pairs_push(gmi_pair_buf *p, uint32_t a, uint32_t b, double len);
int gmi_cmp_u64(const void *a, const void *b);

/* Boundary segments that matched no other unit's segment, grouped by unit. Coordinates
 * are in the working LAEA (metres); len_m is the segment's geodesic length. */
typedef struct gmi_open_segs {
    size_t n;
    uint32_t *unit;              /* [n] ascending */
    double *x1, *y1, *x2, *y2;   /* [n] end points, working CRS */
    double *len_m;               /* [n] geodesic length */
} gmi_open_segs;

/* PROJ operation from the working LAEA centred on (lon0, lat0) to lon/lat: PJ_INV gives
 * radians. Owned by the caller (proj_destroy). */
gm_status gmi_lonlat_proj(gmi_geo *ctx, double lon0, double lat0, PJ **out, gm_error *err);

/* Geodesic length (metres, WGS84) of the segment between two lon/lat points in radians. */
double gmi_seg_len_m(const struct geod_geodesic *G, double lon1, double lat1, double lon2,
                     double lat2);

/* The GEOS pass: for units whose open segments lie within snap_m of another unit's open
 * segments over more than a point, add the edge with the overlapping length and take that
 * length off both units' exterior length. Counts units involved in g->n_fallback. */
gm_status gmi_graph_snap(gmi_geo *ctx, gm_graph *g, const gmi_open_segs *os, double snap_m,
                         gmi_pair_buf *pairs, gm_error *err);

/* The overlap pass (graph_overlap.c): pairs of units flagged in open[] (boundary left
 * unmatched) whose interiors overlap by more than min_area_m2 become edges of length 0. */
gm_status gmi_graph_overlaps(gmi_geo *ctx, GEOSGeometry *const *geom, size_t n,
                             const uint8_t *open, double min_area_m2, gmi_pair_buf *pairs,
                             gm_error *err);

#endif
