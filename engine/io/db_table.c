/* db_table.c: a new table in a PostgreSQL database, in one transaction, rows by COPY.
 *
 * Why GDAL's PostgreSQL driver and not libpq directly: the engine already speaks to
 * every source through GDAL (the reading side of a database is the same driver), the
 * driver turns geometry and its CRS into PostGIS columns for district tables, and with
 * PG_USE_COPY=YES it streams rows with COPY inside the caller's transaction
 * (GDALDatasetStartTransaction ... CommitTransaction ends the COPY first). libpq alone
 * would mean a second client library, our own COPY text escaping and our own EWKB. */
#include "io/db_table.h"

#include "core/gdal_env.h"
#include "gerrymeter/gm_io.h"
#include "io/ogr_layer.h"
#include "io/path.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* GDAL's last message on one line. */
static const char *last_reason(char *buf, size_t cap)
{
    gmi_pg_reason(CPLGetLastErrorMsg(), buf, cap);
    return buf;
}

static void dbt_close(gmi_dbt *t)
{
    if (t->ds) GDALClose(t->ds);
    if (t->scoped) {
        CPLSetThreadLocalConfigOption("PG_USE_COPY", t->saved_copy);
        gmi_gdal_leave();
    }
    free(t->saved_copy);
    free(t->conn);
    free(t->table);
    memset(t, 0, sizeof *t);
}

void gmi_dbt_abort(gmi_dbt *t)
{
    if (!t) return;
    if (t->ds && t->tx) GDALDatasetRollbackTransaction(t->ds);
    t->tx = false;
    dbt_close(t);
}

/* The real columns as COLUMN_TYPES ("a=float8,b=float8"): created as text fields, so
 * that the rows carry their own %.17g text (gmi_dbt_set_real) to a float8 column. */
