/* gpkg_out.c: the districts with their compactness measures as attributes, written to
 * a GeoPackage or a database table so analysts can map them.
 *
 * Geometry is the district as measured, in EPSG:4326 (lon/lat, traditional GIS
 * order), promoted to MultiPolygon. The file is built under a temporary name in the
 * target's directory and renamed into place, so a failed run never leaves a partial
 * file under the requested name; the table is created and filled in one transaction
 * (io/db_table.c). Both get the same columns and rows (district_columns, district_row). */
#include "gerrymeter/gm_compact.h"
#include "gerrymeter/gm_io.h"
#include "io/db_table.h"

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

/* The columns: district, the caller's extra columns, every measure, cut_edges, parts,
 * holes, holes_dropped. */
typedef gm_status (*column_fn)(void *ctx, const char *name, OGRFieldType t, gm_error *err);

static gm_status district_columns(column_fn add, void *ctx, const gm_table_column *x, size_t nx,
                                  gm_error *err)
{
    gm_status rc = add(ctx, "district", OFTString, err);
    for (size_t i = 0; !rc && i < nx; i++)
        rc = add(ctx, x[i].name, x[i].text ? OFTString : x[i].integer ? OFTInteger64 : OFTReal, err);
    for (int m = 0; !rc && m < GM_CM_COUNT; m++)
        rc = add(ctx, gm_compact_metric_name((gm_compact_metric)m), OFTReal, err);
    if (!rc) rc = add(ctx, "cut_edges", OFTInteger64, err);
    if (!rc) rc = add(ctx, "parts", OFTInteger, err);
    if (!rc) rc = add(ctx, "holes", OFTInteger, err);
    if (!rc) rc = add(ctx, "holes_dropped", OFTInteger, err);
    return rc;
}

/* District d's row in f (the fields of district_columns, then the geometry). */
static void district_row(OGRFeatureH f, const gm_compact *c, size_t d, OGRSpatialReferenceH srs,
                         const gm_table_column *x, size_t nx)
{
    OGRGeometryH g = NULL;
    int fi = 0;
    OGR_F_SetFieldString(f, fi++, c->district[d]);
    for (size_t i = 0; i < nx; i++, fi++) {
        if (x[i].text) {
            if (x[i].text[d] && *x[i].text[d]) OGR_F_SetFieldString(f, fi, x[i].text[d]);
            else OGR_F_SetFieldNull(f, fi);
        } else if (x[i].num && isfinite(x[i].num[d]) && x[i].integer) {
            OGR_F_SetFieldInteger64(f, fi, (GIntBig)x[i].num[d]);
        } else {
            gmi_dbt_set_real(f, fi, x[i].num ? x[i].num[d] : NAN);
        }
    }
    for (int m = 0; m < GM_CM_COUNT; m++, fi++) gmi_dbt_set_real(f, fi, c->m[m][d]);
    if (c->cut_edges[d] >= 0)
        OGR_F_SetFieldInteger64(f, fi, c->cut_edges[d]);
    else
        OGR_F_SetFieldNull(f, fi);
    fi++;
    OGR_F_SetFieldInteger(f, fi++, c->n_parts[d]);
    OGR_F_SetFieldInteger(f, fi++, c->n_holes[d]);
    OGR_F_SetFieldInteger(f, fi++, c->n_holes_dropped[d]);
    if (c->wkb[d] && OGR_G_CreateFromWkbEx(c->wkb[d], NULL, &g, c->wkb_len[d]) == OGRERR_NONE && g) {
        g = OGR_G_ForceToMultiPolygon(g);
        OGR_G_AssignSpatialReference(g, srs);
        OGR_F_SetGeometryDirectly(f, g);
    }
}

static OGRSpatialReferenceH lonlat(void)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4326);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

static gm_status gpkg_column(void *ctx, const char *name, OGRFieldType t, gm_error *err)
{
    return add_field(ctx, name, t, err);
}

/* The columns of a table, gathered before it is created. */
typedef struct col_list {
    gmi_dbt_col *v;
    size_t n, cap;
} col_list;

static gm_status table_column(void *ctx, const char *name, OGRFieldType t, gm_error *err)
{
    col_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        gmi_dbt_col *v = realloc(l->v, cap * sizeof *v);
        if (!v) return gm_fail(err, GM_E_NOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (gmi_dbt_col){name, t};
    return GM_OK;
}

gm_status gm_compact_write_table(const gm_compact *c, const char *conn, const char *table,
                                 bool overwrite, const gm_table_column *extra, size_t n_extra,
                                 gm_error *err)
{
    if (!c->k || !c->wkb || !c->wkb[0])
        return gm_fail(err, GM_E_ARG, "no district geometry kept (set keep_geometry)");
    gmi_dbt t;
    memset(&t, 0, sizeof t);
    col_list cols = {0};
    OGRSpatialReferenceH srs = lonlat();
    gm_status rc = district_columns(table_column, &cols, extra, n_extra, err);
    if (!rc)
        rc = gmi_dbt_open(&t, conn, table, overwrite, wkbMultiPolygon, srs,
                          "gerrymeter: the districts as measured", cols.v, cols.n, err);
    free(cols.v);
    for (size_t d = 0; !rc && d < c->k; d++) {
        OGRFeatureH f = gmi_dbt_row(&t);
        if (!f) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            break;
        }
        district_row(f, c, d, srs, extra, n_extra);
        rc = gmi_dbt_write(&t, f, err);
        OGR_F_Destroy(f);
    }
    if (!rc) rc = gmi_dbt_commit(&t, err);
    else gmi_dbt_abort(&t);
    OSRRelease(srs);
    return rc;
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
    srs = lonlat();
    OGRLayerH lyr = GDALDatasetCreateLayer(ds, layer_name ? layer_name : "compactness", srs,
                                           wkbMultiPolygon, NULL);
    if (!lyr) {
        rc = gm_fail(err, GM_E_IO, "cannot create a layer in '%s': %s", path, CPLGetLastErrorMsg());
        goto done;
    }
    if ((rc = district_columns(gpkg_column, lyr, NULL, 0, err))) goto done;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    GDALDatasetStartTransaction(ds, 0);
    for (size_t d = 0; d < c->k && rc == GM_OK; d++) {
        OGRFeatureH f = OGR_F_Create(defn);
        district_row(f, c, d, srs, NULL, 0);
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
