/* partisan_json.c: the partisan rows of a JSON document (gm_metric.h), written once for
 * the CLI's JSON and the Python module's dicts. */
#include "gerrymeter/gm_metric.h"

#include <string.h>

void gm_partisan_json_metrics(const gm_json_out *o, const gm_partisan *p, const gm_metric_in *in)
{
    const char *why_done = NULL;
    for (size_t i = 0; i < gm_metric_count(GM_MF_PARTISAN); i++) {
        const gm_metric_def *m = gm_metric_get(GM_MF_PARTISAN, i);
        gm_jo_num(o, m->key, gm_metric_value(m, p, in));
        /* the reason a value is undefined, once, after the first metric it explains */
        if (m->why_key && (!why_done || strcmp(why_done, m->why_key))) {
            gm_jo_str(o, m->why_key, gm_metric_why(m, p));
            why_done = m->why_key;
        }
    }
}

void gm_partisan_json_favours(const gm_json_out *o, const gm_partisan *p, const gm_metric_in *in,
                              const char *party_a, const char *party_b)
{
    bool b = p->positive_favours_b;
    gm_jo_str(o, "favours", gm_lean_name(p->efficiency_gap, b, party_a, party_b));
    gm_jo_str(o, "positive_favours", b ? party_b : party_a);
    gm_jo_obj(o, "favours_by_metric");
    for (size_t i = 0; i < gm_metric_count(GM_MF_PARTISAN); i++) {
        const gm_metric_def *m = gm_metric_get(GM_MF_PARTISAN, i);
        if (m->sign != GM_SIGN_NONE)
            gm_jo_str(o, m->key, gm_lean_name(gm_metric_value(m, p, in), b, party_a, party_b));
    }
    gm_jo_end_obj(o);
}

void gm_partisan_json_convention(const gm_json_out *o, const gm_partisan *p)
{
    if (p->convention == GM_CONV_GERRYCHAIN) {
        gm_jo_num(o, "partisan_gini", p->partisan_gini);
        gm_jo_num(o, "mean_thirdian", p->mean_thirdian);
    }
    if (p->convention == GM_CONV_REDISTMETRICS) {
        gm_jo_num(o, "declination_simple", p->declination_simple);
        gm_jo_num(o, "lopsided_wins", p->lopsided_wins);
        gm_jo_num(o, "dilution_asymmetry", p->dilution_asymmetry);
        gm_jo_num(o, "talisman", p->talisman);
        gm_jo_num(o, "smoothed_seat_deviation", p->smoothed_seat_deviation);
    }
    if (p->convention == GM_CONV_DRA) {
        /* DRA's scorecard under its own names, in the order of gm_partisan_dra */
        static const char *const nm[] = {"bestS", "bestSf", "estS", "estSf", "fptpS", "deviation",
                                         "tOf", "bS50", "bV50", "bSV", "decl", "gSym", "gamma",
                                         "eG", "prop", "mMs", "mMd", "lO", "littleR", "bigR",
                                         "mIR", "rD", "rDf", "cSimple", "cD", "cDf"};
        _Static_assert(sizeof nm / sizeof nm[0] * sizeof(double) == sizeof(gm_partisan_dra),
                       "one name per field of gm_partisan_dra");
        const double *dv = &p->dra.bestS;
        gm_jo_obj(o, "dra");
        for (size_t i = 0; i < sizeof nm / sizeof nm[0]; i++) gm_jo_num(o, nm[i], dv[i]);
        gm_jo_end_obj(o);
    }
}
