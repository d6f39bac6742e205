/* geo.c: geometry context, working CRS and OGR -> GEOS conversion. */
#include "geo/geo.h"

#include <cpl_conv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void geos_msg(const char *msg, void *ud)
{
    gmi_geo *g = ud;
    snprintf(g->geos_msg, sizeof g->geos_msg, "%s", msg);
}

static void geos_notice(const char *msg, void *ud)
{
    (void)msg;
    (void)ud; /* notices (e.g. self-intersection detail) are not errors */
}

static void proj_log(void *ud, int level, const char *msg)
{
    gmi_geo *g = ud;
    (void)level;
    snprintf(g->proj_msg, sizeof g->proj_msg, "%s", msg);
}

gm_status gmi_geo_init(gmi_geo *g, gm_error *err)
{
    memset(g, 0, sizeof *g);
    g->h = GEOS_init_r();
    if (!g->h) return gm_fail(err, GM_E_NOMEM, "cannot create a GEOS context");
    GEOSContext_setErrorMessageHandler_r(g->h, geos_msg, g);
    GEOSContext_setNoticeMessageHandler_r(g->h, geos_notice, g);
    g->pj = proj_context_create();
    if (!g->pj) {
        GEOS_finish_r(g->h);
        g->h = NULL;
        return gm_fail(err, GM_E_NOMEM, "cannot create a PROJ context");
    }
    proj_log_func(g->pj, g, proj_log);
    /* grids are never downloaded unless the user allowed the network */
    proj_context_set_enable_network(g->pj, gm_get_allow_network() ? 1 : 0);
    return GM_OK;
}

void gmi_geo_free(gmi_geo *g)
{
    if (!g) return;
    if (g->pj) proj_context_destroy(g->pj);
    if (g->h) GEOS_finish_r(g->h);
    g->pj = NULL;
    g->h = NULL;
}

void gmi_laea_def(char *buf, size_t cap, double lon0, double lat0, gmi_laea_kind kind)
{
    int dec = kind == GMI_LAEA_WORKING ? 6 : 9;
    snprintf(buf, cap,
             "+proj=laea +lat_0=%.*f +lon_0=%.*f +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
             dec, lat0, dec, lon0);
}

OGRSpatialReferenceH gmi_laea_srs(double lon0, double lat0)
{
    char def[GMI_LAEA_DEF_MAX];
    gmi_laea_def(def, sizeof def, lon0, lat0, GMI_LAEA_WORKING);
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
    if (OSRImportFromProj4(s, def) != OGRERR_NONE) {
        OSRRelease(s);
        return NULL;
    }
    OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
    return s;
}

