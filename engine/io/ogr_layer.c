/* ogr_layer.c: open a vector layer from a user path; typed field access. */
#include "io/ogr_layer.h"

#include "core/gdal_env.h"
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
    char **drivers = gmi_gdal_allowed_drivers();
    CPLErrorReset();
    out->ds = GDALOpenEx(gpath, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                         (const char *const *)drivers, NULL, NULL);
    CSLDestroy(drivers);
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
    if (nl == 0) {
        rc = gm_fail(err, GM_E_FORMAT, "'%s' holds no vector layer", p);
        goto fail;
    }
    if (lname) {
        out->lyr = GDALDatasetGetLayerByName(out->ds, lname);
        if (!out->lyr) {
            char buf[512];
            layer_list(out->ds, buf, sizeof buf);
            rc = gm_fail(err, GM_E_ARG, "'%s' has no layer '%s'; layers: %s", p, lname, buf);
            goto fail;
        }
    } else {
        out->lyr = GDALDatasetGetLayer(out->ds, 0);
    }
    if (where && *where) {
        CPLErrorReset();
        OGRErr e = OGR_L_SetAttributeFilter(out->lyr, where);
        if (e != OGRERR_NONE) {
            rc = gm_fail_hint(err, GM_E_ARG, GM_HINT_WHERE, "'%s': bad attribute filter \"%s\": %s",
                              p, where, CPLGetLastErrorMsg());
            goto fail;
        }
    }
    out->path = p;
    out->name = strdup(OGR_L_GetName(out->lyr));
    free(lname);
    free(gpath);
    return GM_OK;
fail:
    if (out->ds) GDALClose(out->ds);
    if (out->scoped) gmi_gdal_leave();
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
    memset(l, 0, sizeof *l);
}

bool gmi_layer_read_failed(const gmi_layer *l, size_t n_read, gm_error *err)
{
    if (CPLGetLastErrorType() < CE_Failure) return false;
    const char *m = CPLGetLastErrorMsg();
    bool net = !gm_get_allow_network() && gmi_path_is_network(m);
    gm_fail_hint(err, GM_E_IO, net ? GM_HINT_ALLOW_NETWORK : GM_HINT_NONE,
                 "%s: layer '%s': reading stopped after %zu feature%s: %s%s", l->path, l->name,
                 n_read, n_read == 1 ? "" : "s", m,
                 net ? " (it names a network source, and network access is not allowed)" : "");
    return true;
}

OGRFeatureH gmi_layer_next(gmi_layer *l, size_t n_read, bool *failed, gm_error *err)
{
    CPLErrorReset();
    OGRFeatureH f = OGR_L_GetNextFeature(l->lyr);
    *failed = !f && gmi_layer_read_failed(l, n_read, err);
    return f;
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
    char buf[700];
    gmi_layer_field_list(l, buf, sizeof buf);
    return gm_fail(err, GM_E_FIELD, "%s: layer '%s' has no %s field '%s'; fields are: %s", l->path,
                   l->name, what, name, buf);
}

const char *gmi_field_text(OGRFeatureH f, int idx, char *buf, size_t cap)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, idx)) return "";
    if (OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx)) != OFTReal || cap < 32)
        return OGR_F_GetFieldAsString(f, idx);
    double v = OGR_F_GetFieldAsDouble(f, idx);
    if (!isfinite(v)) return OGR_F_GetFieldAsString(f, idx);
    /* below 2^53 every integer is exact; -0 reads "0" */
    if (v == floor(v) && fabs(v) < 9007199254740992.0) snprintf(buf, cap, "%.0f", v == 0 ? 0.0 : v);
    else snprintf(buf, cap, "%.15g", v);
    return buf;
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
