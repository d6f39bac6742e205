/* gpkg_out.c: the districts with their compactness measures as attributes, written to
 * a GeoPackage so analysts can map them.
 *
 * Geometry is the district as measured, in EPSG:4326 (lon/lat, traditional GIS
 * order), promoted to MultiPolygon. The file is built under a temporary name in the
 * target's directory and renamed into place, so a failed run never leaves a partial
 * file under the requested name. */
#include "gerrymeter/gm_compact.h"
#include "gerrymeter/gm_io.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gm_status add_field(OGRLayerH lyr, const char *name, OGRFieldType t, gm_error *err)
{
    OGRFieldDefnH fd = OGR_Fld_Create(name, t);
    OGRErr e = OGR_L_CreateField(lyr, fd, 1);
    OGR_Fld_Destroy(fd);
    if (e != OGRERR_NONE)
        return gm_fail(err, GM_E_IO, "cannot create field '%s': %s", name, CPLGetLastErrorMsg());
    return GM_OK;
}

gm_status gm_compact_write_gpkg(const gm_compact *c, const char *path, const char *layer_name,
                                gm_error *err)
{
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    GDALDatasetH ds = NULL;
    OGRSpatialReferenceH srs = NULL;
    gm_status rc = GM_OK;
    char *tmp = NULL;
    if (!drv) return gm_fail(err, GM_E_IO, "GDAL has no GPKG driver");
    if (!c->k || !c->wkb || !c->wkb[0])
        return gm_fail(err, GM_E_ARG, "no district geometry kept (set keep_geometry)");
    if ((rc = gm_atomic_tmpname(path, &tmp, err))) return rc;
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    ds = GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL);
    if (!ds) {
        rc = gm_fail(err, GM_E_IO, "cannot create '%s': %s", path, CPLGetLastErrorMsg());
        goto done;
    }
    srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, layer_name ? layer_name : "compactness", srs,
                                           wkbMultiPolygon, NULL);
    if (!lyr) {
        rc = gm_fail(err, GM_E_IO, "cannot create a layer in '%s': %s", path, CPLGetLastErrorMsg());
        goto done;
    }
    if ((rc = add_field(lyr, "district", OFTString, err))) goto done;
    for (int m = 0; m < GM_CM_COUNT; m++)
        if ((rc = add_field(lyr, gm_compact_metric_name((gm_compact_metric)m), OFTReal, err)))
            goto done;
    if ((rc = add_field(lyr, "cut_edges", OFTInteger64, err))) goto done;
    if ((rc = add_field(lyr, "parts", OFTInteger, err))) goto done;
    if ((rc = add_field(lyr, "holes", OFTInteger, err))) goto done;
    if ((rc = add_field(lyr, "holes_dropped", OFTInteger, err))) goto done;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    GDALDatasetStartTransaction(ds, 0);
    for (size_t d = 0; d < c->k && rc == GM_OK; d++) {
        OGRFeatureH f = OGR_F_Create(defn);
        OGRGeometryH g = NULL;
        int fi = 0;
        OGR_F_SetFieldString(f, fi++, c->district[d]);
        for (int m = 0; m < GM_CM_COUNT; m++, fi++)
            if (isfinite(c->m[m][d]))
                OGR_F_SetFieldDouble(f, fi, c->m[m][d]);
            else
                OGR_F_SetFieldNull(f, fi);
        if (c->cut_edges[d] >= 0)
            OGR_F_SetFieldInteger64(f, fi, c->cut_edges[d]);
        else
            OGR_F_SetFieldNull(f, fi);
        fi++;
        OGR_F_SetFieldInteger(f, fi++, c->n_parts[d]);
        OGR_F_SetFieldInteger(f, fi++, c->n_holes[d]);
        OGR_F_SetFieldInteger(f, fi++, c->n_holes_dropped[d]);
        if (c->wkb[d] && OGR_G_CreateFromWkbEx(c->wkb[d], NULL, &g, c->wkb_len[d]) == OGRERR_NONE &&
            g) {
            g = OGR_G_ForceToMultiPolygon(g);
            OGR_G_AssignSpatialReference(g, srs);
            OGR_F_SetGeometryDirectly(f, g);
        }
        if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
            rc = gm_fail(err, GM_E_IO, "cannot write district %s to '%s': %s", c->district[d], path,
                         CPLGetLastErrorMsg());
        OGR_F_Destroy(f);
    }
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE && rc == GM_OK)
        rc = gm_fail(err, GM_E_IO, "cannot write '%s': %s", path, CPLGetLastErrorMsg());
done:
    if (ds) GDALClose(ds);
    CPLPopErrorHandler();
    if (srs) OSRRelease(srs);
    if (rc == GM_OK) rc = gm_atomic_tmpcommit(tmp, path, err);
    if (rc != GM_OK) remove(tmp);
    gm_atomic_tmpdone(tmp);
    free(tmp);
    return rc;
}
