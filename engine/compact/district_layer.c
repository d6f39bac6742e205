/* district_layer.c: a plan's districts as a vector layer for GIS (GeoPackage, GeoJSON or
 * FlatGeobuf by the file's extension), with every per-district value as attributes.
 *
 * The shapes are those of the one dissolve (gm_compact_from_plan with keep_geometry:
 * EPSG:4326 lon/lat WKB); the attributes come from the functions `score` calls
 * (gm_tally_compute, gm_popdev_compute, gm_district_summary, the registry's district and
 * compactness rows), so the layer and score's JSON agree value for value. Like every
 * output, the file is built under a temporary name beside its target and renamed into
 * place only when complete. */
#include "gerrymeter/gm_compact.h"
#include "gerrymeter/gm_io.h"
#include "gerrymeter/gm_tally.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <ctype.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The formats, by extension. FlatGeobuf needs its extension on the temporary name too
 * (without it GDAL makes a folder of layers), and is written without a spatial index: a
 * plan has few features, and the index would be built in a second file beside it. */
static const struct {
    const char *ext;
    const char *driver;
} formats[] = {{".gpkg", "GPKG"}, {".geojson", "GeoJSON"}, {".fgb", "FlatGeobuf"}};

static bool ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), e = strlen(ext);
    if (n <= e) return false;
    for (size_t i = 0; i < e; i++)
        if (tolower((unsigned char)s[n - e + i]) != ext[i]) return false;
    return true;
}

const char *gm_district_layer_driver(const char *path)
{
    for (size_t i = 0; path && i < sizeof formats / sizeof formats[0]; i++)
        if (ends_with(path, formats[i].ext)) return formats[i].driver;
    return NULL;
}

/* One attribute: a name, its OGR type, and where the value comes from. */
typedef enum { SRC_LABEL, SRC_DISTRICT_ROW, SRC_VOTES, SRC_WINNER, SRC_UNCONTESTED, SRC_COMPACT,
               SRC_CUT_EDGES, SRC_PARTS, SRC_HOLES, SRC_HOLES_DROPPED } src_kind;

typedef struct column {
    char name[96];
    OGRFieldType type;
    src_kind src;
    const gm_metric_def *m; /* SRC_DISTRICT_ROW, SRC_COMPACT */
    size_t party;           /* SRC_VOTES */
} column;

/* What the attributes are computed from: score's numbers for one plan. */
typedef struct layer_data {
    const gm_units *u;
    const gm_plan *p;
    const gm_compact *c;
    gm_tally *t;
    gm_popdev pd;
    bool partisan;
    double *share;
    int *winner;
    unsigned char *uncontested;
} layer_data;

static double value_of(const struct layer_data *L, const column *col, size_t d);

/* A field name from a party's name: letters, digits and '_' kept, anything else '_'. */
static void votes_name(const char *party, char *out, size_t cap)
{
    int n = snprintf(out, cap, "votes_%s", party);
    for (size_t i = 6; n > 0 && i < (size_t)n && i < cap; i++)
        if (!isalnum((unsigned char)out[i]) && out[i] != '_') out[i] = '_';
}

static size_t columns_of(const layer_data *L, column *col, size_t cap)
{
    size_t n = 0;
#define ADD(NAME, TYPE, SRC)                                                                 \
    do {                                                                                     \
        if (n < cap) {                                                                       \
            memset(&col[n], 0, sizeof col[n]);                                               \
            snprintf(col[n].name, sizeof col[n].name, "%s", NAME);                          \
            col[n].type = TYPE;                                                              \
            col[n].src = SRC;                                                                \
            n++;                                                                             \
        }                                                                                    \
    } while (0)
    ADD("district", OFTString, SRC_LABEL);
    /* score's order: the district rows without votes, the votes, the rows with votes */
    for (int after = 0; after < 2; after++) {
        if (after)
            for (size_t q = 0; q < L->u->n_parties && n < cap; q++) {
                char nm[96];
                votes_name(L->u->party[q], nm, sizeof nm);
                ADD(nm, OFTReal, SRC_VOTES);
                col[n - 1].party = q;
            }
        for (size_t i = 0; i < gm_metric_count(GM_MF_DISTRICT) && n < cap; i++) {
            const gm_metric_def *m = gm_metric_get(GM_MF_DISTRICT, i);
            bool votes = (m->flags & GM_MD_VOTES) != 0;
            if (votes != (after == 1) || (votes && !L->partisan)) continue;
            ADD(m->key, OFTReal, SRC_DISTRICT_ROW);
            col[n - 1].m = m;
            /* an integer row (units, population) is an integer field when every value is
             * one: a population read from a Real field may have fractions */
            bool whole = m->integer;
            for (size_t d = 0; whole && d < L->p->k; d++) {
                double v = value_of(L, &col[n - 1], d);
                whole = !isfinite(v) || (v == floor(v) && fabs(v) < 9e15);
            }
            if (whole) col[n - 1].type = OFTInteger64;
        }
    }
    ADD("winner", OFTString, SRC_WINNER);
    if (L->partisan) ADD("uncontested", OFTInteger, SRC_UNCONTESTED);
    for (size_t i = 0; i < gm_metric_count(GM_MF_COMPACT) && n < cap; i++) {
        const gm_metric_def *m = gm_metric_get(GM_MF_COMPACT, i);
        ADD(m->key, OFTReal, SRC_COMPACT);
        col[n - 1].m = m;
    }
    ADD("cut_edges", OFTInteger64, SRC_CUT_EDGES);
    ADD("parts", OFTInteger, SRC_PARTS);
    ADD("holes", OFTInteger, SRC_HOLES);
    ADD("holes_dropped", OFTInteger, SRC_HOLES_DROPPED);
#undef ADD
    return n;
}

