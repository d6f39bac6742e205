/* overlay.c: plan from a district polygon layer (unit -> district of largest overlap).
 *
 * District polygons are reprojected into the units' working equal-area CRS, so the
 * shares compared are true area shares. Per unit: candidate districts from an STRtree
 * on envelopes; a prepared "covers" test settles interior units without any overlay;
 * only units on a district boundary pay for an intersection. */
#include "geo/geo.h"
#include "io/ogr_layer.h"
#include "plan/plan.h"

#include <cpl_conv.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct dfeat {
    GEOSGeometry *g;                   /* district feature, working CRS */
    const GEOSPreparedGeometry *prep;  /* prepared g */
    size_t label;                      /* index into the label table before sorting */
} dfeat;

typedef struct hits {
    size_t n, cap;
    size_t *idx;
} hits;

static void on_hit(void *item, void *ud)
{
    hits *h = ud;
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 8;
        size_t *t = realloc(h->idx, nc * sizeof *t);
        if (!t) return; /* a lost candidate only means a less exact share; OOM is caught later */
        h->idx = t;
        h->cap = nc;
    }
    h->idx[h->n++] = (size_t)(uintptr_t)item - 1;
}

static int cmp_str(const void *a, const void *b)
{
    return gm_label_cmp(*(char *const *)a, *(char *const *)b);
}

