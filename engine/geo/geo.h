/* geo.h: the per-thread geometry context (GEOS handle + PROJ context) and the unit
 * geometry store. Engine-internal: never include from include/. */
#ifndef GM_GEO_H
#define GM_GEO_H

#include <geos_c.h>
#include <proj.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "gerrymeter/gm_core.h"

typedef struct gm_geoms gm_geoms; /* as in gm_units.h, whose unit geometry store it is */

/* One per thread. GEOS and PROJ messages land in the buffers, not on stderr. */
typedef struct gmi_geo {
    GEOSContextHandle_t h;   /* GEOS reentrant handle */
    PJ_CONTEXT *pj;          /* PROJ context */
    char geos_msg[512];      /* last GEOS error */
    char proj_msg[512];      /* last PROJ log message */
} gmi_geo;

gm_status gmi_geo_init(gmi_geo *g, gm_error *err);
void gmi_geo_free(gmi_geo *g);

/* Unit geometries, projected into a working equal-area CRS in metres: a Lambert
 * azimuthal equal-area projection centred on the layer (so areas are true and
 * overlay shares are area shares, never degree shares). */
struct gm_geoms {
    gmi_geo ctx;              /* owns every geometry below */
    size_t n;                 /* units */
    GEOSGeometry **g;         /* [n] in the working CRS; never NULL (empty if the source was) */
    double lon0, lat0;        /* centre of the working LAEA, degrees */
    char *work_crs;           /* PROJ string of the working CRS */
    char *src_wkt;            /* WKT of the source CRS */
    size_t n_repaired;        /* invalid geometries repaired with make-valid */
    size_t n_empty;           /* null or empty geometries */
    size_t n_not_polygon;     /* points and lines: no area, stored as empty polygons */
};

/* The one definition of the Lambert azimuthal equal-area projection on WGS84 (a PROJ
 * string, metres), centred on (lon0, lat0) in degrees. The kinds differ only in how
 * the centre is written, and each caller needs its own:
 * - GMI_LAEA_WORKING (centre to 1e-6 degree): the units' working CRS (gmi_laea_srs,
 *   used by the unit loader and the plan-layer overlay) and its inverse back to lon/lat
 *   (compact_plan.c, graph_build.c), which must be the same text to undo it exactly.
 * - GMI_LAEA_LOCAL (centre to 1e-9 degree): the plane centred on one district for its
 *   circle, hull and rectangle (compact_measure.c). Writing that centre to 1e-6 degree
 *   moves the plane and changes Reock and the hull and rectangle ratios in the 15th to
 *   17th digit of the published compactness outputs.
 * +datum=WGS84 matters only where OGR transforms a source CRS into the working CRS (a
 * datum shift from, say, NAD27 needs a datum on both sides); for the conversions it is
 * the same as +ellps=WGS84, which graph_build.c used to write (same lengths to the
 * last bit). */
typedef enum gmi_laea_kind { GMI_LAEA_WORKING, GMI_LAEA_LOCAL } gmi_laea_kind;
#define GMI_LAEA_DEF_MAX 160 /* bytes enough for any centre */
void gmi_laea_def(char *buf, size_t cap, double lon0, double lat0, gmi_laea_kind kind);

/* Working LAEA centred on a lon/lat point: OGR SRS, traditional axis order. Caller releases. */
OGRSpatialReferenceH gmi_laea_srs(double lon0, double lat0);

/* The layer's extent in longitude/latitude (ll = min lon, min lat, max lon, max lat),
 * after checking that its coordinates fit its CRS: degrees labelled as a projected
 * CRS, metres/feet labelled as degrees, and a projected CRS that puts the data mostly
 * outside its area of use (crs_area.c) are GM_E_CRS. `fix` is the advice the message
 * ends with (NULL: give the layer's real CRS, hint GM_HINT_CRS). */
gm_status gmi_layer_lonlat_extent(OGRLayerH lyr, OGRSpatialReferenceH src, const char *fix,
                                  double ll[4], gm_error *err);

/* Transform from src to the LAEA centred on the layer extent; sets lon0 and lat0.
 * The transformation is owned by the caller (OCTDestroyCoordinateTransformation). */
