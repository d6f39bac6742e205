/* ogr_layer.c: open a vector layer from a user path; typed field access. */
#include "io/ogr_layer.h"

#include "core/gdal_env.h"
#include "core/str.h"
#include "gerrymeter/gm_io.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void layer_list(GDALDatasetH ds, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    int n = GDALDatasetGetLayerCount(ds);
    for (int i = 0; i < n && used + 4 < cap; i++) {
        const char *nm = OGR_L_GetName(GDALDatasetGetLayer(ds, i));
        int w = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", nm);
        if (w < 0 || (size_t)w >= cap - used) {
            snprintf(buf + (cap > 4 ? cap - 4 : 0), 4, "...");
            return;
        }
        used += (size_t)w;
    }
}

/* How deep VRTs may name VRTs before the scan gives up (and refuses). */
#define VRT_MAX_DEPTH 8

static bool vrt_scan_file(const char *path, int depth, char *found, size_t cap);

/* Largest file the VRT scan parses as XML (a VRT is a few kilobytes). */
#define VRT_MAX_BYTES (16 << 20)

/* True for a local file that may be XML: at most VRT_MAX_BYTES, and its first byte
 * after a byte order mark and white space is '<' (a VRT under any name, even one that
 * opens with a long comment). */
static bool may_be_xml(const char *path)
{
    unsigned char head[4096];
    VSILFILE *fp = VSIFOpenL(path, "rb");
    if (!fp) return false;
    size_t n = 0;
    if (VSIFSeekL(fp, 0, SEEK_END) == 0 && VSIFTellL(fp) <= VRT_MAX_BYTES &&
        VSIFSeekL(fp, 0, SEEK_SET) == 0)
        n = VSIFReadL(head, 1, sizeof head, fp);
    VSIFCloseL(fp);
    size_t i = n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
    return i < n && head[i] == '<';
}

/* Walk a VRT's XML: every SrcDataSource that names a network source (a URL, a
 * /vsicurl/-family path, a server connection string such as "PG:...") is copied into
 * found and the scan stops; a local source that is itself a VRT is scanned in turn. */
static bool vrt_scan_node(const CPLXMLNode *n, const char *dir, int depth, char *found, size_t cap)
{
    for (; n; n = n->psNext) {
        if (n->eType != CXT_Element) continue;
        if (EQUAL(n->pszValue, "SrcDataSource")) {
            const char *src = CPLGetXMLValue(n, NULL, "");
            if (gmi_path_is_network(src)) {
                snprintf(found, cap, "%s", src);
                return true;
            }
            bool rel = CPLTestBool(CPLGetXMLValue(n, "relativeToVRT", "0"));
            char *p = CPLStrdup(rel ? CPLProjectRelativeFilename(dir, src) : src);
            bool hit = may_be_xml(p) && vrt_scan_file(p, depth + 1, found, cap);
            CPLFree(p);
            if (hit) return true;
        }
        if (vrt_scan_node(n->psChild, dir, depth, found, cap)) return true;
    }
    return false;
}

static bool vrt_scan_file(const char *path, int depth, char *found, size_t cap)
{
    if (depth > VRT_MAX_DEPTH) {
        snprintf(found, cap, "VRTs nested deeper than %d levels", VRT_MAX_DEPTH);
        return true;
    }
    CPLXMLNode *root = CPLParseXMLFile(path);
    if (!root) return false; /* GDAL opened it, so it will report the problem itself */
    char *dir = CPLStrdup(CPLGetPath(path));
    bool hit = vrt_scan_node(root, dir, depth, found, cap);
    CPLFree(dir);
    CPLDestroyXMLNode(root);
    return hit;
}

/* GDAL's reason, on one line: OGR SQL's parser adds the expression and a caret on
 * further lines ("... Occurred around :\nCD = '1\n     ^"). */
static void one_line_reason(const char *m, char *out, size_t cap)
{
    snprintf(out, cap, "%s", m && *m ? m : "no reason given");
    char *cut = strstr(out, " Occurred around");
    if (!cut) cut = strchr(out, '\n');
    if (cut) *cut = '\0';
    size_t n = strlen(out);
    while (n && (out[n - 1] == '.' || out[n - 1] == ' ' || out[n - 1] == ':')) out[--n] = '\0';
}

/* Why the filter fails, in OGR SQL's words: SQL drivers (GeoPackage, SQLite) only say
 * "failed to prepare SQL: SELECT ..." and name neither the fault nor its place, so the
 * filter is tried again on an empty in-memory copy of the layer's fields, whose parser
 * does. Empty when that parser accepts it (an SQLite-only construct). */