gm_status gmi_layer_lonlat_extent(OGRLayerH lyr, OGRSpatialReferenceH src, const char *fix,
                                  double ll[4], gm_error *err)
{
    OGREnvelope env;
    OGRSpatialReferenceH wgs = NULL;
    OGRCoordinateTransformationH to_ll = NULL;
    gm_status rc = GM_OK;
    if (OGR_L_GetExtent(lyr, &env, 1) != OGRERR_NONE)
        return gm_fail(err, GM_E_GEOM, "layer '%s' has no extent (no geometries?)",
                       OGR_L_GetName(lyr));
    /* Absurd coordinates: the usual cause is a CRS label that does not match the
     * numbers. Degrees labelled as a projected CRS fit inside +-180 x +-90 "metres",
     * i.e. the whole layer would be a few hundred metres across at the CRS origin;
     * metres or feet labelled as degrees fall outside the globe. */
    bool projected = OSRIsProjected(src) != 0;
    if (projected && env.MinX >= -180.0 && env.MaxX <= 180.0 && env.MinY >= -90.0 &&
        env.MaxY <= 90.0)
        return gm_fail_hint(err, GM_E_CRS, fix ? GM_HINT_NONE : GM_HINT_CRS,
                       "layer '%s': coordinates %.6g,%.6g..%.6g,%.6g look like longitude/latitude "
                       "degrees, but the CRS says projected ('%s'); %s",
                       OGR_L_GetName(lyr), env.MinX, env.MinY, env.MaxX, env.MaxY,
                       OSRGetName(src) ? OSRGetName(src) : "?",
                       fix ? fix : "give the layer's real CRS (EPSG:4326 for longitude/latitude)");
    wgs = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(wgs, "WGS84");
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    to_ll = OCTNewCoordinateTransformation(src, wgs);
    if (!to_ll) {
        rc = gm_fail(err, GM_E_CRS, "cannot transform layer '%s' to longitude/latitude: %s",
                     OGR_L_GetName(lyr), CPLGetLastErrorMsg());
        goto done;
    }
    /* The four corners and the middle of each side. */
    double xs[8] = {env.MinX, env.MaxX, env.MinX, env.MaxX, (env.MinX + env.MaxX) / 2,
                    (env.MinX + env.MaxX) / 2, env.MinX, env.MaxX};
    double ys[8] = {env.MinY, env.MinY, env.MaxY, env.MaxY, env.MinY, env.MaxY,
                    (env.MinY + env.MaxY) / 2, (env.MinY + env.MaxY) / 2};
    int ok[8];
    OCTTransformEx(to_ll, 8, xs, ys, NULL, ok);
    double mnx = 1e300, mxx = -1e300, mny = 1e300, mxy = -1e300;
    int good = 0;
    for (int i = 0; i < 8; i++) {
        if (!ok[i] || !isfinite(xs[i]) || !isfinite(ys[i])) continue;
        good++;
        mnx = fmin(mnx, xs[i]);
        mxx = fmax(mxx, xs[i]);
        mny = fmin(mny, ys[i]);
        mxy = fmax(mxy, ys[i]);
    }
    if (!good || mny < -90.0 || mxy > 90.0 || mnx < -540.0 || mxx > 540.0) {
        rc = gm_fail_hint(err, GM_E_CRS, fix ? GM_HINT_NONE : GM_HINT_CRS,
                     "layer '%s': coordinates %.6g,%.6g..%.6g,%.6g do not fit its CRS ('%s')%s; %s",
                     OGR_L_GetName(lyr), env.MinX, env.MinY, env.MaxX, env.MaxY,
                     OSRGetName(src) ? OSRGetName(src) : "?",
                     projected ? "" : ": they look like projected metres or feet, not degrees",
                     fix ? fix : "give the layer's real CRS (e.g. EPSG:26915)");
        goto done;
    }
    ll[0] = mnx;
    ll[1] = mny;
    ll[2] = mxx;
    ll[3] = mxy;
    /* A projected CRS turns any numbers into some place: a wrong one is seen only by
     * where it puts the data (geographic CRSs are left out: degrees do not scale, and
     * their mislabelling is caught above). */
    double aou[4];
    char area[100];
    if (projected && gmi_crs_area_of_use(src, aou, area, sizeof area) &&
        gmi_aou_share(aou, ll, GMI_AOU_LAYER_MARGIN) < GMI_AOU_MIN_SHARE) {
        char crs[200];
        gmi_crs_describe(src, crs, sizeof crs);
        rc = gm_fail_hint(err, GM_E_CRS, fix ? GM_HINT_NONE : GM_HINT_CRS,
                          "layer '%s': its CRS %s puts its coordinates (%.6g,%.6g..%.6g,%.6g) at "
                          "longitude %.2f..%.2f, latitude %.2f..%.2f, mostly outside the area "
                          "that CRS is made for (%s: longitude %.2f..%.2f, latitude %.2f..%.2f), so "
                          "the CRS does not describe these numbers and every area and length "
                          "would be wrong; %s",
                          OGR_L_GetName(lyr), crs, env.MinX, env.MinY, env.MaxX, env.MaxY, mnx,
                          mxx, mny, mxy, area, aou[0], aou[2], aou[1], aou[3],
                          fix ? fix : "give the layer's real CRS (the one its data was made in)");
        goto done;
    }
done:
    if (to_ll) OCTDestroyCoordinateTransformation(to_ll);
    if (wgs) OSRRelease(wgs);
    return rc;
}

gm_status gmi_layer_to_laea(OGRLayerH lyr, OGRSpatialReferenceH src, double *lon0, double *lat0,
                            OGRCoordinateTransformationH *ct, gm_error *err)
{
    double ll[4];
    gm_status rc;
    *ct = NULL;
    if ((rc = gmi_layer_lonlat_extent(lyr, src, NULL, ll, err)) != GM_OK) return rc;
    *lon0 = (ll[0] + ll[2]) / 2;
    *lat0 = (ll[1] + ll[3]) / 2;
    OGRSpatialReferenceH laea = gmi_laea_srs(*lon0, *lat0);
    if (!laea) return gm_fail(err, GM_E_CRS, "cannot build the working equal-area CRS");
    *ct = OCTNewCoordinateTransformation(src, laea);
    if (!*ct)
        rc = gm_fail(err, GM_E_CRS, "cannot transform layer '%s' to an equal-area CRS: %s",
                     OGR_L_GetName(lyr), CPLGetLastErrorMsg());
    OSRRelease(laea);
    return rc;
}

