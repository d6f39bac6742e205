/* plan_open.c: one call that opens a plan of any kind over loaded units, and the unit-load
 * preparation that lets the units and one plan come from a single pass.
 *
 * The policy lives here: which kind a source is (gm_plan_detect), which fields of the
 * unit layer a plan needs (its district column, its join field), when geometry is needed
 * (a district layer), and the at-large plan. The building blocks are gm_plan_from_column
 * (plan.c), gm_plan_from_csv (assign_csv.c) and gm_plan_from_layer (overlay.c). */
#include "units/units_int.h"
#include "plan/plan.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The spec's kind with AUTO resolved. */
static gm_plan_kind kind_of(const gm_plan_spec *ps)
{
    if (ps->kind != GM_PLAN_AUTO) return ps->kind;
    return ps->source ? gm_plan_detect(ps->source) : GM_PLAN_AT_LARGE;
}

/* The checks gm_plan_spec_prepare and gm_plan_open share. id_field: the unit id field
 * the units have (or will have). */
static gm_status check_spec(const gm_plan_spec *ps, gm_plan_kind kind, const char *id_field,
                            gm_error *err)
{
    if ((unsigned)kind > (unsigned)GM_PLAN_AT_LARGE)
        return gm_fail(err, GM_E_ARG, "unknown plan kind %d", (int)kind);
    if (kind != GM_PLAN_AT_LARGE && (!ps->source || !*ps->source))
        return gm_fail(err, GM_E_ARG,
                       "a plan needs a source: a district column, an assignment file or a "
                       "district layer");
    if (kind == GM_PLAN_CSV && !ps->join_field && !id_field)
        return gm_fail(err, GM_E_ARG,
                       "%s: an assignment file is matched on a unit id field; name the join "
                       "field its first column holds",
                       ps->source);
    if (kind == GM_PLAN_LAYER && gmi_plan_is_ensemble(ps->source))
        return gm_fail_hint(err, GM_E_ARG, GM_HINT_ENSEMBLE_SCORE,
                            "'%s' is an ensemble (many plans, one per line or record), not one "
                            "plan: a plan is a district column, an assignment file or a district "
                            "layer",
                            ps->source);
    if (kind != GM_PLAN_LAYER && (ps->district_id || (ps->where && *ps->where)))
        return gm_fail(err, GM_E_ARG,
                       "a district id field and a district filter apply only to a plan from "
                       "a district layer");
    return GM_OK;
}

gm_status gm_plan_spec_prepare(gm_plan_spec *ps, gm_units_spec *us, gm_error *err)
{
    gm_plan_kind kind = kind_of(ps);
    bool join = kind == GM_PLAN_CSV && ps->join_field;
    gm_status rc = check_spec(ps, kind, join ? ps->join_field : us->id_field, err);
    if (rc != GM_OK) return rc;
    ps->kind = kind;
    switch (kind) {
    case GM_PLAN_COLUMN:
        if (!us->plan_field) us->plan_field = ps->source;
        break;
    case GM_PLAN_CSV:
        if (join) us->id_field = ps->join_field;
        break;
    case GM_PLAN_LAYER: us->load_geometry = true; break;
    default: break;
    }
    return GM_OK;
}

static bool same_field(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0; /* the loader matches field names this way */
}

static gm_status open_at_large(const gm_units *u, gm_plan **out, gm_error *err)
{
    static const char *const label[] = {"0"};
    int32_t *zero = calloc(u->n ? u->n : 1, sizeof *zero);
    if (!zero) return gm_fail(err, GM_E_NOMEM, "out of memory");
    gm_status rc = gm_plan_from_array(u->n, zero, 1, label, out, err);
    free(zero);
    if (rc != GM_OK) return rc;
    char *src = strdup("at large (one district)");
    if (!src) {
        gm_plan_destroy(*out);
        *out = NULL;
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    free((*out)->source);
    (*out)->source = src;
    return GM_OK;
}

static gm_status open_column(const gm_units *u, const char *field, gm_plan **out, gm_error *err)
{
    if (u->plan_label && same_field(u->plan_field, field)) return gm_plan_from_column(u, out, err);
    char **lab = NULL;
    gm_status rc = gmi_units_read_column(u, field, true, &lab, err);
    if (rc == GM_OK) rc = gmi_plan_from_column_labels(u, (const char *const *)lab, out, err);
    gmi_units_free_column(lab, u->n);
    return rc;
}

static gm_status open_csv(const gm_units *u, const gm_plan_spec *ps, gm_plan **out, gm_error *err)
{
    if (!ps->join_field || same_field(ps->join_field, u->id_field))
        return gm_plan_from_csv(u, ps->source, out, err);
    /* Joined on another field than the units' ids: the same units seen through that
     * field's values (a shallow view; nothing of u changes). */
    char **ids = NULL;
    gm_status rc = gmi_units_read_column(u, ps->join_field, false, &ids, err);
    if (rc == GM_OK) {
        gm_units view = *u;
        view.id = ids;
        view.id_field = (char *)ps->join_field;
        rc = gm_plan_from_csv(&view, ps->source, out, err);
    }
    gmi_units_free_column(ids, u->n);
    return rc;
}

gm_status gm_plan_open(const gm_units *u, const gm_plan_spec *ps, gm_plan **out, gm_error *err)
{
    *out = NULL;
    gm_plan_kind kind = kind_of(ps);
    gm_status rc = check_spec(ps, kind, u->id_field, err);
    if (rc != GM_OK) return rc;
    switch (kind) {
    case GM_PLAN_AT_LARGE: return open_at_large(u, out, err);
    case GM_PLAN_COLUMN: return open_column(u, ps->source, out, err);
    case GM_PLAN_CSV: return open_csv(u, ps, out, err);
    default: break;
    }
    if (!u->geom)
        return gm_fail(err, GM_E_ARG,
                       "%s: a plan from a district layer needs the unit geometry; load the "
                       "units with geometry (gm_plan_spec_prepare asks for it)",
                       ps->source);
    gm_plan_layer_spec ls = {ps->source, NULL, ps->district_id, ps->where, ps->split_tolerance};
    return gm_plan_from_layer(u, &ls, out, err);
}