static void filter_reason(OGRLayerH lyr, const char *where, char *out, size_t cap)
{
    out[0] = '\0';
    GDALDriverH mem = GDALGetDriverByName("Memory");
    GDALDatasetH ds = mem ? GDALCreate(mem, "", 0, 0, 0, GDT_Unknown, NULL) : NULL;
    OGRLayerH m = ds ? GDALDatasetCreateLayer(ds, "t", NULL, wkbNone, NULL) : NULL;
    if (m) {
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(lyr);
        for (int i = 0; i < OGR_FD_GetFieldCount(d); i++)
            OGR_L_CreateField(m, OGR_FD_GetFieldDefn(d, i), TRUE);
        CPLErrorReset();
        if (OGR_L_SetAttributeFilter(m, where) != OGRERR_NONE)
            one_line_reason(CPLGetLastErrorMsg(), out, cap);
    }
    if (ds) GDALClose(ds);
}

/* The error for a filter GDAL cannot run; gdal_msg is what GDAL said. */
static gm_status filter_error(const char *path, OGRLayerH lyr, const char *where, gm_hint hint,
                              const char *gdal_msg, gm_error *err)
{
    char why[300], fields[400];
    filter_reason(lyr, where, why, sizeof why);
    if (!why[0]) one_line_reason(gdal_msg, why, sizeof why);
    size_t used = 0;
    fields[0] = '\0';
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(lyr);
    for (int i = 0; i < OGR_FD_GetFieldCount(d) && used + 8 < sizeof fields; i++) {
        int w = snprintf(fields + used, sizeof fields - used, "%s%s", i ? ", " : "",
                         OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i)));
        if (w < 0 || (size_t)w >= sizeof fields - used) {
            memcpy(fields + sizeof fields - 4, "...", 4);
            break;
        }
        used += (size_t)w;
    }
    return gm_fail_hint(err, GM_E_ARG, hint,
                        "%s: layer '%s': the attribute filter \"%s\" cannot be run: a syntax "
                        "error or an unknown field (GDAL: %.300s); write it as an SQL WHERE "
                        "condition over the layer's fields (%s), e.g. STATE = 'NH'",
                        path, OGR_L_GetName(lyr), where, why, fields);
}

void gmi_pg_reason(const char *m, char *out, size_t cap)
{
    if (!m || !*m) m = "no reason given";
    static const char *const lead[] = {"PQconnectdb failed.", "PQconnectdb failed:"};
    for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++)
        if (!strncmp(m, lead[i], strlen(lead[i]))) m += strlen(lead[i]);
    size_t n = 0;
    bool blank = true; /* no blank at the start, one between words */
    for (; *m && n + 1 < cap; m++) {
        bool sp = *m == ' ' || *m == '\t' || *m == '\n' || *m == '\r';
        if (sp && blank) continue;
        out[n++] = sp ? ' ' : (char)*m;
        blank = sp;
    }
    while (n && (out[n - 1] == ' ' || out[n - 1] == '.')) n--;
    out[n] = '\0';
}

bool gmi_pg_has_postgis(GDALDatasetH ds)
{
    if (!ds || !EQUAL(GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "PostgreSQL")) return false;
    OGRLayerH r = GDALDatasetExecuteSQL(
        ds, "SELECT extversion FROM pg_extension WHERE extname = 'postgis'", NULL, NULL);
    if (!r) return false;
    OGRFeatureH f = OGR_L_GetNextFeature(r);
    bool has = f != NULL;
    if (f) OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, r);
    return has;
}

/* The error for a table the database does not have: what it has, and why a table
 * with shapes may be missing from it. */
static gm_status pg_no_table(const char *p, GDALDatasetH ds, const char *lname, gm_error *err)
{
    char buf[512];
    layer_list(ds, buf, sizeof buf);
    bool gis = gmi_pg_has_postgis(ds);
    return gm_fail(err, GM_E_ARG, "the database '%s' has no table '%s'; %s%s%s%s", p, lname,
                   buf[0] ? "tables: " : "it has no tables", buf,
                   strchr(lname, '.') ? "" : " (a table outside the schema 'public' is named SCHEMA.TABLE)",
                   gis ? "" : "; the database has no PostGIS extension: create it with CREATE "
                              "EXTENSION postgis and load the layer with ogr2ogr");
}

