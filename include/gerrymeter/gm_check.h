/* gm_check.h: checks of a unit layer's geometry as a coverage.
 *
 * Precinct and block layers are meant to tile the state: no unit overlaps another and
 * no hole is left between them. Overlaps count population and votes twice when a
 * district layer is overlaid and distort compactness; gaps hide areas that belong to
 * no unit. gm_units_coverage() measures both, in square metres of the units' working
 * equal-area CRS, and names the worst cases. */
#ifndef GM_CHECK_H
#define GM_CHECK_H

#include "gm_units.h"

GM_BEGIN_DECLS

/* Sliver area, square metres on the ground: an overlap, gap or hole of at most this
 * much is digitising noise (neighbours whose vertices differ cross by about 1 m^2 per
 * kilometre of edge once projected), not ground that belongs to a unit or district. The
 * default of gm_units_coverage's min_area_m2 and the largest hole compactness leaves
 * out of a district (gm_compact.h; docs/metrics.md, "Sliver holes"). */
#define GM_SLIVER_M2 10.0

#define GM_CHECK_WORST 5   /* worst overlaps and gaps kept, largest first */
#define GM_GAP_NEAR 3      /* units named beside each gap */

/* Two units whose interiors overlap. */
typedef struct gm_overlap {
    size_t a, b;          /* unit indices, a < b */
    double area_m2;       /* area of their intersection */
} gm_overlap;

/* A hole enclosed by units that belongs to none of them. */
typedef struct gm_gap {
    double area_m2;       /* area of the hole */
    size_t n_near;        /* units bordering it that are listed in near[] */
    size_t near[GM_GAP_NEAR];
} gm_gap;

typedef struct gm_coverage {
    size_t n_units;                        /* units checked */
    size_t n_empty;                        /* units with null or empty geometry (skipped) */
    size_t n_repaired;                     /* invalid geometries repaired when loaded */
    double units_area_m2;                  /* sum of the units' areas */
    size_t n_overlaps;                     /* unit pairs overlapping by more than min_area_m2 */
    double overlap_area_m2;                /* sum of those pairs' intersection areas */
    size_t n_worst_overlap;                /* entries used in worst_overlap */
    gm_overlap worst_overlap[GM_CHECK_WORST];
    size_t n_gaps;                         /* holes larger than min_area_m2 */
    double gap_area_m2;                    /* their total area */
    size_t n_worst_gap;                    /* entries used in worst_gap */
    gm_gap worst_gap[GM_CHECK_WORST];
} gm_coverage;

/* Measure overlaps between units and gaps enclosed by them. Units must be loaded with
 * geometry. Slivers at or below min_area_m2 (e.g. 1 m^2 of digitising noise) are not
 * counted. Only gaps surrounded by units are found: a notch in the state's outer
 * edge cannot be told from the edge itself without the state outline.
 * Errors: GM_E_ARG (no geometry), GM_E_GEOM (a GEOS operation failed), GM_E_NOMEM. */
gm_status gm_units_coverage(const gm_units *u, double min_area_m2, gm_coverage *out,
                            gm_error *err);

/* The findings of a coverage check as warnings (appended to w) naming the units:
 * "units_without_geometry" (up to five ids), "unit_overlaps" (the largest pair),
 * "coverage_gaps" (the units beside the largest gap). Repaired geometries are named by
 * gm_units_load in u->warnings ("geometry_repaired"). GM_E_NOMEM only. */
gm_status gm_coverage_warnings(const gm_units *u, const gm_coverage *c, double min_area_m2,
                               gm_warnings *w);

GM_END_DECLS
#endif /* GM_CHECK_H */
