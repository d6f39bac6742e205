/* compact_layer.c: compactness of districts given as polygons: a layer
 * (gm_compact_from_layer) or WKB in memory (gm_compact_from_wkb).
 *
 * Every district geometry is brought to lon/lat degrees on WGS84 (traditional axis
 * order), repaired with make-valid when invalid, and measured by compact_measure.c.
 * Features that share an id are one district: their parts are unioned. */
#include "core/gdal_env.h"
#include "core/names.h"
#include "compact/compact.h"
#include "io/ogr_layer.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Districts being collected: one label and a list of lon/lat parts each. */
typedef struct dacc {
    size_t k, cap;
    char **label;         /* [k] owned */
    GEOSGeometry ***part; /* [k][n_part[d]] owned */
    size_t *n_part;
    gmi_names repaired;   /* features repaired with make-valid */
    gmi_names nogeom;     /* features without geometry, left out */
    char **nogeom_label;  /* [nogeom.n] their district labels (owned) */
} dacc;

static void dacc_free(dacc *a, GEOSContextHandle_t h)
{
    for (size_t d = 0; d < a->k; d++) {
        free(a->label[d]);
        for (size_t i = 0; i < a->n_part[d]; i++)
            GEOSGeom_destroy_r(h, a->part[d][i]);
        free(a->part[d]);
    }
    for (size_t i = 0; i < a->nogeom.n; i++)
        free(a->nogeom_label[i]);
    free(a->label);
    free(a->part);
    free(a->n_part);
    free(a->nogeom_label);
    memset(a, 0, sizeof *a);
}

/* Add a part to district `label` (created on first sight). Takes g. */
static int dacc_add(dacc *a, GEOSContextHandle_t h, const char *label, GEOSGeometry *g)
{
    size_t d = 0;
    while (d < a->k && strcmp(a->label[d], label) != 0)
        d++;
    if (d == a->k) {
        if (a->k == a->cap) {
            size_t nc = a->cap ? 2 * a->cap : 64;
            char **l = realloc(a->label, nc * sizeof *l);
            if (l) a->label = l;
            GEOSGeometry ***p = realloc(a->part, nc * sizeof *p);
            if (p) a->part = p;
            size_t *np = realloc(a->n_part, nc * sizeof *np);
            if (np) a->n_part = np;
            if (!l || !p || !np) goto oom;
            a->cap = nc;
        }
        a->label[d] = strdup(label);
        a->part[d] = NULL;
        a->n_part[d] = 0;
        if (!a->label[d]) goto oom;
        a->k++;
    }
    GEOSGeometry **t = realloc(a->part[d], (a->n_part[d] + 1) * sizeof *t);
    if (!t) goto oom;
    a->part[d] = t;
    t[a->n_part[d]++] = g;
    return 0;
oom:
    GEOSGeom_destroy_r(h, g);
    return -1;
}

/* Does district `label` have a shape among the collected ones? */
static bool has_district(const dacc *a, const char *label)
{
    for (size_t d = 0; d < a->k; d++)
        if (strcmp(a->label[d], label) == 0) return true;
    return false;
}

/* Warnings naming the repaired features and those without geometry (and the districts
 * left with no shape at all, which are not in the table). */
static gm_status layer_warnings(const dacc *a, const char *source, gm_warnings *w, gm_error *err)
{
    gm_status rc = GM_OK;
    size_t n = a->repaired.n;
    if (n)
        rc = gm_warn(w, "geometry_repaired",
                     "%s: %zu invalid geometr%s repaired with make-valid (%s%s); the repaired "
                     "shape%s measured: check %s",
                     source, n, n == 1 ? "y" : "ies", a->repaired.text,
                     gmi_names_more(&a->repaired), n == 1 ? " is" : "s are", n == 1 ? "it" : "them");
    n = a->nogeom.n;
    if (rc == GM_OK && n) {
        gmi_names gone = {0};
        for (size_t i = 0; i < n; i++) {
            bool dup = false;
            for (size_t j = 0; j < i && !dup; j++)
                dup = strcmp(a->nogeom_label[i], a->nogeom_label[j]) == 0;
            if (!dup && !has_district(a, a->nogeom_label[i]))
                gmi_names_add(&gone, "%s", a->nogeom_label[i]);
        }
        char tail[700] = "";
        if (gone.n)
            snprintf(tail, sizeof tail,
                     "; district%s %s%s ha%s no other shape and %s not in the table", gone.n == 1 ? "" : "s",
                     gone.text, gmi_names_more(&gone), gone.n == 1 ? "s" : "ve",
                     gone.n == 1 ? "is" : "are");
        rc = gm_warn(w, "features_without_geometry",
                     "%s: %zu feature%s without geometry (null or empty) left out (%s%s)%s", source,
                     n, n == 1 ? "" : "s", a->nogeom.text, gmi_names_more(&a->nogeom), tail);
    }
    return rc ? gm_fail(err, GM_E_NOMEM, "out of memory") : GM_OK;
}