gm_status gmi_layer_open(const char *path, const char *layer, const char *where, gmi_layer *out,
                         gm_error *err)
{
    char *p = NULL, *lname = NULL, *gpath = NULL;
    gm_status rc;
    memset(out, 0, sizeof *out);
    if (!path) return gm_fail(err, GM_E_ARG, "no path given");
    if (layer) {
        p = strdup(path);
        lname = strdup(layer);
        if (!p || !lname) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto fail;
        }
    } else if ((rc = gm_split_path_layer(path, &p, &lname, err)) != GM_OK) {
        goto fail;
    }
    if ((rc = gm_resolve_source(p, &gpath, err)) != GM_OK) goto fail;

    gmi_gdal_enter();
    out->scoped = true;
    /* a database is opened by its driver alone (gm_resolve_source has checked that its
     * server is on this machine, or that the network is allowed); its tables without
     * geometry are listed too, so that a miss names them */
    bool pg = gmi_path_is_pg(p);
    static const char *const pg_driver[] = {"PostgreSQL", NULL};
    static const char *const pg_open[] = {"LIST_ALL_TABLES=YES", NULL};
    char **drivers = pg ? NULL : gmi_gdal_allowed_drivers();
    CPLErrorReset();
    out->ds = GDALOpenEx(gpath, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                         pg ? pg_driver : (const char *const *)drivers, pg ? pg_open : NULL, NULL);
    CSLDestroy(drivers);
    if (!out->ds && pg) {
        char why[600];
        gmi_pg_reason(CPLGetLastErrorMsg(), why, sizeof why);
        rc = gm_fail(err, GM_E_IO,
                     "cannot connect to the database '%s': %s; check the connection string "
                     "(dbname, host: a Unix socket directory or a host name, port, user) and "
                     "that the server is running",
                     p, why);
        goto fail;
    }
    if (!out->ds) {
        const char *m = CPLGetLastErrorMsg();
        rc = gm_fail(err, GM_E_IO, "cannot open '%s' as a vector source: %s", p,
                     (m && *m) ? m : "format not recognised");
        goto fail;
    }
    /* A VRT opens its sources when they are first read, with any driver: a source
     * that names a server (a database, a web service) would be contacted then. */
    if (!gm_get_allow_network() &&
        EQUAL(GDALGetDriverShortName(GDALGetDatasetDriver(out->ds)), "OGR_VRT")) {
        char found[300];
        if (vrt_scan_file(gpath, 0, found, sizeof found)) {
            rc = gm_fail_hint(err, GM_E_IO, GM_HINT_ALLOW_NETWORK,
                              "'%s' reads from a network source ('%s'), and network access is "
                              "not allowed",
                              p, found);
            goto fail;
        }
    }
    int nl = GDALDatasetGetLayerCount(out->ds);
    if (lname && pg) { /* a database: any table by name, listed or not */
        CPLErrorReset();
        out->lyr = GDALDatasetGetLayerByName(out->ds, lname);
        if (!out->lyr) {
            rc = pg_no_table(p, out->ds, lname, err);
            goto fail;
        }
    } else if (nl == 0 && pg) {
        rc = gm_fail(err, GM_E_ARG, "the database '%s' has no tables%s; load the layer with "
                                    "ogr2ogr -f PostgreSQL",
                     p, gmi_pg_has_postgis(out->ds) ? "" : " and no PostGIS extension (CREATE "
                                                           "EXTENSION postgis)");
        goto fail;
    } else if (nl == 0) {
        rc = gm_fail(err, GM_E_FORMAT, "'%s' holds no vector layer", p);
        goto fail;
    } else if (lname) {
        out->lyr = GDALDatasetGetLayerByName(out->ds, lname);
        if (!out->lyr) {
            char buf[512];
            layer_list(out->ds, buf, sizeof buf);
            rc = gm_fail(err, GM_E_ARG, "'%s' has no layer '%s'; layers: %s", p, lname, buf);
            goto fail;
        }
    } else if (nl == 1) {
        out->lyr = GDALDatasetGetLayer(out->ds, 0);
    } else {
        /* several layers and none named: the one with geometry when exactly one has it
         * (a GeoPackage's layer beside its attribute tables, such as layer_styles), else
         * the user must say which: taking the first would score whatever came first */
        int spatial = -1, n_spatial = 0;
        for (int i = 0; i < nl; i++)
            if (OGR_L_GetGeomType(GDALDatasetGetLayer(out->ds, i)) != wkbNone) {
                spatial = i;
                n_spatial++;
            }
        if (n_spatial != 1) {
            char buf[512];
            layer_list(out->ds, buf, sizeof buf);
            rc = pg ? gm_fail(err, GM_E_ARG,
                              "the database '%s' holds %d tables (%s) and none was named; name "
                              "one as PG:CONNECTION:TABLE (or SCHEMA.TABLE)",
                              p, nl, buf)
                    : gm_fail(err, GM_E_ARG, "'%s' holds %d layers (%s) and none was named; name one as PATH:LAYER",
                              p, nl, buf);
            goto fail;
        }
        out->lyr = GDALDatasetGetLayer(out->ds, spatial);
    }
    if (where && *where) {
        CPLErrorReset();
        OGRErr e = OGR_L_SetAttributeFilter(out->lyr, where);
        if (e != OGRERR_NONE) {
            char m[1024];
            snprintf(m, sizeof m, "%s", CPLGetLastErrorMsg());
            rc = filter_error(p, out->lyr, where, GM_HINT_WHERE, m, err);
            goto fail;
        }
        out->where = strdup(where);
        /* a filter nothing passes is said here, before any step needs the features (the
         * extent of an empty selection would be reported as a layer without geometry);
         * a database runs the filter only now, and an error then is the filter's */
        CPLErrorReset();
        GIntBig count = OGR_L_GetFeatureCount(out->lyr, 1);
        if (pg && count <= 0 && CPLGetLastErrorType() >= CE_Failure) {
            char m[1024];
            snprintf(m, sizeof m, "%s", CPLGetLastErrorMsg());
            rc = filter_error(p, out->lyr, where, GM_HINT_WHERE, m, err);
            goto fail;
        }
        if (count == 0) {
            rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_WHERE,
                              "%s: layer '%s' has no features matching the filter \"%s\"", p,
                              OGR_L_GetName(out->lyr), where);
            goto fail;
        }
    }
    out->where_hint = GM_HINT_WHERE;
    out->path = p;
    out->name = strdup(OGR_L_GetName(out->lyr));
    free(lname);
    free(gpath);
    return GM_OK;
