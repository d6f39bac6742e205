/* units_load.c: read a unit layer into the struct-of-arrays gm_units (a graph file goes to
 * units_graph.c), and read one more text column of the same features later
 * (gmi_units_read_column, over gmi_units_reread of columns.c). */
#include "units/units_int.h"
#include "core/names.h"
#include "geo/geo.h"
#include "io/ogr_layer.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dupz(const char *s) { return s ? strdup(s) : NULL; }

/* A feature's value of a text column as a malloc'd string (gmi_field_text: a Real
 * holding an integer reads "1"). A district label has its leading blanks dropped and is
 * "" when null (an unassigned unit); an id is "" when null. */
static char *field_text(OGRFeatureH f, int idx, bool label)
{
    char buf[64];
    const char *s = gmi_field_text(f, idx, buf, sizeof buf);
    if (label)
        while (*s == ' ') s++;
    return strdup(s);
}

/* Grow every per-unit column to cap entries. */
static int grow(gm_units *u, size_t cap, bool want_id, bool want_plan, size_t np)
{
    void *t;
    if (!(t = realloc(u->pop, cap * sizeof *u->pop))) return -1;
    u->pop = t;
    if (!(t = realloc(u->fid, cap * sizeof *u->fid))) return -1;
    u->fid = t;
    if (!(t = realloc(u->id, cap * sizeof *u->id))) return -1;
    u->id = t;
    (void)want_id;
    if (want_plan) {
        if (!(t = realloc(u->plan_label, cap * sizeof *u->plan_label))) return -1;
        u->plan_label = t;
    }
    /* votes are party-major; during the read we keep them unit-major and transpose after */
    if (np) {
        if (!(t = realloc(u->votes, cap * np * sizeof *u->votes))) return -1;
        u->votes = t;
    }
    return 0;
}

/* The CRS the geometry is in: the layer's, or --crs when the layer has none. */
static gm_status source_srs(const gmi_layer *l, const char *crs, OGRSpatialReferenceH *out,
                            gm_error *err)
{
    OGRSpatialReferenceH s = OGR_L_GetSpatialRef(l->lyr);
    *out = NULL;
    if (crs && *crs) {
        OGRSpatialReferenceH c = OSRNewSpatialReference(NULL);
        if (OSRSetFromUserInput(c, crs) != OGRERR_NONE) {
            OSRRelease(c);
            return gm_fail_hint(err, GM_E_CRS, GM_HINT_CRS,
                                "the CRS '%s' given for the layer is not a CRS GDAL/PROJ knows "
                                "(give an EPSG code, e.g. EPSG:26915)",
                                crs);
        }
        OSRSetAxisMappingStrategy(c, OAMS_TRADITIONAL_GIS_ORDER);
        /* An explicit --crs overrides what the layer says (for mislabelled data). */
        (void)s;
        *out = c;
        return GM_OK;
    }
    if (!s)
        return gm_fail_hint(err, GM_E_CRS, GM_HINT_CRS,
                       "%s: layer '%s' has no coordinate reference system (e.g. the .prj is "
                       "missing); give the layer's CRS (e.g. EPSG:26915)",
                       l->path, l->name);
    *out = OSRClone(s);
    OSRSetAxisMappingStrategy(*out, OAMS_TRADITIONAL_GIS_ORDER);
    return GM_OK;
}

