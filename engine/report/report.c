/* report.c: gm_report_write(): score every plan, read the ensemble, then write. */
#include "report/report.h"

#include <string.h>

void gm_report_opts_init(gm_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = GM_REPORT_HTML;
    o->map_px = 640;
}

gm_status gm_report_write(FILE *f, const gm_report_plan *plans, size_t n, const gm_report_opts *o,
                          gm_error *err)
{
    gm_sink s;
    gm_sink_file(&s, f);
    return gm_report_write_sink(&s, plans, n, o, err);
}

gm_status gm_report_write_sink(gm_sink *f, const gm_report_plan *plans, size_t n,
                               const gm_report_opts *o, gm_error *err)
{
    gm_report_opts def;
    if (!o) {
        gm_report_opts_init(&def);
        o = &def;
    }
    if (n < 1 || n > 2) return gm_fail(err, GM_E_ARG, "a report shows 1 or 2 plans, not %zu", n);
    if (o->impute_uncontested != 0 && !(o->impute_uncontested > 0.5 && o->impute_uncontested <= 1))
        return gm_fail(err, GM_E_ARG, "imputed winner share %g is not in (0.5, 1]",
                       o->impute_uncontested);
    gmi_rplan r[2];
    gmi_ensemble ens;
    bool have_ens = false;
    gm_status rc = GM_OK;
    memset(r, 0, sizeof r);
    for (size_t i = 0; i < n; i++) {
        if (!plans[i].units || !plans[i].plan)
            return gm_fail(err, GM_E_ARG, "plan %zu of the report has no units or no plan", i + 1);
        if (plans[i].plan->n_units != plans[i].units->n)
            return gm_fail(err, GM_E_ARG, "plan '%s' has %zu units but its unit layer has %zu",
                           plans[i].plan->source, plans[i].plan->n_units, plans[i].units->n);
    }
    if (n == 2 && plans[0].units->n_parties >= 2 && plans[1].units->n_parties >= 2 &&
        (strcmp(plans[0].units->party[0], plans[1].units->party[0]) ||
         strcmp(plans[0].units->party[1], plans[1].units->party[1])))
        return gm_fail(
            err, GM_E_ARG,
            "the two plans compare different parties (%s/%s and %s/%s); name the same parties",
            plans[0].units->party[0], plans[0].units->party[1], plans[1].units->party[0],
            plans[1].units->party[1]);
    for (size_t i = 0; i < n; i++)
        if ((rc = gmi_rplan_build(&plans[i], o->map_px > 0 ? o->map_px : 640, o->impute_uncontested,
                                  &r[i], err)) != GM_OK)
            goto done;
    /* two plans over one unit layer: how the second redraws the first */
    if (n == 2 && plans[0].units == plans[1].units &&
        (rc = gm_plan_compare_compute(plans[0].units, plans[0].plan, plans[1].plan, &r[1].cmp, err)) !=
            GM_OK)
        goto done;
    if (o->ensemble) {
        const gm_units *u0 = plans[0].units;
        bool two = u0->n_parties >= 2;
        if ((rc = gmi_ensemble_read(o->ensemble, two ? u0->party[0] : NULL, two ? u0->party[1] : NULL,
                                    &ens, err)) != GM_OK)
            goto done;
        have_ens = true;
        if ((rc = gmi_ensemble_check(&ens, &r[0], err)) != GM_OK) goto done;
        if (ens.n_metrics && (rc = gmi_ensemble_score_plan(&ens, &r[0], err)) != GM_OK) goto done;
    }
    if (o->shown && (rc = gmi_report_warnings(r, n, o, o->shown)) != GM_OK) {
        gm_fail(err, rc, "out of memory");
        goto done;
    }
    rc = o->format == GM_REPORT_MD ? gmi_page_md(f, r, n, have_ens ? &ens : NULL, o, err)
                                   : gmi_page_html(f, r, n, have_ens ? &ens : NULL, o, err);
done:
    if (have_ens) gmi_ensemble_free(&ens);
    for (size_t i = 0; i < n; i++) gmi_rplan_free(&r[i]);
    return rc;
}
