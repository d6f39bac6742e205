/* db_table.h: a new table in a PostgreSQL database, written in one transaction
 * (io/db_table.c). Engine-internal; the writers of per-plan rows (batch/rows_table.c)
 * and of district layers use it.
 *
 * gmi_dbt_open connects (the network policy as for reading: a server on this machine,
 * or the network allowed), refuses a table that exists unless overwrite is set, starts
 * a transaction and creates the table in it (its columns with gmi_dbt_field, before the
 * first row). Rows go to the server through COPY (GDAL's PostgreSQL driver with
 * PG_USE_COPY=YES), not one INSERT per row. gmi_dbt_commit ends the COPY and commits:
 * only then does the table appear (or replace the old one). Any error before, a lost
 * connection among them, and gmi_dbt_abort roll back: the database is as it was. Open,
 * write and close on one thread (it holds the GDAL bracket, core/gdal_env.h). */
#ifndef GM_IO_DB_TABLE_H
#define GM_IO_DB_TABLE_H

#include <gdal.h>
#include <ogr_api.h>
#include <stddef.h>

#include "gerrymeter/gm_core.h"

typedef struct gmi_dbt {
    GDALDatasetH ds;      /* owned */
    OGRLayerH lyr;        /* borrowed from ds */
    OGRFeatureDefnH defn; /* the table's, once the first row is made */
    char *conn;           /* the connection string as given (owned) */
    char *table;          /* (owned) */
    size_t rows;          /* rows written */
    char *saved_copy;     /* the thread's PG_USE_COPY before open (owned) */
    bool scoped, tx;      /* holds the GDAL bracket; a transaction is open */
} gmi_dbt;

/* A column: its name (kept as given, not lower-cased) and type. */
typedef struct gmi_dbt_col {
    const char *name;
    OGRFieldType type;   /* OFTReal: double precision, set with gmi_dbt_set_real */
} gmi_dbt_col;

/* Open conn ("PG:..."), start a transaction and create table (or SCHEMA.TABLE) with
 * geometry type gt (wkbNone: none) in srs (may be NULL), the n columns col, comment
 * (may be NULL) as the table's description. Errors: the
 * connection (GM_E_IO, libpq's reason on one line), a network server while the network
 * is not allowed (GM_E_ARG, GM_HINT_ALLOW_NETWORK), an existing table without
 * overwrite (GM_E_ARG, GM_HINT_OVERWRITE), geometry in a database without PostGIS
 * (GM_E_FORMAT). On error nothing is left open. */
gm_status gmi_dbt_open(gmi_dbt *t, const char *conn, const char *table, bool overwrite,
                       OGRwkbGeometryType gt, OGRSpatialReferenceH srs, const char *comment,
                       const gmi_dbt_col *col, size_t n, gm_error *err);
/* A new row to fill (every field null), owned by the caller; then gmi_dbt_write. */
OGRFeatureH gmi_dbt_row(gmi_dbt *t);
/* Field i of a row (of a table or of any other OGR layer) set to v, every bit of it;
 * NaN and infinities are null. A real column of a table travels as the text of %.17g
 * (GDAL 3.6's COPY writes reals with 15 digits), any other as a double. */
void gmi_dbt_set_real(OGRFeatureH f, int i, double v);
/* Send a row (it stays the caller's). GM_E_IO names the table and the row. */
gm_status gmi_dbt_write(gmi_dbt *t, OGRFeatureH f, gm_error *err);
/* End the COPY and commit; closes t (also on error, after rolling back). */
gm_status gmi_dbt_commit(gmi_dbt *t, gm_error *err);
/* Roll back and close. Safe on a closed or zeroed t. */
void gmi_dbt_abort(gmi_dbt *t);

#endif /* GM_IO_DB_TABLE_H */
