/* overlay.c: plan from a district polygon layer (unit -> district of largest overlap).
 *
 * District polygons are reprojected into the units' working equal-area CRS, so the
 * shares compared are true area shares. Per unit: candidate districts from an STRtree
 * on envelopes; a prepared "covers" test settles interior units without any overlay;
 * only units on a district boundary pay for an intersection.
 *
 * The plan's districts are the district ids that matter to the units: an id that receives no unit and lies mostly outside the units (a
 * national layer read for one state) is left out of the plan with a warning; an id that
 * lies under the units but receives none (units too coarse for it) is kept, empty, with a
 * warning, so that the population deviation shows it; an id held by several features is
 * one district, and the plan warns when such an id is in it. */
#include "core/sbuf.h"
#include "geo/geo.h"
#include "io/ogr_layer.h"
#include "plan/plan.h"

#include <cpl_conv.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* How many feature ids a warning names per district id, and district ids per warning. */
#define FIDS_SHOWN 5
#define IDS_SHOWN 5

/* Below this share of its area under the units, a district that receives no unit is
 * taken to belong to another map (another state, or beyond a filter of the units). */
#define OUTSIDE_SHARE 0.5

typedef struct dfeat {
    GEOSGeometry *g;                   /* district feature, working CRS */
    const GEOSPreparedGeometry *prep;  /* prepared g */
    size_t label;                      /* index into the label table (first-seen order) */
} dfeat;

/* The district ids of the layer, in first-seen order. */
typedef struct labtab {
    size_t n, cap;
    char **name;            /* [n] */
    double *area;           /* [n] area of the id's features, m^2 */
    double *under;          /* [n] area of the id's features lying under units, m^2 */
    size_t *units;          /* [n] units assigned to the id */
    size_t *n_feat;         /* [n] features holding the id */
    long long *fid;         /* [n * FIDS_SHOWN] the first features' ids */
} labtab;

/* One unit's non-zero share in one district (units on a district boundary only). */
typedef struct ushare {
    size_t unit, label;
    double share;
} ushare;

typedef struct sharebuf {
    size_t n, cap;
    ushare *v;
} sharebuf;

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

static void labtab_free(labtab *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->name[i]);
    free(t->name);
    free(t->area);
    free(t->under);
    free(t->units);
    free(t->n_feat);
    free(t->fid);
    memset(t, 0, sizeof *t);
}

/* Index of district id lab, added when new (its feature fid counted either way); -1 on
 * out of memory. */
static long labtab_add(labtab *t, const char *lab, long long fid)
{
    size_t li = 0;
    while (li < t->n && strcmp(t->name[li], lab) != 0) li++;
    if (li == t->n) {
        if (t->n == t->cap) {
            size_t c = t->cap ? t->cap * 2 : 64;
            void *a = realloc(t->name, c * sizeof *t->name);
            if (a) t->name = a;
            void *b = realloc(t->area, c * sizeof *t->area);
            if (b) t->area = b;
            void *d = realloc(t->under, c * sizeof *t->under);
            if (d) t->under = d;
            void *e = realloc(t->units, c * sizeof *t->units);
            if (e) t->units = e;
            void *f = realloc(t->n_feat, c * sizeof *t->n_feat);
            if (f) t->n_feat = f;
            void *g = realloc(t->fid, c * FIDS_SHOWN * sizeof *t->fid);
            if (g) t->fid = g;
            if (!a || !b || !d || !e || !f || !g) return -1;
            t->cap = c;
        }
        if (!(t->name[li] = strdup(lab))) return -1;
        t->area[li] = t->under[li] = 0;
        t->units[li] = t->n_feat[li] = 0;
        t->n++;
    }
    if (t->n_feat[li] < FIDS_SHOWN) t->fid[li * FIDS_SHOWN + t->n_feat[li]] = fid;
    t->n_feat[li]++;
    return (long)li;
}

static int push_share(sharebuf *b, size_t unit, size_t label, double share)
{
    if (b->n == b->cap) {
        size_t c = b->cap ? b->cap * 2 : 256;
        ushare *t = realloc(b->v, c * sizeof *t);
        if (!t) return -1;
        b->v = t;
        b->cap = c;
    }
    b->v[b->n++] = (ushare){unit, label, share};
    return 0;
}

/* A district id and its index in the label table, sorted by id in natural order. */
typedef struct named {
    const char *name;
    size_t li;
} named;

static int cmp_named(const void *a, const void *b)
{
    return gm_label_cmp(((const named *)a)->name, ((const named *)b)->name);
}

/* The indices li of t for which pick[li], in natural order of their ids, into ids;
 * returns how many. tmp: scratch [t->n]. */
static size_t sorted_ids(const labtab *t, const bool *pick, named *tmp, size_t *ids)
{
    size_t m = 0;
    for (size_t li = 0; li < t->n; li++)
        if (pick[li]) tmp[m++] = (named){t->name[li], li};
    qsort(tmp, m, sizeof *tmp, cmp_named);
    for (size_t i = 0; i < m; i++) ids[i] = tmp[i].li;
    return m;
}