fail:
    if (out->ds) GDALClose(out->ds);
    if (out->scoped) gmi_gdal_leave();
    free(out->where);
    out->where = NULL;
    out->ds = NULL;
    out->lyr = NULL;
    out->scoped = false;
    free(p);
    free(lname);
    free(gpath);
    return rc;
}

void gmi_layer_close(gmi_layer *l)
{
    if (!l) return;
    if (l->ds) GDALClose(l->ds);
    if (l->scoped) gmi_gdal_leave();
    free(l->path);
    free(l->name);
    free(l->where);
    memset(l, 0, sizeof *l);
}

/* The one wording of a read that stopped: GDAL's message m, the features read so far. */
static void read_stopped(const gmi_layer *l, size_t n_read, const char *m, gm_error *err)
{
    bool net = !gm_get_allow_network() && gmi_path_is_network(m);
    gm_fail_hint(err, GM_E_IO, net ? GM_HINT_ALLOW_NETWORK : GM_HINT_NONE,
                 "%s: layer '%s': reading stopped after %zu feature%s: %s%s", l->path, l->name,
                 n_read, n_read == 1 ? "" : "s", m,
                 net ? " (it names a network source, and network access is not allowed)" : "");
}

bool gmi_layer_read_failed(const gmi_layer *l, size_t n_read, gm_error *err)
{
    if (CPLGetLastErrorType() < CE_Failure) return false;
    read_stopped(l, n_read, CPLGetLastErrorMsg(), err);
    return true;
}

OGRFeatureH gmi_layer_next(gmi_layer *l, size_t n_read, bool *failed, gm_error *err)
{
    CPLErrorReset();
    OGRFeatureH f = OGR_L_GetNextFeature(l->lyr);
    *failed = false;
    if (f || CPLGetLastErrorType() < CE_Failure) return f;
    *failed = true;
    char m[1024];
    snprintf(m, sizeof m, "%s", CPLGetLastErrorMsg());
    if (n_read == 0 && l->where && !(!gm_get_allow_network() && gmi_path_is_network(m))) {
        /* SQL drivers run the filter only now. Is it the filter? The layer read without
         * it says (the reading fails anyway). */
        OGR_L_SetAttributeFilter(l->lyr, NULL);
        OGR_L_ResetReading(l->lyr);
        CPLErrorReset();
        OGRFeatureH g = OGR_L_GetNextFeature(l->lyr);
        bool plain_ok = g || CPLGetLastErrorType() < CE_Failure;
        if (g) OGR_F_Destroy(g);
        if (plain_ok) {
            filter_error(l->path, l->lyr, l->where, l->where_hint, m, err);
            return NULL;
        }
    }
    read_stopped(l, n_read, m, err);
    return NULL;
}