gm_status gmi_layer_to_laea(OGRLayerH lyr, OGRSpatialReferenceH src, double *lon0, double *lat0,
                            OGRCoordinateTransformationH *ct, gm_error *err);

/* The area a CRS is made for (crs_area.c): aou = west, south, east, north in degrees
 * (west > east when it crosses the antimeridian) and a short name of the area ("United
 * States (USA) - North Carolina"). From the CRS, else from the registry entry its code
 * names; false when neither states one (a custom CRS). */
bool gmi_crs_area_of_use(OGRSpatialReferenceH s, double aou[4], char *name, size_t cap);

/* Share (0..1) of the lon/lat box ll (min lon, min lat, max lon, max lat) that lies in
 * the area of use widened by margin degrees on every side. */
double gmi_aou_share(const double aou[4], const double ll[4], double margin);

/* How the data must sit in a layer CRS's area of use: at least GMI_AOU_MIN_SHARE of its
 * box inside the area widened by GMI_AOU_LAYER_MARGIN degrees (a state may reach beyond
 * a UTM zone or a State Plane zone used for all of it; a wrong CRS puts the data hundreds
 * of kilometres away), and of a measuring CRS's, inside the area widened by
 * GMI_AOU_MEASURE_MARGIN (outside it, its lengths and areas are distorted). */
#define GMI_AOU_MIN_SHARE 0.5
#define GMI_AOU_LAYER_MARGIN 2.0
#define GMI_AOU_MEASURE_MARGIN 1.0

/* "'NAD83 / North Carolina' (EPSG:32119)" for messages. */
void gmi_crs_describe(OGRSpatialReferenceH s, char *out, size_t cap);

/* What a (non-null, non-empty) feature geometry is as an area (shape.c):
 * - GMI_SHAPE_POLYGON: a polygon or multipolygon; *poly is NULL, or, for curved
 *   polygons and collections of polygons only, a linear MultiPolygon to use instead;
 * - GMI_SHAPE_PARTS: a geometry collection of polygons and other parts (points, lines);
 *   *poly is the MultiPolygon of its polygon parts, to use instead;
 * - GMI_SHAPE_OTHER: no polygon at all (points, lines): no area.
 * *poly, when set, is owned by the caller (OGR_G_DestroyGeometry). */
typedef enum gmi_shape { GMI_SHAPE_POLYGON, GMI_SHAPE_PARTS, GMI_SHAPE_OTHER } gmi_shape;
gmi_shape gmi_ogr_shape(OGRGeometryH og, OGRGeometryH *poly);

/* The shapes of one layer's features, counted as they are read, with the first five
 * features of each doubtful kind named ("P0007 (Point)"). Zero it to start. */
typedef struct gmi_shape_log {
    size_t n_polygon, n_parts, n_other;
    char parts[400], other[400]; /* names of the collections and of the others */
    char type[40];               /* geometry type of the first other */
    bool mixed;                  /* the others are of more than one type */
} gmi_shape_log;
void gmi_shape_note(gmi_shape_log *s, gmi_shape k, const char *name, OGRGeometryH og);

/* GM_E_GEOM when the layer had geometries but none polygonal ("layer 'x' holds no
 * polygons: its 324 features ... are points or lines (the first: Point), which have no
 * area, but <what>"). */
gm_status gmi_shape_fail(const gmi_shape_log *s, const char *path, const char *layer,
                         const char *what, gm_error *err);

/* Warnings for a layer with some polygons: not_polygons ("<path>: 2 <what>s are not
 * polygons (...): they have no area, so they are <left_out>") and
 * collection_polygon_parts. */
gm_status gmi_shape_warn(const gmi_shape_log *s, const char *path, const char *what,
                         const char *left_out, gm_warnings *w);

/* Convert an OGR geometry (already in the working CRS) to GEOS, repairing invalid
 * polygons. Returns NULL on failure (message in err). *repaired set when fixed. */
GEOSGeometry *gmi_ogr_to_geos(gmi_geo *g, OGRGeometryH og, bool *repaired, gm_error *err);

/* Allocate an empty store for n units with an initialised context. */
gm_status gmi_geoms_create(size_t n, gm_geoms **out, gm_error *err);
void gmi_geoms_destroy(gm_geoms *s);

#endif /* GM_GEO_H */