/* Largest coordinate magnitude accepted: 1e9 covers degrees, metres and US feet of
 * any real layer (the Earth is 4e7 m round). Larger or non-finite values are corrupt
 * data; GEOS's repair of such shapes can fail deep inside (and leaks, GEOS 3.11). */
#define GM_MAX_COORD 1e9

GEOSGeometry *gmi_ogr_to_geos(gmi_geo *g, OGRGeometryH og, bool *repaired, gm_error *err)
{
    OGREnvelope env;
    OGR_G_GetEnvelope(og, &env);
    if (!OGR_G_IsEmpty(og) &&
        !(fabs(env.MinX) <= GM_MAX_COORD && fabs(env.MaxX) <= GM_MAX_COORD &&
          fabs(env.MinY) <= GM_MAX_COORD && fabs(env.MaxY) <= GM_MAX_COORD)) {
        *repaired = false;
        gm_fail(err, GM_E_GEOM,
                "coordinates out of range (extent %g,%g..%g,%g): not a real place; the "
                "geometry is corrupt",
                env.MinX, env.MinY, env.MaxX, env.MaxY);
        return NULL;
    }
    size_t n = OGR_G_WkbSizeEx(og);
    unsigned char *wkb = malloc(n ? n : 1);
    GEOSWKBReader *rd = NULL;
    GEOSGeometry *out = NULL;
    *repaired = false;
    if (!wkb) {
        gm_fail(err, GM_E_NOMEM, "out of memory converting a geometry");
        return NULL;
    }
    if (OGR_G_ExportToIsoWkb(og, wkbNDR, wkb) != OGRERR_NONE) {
        gm_fail(err, GM_E_GEOM, "cannot export geometry to WKB");
        goto done;
    }
    rd = GEOSWKBReader_create_r(g->h);
    out = GEOSWKBReader_read_r(g->h, rd, wkb, n);
    if (!out) {
        /* GDAL accepts rings whose last point is not the first (it warns); GEOS does
         * not. Close them and try once more: the ring the file meant is the closed one. */
        OGR_G_CloseRings(og);
        size_t n2 = OGR_G_WkbSizeEx(og);
        unsigned char *w2 = realloc(wkb, n2 ? n2 : 1);
        if (w2) {
            wkb = w2;
            n = n2;
            if (OGR_G_ExportToIsoWkb(og, wkbNDR, wkb) == OGRERR_NONE)
                out = GEOSWKBReader_read_r(g->h, rd, wkb, n);
        }
        if (out) *repaired = true;
    }
    if (!out) {
        gm_fail(err, GM_E_GEOM, "GEOS cannot read geometry: %s", g->geos_msg);
        goto done;
    }
    if (GEOSisValid_r(g->h, out) != 1) {
        GEOSMakeValidParams *p = GEOSMakeValidParams_create_r(g->h);
        GEOSMakeValidParams_setMethod_r(g->h, p, GEOS_MAKE_VALID_STRUCTURE);
        GEOSGeometry *fixed = GEOSMakeValidWithParams_r(g->h, out, p);
        GEOSMakeValidParams_destroy_r(g->h, p);
        if (!fixed) {
            gm_fail(err, GM_E_GEOM, "invalid geometry could not be repaired: %s", g->geos_msg);
            GEOSGeom_destroy_r(g->h, out);
            out = NULL;
            goto done;
        }
        GEOSGeom_destroy_r(g->h, out);
        out = fixed;
        *repaired = true;
    }
done:
    if (rd) GEOSWKBReader_destroy_r(g->h, rd);
    free(wkb);
    return out;
}

gm_status gmi_geoms_create(size_t n, gm_geoms **out, gm_error *err)
{
    gm_geoms *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s) return gm_fail(err, GM_E_NOMEM, "out of memory");
    gm_status rc = gmi_geo_init(&s->ctx, err);
    if (rc != GM_OK) {
        free(s);
        return rc;
    }
    s->g = calloc(n ? n : 1, sizeof *s->g);
    if (!s->g) {
        gmi_geoms_destroy(s);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    s->n = n;
    *out = s;
    return GM_OK;
}

void gmi_geoms_destroy(gm_geoms *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++)
        if (s->g[i]) GEOSGeom_destroy_r(s->ctx.h, s->g[i]);
    free(s->g);
    free(s->work_crs);
    free(s->src_wkt);
    gmi_geo_free(&s->ctx);
    free(s);
}