/* Append ", "-separated district ids (of the listed indices) to b, the first IDS_SHOWN. */
static void name_ids(gmi_sbuf *b, const labtab *t, const size_t *ids, size_t n)
{
    for (size_t i = 0; i < n && i < IDS_SHOWN; i++)
        gmi_sbuf_printf(b, "%s%s", i ? ", " : "", t->name[ids[i]]);
    if (n > IDS_SHOWN) gmi_sbuf_puts(b, ", ...");
}

/* The warnings about the plan's district ids: those left out, those kept empty, those
 * held by several features. kept[li]: the id is in the plan. pick, tmp, ids: scratch
 * [t->n]. */
static gm_status warn_labels(const labtab *t, const bool *kept, const char *path, bool *pick,
                             named *tmp, size_t *ids, gm_warnings *w)
{
    gmi_sbuf b = {0};
    gm_status rc = GM_OK;
    for (size_t li = 0; li < t->n; li++) pick[li] = !kept[li];
    size_t m = sorted_ids(t, pick, tmp, ids);
    if (m) {
        gmi_sbuf_printf(&b,
                        "%zu district%s of %s receive%s no unit and lie%s mostly outside the "
                        "units, so %s left out of the plan: ",
                        m, m == 1 ? "" : "s", path, m == 1 ? "s" : "", m == 1 ? "s" : "",
                        m == 1 ? "it is" : "they are");
        name_ids(&b, t, ids, m);
        gmi_sbuf_puts(&b, "; filter the district layer to the units' area (e.g. to one state)");
        if (!b.oom) rc = gm_warn(w, "districts_outside_units", "%s", b.s);
        b.len = 0;
    }
    for (size_t li = 0; li < t->n; li++) pick[li] = kept[li] && t->units[li] == 0;
    m = sorted_ids(t, pick, tmp, ids);
    if (m && rc == GM_OK) {
        gmi_sbuf_printf(&b, "%zu district%s of %s receive%s no unit although %s under the units: ",
                        m, m == 1 ? "" : "s", path, m == 1 ? "s" : "",
                        m == 1 ? "it lies" : "they lie");
        name_ids(&b, t, ids, m);
        gmi_sbuf_printf(&b,
                        " (each unit goes to the district covering most of its area); %s kept "
                        "with no population, so the population deviation shows %s; score with "
                        "smaller units or an assignment file",
                        m == 1 ? "it is" : "they are", m == 1 ? "it" : "them");
        if (!b.oom) rc = gm_warn(w, "empty_districts", "%s", b.s);
        b.len = 0;
    }
    for (size_t li = 0; li < t->n; li++) pick[li] = kept[li] && t->n_feat[li] > 1;
    m = sorted_ids(t, pick, tmp, ids);
    if (m && rc == GM_OK) {
        gmi_sbuf_printf(&b, "%zu district id%s of %s %s held by several features, each scored as "
                        "one district: ",
                        m, m == 1 ? "" : "s", path, m == 1 ? "is" : "are");
        for (size_t i = 0; i < m && i < IDS_SHOWN; i++) {
            size_t li = ids[i], nf = t->n_feat[li];
            gmi_sbuf_printf(&b, "%s'%s' (%zu features: FIDs ", i ? ", " : "", t->name[li], nf);
            for (size_t j = 0; j < nf && j < FIDS_SHOWN; j++)
                gmi_sbuf_printf(&b, "%s%lld", j ? ", " : "", t->fid[li * FIDS_SHOWN + j]);
            gmi_sbuf_puts(&b, nf > FIDS_SHOWN ? ", ...)" : ")");
        }
        if (m > IDS_SHOWN) gmi_sbuf_puts(&b, ", ...");
        gmi_sbuf_puts(&b, "; right when they are parts of one district, else name a district id "
                          "field that is unique per district or filter the district layer");
        if (!b.oom) rc = gm_warn(w, "duplicate_district_ids", "%s", b.s);
    }
    if (b.oom) rc = GM_E_NOMEM;
    gmi_sbuf_free(&b);
    return rc;
}

/* Turn the overlay's result (p->district[] holding first-seen label indices) into the
 * plan: the district ids kept, in natural order; units renumbered; units shared between
 * kept districts listed as splits; the warnings. */