/* Column col's value for district d; NaN writes a null. */
static double value_of(const layer_data *L, const column *col, size_t d)
{
    const gm_compact *c = L->c;
    switch (col->src) {
    case SRC_DISTRICT_ROW: {
        gm_district_values dv;
        gm_district_values_get(L->t, &L->pd, L->partisan ? L->share : NULL, d, &dv);
        gm_metric_in in = {.k = L->t->k, .pop = L->t->pop,
                           .a = L->partisan ? gm_tally_party(L->t, 0) : NULL,
                           .b = L->partisan ? gm_tally_party(L->t, 1) : NULL,
                           .cut_edges = NAN, .district = d};
        return gm_metric_value(col->m, &dv, &in);
    }
    case SRC_VOTES: return L->t->votes[col->party * L->t->k + d];
    case SRC_UNCONTESTED: return L->uncontested[d];
    case SRC_COMPACT:
        return col->m->offset >= 0 && col->m->offset < GM_CM_COUNT ? c->m[col->m->offset][d] : NAN;
    case SRC_CUT_EDGES: return c->cut_edges[d] >= 0 ? (double)c->cut_edges[d] : NAN;
    case SRC_PARTS: return c->n_parts[d];
    case SRC_HOLES: return c->n_holes[d];
    case SRC_HOLES_DROPPED: return c->n_holes_dropped[d];
    default: return NAN;
    }
}

static const char *text_of(const layer_data *L, const column *col, size_t d)
{
    if (col->src == SRC_LABEL) return L->p->label[d];
    int w = L->winner[d];
    return w >= 0 ? L->u->party[w] : w == GM_WINNER_TIE ? "tie" : NULL;
}

static gm_status data_build(layer_data *L, gm_error *err)
{
    gm_status rc = gm_tally_compute(L->u, L->p, &L->t, err);
    if (rc != GM_OK) return rc;
    size_t k = L->t->k;
    gm_popdev_compute(L->t->pop, k, &L->pd);
    L->partisan = L->u->n_parties >= 2;
    L->share = malloc((k ? k : 1) * sizeof *L->share);
    L->winner = malloc((k ? k : 1) * sizeof *L->winner);
    L->uncontested = malloc(k ? k : 1);
    if (!L->share || !L->winner || !L->uncontested) return gm_fail(err, GM_E_NOMEM, "out of memory");
    gm_district_summary(L->t->votes, L->u->n_parties, k, NULL, NULL, L->share, L->winner,
                        L->uncontested);
    return GM_OK;
}

static void data_free(layer_data *L)
{
    gm_tally_destroy(L->t);
    free(L->share);
    free(L->winner);
    free(L->uncontested);
}

