/* text.c: the words of the report: the metric catalogue (what each metric measures,
 * which way it leans, what values are usual), the headline and party names. */
#include "report/report.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "report/svg.h"

size_t gmi_metric_list(gmi_metric_info *out, size_t cap)
{
    size_t n = 0, nm = gm_metric_count(GM_MF_PARTISAN);
    for (size_t i = 0; i < nm && n < cap; i++) {
        const gm_metric_def *m = gm_metric_get(GM_MF_PARTISAN, i);
        if (!(m->flags & GM_MD_REPORT)) continue;
        out[n++] = (gmi_metric_info){m->key, m->label, m->reading, m->usual ? m->usual : "",
                                     m->sign != GM_SIGN_NONE, m->unit == GM_UNIT_SHARE};
    }
    return n;
}

/* The partisan metric `key` of the plan (a registry row), or NaN. */
double gmi_metric_value(const gmi_rplan *r, const char *key)
{
    if (!r->partisan) return NAN;
    if (!strcmp(key, "seats_a")) return r->ps.seats_a;
    const gm_metric_def *m = gm_metric_find(GM_MF_PARTISAN, key, NULL);
    if (!m) return NAN;
    gm_metric_in in = {.k = r->t->k, .pop = r->t->pop, .a = r->ia ? r->ia : gm_tally_party(r->t, 0),
                       .b = r->ia ? r->ia + r->t->k : gm_tally_party(r->t, 1), .cut_edges = NAN};
    return gm_metric_value(m, &r->ps, &in);
}

const char *gmi_metric_why(const gmi_rplan *r, const char *key)
{
    if (!r->partisan) return "no votes were given";
    const gm_metric_def *m = gm_metric_find(GM_MF_PARTISAN, key, NULL);
    return m ? gm_metric_why(m, &r->ps) : NULL;
}

const char *gmi_party_plural(const char *name)
{
    if (!strcasecmp(name, "D") || !strcasecmp(name, "DEM") || !strcasecmp(name, "Democratic") ||
        !strcasecmp(name, "Democrat") || !strcasecmp(name, "Democrats"))
        return "Democrats";
    if (!strcasecmp(name, "R") || !strcasecmp(name, "REP") || !strcasecmp(name, "GOP") ||
        !strcasecmp(name, "Republican") || !strcasecmp(name, "Republicans"))
        return "Republicans";
    return name;
}

const char *gmi_favours(const gmi_rplan *r, double v)
{
    if (!r->partisan) return NULL;
    return gm_lean_name(v, r->ps.positive_favours_b, r->u->party[0], r->u->party[1]);
}

const char *gmi_winner_name(const gmi_rplan *r, size_t d, const char *none)
{
    int w = r->winner[d];
    return w >= 0 ? r->u->party[w] : w == GMI_WIN_TIE ? "tie" : none;
}

void gmi_headline(const gmi_rplan *r, char *buf, size_t cap)
{
    char b1[32], b2[32], b3[32];
    size_t k = r->t->k;
    if (!r->partisan) {
        snprintf(
            buf, cap,
            "The plan has %zu districts; their populations differ by %s of the ideal district population.",
            k, gmi_pct(r->pd.range, 2, b1, sizeof b1));
        return;
    }
    const gm_partisan *ps = &r->ps;
    const char *A = gmi_party_plural(r->u->party[0]);
    size_t n = (size_t)snprintf(buf, cap, "%s won %s of the two-party vote and %.0f of %zu seat%s",
                                A, gmi_pct(ps->vote_share, 1, b1, sizeof b1), ps->seats_a, k,
                                k == 1 ? "" : "s");
    if (ps->ties > 0 && n < cap) n += (size_t)snprintf(buf + n, cap - n, " (%.0f tied)", ps->ties);
    if (n < cap) n += (size_t)snprintf(buf + n, cap - n, ".");
    double eg = ps->efficiency_gap;
    if (isfinite(eg) && n < cap) {
        const char *fav = gmi_favours(r, eg);
        double seats = fabs(eg) * (double)ps->k_counted; /* EG x districts = seats' worth */
        if (!strcmp(fav, "neither")) {
            snprintf(buf + n, cap - n, " The efficiency gap is 0: it favours neither party.");
        } else if (seats < 0.5) {
            snprintf(buf + n, cap - n,
                     " The efficiency gap of %s favours %s: less than half a seat.",
                     gmi_pct(fabs(eg), 1, b2, sizeof b2), gmi_party_plural(fav));
        } else {
            snprintf(buf + n, cap - n, " The efficiency gap of %s favours %s: about %s seat%s.",
                     gmi_pct(fabs(eg), 1, b2, sizeof b2), gmi_party_plural(fav),
                     gmi_num(round(seats), 0, b3, sizeof b3), round(seats) == 1 ? "" : "s");
        }
    }
}