static char *real_types(const gmi_dbt_col *col, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    for (size_t i = 0, k = 0; i < n; i++)
        if (col[i].type == OFTReal) fprintf(f, "%s%s=float8", k++ ? "," : "", col[i].name);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

gm_status gmi_dbt_open(gmi_dbt *t, const char *conn, const char *table, bool overwrite,
                       OGRwkbGeometryType gt, OGRSpatialReferenceH srs, const char *comment,
                       const gmi_dbt_col *col, size_t n, gm_error *err)
{
    char why[600], *gpath = NULL, *types = NULL;
    char **lco = NULL;
    gm_status rc;
    memset(t, 0, sizeof *t);
    if (!gmi_path_is_pg(conn))
        return gm_fail(err, GM_E_ARG, "'%s' is not a database connection string (PG:...)", conn);
    if (!table || !*table)
        return gm_fail(err, GM_E_ARG, "%s: no table named to write to", conn);
    if ((rc = gm_resolve_source(conn, &gpath, err)) != GM_OK) return rc; /* network policy */
    t->conn = strdup(conn);
    t->table = strdup(table);
    if (!t->conn || !t->table) {
        free(gpath);
        dbt_close(t);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    gmi_gdal_enter();
    t->scoped = true;
    const char *cur = CPLGetThreadLocalConfigOption("PG_USE_COPY", NULL);
    t->saved_copy = cur ? strdup(cur) : NULL;
    CPLSetThreadLocalConfigOption("PG_USE_COPY", "YES");
    static const char *const drv[] = {"PostgreSQL", NULL};
    static const char *const oo[] = {"LIST_ALL_TABLES=YES", NULL};
    CPLErrorReset();
    t->ds = GDALOpenEx(gpath, GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR, drv, oo,
                       NULL);
    free(gpath);
    if (!t->ds) {
        rc = gm_fail(err, GM_E_IO,
                     "cannot connect to the database '%s': %s; check the connection string "
                     "(dbname, host: a Unix socket directory or a host name, port, user) and "
                     "that the server is running",
                     conn, last_reason(why, sizeof why));
        goto fail;
    }
    if (gt != wkbNone && !gmi_pg_has_postgis(t->ds)) {
        rc = gm_fail(err, GM_E_FORMAT,
                     "the database '%s' has no PostGIS extension, so table '%s' cannot hold "
                     "shapes; create it with CREATE EXTENSION postgis",
                     conn, table);
        goto fail;
    }
    CPLErrorReset();
    if (GDALDatasetGetLayerByName(t->ds, table) && !overwrite) {
        rc = gm_fail_hint(err, GM_E_ARG, GM_HINT_OVERWRITE,
                          "the database '%s' already has a table '%s'; nothing was written", conn,
                          table);
        goto fail;
    }
    if (GDALDatasetStartTransaction(t->ds, FALSE) != OGRERR_NONE) {
        rc = gm_fail(err, GM_E_IO, "%s: cannot start a transaction: %s", conn,
                     last_reason(why, sizeof why));
        goto fail;
    }
    t->tx = true;
    lco = CSLSetNameValue(lco, "LAUNDER", "NO");       /* columns as named: seats_D */
    lco = CSLSetNameValue(lco, "PRECISION", "NO");     /* double precision, not numeric */
    if (overwrite) lco = CSLSetNameValue(lco, "OVERWRITE", "YES"); /* dropped in the transaction */
    if (gt != wkbNone) lco = CSLSetNameValue(lco, "GEOMETRY_NAME", "geom");
    if (comment) lco = CSLSetNameValue(lco, "DESCRIPTION", comment);
    if (!(types = real_types(col, n))) {
        CSLDestroy(lco);
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto fail;
    }
    if (*types) lco = CSLSetNameValue(lco, "COLUMN_TYPES", types);
    free(types);
    CPLErrorReset();
    t->lyr = GDALDatasetCreateLayer(t->ds, table, srs, gt, lco);
    CSLDestroy(lco);
    if (!t->lyr) {
        rc = gm_fail(err, GM_E_IO, "%s: cannot create table '%s': %s", conn, table,
                     last_reason(why, sizeof why));
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(col[i].name, col[i].type == OFTReal ? OFTString : col[i].type);
        CPLErrorReset();
        OGRErr e = OGR_L_CreateField(t->lyr, fd, FALSE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE) {
            rc = gm_fail(err, GM_E_IO, "%s: table '%s': cannot create column '%s': %s", conn,
                         table, col[i].name, last_reason(why, sizeof why));
            goto fail;
        }
    }
    return GM_OK;
fail:
    gmi_dbt_abort(t);
    return rc;
}

void gmi_dbt_set_real(OGRFeatureH f, int i, double v)
{
    if (!isfinite(v)) {
        OGR_F_SetFieldNull(f, i);
    } else if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i)) == OFTString) {
        char b[40];
        snprintf(b, sizeof b, "%.17g", v);
        OGR_F_SetFieldString(f, i, b);
    } else {
        OGR_F_SetFieldDouble(f, i, v);
    }
}

OGRFeatureH gmi_dbt_row(gmi_dbt *t)
{
    if (!t->defn) t->defn = OGR_L_GetLayerDefn(t->lyr);
    return OGR_F_Create(t->defn);
}

gm_status gmi_dbt_write(gmi_dbt *t, OGRFeatureH f, gm_error *err)
{
    char why[600];
    CPLErrorReset();
    if (OGR_L_CreateFeature(t->lyr, f) != OGRERR_NONE || CPLGetLastErrorType() >= CE_Failure)
        return gm_fail(err, GM_E_IO,
                       "%s: table '%s': writing stopped at row %zu: %s; the transaction is "
                       "rolled back, nothing was written",
                       t->conn, t->table, t->rows + 1, last_reason(why, sizeof why));
    t->rows++;
    return GM_OK;
}

gm_status gmi_dbt_commit(gmi_dbt *t, gm_error *err)
{
    char why[600];
    gm_status rc = GM_OK;
    CPLErrorReset();
    /* the COPY ends here: a server that went away is met now at the latest */
    OGRErr e = GDALDatasetCommitTransaction(t->ds);
    if (e != OGRERR_NONE || CPLGetLastErrorType() >= CE_Failure) {
        rc = gm_fail(err, GM_E_IO,
                     "%s: table '%s': the transaction could not be committed after %zu row%s: "
                     "%s; nothing was written",
                     t->conn, t->table, t->rows, t->rows == 1 ? "" : "s",
                     last_reason(why, sizeof why));
        gmi_dbt_abort(t);
        return rc;
    }
    t->tx = false;
    dbt_close(t);
    return rc;
}
