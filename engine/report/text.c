/* text.c: the words of the report: the metric catalogue (what each metric measures,
 * which way it leans, what values are usual), the headline and party names. */
#include "report/report.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "report/svg.h"

/* The explanations are ours; the "usual values" summarise the published ranges of
 * enacted plans (docs/report.md gives the sources). + favours party b throughout. */
static const gmi_metric_info metrics[] = {
    {"efficiency_gap", "Efficiency gap",
     "Votes are wasted when cast for a loser, or for a winner beyond the half needed to win; the gap is "
     "one party's wasted votes minus the other's, as a share of all votes, and the party that wastes "
     "fewer votes is favoured.",
     "Most enacted plans lie within \u00b18%; a gap above 7\u20138% (or two congressional seats) has been "
     "proposed as a sign of a lasting advantage.",
     true, true},
    {"mean_median", "Mean\u2013median difference",
     "The first party's average district share minus its share in the median district: when the median "
     "district leans further against a party than the average, that party needs more votes to win a "
     "majority of seats.",
     "Usually within \u00b13 percentage points; values beyond \u00b15 points are rare.", true,
     true},
    {"partisan_bias", "Partisan bias",
     "If the statewide vote were split 50\u201350 (every district swung by the same amount), the share of "
     "seats one party would win above half.",
     "Usually within \u00b15% of the seats; \u00b110% and more is large.", true, true},
    {"declination", "Declination",
     "Compares the angle of the line through the districts a party loses with the angle through those it "
     "wins, on the sorted vote-share chart; a kink at 50% means one party's wins are packed or its "
     "losses cracked.",
     "Usually within \u00b10.3; values beyond \u00b10.5 are rare. Undefined when one party wins every "
     "seat.",
     true, false},
    {"lopsided_t", "Lopsided outcomes",
     "Compares how lopsided each party's wins are (Wang's test): the Student t statistic of the first "
     "party's winning shares against the second's; a party whose wins are far more lopsided has been "
     "packed.",
     "|t| below about 2 is within chance (two-sided p above 0.05); it needs at least two wins for each "
     "party.",
     true, false},
    {"competitive_districts", "Competitive districts",
     "Districts won with between 45% and 55% of the two-party vote, where a modest swing changes the "
     "winner.",
     "Depends on the state's political geography; it favours neither party by itself.", false,
     false},
};

const gmi_metric_info *gmi_metric_list(size_t *n)
{
    *n = sizeof metrics / sizeof metrics[0];
    return metrics;
}

double gmi_metric_value(const gmi_rplan *r, const char *key)
{
    if (!r->partisan) return NAN;
    if (!strcmp(key, "efficiency_gap")) return r->ps.efficiency_gap;
    if (!strcmp(key, "mean_median")) return r->ps.mean_median;
    if (!strcmp(key, "partisan_bias")) return r->ps.partisan_bias;
    if (!strcmp(key, "declination")) return r->ps.declination;
    if (!strcmp(key, "competitive_districts")) return r->ps.competitive_districts;
    if (!strcmp(key, "lopsided_t")) return r->ps.lopsided_t;
    if (!strcmp(key, "efficiency_gap_equal_turnout")) return r->ps.efficiency_gap_equal_turnout;
    if (!strcmp(key, "vote_share")) return r->ps.vote_share;
    if (!strcmp(key, "seats_a")) return r->ps.seats_a;
    return NAN;
}

const char *gmi_metric_why(const gmi_rplan *r, const char *key)
{
    if (!r->partisan) return "no votes were given";
    if (!strcmp(key, "declination")) return r->ps.declination_why;
    if (!strcmp(key, "lopsided_t")) return r->ps.lopsided_why;
    return NULL;
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