static gm_status write_features(GDALDatasetH ds, const layer_data *L, const column *col,
                                size_t ncol, const char *path, gm_error *err)
{
    const char *drv = gm_district_layer_driver(path);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    gm_status rc = GM_OK;
    if (!srs) return gm_fail(err, GM_E_NOMEM, "out of memory");
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    char **lco = NULL;
    if (!strcmp(drv, "FlatGeobuf")) lco = CSLSetNameValue(lco, "SPATIAL_INDEX", "NO");
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, "districts", srs, wkbMultiPolygon, lco);
    CSLDestroy(lco);
    if (!lyr) {
        rc = gm_fail(err, GM_E_IO, "cannot create a layer in '%s': %s", path, CPLGetLastErrorMsg());
        goto done;
    }
    for (size_t i = 0; i < ncol; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(col[i].name, col[i].type);
        OGRErr e = OGR_L_CreateField(lyr, fd, 1);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE) {
            rc = gm_fail(err, GM_E_IO, "'%s': cannot create the field '%s': %s", path, col[i].name,
                         CPLGetLastErrorMsg());
            goto done;
        }
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    GDALDatasetStartTransaction(ds, 0);
    for (size_t d = 0; d < L->p->k && rc == GM_OK; d++) {
        OGRFeatureH f = OGR_F_Create(defn);
        for (size_t i = 0; i < ncol; i++) {
            int fi = (int)i;
            if (col[i].type == OFTString) {
                const char *s = text_of(L, &col[i], d);
                if (s) OGR_F_SetFieldString(f, fi, s);
                else OGR_F_SetFieldNull(f, fi);
                continue;
            }
            double v = value_of(L, &col[i], d);
            if (!isfinite(v)) OGR_F_SetFieldNull(f, fi);
            else if (col[i].type == OFTReal) OGR_F_SetFieldDouble(f, fi, v);
            else OGR_F_SetFieldInteger64(f, fi, (GIntBig)llround(v));
        }
        OGRGeometryH g = NULL;
        if (L->c->wkb[d] &&
            OGR_G_CreateFromWkbEx(L->c->wkb[d], NULL, &g, L->c->wkb_len[d]) == OGRERR_NONE && g) {
            g = OGR_G_ForceToMultiPolygon(g);
            OGR_G_AssignSpatialReference(g, srs);
            OGR_F_SetGeometryDirectly(f, g);
        }
        if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
            rc = gm_fail(err, GM_E_IO, "cannot write district %s to '%s': %s", L->p->label[d], path,
                         CPLGetLastErrorMsg());
        OGR_F_Destroy(f);
    }
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE && rc == GM_OK &&
        strcmp(drv, "GPKG") == 0)
        rc = gm_fail(err, GM_E_IO, "cannot write '%s': %s", path, CPLGetLastErrorMsg());
done:
    OSRRelease(srs);
    return rc;
}

gm_status gm_district_layer_write(const gm_units *u, const gm_plan *p, const gm_compact *c,
                                  const char *path, gm_error *err)
{
    const char *drv_name = gm_district_layer_driver(path);
    if (!drv_name)
        return gm_fail(err, GM_E_ARG,
                       "'%s': a district layer is written as .gpkg, .geojson or .fgb; "
                       "name the file with one of these extensions",
                       path);
    if (!c || c->k != p->k || !c->wkb)
        return gm_fail(err, GM_E_ARG, "'%s': the districts were dissolved without keeping their "
                                      "geometry (keep_geometry)", path);
    GDALDriverH drv = GDALGetDriverByName(drv_name);
    if (!drv) return gm_fail(err, GM_E_IO, "'%s': GDAL has no %s driver", path, drv_name);

    layer_data L = {.u = u, .p = p, .c = c};
    column col[GM_PLAN_METRICS_MAX * 2 + GM_MAX_PARTIES + GM_CM_COUNT + 16];
    char *tmp = NULL;
    GDALDatasetH ds = NULL;
    gm_status rc = data_build(&L, err);
    if (rc != GM_OK) goto done;
    size_t ncol = columns_of(&L, col, sizeof col / sizeof col[0]);
    const char *ext = strrchr(path, '.');
    if ((rc = gm_atomic_tmpname_ext(path, ext ? ext : "", &tmp, err)) != GM_OK) goto done;
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL);
    if (!ds)
        rc = gm_fail(err, GM_E_IO, "cannot create '%s': %s", path, CPLGetLastErrorMsg());
    else
        rc = write_features(ds, &L, col, ncol, path, err);
    if (ds) {
        /* GeoJSON and FlatGeobuf are finished on closing, which reports no status in
         * GDAL 3.6: a failure shows as the last error */
        CPLErrorReset();
        GDALClose(ds);
        if (rc == GM_OK && CPLGetLastErrorType() >= CE_Failure)
            rc = gm_fail(err, GM_E_IO, "cannot write '%s': %s", path, CPLGetLastErrorMsg());
    }
    CPLPopErrorHandler();
    if (rc == GM_OK) rc = gm_atomic_tmpcommit(tmp, path, err);
    if (rc != GM_OK) remove(tmp);
    gm_atomic_tmpdone(tmp);
done:
    free(tmp);
    data_free(&L);
    return rc;
}