gm_status gm_units_load(const gm_units_spec *spec, gm_units **out, gm_error *err)
{
    gmi_layer L;
    gm_units *u = NULL;
    OGRSpatialReferenceH srs = NULL;
    OGRCoordinateTransformationH ct = NULL;
    OGRFeatureH f = NULL;
    gmi_order_track *ot = NULL;
    gm_status rc;
    int i_pop = -1, i_id = -1, i_plan = -1, i_vote[GM_MAX_PARTIES];
    size_t np = spec->n_parties, cap = 0, n = 0, gcap = 0;

    *out = NULL;
    if (np > GM_MAX_PARTIES)
        return gm_fail(err, GM_E_ARG, "at most %d parties can be named", GM_MAX_PARTIES);
    /* a networkx graph file: its nodes are the units, read without GDAL */
    if (gm_units_is_graph_file(spec->path)) return gmi_units_load_graph(spec, out, err);
    if ((rc = gmi_layer_open(spec->path, spec->layer, spec->where, &L, err)) != GM_OK) return rc;

    if (spec->pop_field && (rc = gmi_layer_field(&L, spec->pop_field, "population", &i_pop, err)))
        goto fail;
    if (spec->id_field && (rc = gmi_layer_field(&L, spec->id_field, "id", &i_id, err))) goto fail;
    if (spec->plan_field && (rc = gmi_layer_field(&L, spec->plan_field, "plan", &i_plan, err)))
        goto fail;
    for (size_t p = 0; p < np; p++) {
        if ((rc = gmi_layer_field(&L, spec->vote_field[p], "votes", &i_vote[p], err))) goto fail;
        if (i_vote[p] == i_pop) { /* people counted as votes: that party wins everywhere */
            rc = gm_fail(err, GM_E_ARG,
                         "%s: the votes of party %s would be read from '%s', the population "
                         "field; population is not votes: name the party's vote field",
                         L.path, spec->party[p], spec->vote_field[p]);
            goto fail;
        }
    }

    u = calloc(1, sizeof *u);
    if (!u) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto fail;
    }
    u->n_parties = np;
    for (size_t p = 0; p < np; p++) {
        u->party[p] = dupz(spec->party[p]);
        u->vote_field[p] = dupz(spec->vote_field[p]);
    }
    if ((rc = gmi_party_fields_check(L.path, "votes field", spec->party, spec->vote_field, i_vote,
                                     np, &u->warnings, err)) != GM_OK)
        goto fail;
    u->source = dupz(L.path);
    u->layer = dupz(L.name);
    u->pop_field = dupz(spec->pop_field);
    u->id_field = dupz(spec->id_field);
    u->plan_field = dupz(spec->plan_field);
    u->where = dupz(spec->where && *spec->where ? spec->where : NULL);
    if ((spec->id_field && !u->id_field) || (spec->plan_field && !u->plan_field) ||
        (spec->where && *spec->where && !u->where)) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto fail;
    }

    bool geometry = spec->load_geometry;
    double lon0 = 0, lat0 = 0;
    CPLErrorReset(); /* optional geometry may be missing, not unreadable (below) */
    if (geometry && spec->geometry_optional && OGR_L_GetGeomType(L.lyr) == wkbNone) {
        if (gmi_layer_read_failed(&L, 0, err)) { /* the layer's source failed to open */
            rc = GM_E_IO;
            goto fail;
        }
        geometry = false;
        if (!(u->no_geometry = strdup("the unit layer has no geometry"))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto fail;
        }
    }
    if (geometry && (rc = gmi_layer_need_geometry(&L, "unit shapes are needed here (for compactness, a "
                                                       "map, the adjacency graph or a district "
                                                       "layer's overlay)",
                                                   err)))
        goto fail;
    if (geometry) {
        gm_error gerr;
        gm_error_clear(&gerr);
        if ((rc = source_srs(&L, spec->crs, &srs, &gerr)) == GM_OK &&
            (rc = gmi_layer_to_laea(L.lyr, srs, &lon0, &lat0, &ct, &gerr)) != GM_OK) {
            char m[sizeof gerr.msg];
            snprintf(m, sizeof m, "%s", gerr.msg);
            gm_hint hint = gerr.hint;
            /* A CRS given for a layer that has its own: when the layer's own fits the
             * data, the override is the mistake. */
            OGRSpatialReferenceH own = spec->crs && *spec->crs && rc == GM_E_CRS
                                           ? OGR_L_GetSpatialRef(L.lyr) : NULL;
            char note[300] = "";
            if (own) {
                OGRSpatialReferenceH c = OSRClone(own);
                double ll[4];
                OSRSetAxisMappingStrategy(c, OAMS_TRADITIONAL_GIS_ORDER);
                if (gmi_layer_lonlat_extent(L.lyr, c, NULL, ll, NULL) == GM_OK) {
                    char d[200];
                    gmi_crs_describe(c, d, sizeof d);
                    snprintf(note, sizeof note,
                             " (the CRS was given for the layer, but the layer's own CRS %s "
                             "fits its coordinates: do not override it)",
                             d);
                    hint = GM_HINT_NONE;
                }
                OSRRelease(c);
            }
            gm_fail_hint(&gerr, rc, hint, "%s: %.900s%s", L.path, m, note);
        }
        /* a source that fails while its CRS or extent is read is a read error */
        if (rc != GM_OK && spec->geometry_optional && gmi_layer_read_failed(&L, 0, err)) {
            rc = GM_E_IO;
            goto fail;
        }
        if (rc != GM_OK && rc != GM_E_NOMEM && spec->geometry_optional &&
            !(spec->crs && *spec->crs)) {
            /* the optional geometry is left out; why is kept for the caller to say */
            rc = GM_OK;
            if (ct) OCTDestroyCoordinateTransformation(ct);
            ct = NULL;
            if (srs) OSRRelease(srs);
            srs = NULL;
            geometry = false;
            if (!(u->no_geometry = strdup(gerr.msg))) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                goto fail;
            }
        } else if (rc != GM_OK) {
            if (err) *err = gerr;
            goto fail;
        }
    }
    if (geometry) {
        GIntBig fc = OGR_L_GetFeatureCount(L.lyr, 1);
        gcap = fc > 0 ? (size_t)fc : 1;
        if ((rc = gmi_geoms_create(gcap, &u->geom, err))) goto fail;
        u->geom->n = 0; /* counts up as features are read */
        u->geom->lon0 = lon0;
        u->geom->lat0 = lat0;
        char *wkt = NULL;
        OSRExportToWkt(srs, &wkt);
        u->geom->src_wkt = dupz(wkt);
        CPLFree(wkt);
    }

    if (!geometry) {
        /* Shapes are not wanted: GDAL then neither reads nor builds them (nor parses the
         * layer's CRS for each), which is most of a load's time for a zipped shapefile. */
        const char *ign[] = {"OGR_GEOMETRY", "OGR_STYLE", NULL};
        CPLErrorReset();
        OGR_L_SetIgnoredFields(L.lyr, ign); /* an optimisation: a driver may refuse it */
        /* a source opened only now (a VRT's) that fails is a read error, said here: the
         * reads below would only find no features */
        if (gmi_layer_read_failed(&L, 0, err)) {
            rc = GM_E_IO;
            goto fail;
        }
    }
    OGR_L_ResetReading(L.lyr);
    bool read_failed = false;
    gmi_names repaired = {0};
    gmi_shape_log shapes;
    memset(&shapes, 0, sizeof shapes);
    while ((f = gmi_layer_next(&L, n, &read_failed, err)) != NULL) {
        GIntBig fid = OGR_F_GetFID(f);
        /* the tracker starts with the first feature: asking a layer for its definition
         * before reading may open a VRT's source and swallow the error reading reports */
        if (!ot && (rc = gmi_order_track_start(OGR_F_GetDefnRef(f), &ot, err))) goto fail;
        if ((rc = gmi_order_track_add(ot, f, err))) goto fail;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            if (grow(u, cap, i_id >= 0, i_plan >= 0, np)) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", L.path);
                goto fail;
            }
        }
        u->fid[n] = fid;
        u->id[n] = NULL;
        if (i_plan >= 0) u->plan_label[n] = NULL;
        u->n = n + 1; /* so destroy frees the strings of a half-read row */
        double v = 0;
        if (i_pop >= 0) {
            int r = gmi_field_number(f, i_pop, &v);
            if (r < 0 || (r == 1 && (!isfinite(v) || v < 0))) {
                rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_POP,
                             "%s: feature %lld: population field '%s' is '%s', not a "
                             "non-negative number; fix the value or choose another population "
                             "field",
                             L.path, (long long)fid, spec->pop_field,
                             OGR_F_GetFieldAsString(f, i_pop));
                goto fail;
            }
            if (r == 0) v = 0; /* a null population counts as 0 persons */
        }
        u->pop[n] = v;
        for (size_t p = 0; p < np; p++) {
            double x = 0;
            int r = gmi_field_number(f, i_vote[p], &x);
            if (r == 0) {
                rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_WHERE,
                             "%s: feature %lld: votes field '%s' (party %s) is null; fill it "
                             "(0 if no votes were cast) or filter the feature out",
                             L.path, (long long)fid, spec->vote_field[p], spec->party[p]);
                goto fail;
            }
            if (r < 0 || !isfinite(x)) {
                rc = gm_fail(err, GM_E_DATA,
                             "%s: feature %lld: votes field '%s' (party %s) is '%s', not a number",
                             L.path, (long long)fid, spec->vote_field[p], spec->party[p],
                             OGR_F_GetFieldAsString(f, i_vote[p]));
                goto fail;
            }
            if (x < 0) {
                if (spec->negative_votes == GM_NEG_ZERO) {
                    x = 0;
                } else {
                    rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_NEGATIVE_VOTES_ZERO,
                                 "%s: feature %lld: votes field '%s' (party %s) is negative (%g); "
                                 "fix the data or read negative votes as 0",
                                 L.path, (long long)fid, spec->vote_field[p], spec->party[p], x);
                    goto fail;
                }
            }
            u->votes[n * np + p] = x;
        }
        if (i_id >= 0) {
            u->id[n] = field_text(f, i_id, false);
        } else {
            char b[32];
            snprintf(b, sizeof b, "%lld", (long long)fid);
            u->id[n] = strdup(b);
        }
        if (!u->id[n]) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto fail;
        }
        if (i_plan >= 0 && !(u->plan_label[n] = field_text(f, i_plan, true))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto fail;
        }
        if (u->geom) {
            gm_geoms *G = u->geom;
            if (G->n == gcap) {
                gcap *= 2;
                void *t = realloc(G->g, gcap * sizeof *G->g);
                if (!t) {
                    rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                    goto fail;
                }
                G->g = t;
            }
            OGRGeometryH og = OGR_F_GetGeometryRef(f), part = NULL;
            GEOSGeometry *gg = NULL;
            gmi_shape kind = GMI_SHAPE_POLYGON;
            if (og != NULL && !OGR_G_IsEmpty(og)) {
                kind = gmi_ogr_shape(og, &part); /* a point or a line has no area */
                gmi_shape_note(&shapes, kind, u->id[n], og);
            }
            if (og == NULL || OGR_G_IsEmpty(og)) {
                G->n_empty++;
                gg = GEOSGeom_createEmptyPolygon_r(G->ctx.h);
            } else if (kind == GMI_SHAPE_OTHER) {
                G->n_not_polygon++;
                gg = GEOSGeom_createEmptyPolygon_r(G->ctx.h);
            } else {
                if (part) og = part; /* the polygon parts of a collection, or linear curves */
                gm_error e2;
                gm_error_clear(&e2);
                bool fixed = false;
                rc = GM_OK;
                if (OGR_G_Transform(og, ct) != OGRERR_NONE) {
                    rc = gm_fail(&e2, GM_E_CRS, "%s: feature %lld: cannot reproject its geometry",
                                 L.path, (long long)fid);
                } else if (!(gg = gmi_ogr_to_geos(&G->ctx, og, &fixed, &e2))) {
                    char m[sizeof e2.msg];
                    snprintf(m, sizeof m, "%s", e2.msg);
                    rc = gm_fail(&e2, GM_E_GEOM, "%s: feature %lld: %.900s", L.path,
                                 (long long)fid, m);
                }
                if (part) OGR_G_DestroyGeometry(part);
                if (rc != GM_OK && rc != GM_E_NOMEM && spec->geometry_optional) {
                    /* optional geometry that cannot be read is left out, with why */
                    gmi_geoms_destroy(u->geom);
                    u->geom = NULL;
                    if (!(u->no_geometry = strdup(e2.msg))) rc = GM_E_NOMEM;
                    else rc = GM_OK;
                }
                if (rc != GM_OK) {
                    if (err) *err = e2;
                    if (rc == GM_E_NOMEM) gm_fail(err, rc, "out of memory");
                    goto fail;
                }
                if (fixed) {
                    G->n_repaired++;
                    gmi_names_add(&repaired, "%s (feature %lld)", u->id[n], (long long)fid);
                }
            }
            if (u->geom) G->g[G->n++] = gg;
        }
        OGR_F_Destroy(f);
        f = NULL;
        n++;
    }
    u->n = n;
    if (read_failed) {
        rc = GM_E_IO;
        goto fail;
    }
    if (n == 0) {
        rc = gm_fail_hint(err, GM_E_DATA, spec->where ? GM_HINT_WHERE : GM_HINT_NONE,
                          "%s: layer '%s' has no features%s%s%s", L.path, L.name,
                          spec->where ? " matching the filter \"" : "",
                          spec->where ? spec->where : "", spec->where ? "\"" : "");
        goto fail;
    }
    if (repaired.n &&
        gm_warn(&u->warnings, "geometry_repaired",
                "%s: %zu invalid unit geometr%s repaired with make-valid (%s%s); overlays, "
                "adjacency and compactness use the repaired shape%s: check %s",
                L.path, repaired.n, repaired.n == 1 ? "y" : "ies", repaired.text,
                gmi_names_more(&repaired), repaired.n == 1 ? "" : "s",
                repaired.n == 1 ? "it" : "them")) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto fail;
    }
    if (u->geom && spec->geometry_optional && !shapes.n_polygon && shapes.n_other) {
        /* optional geometry of points or lines only: left out, with why */
        gm_error e2;
        gmi_shape_fail(&shapes, L.path, L.name, "units need areas to be neighbours", &e2);
        gmi_geoms_destroy(u->geom);
        u->geom = NULL;
        if (!(u->no_geometry = strdup(e2.msg))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto fail;
        }
    } else if ((rc = gmi_shape_fail(&shapes, L.path, L.name,
                                    "unit shapes are needed here (for compactness, a map, the "
                                    "adjacency graph or a district layer's overlay)",
                                    err))) {
        goto fail;
    }
    if (gmi_shape_warn(&shapes, L.path, "unit",
                       "left out of every shape, adjacency and compactness measure, and no "
                       "district layer can place a unit without area",
                       &u->warnings)) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto fail;
    }
    if (np) { /* transpose unit-major -> party-major for column loops */
        double *pm = malloc(n * np * sizeof *pm);
        if (!pm) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto fail;
        }
        for (size_t i = 0; i < n; i++)
            for (size_t p = 0; p < np; p++) pm[p * n + i] = u->votes[i * np + p];
        free(u->votes);
        u->votes = pm;
    }
    rc = gmi_order_track_finish(ot, u, err);
    ot = NULL;
    if (rc) goto fail;
    if (gmi_units_plausibility(u, L.path, spec->election_parties) != GM_OK) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto fail;
    }
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (srs) OSRRelease(srs);
    gmi_layer_close(&L);
    *out = u;
    return GM_OK;