/* Measure every collected district into a new result table. */
static gm_status finish(gmi_geo *geo, dacc *a, const gm_compact_opts *o, const char *src_wkt,
                        const char *source, gm_compact **out, gm_error *err)
{
    GEOSContextHandle_t h = geo->h;
    gmi_measurer M;
    gm_compact *c = NULL;
    gm_status rc;
    if (a->k == 0 && a->nogeom.n)
        return gm_fail(err, GM_E_GEOM,
                       "%s: no district polygons: the %zu feature%s%s ha%s no geometry (null or "
                       "empty)",
                       source, a->nogeom.n, a->nogeom.n == 1 ? "" : "s",
                       o->where ? " matching the filter" : "", a->nogeom.n == 1 ? "s" : "ve");
    if (a->k == 0)
        return gm_fail_hint(err, GM_E_DATA, o->where ? GM_HINT_WHERE : GM_HINT_NONE,
                            "%s: no district polygons%s%s%s", source,
                            o->where ? " match the filter \"" : "", o->where ? o->where : "",
                            o->where ? "\"" : "");
    if ((rc = gmi_measurer_init(&M, geo, o, src_wkt, err))) return rc;
    c = gmi_compact_alloc(a->k);
    if (!c) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    c->convention = o->convention;
    c->method = strdup(M.method);
    c->source = strdup(source);
    c->n_repaired = a->repaired.n;
    c->sliver_hole_m2 = M.max_hole_m2;
    if ((rc = layer_warnings(a, source, &c->warnings, err))) goto done;
    for (size_t d = 0; d < a->k; d++) {
        GEOSGeometry *g = NULL;
        bool own = false;
        if (a->n_part[d] == 1) {
            g = a->part[d][0];
        } else {
            /* several features with one id: union them (the collection takes the parts) */
            GEOSGeometry *coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, a->part[d],
                                                             (unsigned)a->n_part[d]);
            if (!coll) {
                rc = gm_fail(err, GM_E_GEOM, "district %s: %s", a->label[d], geo->geos_msg);
                goto done;
            }
            a->n_part[d] = 0;
            g = GEOSUnaryUnion_r(h, coll);
            GEOSGeom_destroy_r(h, coll);
            if (!g) {
                rc = gm_fail(err, GM_E_GEOM, "district %s: cannot merge its features: %s",
                             a->label[d], geo->geos_msg);
                goto done;
            }
            own = true;
        }
        gmi_cm cm;
        c->district[d] = a->label[d]; /* ownership moves to c */
        a->label[d] = NULL;
        rc = gmi_measure_district(&M, g, c->district[d], &cm, err);
        if (rc == GM_OK) {
            gmi_compact_set(c, d, &cm);
            if (o->keep_geometry && gmi_compact_keep_wkb(c, d, h, g))
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        }
        if (own) GEOSGeom_destroy_r(h, g);
        if (rc) goto done;
    }
    if (gmi_measurer_warn(&M, &c->warnings)) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    *out = c;
    c = NULL;
done:
    gm_compact_destroy(c);
    gmi_measurer_free(&M);
    return rc;
}

/* OGR geometry (any CRS, transformed in place by ct when given) -> valid lon/lat GEOS. */
static gm_status to_ll(gmi_geo *geo, OGRGeometryH og, OGRCoordinateTransformationH ct,
                       const char *what, const char *name, dacc *a, GEOSGeometry **out,
                       gm_error *err)
{
    bool fixed = false;
    gm_error e2;
    *out = NULL;
    if (ct && OGR_G_Transform(og, ct) != OGRERR_NONE)
        return gm_fail(err, GM_E_CRS, "%s: cannot transform its geometry to longitude/latitude",
                       what);
    gm_error_clear(&e2);
    *out = gmi_ogr_to_geos(geo, og, &fixed, &e2);
    if (!*out) return gm_fail(err, GM_E_GEOM, "%s: %.800s", what, e2.msg);
    if (fixed) gmi_names_add(&a->repaired, "%s", name);
    return GM_OK;
}

