/* results_units.c: district-level results as units and a plan, so that the report of
 * official results (no geography) runs through the same model as a plan over units:
 * each district is one unit and its own district. */
#include "gerrymeter/gm_report.h"

#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_units.h"
#include "report/report.h"

gm_status gm_report_units_from_results(const gm_results *res, size_t g, const char *const *party,
                                       const char *const *col, gm_units **u_out, gm_plan **p_out,
                                       gm_error *err)
{
    *u_out = NULL;
    *p_out = NULL;
    if (g >= res->n_groups)
        return gm_fail(err, GM_E_ARG, "%s: no group %zu (%zu groups)", res->path, g, res->n_groups);
    if (res->n_parties > GM_MAX_PARTIES)
        return gm_fail(err, GM_E_ARG, "%s: at most %d parties", res->path, GM_MAX_PARTIES);
    size_t r0 = res->group_start[g], n = res->group_start[g + 1] - r0, np = res->n_parties;
    gm_units *u = calloc(1, sizeof *u);
    int32_t *ident = malloc((n ? n : 1) * sizeof *ident);
    gm_status rc = GM_OK;
    if (!u || !ident) goto nomem;
    u->n = n;
    u->n_parties = np;
    u->pop = calloc(n ? n : 1, sizeof *u->pop); /* no population: pop_field stays NULL */
    u->votes = malloc((np * n > 0 ? np * n : 1) * sizeof *u->votes);
    u->id = calloc(n ? n : 1, sizeof *u->id);
    u->fid = malloc((n ? n : 1) * sizeof *u->fid);
    u->source = strdup(res->path);
    u->layer = strdup(GMI_RESULTS_LAYER);
    if (!u->pop || !u->votes || !u->id || !u->fid || !u->source || !u->layer) goto nomem;
    for (size_t q = 0; q < np; q++) {
        if (!(u->party[q] = strdup(party[q])) || !(u->vote_field[q] = strdup(col[q]))) goto nomem;
        memcpy(u->votes + q * n, gm_results_group_votes(res, g, q), n * sizeof *u->votes);
    }
    for (size_t i = 0; i < n; i++) {
        if (!(u->id[i] = strdup(res->district[r0 + i]))) goto nomem;
        u->fid[i] = (int64_t)i;
        ident[i] = (int32_t)i;
    }
    rc = gm_plan_from_array(n, ident, n, (const char *const *)u->id, p_out, err);
    if (rc != GM_OK) goto fail;
    free((*p_out)->source);
    if (!((*p_out)->source = strdup(GMI_RESULTS_LAYER))) goto nomem;
    if (gm_warnings_merge(&u->warnings, &res->warnings)) goto nomem;
    free(ident);
    *u_out = u;
    return GM_OK;
nomem:
    rc = gm_fail(err, GM_E_NOMEM, "out of memory (%zu district results)", n);
fail:
    gm_plan_destroy(*p_out);
    *p_out = NULL;
    gm_units_destroy(u);
    free(ident);
    return rc;
}