fail:
    gmi_order_track_free(ot);
    if (f) OGR_F_Destroy(f);
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (srs) OSRRelease(srs);
    gmi_layer_close(&L);
    gm_units_destroy(u);
    return rc;
}

typedef struct text_column {
    bool label;
    char **v;
} text_column;

static gm_status text_row(void *ctx, const gmi_cell *cells, size_t i, const char *path,
                          gm_error *err)
{
    (void)path;
    text_column *x = ctx;
    if (!cells) return GM_OK;
    const char *s = cells[0].text;
    if (x->label)
        while (*s == ' ') s++;
    if (!(x->v[i] = strdup(s))) return gm_fail(err, GM_E_NOMEM, "out of memory");
    return GM_OK;
}

gm_status gmi_units_read_column(const gm_units *u, const char *field, bool label, char ***out,
                                gm_error *err)
{
    *out = NULL;
    text_column x = {label, calloc(u->n ? u->n : 1, sizeof(char *))};
    if (!x.v) return gm_fail(err, GM_E_NOMEM, "out of memory");
    gm_status rc = gmi_units_reread(u, &field, 1, label ? "plan" : "id", text_row, &x, err);
    if (rc != GM_OK) {
        gmi_units_free_column(x.v, u->n);
        return rc;
    }
    *out = x.v;
    return GM_OK;
}

void gmi_units_free_column(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}
