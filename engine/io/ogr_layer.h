/* ogr_layer.h: opening an OGR layer by user path and reading fields by name.
 * Engine-internal. Every GDAL error is translated here into a gm_error. */
#ifndef GM_OGR_LAYER_H
#define GM_OGR_LAYER_H

#include <gdal.h>
#include <ogr_api.h>

#include "gerrymeter/gm_core.h"
#include "io/path.h"

typedef struct gmi_layer {
    GDALDatasetH ds;      /* owned */
    OGRLayerH lyr;        /* borrowed from ds */
    char *path;           /* the path as the user gave it (owned) */
    char *name;           /* layer name (owned) */
    char *where;          /* the attribute filter, or NULL (owned) */
    gm_hint where_hint;   /* the hint of a bad filter: GM_HINT_WHERE unless the caller
                           * sets another after opening (a district layer's) */
    bool scoped;          /* holds a gmi_gdal_enter() bracket until gmi_layer_close() */
} gmi_layer;

/* Open PATH (or "PATH:LAYER" when layer is NULL), pick the layer, apply an attribute
 * filter. Without a layer name: the only layer, or the only one with geometry; a
 * source of several layers is otherwise GM_E_ARG listing them. A filter that no
 * feature passes is GM_E_DATA (hint GM_HINT_WHERE); a filter GDAL cannot run (a syntax
 * error, an unknown field) is named as such, with the reason, whether the driver refuses
 * it here or at the first read (gmi_layer_next). Errors name the path and list layers on
 * a miss.
 * The network policy is enforced here: network paths are refused, server drivers are
 * not offered to GDAL and a VRT naming a network source is refused, unless the network
 * is allowed. From open to gmi_layer_close() the calling thread holds a GDAL bracket
 * (core/gdal_env.h): open and close a layer on the same thread. */
gm_status gmi_layer_open(const char *path, const char *layer, const char *where, gmi_layer *out,
                         gm_error *err);
void gmi_layer_close(gmi_layer *l);

/* True when ds is a PostgreSQL database with the PostGIS extension. */

bool gmi_pg_has_postgis(GDALDatasetH ds);

/* A message of GDAL's PostgreSQL driver on one line: without the "PQconnectdb failed."
 * GDAL puts first, libpq's lines ("connection to server on socket ... failed: ...",
 * "\tIs the server running locally ...?") joined by single blanks, no final period. */
void gmi_pg_reason(const char *m, char *out, size_t cap);

/* Next feature of the layer (owned by the caller), or NULL at the end. A NULL that
 * GDAL reports as a failure (a truncated or corrupt file, a VRT whose source cannot
 * be opened) sets *failed and fills err naming the path and the features read so far,
 * so a damaged layer is never mistaken for a shorter one. */
OGRFeatureH gmi_layer_next(gmi_layer *l, size_t n_read, bool *failed, gm_error *err);

/* True, with err naming the layer and the features read so far, when GDAL's last error
 * (since the caller's CPLErrorReset) is a failure: a call that touched the features
 * (a read, an extent) met a damaged source. */
bool gmi_layer_read_failed(const gmi_layer *l, size_t n_read, gm_error *err);

/* Index of field `name` (case-insensitive). GM_E_FIELD lists the fields that exist (or
 * says the layer has no attribute table, e.g. a shapefile without its .dbf). */
gm_status gmi_layer_field(const gmi_layer *l, const char *name, const char *what, int *idx,
                          gm_error *err);

/* GM_E_FORMAT when the layer holds no geometry at all (a table such as a CSV): `why`
 * ends the message's "but ..." ("a district layer must hold district polygons"). */
gm_status gmi_layer_need_geometry(const gmi_layer *l, const char *why, gm_error *err);

/* Read a numeric field: Integer, Integer64, Real, or a string holding a number.
 * Returns 1 on success, 0 when null/unset, -1 when not numeric. */
int gmi_field_number(OGRFeatureH f, int idx, double *out);

/* A field's value as text for ids and district labels: the value as OGR formats it,
 * except a Real, which is written as people write numbers: an integral value as an
 * integer ("1", not the "1.000000000000000" a shapefile's Real field gives), any other
 * with up to 15 significant digits ("1.5"). Returns buf or a string of OGR valid until
 * the feature's next call; "" when the field is null or unset. */
const char *gmi_field_text(OGRFeatureH f, int idx, char *buf, size_t cap);

/* Comma-separated list of the layer's field names into buf (truncated with "..."). */
void gmi_layer_field_list(const gmi_layer *l, char *buf, size_t cap);

#endif /* GM_OGR_LAYER_H */