static gm_status finish_plan(gm_plan *p, const labtab *t, const sharebuf *sb, double tol,
                             const char *path, gm_error *err)
{
    size_t nl = t->n ? t->n : 1, k;
    bool *kept = calloc(nl, sizeof *kept), *pick = calloc(nl, sizeof *pick);
    size_t *idx = malloc(nl * sizeof *idx);
    named *tmp = malloc(nl * sizeof *tmp);
    int32_t *to = malloc(nl * sizeof *to);
    gm_status rc = GM_OK;
    if (!kept || !pick || !idx || !tmp || !to) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    for (size_t li = 0; li < t->n; li++) {
        kept[li] = t->units[li] > 0 ||
                   (t->area[li] > 0 && t->under[li] >= OUTSIDE_SHARE * t->area[li]);
        to[li] = GM_NO_DISTRICT;
    }
    k = sorted_ids(t, kept, tmp, idx);
    p->label = calloc(k ? k : 1, sizeof *p->label);
    if (!p->label) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    p->k = k;
    for (size_t d = 0; d < k; d++) {
        to[idx[d]] = (int32_t)d;
        if (!(p->label[d] = strdup(t->name[idx[d]]))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
    }
    for (size_t i = 0; i < p->n_units; i++) p->district[i] = to[p->district[i]];
    /* Splits: a unit's largest share is its district; the next-largest among the kept
     * districts (the first-seen on a tie), when above the tolerance, makes it split. */
    size_t cap = 0;
    for (size_t s = 0, e; s < sb->n; s = e) {
        size_t unit = sb->v[s].unit, second_li = SIZE_MAX;
        int32_t own = p->district[unit];
        double own_share = 0, second_share = 0;
        for (e = s; e < sb->n && sb->v[e].unit == unit; e++) {
            const ushare *x = &sb->v[e];
            int32_t d = to[x->label];
            if (d == own) own_share += x->share;
            else if (d != GM_NO_DISTRICT &&
                     (x->share > second_share || (x->share == second_share && x->label < second_li))) {
                second_share = x->share;
                second_li = x->label;
            }
        }
        if (k < 2 || second_li == SIZE_MAX || second_share <= tol) continue;
        if (p->n_split == cap) {
            cap = cap ? cap * 2 : 32;
            gm_split *x = realloc(p->split, cap * sizeof *x);
            if (!x) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                goto done;
            }
            p->split = x;
        }
        p->split[p->n_split++] = (gm_split){unit, own, own_share, to[second_li], second_share};
    }
    if (warn_labels(t, kept, path, pick, tmp, idx, &p->warnings) != GM_OK)
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
done:
    free(kept);
    free(pick);
    free(idx);
    free(tmp);
    free(to);
    return rc;
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
    size_t nf = 0, capf = 0;
    labtab T = {0};
    sharebuf SB = {0};
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
        char labbuf[64];
        const char *lab = gmi_field_text(f, i_id, labbuf, sizeof labbuf);
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
        long li = labtab_add(&T, lab, (long long)OGR_F_GetFID(f));
        if (li < 0) {
            GEOSGeom_destroy_r(h, df[nf].g);
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        double a = 0;
        if (GEOSArea_r(h, df[nf].g, &a) == 1 && a > 0) T.area[li] += a;
        df[nf].label = (size_t)li;
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
    size_t nlab = T.n;

    tree = GEOSSTRtree_create_r(h, 10);
    for (size_t i = 0; i < nf; i++) GEOSSTRtree_insert_r(h, tree, df[i].g, (void *)(uintptr_t)(i + 1));

    p = gmi_plan_alloc(u->n);
    share = calloc(nlab, sizeof *share);
    if (!p || !share) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    size_t n_out = 0, n_nogeom = 0;
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
        bool settled = false;
        size_t best = 0;
        for (size_t c = 0; c < H.n && !settled; c++) {
            dfeat *d = &df[H.idx[c]];
            if (GEOSPreparedCovers_r(h, d->prep, ug) == 1) {
                best = d->label;
                settled = true;
            }
        }
        if (settled) {
            T.under[best] += ua;
        } else {
            for (size_t c = 0; c < H.n; c++) share[df[H.idx[c]].label] = 0;
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
                                 u->id[i], T.name[d->label], G->ctx.geos_msg);
                    goto done;
                }
                GEOSArea_r(h, x, &a);
                GEOSGeom_destroy_r(h, x);
                share[d->label] += ua > 0 ? a / ua : 0;
                T.under[d->label] += a;
            }
            /* the largest share, first-seen district on a tie; each district once */
            double sbest = 0;
            for (size_t c = 0; c < H.n; c++) {
                size_t l = df[H.idx[c]].label;
                if (share[l] > sbest || (share[l] == sbest && sbest > 0 && l < best)) {
                    sbest = share[l];
                    best = l;
                }
            }
            if (sbest <= 0) {
                if (n_out < 5) {
                    size_t l = strlen(outside);
                    snprintf(outside + l, sizeof outside - l, "%s%s", n_out ? ", " : "", u->id[i]);
                }
                n_out++;
                continue;
            }
            for (size_t c = 0; c < H.n; c++) {
                size_t l = df[H.idx[c]].label;
                if (share[l] > 0 && push_share(&SB, i, l, share[l])) {
                    rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                    goto done;
                }
                share[l] = 0; /* pushed once */
            }
        }
        p->district[i] = (int32_t)best;
        T.units[best]++;
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
    if ((rc = finish_plan(p, &T, &SB, tol, L.path, err)) != GM_OK) goto done;
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
    labtab_free(&T);
    free(SB.v);
    free(share);
    free(H.idx);
    gm_plan_destroy(p);
    if (ct) OCTDestroyCoordinateTransformation(ct);
    if (laea) OSRRelease(laea);
    if (srs_copy) OSRRelease(srs_copy);
    gmi_layer_close(&L);
    return rc;
}