/* WGS84 lon/lat in traditional GIS order; caller releases. */
static OGRSpatialReferenceH wgs84(void)
{
    OGRSpatialReferenceH w = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(w, "WGS84");
    OSRSetAxisMappingStrategy(w, OAMS_TRADITIONAL_GIS_ORDER);
    return w;
}

gm_status gm_compact_from_layer(const char *path, const gm_compact_opts *o, gm_compact **out,
                                gm_error *err)
{
    gmi_layer L;
    gmi_geo geo;
    dacc a;
    gm_status rc;
    OGRSpatialReferenceH src = NULL, w = NULL;
    OGRCoordinateTransformationH ct = NULL;
    OGRFeatureH f = NULL;
    char *src_wkt = NULL;
    int i_id = -1;
    memset(&a, 0, sizeof a);
    *out = NULL;
    if ((rc = gmi_geo_init(&geo, err))) return rc;
    if ((rc = gmi_layer_open(path, o->layer, o->where, &L, err))) {
        gmi_geo_free(&geo);
        return rc;
    }
    if (o->id_field && (rc = gmi_layer_field(&L, o->id_field, "district id", &i_id, err)))
        goto done;
    if ((rc = gmi_layer_need_geometry(&L, "compactness measures district shapes", err))) goto done;
    OGRSpatialReferenceH s = OGR_L_GetSpatialRef(L.lyr);
    if (!s) {
        rc = gm_fail(err, GM_E_CRS,
                     "%s: layer '%s' has no coordinate reference system; add one (e.g. the "
                     "missing .prj, or ogr2ogr -a_srs EPSG:XXXX)",
                     L.path, L.name);
        goto done;
    }
    src = OSRClone(s);
    OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
    double ll[4];
    if ((rc = gmi_layer_lonlat_extent(L.lyr, src,
                                      "fix the layer's CRS (e.g. ogr2ogr -a_srs EPSG:XXXX)", ll,
                                      err)) != GM_OK) {
        char m[sizeof err->msg];
        snprintf(m, sizeof m, "%s", err ? err->msg : "");
        gm_fail(err, rc, "%s: %.900s", L.path, m);
        goto done;
    }
    OSRExportToWkt(src, &src_wkt);
    w = wgs84();
    ct = OCTNewCoordinateTransformation(src, w);
    if (!ct) {
        rc = gm_fail(err, GM_E_CRS, "%s: cannot transform layer '%s' to longitude/latitude: %s",
                     L.path, L.name, CPLGetLastErrorMsg());
        goto done;
    }
    OGR_L_ResetReading(L.lyr);
    bool read_failed = false;
    size_t n_read = 0;
    gmi_shape_log shapes;
    memset(&shapes, 0, sizeof shapes);
    while ((f = gmi_layer_next(&L, n_read++, &read_failed, err)) != NULL) {
        long long fid = (long long)OGR_F_GetFID(f);
        char lab[64], what[200], name[160];
        const char *label = lab;
        snprintf(lab, sizeof lab, "%lld", fid);
        if (i_id >= 0) {
            label = gmi_field_text(f, i_id, lab, sizeof lab);
            if (!*label) {
                rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_WHERE,
                             "%s: feature %lld has an empty district id '%s'; fill it or filter "
                             "the feature out",
                             L.path, fid, o->id_field);
                goto done;
            }
        }
        snprintf(name, sizeof name, "feature %lld (district %.100s)", fid, label);
        snprintf(what, sizeof what, "%s: %s", L.path, name);
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        if (!og || OGR_G_IsEmpty(og)) { /* no shape, nothing to measure: named */
            char **t = realloc(a.nogeom_label, (a.nogeom.n + 1) * sizeof *t);
            char *l = strdup(label);
            if (!t || !l) {
                if (t) a.nogeom_label = t;
                free(l);
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                goto done;
            }
            a.nogeom_label = t;
            a.nogeom_label[a.nogeom.n] = l;
            gmi_names_add(&a.nogeom, "%s", name);
            OGR_F_Destroy(f);
            f = NULL;
            continue;
        }
        OGRGeometryH part = NULL; /* a point or a line has no area to measure */
        char nm[160];
        snprintf(nm, sizeof nm, "feature %lld (district %.80s)", fid, label);
        gmi_shape kind = gmi_ogr_shape(og, &part);
        gmi_shape_note(&shapes, kind, nm, og);
        if (kind == GMI_SHAPE_OTHER) {
            OGR_F_Destroy(f);
            f = NULL;
            continue;
        }
        if (part) { /* the polygon parts of a collection, or linear curves */
            OGR_F_SetGeometryDirectly(f, part);
            og = OGR_F_GetGeometryRef(f);
        }
        GEOSGeometry *g;
        if ((rc = to_ll(&geo, og, ct, what, name, &a, &g, err))) goto done;
        if (dacc_add(&a, geo.h, label, g)) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        OGR_F_Destroy(f);
        f = NULL;
    }
    if (read_failed) { /* a damaged layer, or a filter the driver could not run */
        rc = err ? err->code : GM_E_IO;
        goto done;
    }
    if ((rc = gmi_shape_fail(&shapes, L.path, L.name, "compactness measures district shapes",
                             err)))
        goto done;
    char source[600];
    snprintf(source, sizeof source, "%s:%s%s%s", L.path, L.name, o->id_field ? " by " : "",
             o->id_field ? o->id_field : "");
    rc = finish(&geo, &a, o, src_wkt, source, out, err);
    if (rc == GM_OK && gmi_shape_warn(&shapes, L.path, "district feature",
                                      "left out of their districts' shapes", &(*out)->warnings)) {
        gm_compact_destroy(*out);
        *out = NULL;
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
    }