gm_status gm_plan_from_layer(const gm_units *u, const gm_plan_layer_spec *spec, gm_plan **out,
                             gm_error *err)
{
    gmi_layer L;
    gm_status rc;
    OGRSpatialReferenceH laea = NULL, srs_copy = NULL;
    OGRCoordinateTransformationH ct = NULL;
    OGRFeatureH f = NULL;
    dfeat *df = NULL;
    size_t nf = 0, capf = 0, nlab = 0, caplab = 0;
    char **labs = NULL;
    size_t *order = NULL;
    GEOSSTRtree *tree = NULL;
    gm_plan *p = NULL;
    double *share = NULL;
    hits H = {0, 0, NULL};
    int i_id;

    *out = NULL;
    if (!u->geom) return gm_fail(err, GM_E_ARG, "units were loaded without geometry");
    gm_geoms *G = u->geom;
    GEOSContextHandle_t h = G->ctx.h;
    double tol = spec->split_tolerance > 0 ? spec->split_tolerance : 0.001;

    if ((rc = gmi_layer_open(spec->path, spec->layer, spec->where, &L, err))) {
        if (err && err->hint == GM_HINT_WHERE) err->hint = GM_HINT_PLAN_WHERE; /* its filter */
        return rc;
    }
    L.where_hint = GM_HINT_PLAN_WHERE;
    if ((rc = gmi_layer_need_geometry(&L, "a district layer must hold district polygons", err))) goto done;
    if (!spec->id_field) {
        char buf[600];
        gmi_layer_field_list(&L, buf, sizeof buf);
        rc = gm_fail_hint(err, GM_E_ARG, GM_HINT_DISTRICT_ID,
                          "%s: the district layer needs its district id field named; fields: %s",
                          L.path, buf);
        goto done;
    }
    if ((rc = gmi_layer_field(&L, spec->id_field, "district id", &i_id, err))) goto done;
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(L.lyr);
    if (!src) {
        rc = gm_fail(err, GM_E_CRS, "%s: layer '%s' has no coordinate reference system", L.path,
                     L.name);
        goto done;
    }
    srs_copy = OSRClone(src);
    OSRSetAxisMappingStrategy(srs_copy, OAMS_TRADITIONAL_GIS_ORDER);
    double ll[4];
    if ((rc = gmi_layer_lonlat_extent(L.lyr, srs_copy,
                                      "fix the district layer's CRS (e.g. ogr2ogr -a_srs EPSG:4326)",
                                      ll, err)) != GM_OK) {
        char m[sizeof err->msg];
        snprintf(m, sizeof m, "%s", err ? err->msg : "");
        gm_fail(err, rc, "%s: %.900s", L.path, m);
        goto done;
    }
    laea = gmi_laea_srs(G->lon0, G->lat0);
    ct = laea ? OCTNewCoordinateTransformation(srs_copy, laea) : NULL;
    if (!ct) {
        rc = gm_fail(err, GM_E_CRS, "%s: cannot transform layer '%s' to the units' CRS: %s", L.path,
                     L.name, CPLGetLastErrorMsg());
        goto done;
    }

    OGR_L_ResetReading(L.lyr);
    bool read_failed = false;
    size_t n_read = 0;
    gmi_shape_log shapes;
    memset(&shapes, 0, sizeof shapes);
    while ((f = gmi_layer_next(&L, n_read++, &read_failed, err)) != NULL) {
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        const char *lab = OGR_F_IsFieldSetAndNotNull(f, i_id) ? OGR_F_GetFieldAsString(f, i_id) : "";
        gmi_shape kind = GMI_SHAPE_POLYGON;
        if (og && !OGR_G_IsEmpty(og) && *lab) {
            OGRGeometryH part = NULL;
            char nm[160];
            snprintf(nm, sizeof nm, "feature %lld (district %.80s)", (long long)OGR_F_GetFID(f), lab);
            kind = gmi_ogr_shape(og, &part);
            gmi_shape_note(&shapes, kind, nm, og);
            if (part) {
                OGR_F_SetGeometryDirectly(f, part); /* the feature owns it from here */
                og = OGR_F_GetGeometryRef(f);
            }
        }
        if (!og || OGR_G_IsEmpty(og) || !*lab || kind == GMI_SHAPE_OTHER) {
            OGR_F_Destroy(f);
            f = NULL;
            continue; /* a district feature without shape, area or id places no unit */
        }
        if (OGR_G_Transform(og, ct) != OGRERR_NONE) {
            rc = gm_fail(err, GM_E_CRS, "%s: feature %lld: cannot reproject", L.path,
                         (long long)OGR_F_GetFID(f));
            goto done;
        }
        if (nf == capf) {
            capf = capf ? capf * 2 : 64;
            dfeat *t = realloc(df, capf * sizeof *t);
            if (!t) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                goto done;
            }
            df = t;
        }
        bool fixed;
        df[nf].prep = NULL;
        df[nf].g = gmi_ogr_to_geos(&G->ctx, og, &fixed, err);
        if (!df[nf].g) {
            rc = GM_E_GEOM;
            goto done;
        }
        size_t li = 0;
        while (li < nlab && strcmp(labs[li], lab) != 0) li++;
        if (li == nlab) {
            if (nlab == caplab) {
                caplab = caplab ? caplab * 2 : 64;
                char **t = realloc(labs, caplab * sizeof *t);
                if (!t) {
                    GEOSGeom_destroy_r(h, df[nf].g);
                    rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                    goto done;
                }
                labs = t;
            }
            labs[nlab++] = strdup(lab);
        }
        df[nf].label = li;
        df[nf].prep = GEOSPrepare_r(h, df[nf].g);
        nf++;
        OGR_F_Destroy(f);
        f = NULL;
    }
    if (read_failed) {
        rc = GM_E_IO;
        goto done;
    }
    if ((rc = gmi_shape_fail(&shapes, L.path, L.name,
                             "a district layer must hold district polygons", err)))
        goto done;
    if (nf == 0) {
        rc = gm_fail_hint(err, GM_E_DATA, spec->where ? GM_HINT_PLAN_WHERE : GM_HINT_NONE,
                          "%s: layer '%s' has no district polygons%s%s%s", L.path, L.name,
                          spec->where ? " matching the filter \"" : "",
                          spec->where ? spec->where : "", spec->where ? "\"" : "");
        goto done;
    }

    /* Sort labels naturally; map first-seen index -> sorted index. */
    char **sorted = malloc(nlab * sizeof *sorted);
    order = malloc(nlab * sizeof *order);
    if (!sorted || !order) {
        free(sorted);
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    memcpy(sorted, labs, nlab * sizeof *sorted);
    qsort(sorted, nlab, sizeof *sorted, cmp_str);
    for (size_t i = 0; i < nlab; i++)
        for (size_t j = 0; j < nlab; j++)
            if (sorted[j] == labs[i]) order[i] = j;

    tree = GEOSSTRtree_create_r(h, 10);
    for (size_t i = 0; i < nf; i++) GEOSSTRtree_insert_r(h, tree, df[i].g, (void *)(uintptr_t)(i + 1));

    p = gmi_plan_alloc(u->n);
    share = calloc(nlab, sizeof *share);
    if (!p || !share) {
        free(sorted);
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    p->label = calloc(nlab, sizeof *p->label);
    if (!p->label) {
        free(sorted);
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    p->k = nlab;
    for (size_t j = 0; j < nlab; j++)
        if (!(p->label[j] = strdup(sorted[j]))) {
            free(sorted);
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
    free(sorted);
    size_t cap_split = 0, n_out = 0, n_nogeom = 0;
    char outside[240] = "", nogeom[240] = "";
    for (size_t i = 0; i < u->n; i++) {
        const GEOSGeometry *ug = G->g[i];
        double ua = 0;
        H.n = 0;
        if (GEOSisEmpty_r(h, ug) == 1) {
            /* null or empty geometry: no district layer can place it */
            if (n_nogeom < 5) {
                size_t l = strlen(nogeom);
                snprintf(nogeom + l, sizeof nogeom - l, "%s%s", n_nogeom ? ", " : "", u->id[i]);
            }
            n_nogeom++;
            continue;
        }
        if (GEOSArea_r(h, ug, &ua) != 1 || ua <= 0) ua = 0; /* no area: shares stay 0 */
        GEOSSTRtree_query_r(h, tree, ug, on_hit, &H);
        memset(share, 0, nlab * sizeof *share);
        bool settled = false;
        for (size_t c = 0; c < H.n && !settled; c++) {
            dfeat *d = &df[H.idx[c]];
            if (GEOSPreparedCovers_r(h, d->prep, ug) == 1) {
                memset(share, 0, nlab * sizeof *share);
                share[d->label] = 1.0;
                settled = true;
            }
        }
        if (!settled) {
            for (size_t c = 0; c < H.n; c++) {
                dfeat *d = &df[H.idx[c]];
                if (GEOSPreparedIntersects_r(h, d->prep, ug) != 1) continue;
                /* Clip the (large) district to the unit's box first: the overlay then
                 * nodes a few dozen segments instead of the whole district outline. */
                double bx0, by0, bx1, by1;
                GEOSGeometry *x = NULL;
                if (GEOSGeom_getExtent_r(h, ug, &bx0, &by0, &bx1, &by1) == 1) {
                    GEOSGeometry *clip = GEOSClipByRect_r(h, d->g, bx0, by0, bx1, by1);
                    if (clip) {
                        x = GEOSIntersection_r(h, ug, clip);
                        GEOSGeom_destroy_r(h, clip);
                    }
                }
                if (!x) x = GEOSIntersection_r(h, ug, d->g);
                double a = 0;
                if (!x) {
                    rc = gm_fail(err, GM_E_GEOM, "unit %s: overlay with district '%s' failed: %s",
                                 u->id[i], labs[d->label], G->ctx.geos_msg);
                    goto done;
                }
                GEOSArea_r(h, x, &a);
                GEOSGeom_destroy_r(h, x);
                share[d->label] += ua > 0 ? a / ua : 0;
            }
        }
        size_t best = 0, second = 0;
        for (size_t j = 1; j < nlab; j++)
            if (share[j] > share[best]) best = j;
        double sb = -1;
        for (size_t j = 0; j < nlab; j++)
            if (j != best && share[j] > sb) {
                sb = share[j];
                second = j;
            }
        if (share[best] <= 0) {
            if (n_out < 5) {
                size_t l = strlen(outside);
                snprintf(outside + l, sizeof outside - l, "%s%s", n_out ? ", " : "", u->id[i]);
            }
            n_out++;
            continue;
        }
        p->district[i] = (int32_t)order[best];
        if (nlab > 1 && sb > tol) {
            if (p->n_split == cap_split) {
                cap_split = cap_split ? cap_split * 2 : 32;
                gm_split *t = realloc(p->split, cap_split * sizeof *t);
                if (!t) {
                    rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                    goto done;
                }
                p->split = t;
            }
            gm_split *s = &p->split[p->n_split++];
            s->unit = i;
            s->district = (int32_t)order[best];
            s->share = share[best];
            s->second = (int32_t)order[second];
            s->second_share = sb;
        }
    }
    if (n_nogeom) {
        rc = gm_fail_hint(err, GM_E_GEOM, GM_HINT_WHERE,
                     "%zu unit%s of %s ha%s no geometry (null or empty%s; unit ids: %s%s), so the "
                     "district layer %s cannot place %s; give %s shapes, filter %s out of the "
                     "unit layer, or use an assignment CSV",
                     n_nogeom, n_nogeom == 1 ? "" : "s", u->source ? u->source : "the unit layer",
                     n_nogeom == 1 ? "s" : "ve",
                     G->n_not_polygon ? ", or a point or line, which has no area" : "", nogeom,
                     n_nogeom > 5 ? ", ..." : "", L.path,
                     n_nogeom == 1 ? "it" : "them", n_nogeom == 1 ? "it" : "them",
                     n_nogeom == 1 ? "it" : "them");
        goto done;
    }
    if (n_out) {
        rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_PLAN_WHERE,
                     "%zu unit%s lie%s outside every district of %s (unit ids: %s%s); check the "
                     "district layer's filter and that both layers cover the same state",
                     n_out, n_out == 1 ? "" : "s", n_out == 1 ? "s" : "", L.path, outside,
                     n_out > 5 ? ", ..." : "");
        goto done;
    }
    if (gmi_shape_warn(&shapes, L.path, "district feature", "placing no unit", &p->warnings)) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    char srcd[600];
    snprintf(srcd, sizeof srcd, "%s:%s (%s)", L.path, L.name, spec->id_field);
    p->source = strdup(srcd);
    *out = p;
    p = NULL;
    rc = GM_OK;
done:
    if (f) OGR_F_Destroy(f);
    if (tree) GEOSSTRtree_destroy_r(h, tree);
    for (size_t i = 0; i < nf; i++) {
        if (df[i].prep) GEOSPreparedGeom_destroy_r(h, df[i].prep);
        GEOSGeom_destroy_r(h, df[i].g);
    }
    free(df);
    for (size_t i = 0; i < nlab; i++) free(labs[i]);
    free(labs);
    free(order);
    free(share);
    free(H.idx);
    gm_plan_destroy(p);
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (laea) OSRRelease(laea);
    if (srs_copy) OSRRelease(srs_copy);
    gmi_layer_close(&L);
    return rc;
}