void gmi_layer_field_list(const gmi_layer *l, char *buf, size_t cap)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l->lyr);
    int n = OGR_FD_GetFieldCount(d);
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *nm = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
        int w = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", nm);
        if (w < 0 || (size_t)w >= cap - used) {
            if (cap > 4) memcpy(buf + cap - 4, "...", 4);
            return;
        }
        used += (size_t)w;
    }
}

gm_status gmi_layer_field(const gmi_layer *l, const char *name, const char *what, int *idx,
                          gm_error *err)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l->lyr);
    *idx = OGR_FD_GetFieldIndex(d, name);
    if (*idx >= 0) return GM_OK;
    int n = OGR_FD_GetFieldCount(d);
    for (int i = 0; i < n; i++) /* case-insensitive second chance */
        if (strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i)), name) == 0) {
            *idx = i;
            return GM_OK;
        }
    if (n == 0) { /* no attribute table: for a shapefile, its .dbf is missing */
        bool shp = EQUAL(GDALGetDriverShortName(GDALGetDatasetDriver(l->ds)), "ESRI Shapefile");
        return gm_fail(err, GM_E_FIELD,
                       "%s: layer '%s' has no attribute table (no fields at all), so its %s "
                       "field '%s' cannot be read%s",
                       l->path, l->name, what, name,
                       shp ? "; a shapefile keeps its fields in the .dbf file beside the .shp: "
                             "put it there"
                           : "");
    }
    char buf[700];
    gmi_layer_field_list(l, buf, sizeof buf);
    return gm_fail(err, GM_E_FIELD, "%s: layer '%s' has no %s field '%s'; fields are: %s", l->path,
                   l->name, what, name, buf);
}

gm_status gmi_layer_need_geometry(const gmi_layer *l, const char *why, gm_error *err)
{
    if (OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(l->lyr)) > 0) return GM_OK;
    if (gmi_path_is_pg(l->path)) {
        if (!gmi_pg_has_postgis(l->ds))
            return gm_fail(err, GM_E_FORMAT,
                           "%s: table '%s' has no geometry: the database has no PostGIS "
                           "extension, so no table holds shapes, but %s; create it with CREATE "
                           "EXTENSION postgis and load the layer with ogr2ogr -f PostgreSQL",
                           l->path, l->name, why);
        return gm_fail(err, GM_E_FORMAT,
                       "%s: table '%s' has no geometry column (it is a plain table), but %s; "
                       "give a table with a PostGIS geometry column of polygons",
                       l->path, l->name, why);
    }
    bool csv = EQUAL(GDALGetDriverShortName(GDALGetDatasetDriver(l->ds)), "CSV");
    return gm_fail(err, GM_E_FORMAT,
                   "%s: layer '%s' has no geometry (it is a table%s), but %s; give a layer with "
                   "polygons (a shapefile, GeoPackage or GeoJSON)",
                   l->path, l->name, csv ? ": a CSV file holds no shapes" : "", why);
}

const char *gmi_field_text(OGRFeatureH f, int idx, char *buf, size_t cap)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, idx)) return "";
    if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx)) != OFTReal || cap < 32)
        return OGR_F_GetFieldAsString(f, idx);
    double v = OGR_F_GetFieldAsDouble(f, idx);
    if (!isfinite(v)) return OGR_F_GetFieldAsString(f, idx);
    return gmi_real_text(v, buf, cap);
}

int gmi_field_number(OGRFeatureH f, int idx, double *out)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, idx)) return 0;
    OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx));
    switch (t) {
    case OFTInteger:
    case OFTInteger64:
        *out = (double)OGR_F_GetFieldAsInteger64(f, idx);
        return 1;
    case OFTReal:
        *out = OGR_F_GetFieldAsDouble(f, idx);
        return 1;
    default: {
        const char *s = OGR_F_GetFieldAsString(f, idx);
        char *end;
        while (*s == ' ' || *s == '\t') s++;
        if (!*s) return 0;
        errno = 0;
        double v = strtod(s, &end);
        while (*end == ' ' || *end == '\t') end++;
        if (end == s || *end || errno == ERANGE) return -1;
        *out = v;
        return 1;
    }
    }
}