done:
    if (f) OGR_F_Destroy(f);
    dacc_free(&a, geo.h);
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (src) OSRRelease(src);
    if (w) OSRRelease(w);
    CPLFree(src_wkt);
    gmi_layer_close(&L);
    gmi_geo_free(&geo);
    return rc;
}

gm_status gm_compact_from_wkb(size_t k, const unsigned char *const *wkb, const size_t *wkb_len,
                              const char *src_crs, const char *const *labels,
                              const gm_compact_opts *o, gm_compact **out, gm_error *err)
{
    gmi_geo geo;
    dacc a;
    gm_status rc;
    OGRSpatialReferenceH src = NULL, w = NULL;
    OGRCoordinateTransformationH ct = NULL;
    char *src_wkt = NULL;
    memset(&a, 0, sizeof a);
    *out = NULL;
    if ((rc = gmi_geo_init(&geo, err))) return rc;
    gmi_gdal_enter(); /* GDAL quiet on this thread while it parses and transforms */
    w = wgs84();
    if (src_crs && *src_crs) {
        src = OSRNewSpatialReference(NULL);
        if (OSRSetFromUserInput(src, src_crs) != OGRERR_NONE) {
            rc = gm_fail(err, GM_E_CRS, "source CRS '%.200s' is not one GDAL/PROJ knows", src_crs);
            goto done;
        }
        OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
        OSRExportToWkt(src, &src_wkt);
        ct = OCTNewCoordinateTransformation(src, w);
        if (!ct) {
            rc = gm_fail(err, GM_E_CRS, "cannot transform '%.200s' to longitude/latitude", src_crs);
            goto done;
        }
    }
    for (size_t i = 0; i < k; i++) {
        char lab[32], what[120];
        snprintf(lab, sizeof lab, "%zu", i + 1);
        const char *label = labels && labels[i] ? labels[i] : lab;
        snprintf(what, sizeof what, "district %s", label);
        OGRGeometryH og = NULL;
        if (OGR_G_CreateFromWkbEx(wkb[i], NULL, &og, wkb_len[i]) != OGRERR_NONE || !og) {
            rc = gm_fail(err, GM_E_GEOM, "%s: WKB cannot be read", what);
            goto done;
        }
        GEOSGeometry *g;
        rc = to_ll(&geo, og, ct, what, what, &a, &g, err);
        OGR_G_DestroyGeometry(og);
        if (rc) goto done;
        if (dacc_add(&a, geo.h, label, g)) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
    }
    rc = finish(&geo, &a, o, src_wkt, "WKB in memory", out, err);
done:
    dacc_free(&a, geo.h);
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (src) OSRRelease(src);
    if (w) OSRRelease(w);
    CPLFree(src_wkt);
    gmi_gdal_leave();
    gmi_geo_free(&geo);
    return rc;
}
