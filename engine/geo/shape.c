/* shape.c: is a feature's geometry an area? Units and districts are measured as areas
 * (overlay shares, dissolve, compactness, adjacency); a point or a line has none, so it
 * would drop out of every such measure without a word. Here each geometry is sorted into
 * polygonal, polygon parts among other parts (a geometry collection), or no polygon, and
 * the features of the last two kinds are counted and named for the caller's message. */
#include "geo/geo.h"

#include <stdio.h>
#include <string.h>

static bool is_polygonal(OGRwkbGeometryType t)
{
    return t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon ||
           t == wkbMultiSurface;
}

/* Add the polygon parts of g (any depth of collections) to mp; count the others. */
static void collect(OGRGeometryH g, OGRGeometryH mp, size_t *n_poly, size_t *n_other)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (OGR_G_IsEmpty(g)) return;
    if (is_polygonal(t)) {
        OGRGeometryH lin = OGR_G_GetLinearGeometry(g, 0, NULL);
        OGRGeometryH m = lin ? OGR_G_ForceToMultiPolygon(lin) : NULL;
        for (int i = 0; m && i < OGR_G_GetGeometryCount(m); i++) {
            OGR_G_AddGeometry(mp, OGR_G_GetGeometryRef(m, i)); /* copies */
            (*n_poly)++;
        }
        if (m) OGR_G_DestroyGeometry(m);
        return;
    }
    if (t == wkbGeometryCollection || t == wkbMultiPoint || t == wkbMultiLineString ||
        t == wkbMultiCurve) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            collect(OGR_G_GetGeometryRef(g, i), mp, n_poly, n_other);
        return;
    }
    (*n_other)++;
}

gmi_shape gmi_ogr_shape(OGRGeometryH og, OGRGeometryH *poly)
{
    *poly = NULL;
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(og));
    if (t == wkbPolygon || t == wkbMultiPolygon) return GMI_SHAPE_POLYGON;
    OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPolygon);
    size_t n_poly = 0, n_other = 0;
    collect(og, mp, &n_poly, &n_other);
    if (n_poly == 0) {
        OGR_G_DestroyGeometry(mp);
        return GMI_SHAPE_OTHER;
    }
    OGR_G_AssignSpatialReference(mp, OGR_G_GetSpatialReference(og));
    *poly = mp;
    return n_other ? GMI_SHAPE_PARTS : GMI_SHAPE_POLYGON;
}

/* "name (Type)" appended to a list of at most five, with a count. */
static void add_name(char *buf, size_t cap, size_t n, const char *name, OGRGeometryH og)
{
    if (n >= 5) return;
    size_t l = strlen(buf);
    snprintf(buf + l, cap - l, "%s%.80s (%s)", l ? ", " : "", name,
             OGRGeometryTypeToName(OGR_G_GetGeometryType(og)));
}

void gmi_shape_note(gmi_shape_log *s, gmi_shape k, const char *name, OGRGeometryH og)
{
    if (k == GMI_SHAPE_POLYGON) {
        s->n_polygon++;
    } else if (k == GMI_SHAPE_PARTS) {
        s->n_polygon++;
        add_name(s->parts, sizeof s->parts, s->n_parts++, name, og);
    } else {
        const char *t = OGRGeometryTypeToName(OGR_G_GetGeometryType(og));
        if (!s->n_other) snprintf(s->type, sizeof s->type, "%s", t);
        else if (strcmp(s->type, t) != 0) s->mixed = true;
        add_name(s->other, sizeof s->other, s->n_other++, name, og);
    }
}

gm_status gmi_shape_fail(const gmi_shape_log *s, const char *path, const char *layer,
                         const char *what, gm_error *err)
{
    if (s->n_polygon || !s->n_other) return GM_OK;
    char kind[80];
    if (s->mixed) snprintf(kind, sizeof kind, "points or lines (the first a %s)", s->type);
    else snprintf(kind, sizeof kind, "%s geometr%s", s->type, s->n_other == 1 ? "y" : "ies");
    return gm_fail(err, GM_E_GEOM,
                   "%s: layer '%s' holds no polygons: its %zu feature%s with a geometry %s %s%s, "
                   "which ha%s no area, but %s; give the layer of polygons",
                   path, layer, s->n_other, s->n_other == 1 ? "" : "s",
                   s->n_other == 1 ? "is" : "are", s->n_other == 1 && !s->mixed ? "a " : "", kind,
                   s->n_other == 1 ? "s" : "ve", what);
}

gm_status gmi_shape_warn(const gmi_shape_log *s, const char *path, const char *what,
                         const char *left_out, gm_warnings *w)
{
    gm_status rc = GM_OK;
    if (s->n_other)
        rc = gm_warn(w, "not_polygons",
                     "%s: %zu %s%s %s (%s%s): %s no area, so %s %s",
                     path, s->n_other, what, s->n_other == 1 ? "" : "s",
                     s->n_other == 1 ? "is not a polygon" : "are not polygons", s->other, s->n_other > 5 ? ", ..." : "",
                     s->n_other == 1 ? "it has" : "they have",
                     s->n_other == 1 ? "it is" : "they are", left_out);
    if (rc == GM_OK && s->n_parts)
        rc = gm_warn(w, "collection_polygon_parts",
                     "%s: %zu %s%s %s holding polygons and other parts (%s%s); only the "
                     "polygon parts are used",
                     path, s->n_parts, what, s->n_parts == 1 ? "" : "s",
                     s->n_parts == 1 ? "is a geometry collection" : "are geometry collections",
                     s->parts, s->n_parts > 5 ? ", ..." : "");
    return rc;
}
