/* gm_units.h: the unit table (precincts, blocks, counties) as a struct of arrays.
 *
 * A gm_units holds, for n units, population, votes per party, ids and (only when a
 * step needs it) geometry. Columns are contiguous arrays so that tallying and batch
 * scoring loop over them without pointer chasing. The struct's fields are public
 * and read-only for callers; gm_units_load() creates it, gm_units_destroy() frees it.
 *
 * Units need no plan: load them once, then open any number of plans against them with
 * gm_plan_open() (gm_plan.h). gm_plan_spec_prepare() adds to a gm_units_spec what one
 * plan needs (its district column, its join field, geometry for a district layer), so
 * that the units and that plan come from one pass over the layer. */
#ifndef GM_UNITS_H
#define GM_UNITS_H

#include "gm_core.h"
#include "gm_io.h" /* gm_split_path_layer, gm_resolve_source (source paths) */

GM_BEGIN_DECLS

#define GM_MAX_PARTIES 16

/* Opaque geometry store (GEOS geometries in a projected CRS); see engine/geo/geo.h. */
typedef struct gm_geoms gm_geoms;

typedef struct gm_units {
    size_t n;                 /* number of units */
    size_t n_parties;         /* number of vote columns (0 if none requested) */
    char *party[GM_MAX_PARTIES];       /* party names as given, e.g. "D", "R" */
    char *vote_field[GM_MAX_PARTIES];  /* source field names, e.g. "USH12D" */
    double *pop;              /* [n] population; 0 when no population field given */
    double *votes;            /* [n_parties * n], party-major: votes[p*n + i] */
    char **id;                /* [n] unit ids as strings (from --id field, else the FID) */
    int64_t *fid;             /* [n] OGR feature id of each unit, in read order */
    char **plan_label;        /* [n] district label from the plan column, or NULL */
    char *plan_field;         /* the field plan_label was read from, or NULL */
    gm_geoms *geom;           /* geometry, NULL unless loaded with GM_LOAD_GEOMETRY */
    char *source;             /* path as the user gave it */
    char *layer;              /* layer name read */
    char *pop_field;          /* population field name, or NULL */
    char *id_field;           /* id field name, or NULL (ids are FIDs) */
    char *where;              /* attribute filter the units were read with, or NULL */
    gm_warnings warnings;     /* doubtful input found while loading (gm_core.h) */
    char *no_geometry;        /* why geometry asked for as optional was not loaded (no
                                 geometry column, no usable CRS), or NULL */
} gm_units;

/* What to read from a unit source. Unset pointers mean "not needed". */
typedef struct gm_units_spec {
    const char *path;          /* any OGR source; .zip is opened through /vsizip/ */
    const char *layer;         /* layer name; NULL = "PATH:LAYER" suffix or the first layer */
    const char *where;         /* OGR attribute filter, or NULL */
    const char *pop_field;     /* population field, or NULL */
    const char *id_field;      /* unit id field, or NULL */
    const char *plan_field;    /* district column read in the same pass (plan_label), or NULL;
                                  gm_plan_open reads any other column when it needs it */
    size_t n_parties;
    const char *party[GM_MAX_PARTIES];      /* party names */
    const char *vote_field[GM_MAX_PARTIES]; /* vote field per party */
    int negative_votes;        /* GM_NEG_ERROR (default) or GM_NEG_ZERO */
    bool load_geometry;        /* read and project geometries */
    bool geometry_optional;    /* with load_geometry: a layer without a geometry column or
                                  without a usable CRS loads without geometry (geom NULL,
                                  the reason in no_geometry) instead of failing */
    const char *crs;           /* CRS to assume when the layer has none (e.g. "EPSG:26915"), or NULL */
} gm_units_spec;

enum { GM_NEG_ERROR = 0, GM_NEG_ZERO = 1 };

/* Load units. On success *out is a new gm_units owned by the caller (free with
 * gm_units_destroy). Errors: GM_E_IO (cannot open), GM_E_FIELD (missing field: the
 * message lists the fields that exist), GM_E_DATA (null, non-numeric, negative or
 * NaN votes/population: names the feature), GM_E_CRS (no CRS while geometry needed). */
gm_status gm_units_load(const gm_units_spec *spec, gm_units **out, gm_error *err);

/* Free units. NULL is a no-op. */
void gm_units_destroy(gm_units *u);

/* Total votes of party p over all units. */
double gm_units_party_total(const gm_units *u, size_t p);

GM_END_DECLS
#endif /* GM_UNITS_H */
