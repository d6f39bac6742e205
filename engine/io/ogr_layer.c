/* ogr_layer.c: open a vector layer from a user path; typed field access. */
#include "io/ogr_layer.h"

#include "gerrymeter/gm_units.h"

#include <cpl_conv.h>
#include <cpl_error.h>
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

    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    out->ds = GDALOpenEx(gpath, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, NULL,
                         NULL, NULL);
    CPLPopErrorHandler();
    if (!out->ds) {
        const char *m = CPLGetLastErrorMsg();
        rc = gm_fail(err, GM_E_IO, "cannot open '%s' as a vector source: %s", p,
                     (m && *m) ? m : "format not recognised");
        goto fail;
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
        CPLPushErrorHandler(CPLQuietErrorHandler);
        OGRErr e = OGR_L_SetAttributeFilter(out->lyr, where);
        CPLPopErrorHandler();
        if (e != OGRERR_NONE) {
            rc = gm_fail(err, GM_E_ARG, "'%s': bad --where filter \"%s\": %s", p, where,
                         CPLGetLastErrorMsg());
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
    out->ds = NULL;
    out->lyr = NULL;
    free(p);
    free(lname);
    free(gpath);
    return rc;
}

void gmi_layer_close(gmi_layer *l)
{
    if (!l) return;
    if (l->ds) GDALClose(l->ds);
    free(l->path);
    free(l->name);
    memset(l, 0, sizeof *l);
}

OGRFeatureH gmi_layer_next(gmi_layer *l, size_t n_read, bool *failed, gm_error *err)
{
    *failed = false;
    CPLErrorReset();
    OGRFeatureH f = OGR_L_GetNextFeature(l->lyr);
    if (!f && CPLGetLastErrorType() >= CE_Failure) {
        const char *m = CPLGetLastErrorMsg();
        bool net = !gm_get_allow_network() && gmi_path_is_network(m);
        *failed = true;
        gm_fail(err, GM_E_IO, "%s: layer '%s': reading stopped after %zu feature%s: %s%s", l->path,
                l->name, n_read, n_read == 1 ? "" : "s", m,
                net ? " (it names a network source; gerrymeter reads only local files unless "
                      "--allow-network is given)"
                    : "");
    }
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
