/* registry.c: the metric registry (gm_metric.h): one descriptor table per family, the
 * rows a caller registers, and value access. The tables are the only list of metrics:
 * writers, the report, ensemble rows and summaries iterate over them. */
#include "gerrymeter/gm_metric.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>


#define P(field) ((int)offsetof(gm_partisan, field))
#define S(field) ((int)offsetof(gm_plan_scores, field))

/* Plan-level partisan metrics, in output order (JSON keys, CSV columns, text rows). The
 * explanations and usual ranges are ours; docs/report.md names the sources of the
 * ranges. + favours b throughout (gerrymeter convention). */
static const gm_metric_def partisan[] = {
    {"seats_expected", "Expected seats", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, false, 0, NAN,
     "seats_expected", "Seats the first party would win on average if each district's share "
     "were uncertain by the spread sigma.", NULL, GM_MD_HEADER, P(seats_a_expected), -1, NULL, NULL, NULL, -1},
    {"vote_share", "Vote share", NULL, GM_UNIT_SHARE, GM_SIGN_NONE, false, 0, 1, "vote_share",
     "The first party's share of the two-party vote statewide (turnout-weighted).", NULL,
     GM_MD_HEADER, P(vote_share), -1, NULL, NULL, NULL, -1},
    {"mean_district_share", "Mean district share", NULL, GM_UNIT_SHARE, GM_SIGN_NONE, false, 0, 1,
     "mean_district_share", "The first party's share averaged over districts (each district "
     "counts once).", NULL, GM_MD_HEADER, P(mean_district_share), -1, NULL, NULL, NULL, -1},
    {"efficiency_gap", "Efficiency gap", NULL, GM_UNIT_SHARE, GM_SIGN_B, false, -0.5, 0.5,
     "efficiency_gap",
     "Votes are wasted when cast for a loser, or for a winner beyond the half needed to win; the gap is "
     "one party's wasted votes minus the other's, as a share of all votes, and the party that wastes "
     "fewer votes is favoured.",
     "Most enacted plans lie within \u00b18%; a gap above 7\u20138% (or two congressional seats) has been "
     "proposed as a sign of a lasting advantage.",
     GM_MD_REPORT | GM_MD_PLAN, P(efficiency_gap), -1, NULL, NULL, NULL, -1},
    {"efficiency_gap_equal_turnout", "Efficiency gap (equal turnout)", NULL, GM_UNIT_SHARE, GM_SIGN_B,
     false, -0.5, 0.5, "efficiency_gap_equal_turnout",
     "The efficiency gap when every district has the same turnout: twice the vote margin above 50% "
     "minus the seat margin above 50%.", NULL, 0, P(efficiency_gap_equal_turnout), -1, NULL, NULL, NULL, -1},
    {"mean_median", "Mean\u2013median difference", NULL, GM_UNIT_SHARE, GM_SIGN_B, false, -0.5, 0.5,
     "mean_median",
     "The first party's average district share minus its share in the median district: when the median "
     "district leans further against a party than the average, that party needs more votes to win a "
     "majority of seats.",
     "Usually within \u00b13 percentage points; values beyond \u00b15 points are rare.",
     GM_MD_REPORT | GM_MD_PLAN, P(mean_median), -1, NULL, NULL, NULL, -1},
    {"mean_median_statewide", "Mean\u2013median (statewide share)", NULL, GM_UNIT_SHARE, GM_SIGN_B, false,
     -0.5, 0.5, "mean_median_statewide",
     "The statewide share minus the median district's share (DRA's form of the mean\u2013median).",
     NULL, 0, P(mean_median_statewide), -1, NULL, NULL, NULL, -1},
    {"partisan_bias", "Partisan bias", NULL, GM_UNIT_SHARE, GM_SIGN_B, false, -0.5, 0.5, "partisan_bias",
     "If the statewide vote were split 50\u201350 (every district swung by the same amount), the share of "
     "seats one party would win above half.",
     "Usually within \u00b15% of the seats; \u00b110% and more is large.",
     GM_MD_REPORT | GM_MD_PLAN, P(partisan_bias), -1, NULL, NULL, NULL, -1},
    {"seats_bias", "Seats bias", NULL, GM_UNIT_SHARE, GM_SIGN_B, false, -0.5, 0.5, "seats_bias",
     "At the actual vote share, half the difference between the seats the second party would win with "
     "the first party's votes and the seats the first party wins.", NULL, 0, P(seats_bias), -1, NULL,
     NULL, NULL, -1},
    {"votes_bias", "Votes bias", NULL, GM_UNIT_SHARE, GM_SIGN_B, false, -0.5, 0.5, "votes_bias",
     "The vote share the first party needs for half the seats, minus 50%.", NULL, 0, P(votes_bias),
     -1, NULL, NULL, NULL, -1},
    {"global_symmetry", "Global symmetry", NULL, GM_UNIT_SHARE, GM_SIGN_B, false, -0.5, 0.5,
     "global_symmetry",
     "How far apart the seats\u2013votes curve and its mirror image lie, averaged over vote shares.",
     NULL, 0, P(global_symmetry), -1, NULL, NULL, NULL, -1},
    {"responsiveness", "Responsiveness", NULL, GM_UNIT_NUMBER, GM_SIGN_NONE, false, 0, NAN,
     "responsiveness", "Seat share gained per unit of vote share at the actual vote share.", NULL, 0,
     P(responsiveness), -1, NULL, NULL, NULL, -1},
    {"declination", "Declination", NULL, GM_UNIT_NUMBER, GM_SIGN_B, false, -1, 1, "declination",
     "Compares the angle of the line through the districts a party loses with the angle through those it "
     "wins, on the sorted vote-share chart; a kink at 50% means one party's wins are packed or its "
     "losses cracked.",
     "Usually within \u00b10.3; values beyond \u00b10.5 are rare. Undefined when one party wins every "
     "seat.",
     GM_MD_REPORT | GM_MD_PLAN, P(declination), P(declination_why), "declination_why", NULL, NULL, -1},
    {"declination_scaled", "Declination (scaled)", NULL, GM_UNIT_NUMBER, GM_SIGN_B, false, NAN, NAN,
     "declination_scaled", "The declination times ln(N)/2, comparable across plans of different sizes "
     "(PlanScore).", NULL, 0, P(declination_scaled), P(declination_why), "declination_why", NULL, NULL, -1},
    {"declination_degrees", "Declination (degrees)", NULL, GM_UNIT_NUMBER, GM_SIGN_B, false, -90, 90,
     "declination_degrees", "The declination times 90.", NULL, 0, P(declination_degrees),
     P(declination_why), "declination_why", NULL, NULL, -1},
    {"lopsided_t", "Lopsided outcomes", NULL, GM_UNIT_T, GM_SIGN_B, false, NAN, NAN, "lopsided_t",
     "Compares how lopsided each party's wins are (Wang's test): the Student t statistic of the first "
     "party's winning shares against the second's; a party whose wins are far more lopsided has been "
     "packed.",
     "|t| below about 2 is within chance (two-sided p above 0.05); it needs at least two wins for each "
     "party.",
     GM_MD_REPORT, P(lopsided_t), P(lopsided_why), NULL, NULL, NULL, -1},
    {"lopsided_p", "Lopsided outcomes p-value", NULL, GM_UNIT_NUMBER, GM_SIGN_NONE, false, 0, 1,
     "lopsided_t", "Two-sided p-value of the lopsided-outcomes t statistic.", NULL, 0, P(lopsided_p),
     P(lopsided_why), "lopsided_why", NULL, NULL, -1},
    {"tau_gap", "Tau gap", NULL, GM_UNIT_SHARE, GM_SIGN_B, false, -1, 1, "tau_gap",
     "Warrington's tau gap: an efficiency gap that weighs lopsided districts by the power tau.", NULL,
     0, P(tau_gap), -1, NULL, NULL, NULL, -1},
    {"competitive_districts", "Competitive districts", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, true, 0, NAN,
     "competitive_districts",
     "Districts won with between 45% and 55% of the two-party vote, where a modest swing changes the "
     "winner.",
     "Depends on the state's political geography; it favours neither party by itself.", GM_MD_REPORT,
     P(competitive_districts), -1, NULL, NULL, NULL, -1},
    {"majority_share", "Majority threshold", NULL, GM_UNIT_SHARE, GM_SIGN_NONE, false, 0, 1,
     "majority_share",
     "The first party's statewide two-party share above which it wins a majority of the seats "
     "under a uniform swing: V + 1/2 minus the share of the district that would give it its "
     "majority (the m-th best, m = half the seats rounded down, plus one).",
     NULL, 0, P(majority_share), -1, NULL, NULL, NULL, -1},
    {"majority_share_b", "Majority threshold (second party)", NULL, GM_UNIT_SHARE, GM_SIGN_NONE,
     false, 0, 1, "majority_share",
     "The second party's statewide two-party share (its own) above which it wins a majority of "
     "the seats under a uniform swing.",
     NULL, 0, P(majority_share_b), -1, NULL, NULL, NULL, -1},
    {"majority_swing", "Swing that flips the majority", NULL, GM_UNIT_SHARE, GM_SIGN_NONE, false,
     -0.5, 0.5, "majority_share",
     "The uniform swing of the first party's share (positive: towards it) beyond which the "
     "party without a majority of seats wins one; undefined when no party has a majority.",
     NULL, 0, P(majority_swing), -1, NULL, NULL, NULL, -1},
};

/* Per-plan metrics of ensembles (gm_plan_scores), in row and summary order. */
static const gm_metric_def plan[] = {
    {"seats_a", "Seats of the first party", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, false, 0, NAN, "seats",
     "Districts the first party won (an exact tie counts one half).", NULL,
     GM_MD_SEATS | GM_MD_PARTY_A | GM_MD_VOTES, S(seats_a), -1, NULL, NULL, NULL, -1},
    {"vote_share_a", "Vote share of the first party", NULL, GM_UNIT_SHARE, GM_SIGN_NONE, false, 0,
     1, "vote_share",
     "The first party's share of the two-party vote statewide: the same for every plan, it "
     "says which election the plans were scored on.", NULL,
     GM_MD_PARTY_A | GM_MD_RUN | GM_MD_VOTES | GM_MD_ROWS2, S(vote_share_a), -1, NULL, NULL, NULL, -1},
    {"vote_share_b", "Vote share of the second party", NULL, GM_UNIT_SHARE, GM_SIGN_NONE, false, 0,
     1, "vote_share", "The second party's share of the two-party vote statewide.", NULL,
     GM_MD_PARTY_B | GM_MD_RUN | GM_MD_VOTES | GM_MD_ROWS2, S(vote_share_b), -1, NULL, NULL, NULL, -1},
    {"efficiency_gap", "Efficiency gap", NULL, GM_UNIT_SHARE, GM_SIGN_B, false, -0.5, 0.5,
     "efficiency_gap", "Wasted-vote efficiency gap.", NULL, GM_MD_VOTES, S(efficiency_gap), -1, NULL, NULL, NULL, -1},
    {"mean_median", "Mean\u2013median difference", NULL, GM_UNIT_SHARE, GM_SIGN_B, false, -0.5, 0.5,
     "mean_median", "Mean minus median of the first party's district shares.", NULL, GM_MD_VOTES,
     S(mean_median), -1, NULL, NULL, NULL, -1},
    {"partisan_bias", "Partisan bias", NULL, GM_UNIT_SHARE, GM_SIGN_B, false, -0.5, 0.5, "partisan_bias",
     "Seat share above half the second party would win at a 50\u201350 vote.", NULL, GM_MD_VOTES,
     S(partisan_bias), -1, NULL, NULL, NULL, -1},
    {"declination", "Declination", NULL, GM_UNIT_NUMBER, GM_SIGN_B, false, -1, 1, "declination",
     "Warrington's declination.", NULL, GM_MD_VOTES, S(declination), -1, NULL, NULL, NULL, -1},
    {"pop_dev", "Population deviation", NULL, GM_UNIT_SHARE, GM_SIGN_NONE, false, 0, 1, "population",
     "Largest |population - ideal| / ideal over districts.", NULL, 0, S(pop_dev), -1, NULL, NULL, NULL, -1},
    {"cut_edges", "Cut edges", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, true, 0, NAN, "cut-edges",
     "Unit adjacencies whose two units lie in different districts.", NULL, GM_MD_EDGES,
     S(cut_edges), -1, NULL, NULL, NULL, -1},
    {"pp_mean", "Polsby\u2013Popper (mean)", NULL, GM_UNIT_NUMBER, GM_SIGN_NONE, false, 0, 1,
     "graph-polsby-popper", "Mean over districts of 4\u03c0A/P\u00b2 from the unit graph.", NULL, 0,
     S(pp_mean), -1, NULL, NULL, NULL, -1},
    {"pp_min", "Polsby\u2013Popper (minimum)", NULL, GM_UNIT_NUMBER, GM_SIGN_NONE, false, 0, 1,
     "graph-polsby-popper", "Smallest district Polsby\u2013Popper from the unit graph.", NULL, 0,
     S(pp_min), -1, NULL, NULL, NULL, -1},
    {"noncontiguous_districts", "Non-contiguous districts", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, true, 0,
     NAN, "contiguity",
     "Districts whose units are not one connected piece of the unit graph (per land mass).", NULL,
     GM_MD_SEATS | GM_MD_ROWS2, S(noncontiguous), -1, NULL, NULL, NULL, -1},
};

#define V(field) ((int)offsetof(gm_district_values, field))

/* Per-district values of one plan, in output order (score's district rows); the vote
 * columns, the winner and "uncontested" are written beside them by the writers. */
static const gm_metric_def district[] = {
    {"units", "Units", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, true, 0, NAN, "population",
     "Units assigned to the district.", NULL, 0, V(units), -1, NULL, NULL, NULL, 0},
    {"population", "Population", "Population", GM_UNIT_COUNT, GM_SIGN_NONE, true, 0, NAN,
     "population", "Sum of the units' population.", NULL, 0, V(population), -1, NULL, NULL, NULL, 0},
    {"deviation", "Deviation", "Deviation", GM_UNIT_COUNT, GM_SIGN_NONE, false, NAN, NAN,
     "population", "Population minus the ideal (total / districts), persons.", NULL, 0,
     V(deviation), -1, NULL, NULL, NULL, 0},
    {"deviation_pct", "Deviation (share of ideal)", "Dev %", GM_UNIT_SHARE, GM_SIGN_NONE, false,
     -0.05, 0.05, "population", "(population - ideal) / ideal.", NULL, GM_MD_PCT,
     V(deviation_pct), -1, NULL, NULL, NULL, 2},
    {"share", "Two-party share", NULL, GM_UNIT_SHARE, GM_SIGN_NONE, false, 0, 1, "notation",
     "The first party's share of the district's two-party vote.", NULL, GM_MD_VOTES | GM_MD_PCT,
     V(share), -1, NULL, NULL, NULL, 1},
};

#define CV(field) ((int)offsetof(gm_compare_values, field))

/* Per-district values of a plan compared with another over the same units (`compare`);
 * docs/metrics.md "Core retention". The best match is written beside them. */
static const gm_metric_def compare[] = {
    {"units", "Units", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, true, 0, NAN, "core-retention",
     "Units of the district.", NULL, 0, CV(units), -1, NULL, NULL, NULL, 0},
    {"population", "Population", "Population", GM_UNIT_COUNT, GM_SIGN_NONE, true, 0, NAN,
     "core-retention", "The district's population (units when no population is given).", NULL, 0,
     CV(population), -1, NULL, NULL, NULL, 0},
    {"shared_population", "Shared with the best match", "Shared", GM_UNIT_COUNT, GM_SIGN_NONE, true,
     0, NAN, "core-retention",
     "Population the district shares with its best-matching district of the other plan.", NULL, 0,
     CV(shared_population), -1, NULL, NULL, NULL, 0},
    {"core_retention", "Core retention", "Core retention", GM_UNIT_SHARE, GM_SIGN_NONE, false, 0, 1,
     "core-retention",
     "Share of the district's population that stays with its best-matching district of the other "
     "plan.",
     NULL, GM_MD_PCT, CV(core_retention), -1, NULL, NULL, NULL, 2},
    {"unshared_population", "Not shared with the best match", "Elsewhere", GM_UNIT_COUNT,
     GM_SIGN_NONE, true, 0, NAN, "core-retention",
     "Population moved to other districts (first plan) or taken from them (second plan).", NULL, 0,
     CV(unshared_population), -1, NULL, NULL, NULL, 0},
};

#define C(m) ((int)(m))

/* Per-district compactness, in gm_compact_metric order (the offset is the index);
 * docs/metrics.md "Compactness" defines each. The rows with an abbrev are the columns of
 * the compactness text table. */
static const gm_metric_def compact[] = {
    {"area_m2", "Area", NULL, GM_UNIT_M2, GM_SIGN_NONE, false, 0, NAN, "compactness",
     "Geodesic area on the WGS84 ellipsoid.", NULL, 0, C(GM_CM_AREA_M2), -1, NULL, NULL, NULL, -1},
    {"perimeter_m", "Perimeter", NULL, GM_UNIT_M, GM_SIGN_NONE, false, 0, NAN, "compactness",
     "Geodesic perimeter, holes included.", NULL, 0, C(GM_CM_PERIMETER_M), -1, NULL, NULL, NULL, -1},
    {"polsby_popper", "Polsby\u2013Popper", "Polsby-Popper", GM_UNIT_RATIO, GM_SIGN_NONE, false, 0,
     1, "compactness", "4\u03c0A/P\u00b2: 1 for a disc, near 0 for a sprawling shape.", NULL,
     0, C(GM_CM_POLSBY_POPPER), -1, NULL, NULL, NULL, -1},
    {"schwartzberg", "Schwartzberg", "Schwartzberg", GM_UNIT_RATIO, GM_SIGN_NONE, false, 1, NAN,
     "compactness", "Perimeter over the circumference of the circle of equal area (1 for a disc).",
     NULL, 0, C(GM_CM_SCHWARTZBERG), -1, NULL, NULL, NULL, -1},
    {"schwartzberg_inverse", "Schwartzberg (inverse)", NULL, GM_UNIT_RATIO, GM_SIGN_NONE, false, 0,
     1, "compactness", "The circumference of the circle of equal area over the perimeter.", NULL, 0,
     C(GM_CM_SCHWARTZBERG_INVERSE), -1, NULL, NULL, NULL, -1},
    {"reock", "Reock", "Reock", GM_UNIT_RATIO, GM_SIGN_NONE, false, 0, 1, "compactness",
     "Area over the area of the smallest circle that holds the district.", NULL, GM_MD_REPORT,
     C(GM_CM_REOCK), -1, NULL, NULL, NULL, -1},
    {"convex_hull", "Convex hull", "Hull", GM_UNIT_RATIO, GM_SIGN_NONE, false, 0, 1, "compactness",
     "Area over the area of its convex hull.", NULL, 0, C(GM_CM_CONVEX_HULL), -1, NULL,
     NULL, NULL, -1},
    {"length_width", "Length\u2013width", "Length-width", GM_UNIT_RATIO, GM_SIGN_NONE, false, 0, 1,
     "compactness", "Width over length of the smallest enclosing rectangle.", NULL, GM_MD_REPORT,
     C(GM_CM_LENGTH_WIDTH), -1, NULL, NULL, NULL, -1},
    {"bounding_box", "Bounding box", NULL, GM_UNIT_RATIO, GM_SIGN_NONE, false, 0, 1, "compactness",
     "Area over the area of the smallest enclosing rectangle.", NULL, 0, C(GM_CM_BOUNDING_BOX), -1,
     NULL, NULL, NULL, -1},
    {"population_polygon", "Population polygon", "Pop polygon", GM_UNIT_RATIO, GM_SIGN_NONE, false,
     0, 1, "compactness", "The district's population over the population inside its convex hull.",
     NULL, 0, C(GM_CM_POPULATION_POLYGON), -1, NULL, NULL, NULL, -1},
    {"population_circle", "Population circle", "Pop circle", GM_UNIT_RATIO, GM_SIGN_NONE, false, 0,
     1, "compactness",
     "The district's population over the population inside its smallest enclosing circle.", NULL,
     0, C(GM_CM_POPULATION_CIRCLE), -1, NULL, NULL, NULL, -1},
};


/* Templates of the per-plan rows of administrative splits and demographics
 * (gm_splits.h): gm_plan_extras_register() adds one row per layer or group to the
 * ensemble family, "{admin}" and "{group}" in the key and label replaced by its name.
 * Their order is the order of gm_split_value, then the majority-minority row of a
 * group, then gm_minority_value. docs/metrics.md "Splits" and "Minority opportunity"
 * define them. */
/* A template row's value: element ud - 1 of the plan's aux values (NaN for the template
 * itself, whose ud is NULL). */
static double aux_value(const gm_metric_in *in, void *ud)
{
    size_t i = (size_t)(uintptr_t)ud;
    return in && in->aux && i > 0 ? in->aux[i - 1] : NAN;
}

static const gm_metric_def optional[] = {
    {"{admin}_splits", "{admin} units split", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, true, 0, NAN,
     "splits", "Units of the administrative layer (counties, ...) whose units lie in two or more "
     "districts; every unit counts, whatever its population (redistmetrics splits_admin).",
     NULL, 0, -1, -1, NULL, aux_value, NULL, 0},
    {"{admin}_splits_multi", "{admin} units split into 3+", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, true,
     0, NAN, "splits", "Administrative units whose units lie in three or more districts "
     "(redistmetrics splits_multi).", NULL, 0, -1, -1, NULL, aux_value, NULL, 0},
    {"{admin}_pieces", "{admin} extra pieces", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, true, 0, NAN,
     "splits", "Sum over administrative units of the districts each touches minus one "
     "(redistmetrics splits_total).", NULL, 0, -1, -1, NULL, aux_value, NULL, 0},
    {"{admin}_splitting", "{admin} splitting (DRA)", NULL, GM_UNIT_NUMBER, GM_SIGN_NONE, false, 1,
     4, "dra-splitting", "Dave's Redistricting App's county splitting: population-weighted sum of "
     "square roots of the shares of each administrative unit in each district; 1 when none is "
     "split.", "DRA rates about 1.0–1.2 as good and above 1.33 times that as poor.", 0, -1,
     -1, NULL, aux_value, NULL, 4},
    {"{admin}_district_splitting", "District splitting by {admin} (DRA)", NULL, GM_UNIT_NUMBER,
     GM_SIGN_NONE, false, 1, 4, "dra-splitting",
     "Dave's Redistricting App's district splitting: the same sum taken over districts, of the "
     "shares of each district in each administrative unit; 1 when no district is split.", NULL,
     0, -1, -1, NULL, aux_value, NULL, 4},
    {"majority_{group}", "Majority-{group} districts", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, true, 0,
     NAN, "majority-minority", "Districts where the group is more than half of the voting-age "
     "population.", NULL, GM_MD_SEATS, -1, -1, NULL, aux_value, NULL, 0},
    {"majority_coalition", "Majority-coalition districts", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, true,
     0, NAN, "majority-minority", "Districts where the coalition of the groups named is more than "
     "half of the voting-age population.", NULL, GM_MD_SEATS, -1, -1, NULL, aux_value, NULL, 0},
    {"opportunity_districts", "Opportunity districts (DRA)", NULL, GM_UNIT_COUNT, GM_SIGN_NONE,
     false, 0, NAN, "minority-opportunity", "Dave's Redistricting App's estimate: over districts "
     "and groups, the probability that the group can elect its candidate, from its share of the "
     "VAP (0 below 37%).", NULL, GM_MD_SEATS, -1, -1, NULL, aux_value, NULL, 2},
    {"coalition_districts", "Coalition districts (DRA)", NULL, GM_UNIT_COUNT, GM_SIGN_NONE, false,
     0, NAN, "minority-opportunity", "The same estimate for the coalition of the groups.", NULL,
     GM_MD_SEATS, -1, -1, NULL, aux_value, NULL, 2},
    {"proportional_opportunities", "Proportional opportunities (DRA)", NULL, GM_UNIT_COUNT,
     GM_SIGN_NONE, true, 0, NAN, "minority-opportunity", "DRA's benchmark: the sum over groups of "
     "the statewide VAP share times the districts, each rounded.", NULL, GM_MD_SEATS | GM_MD_RUN,
     -1, -1, NULL, aux_value, NULL, 0},
    {"proportional_coalitions", "Proportional coalitions (DRA)", NULL, GM_UNIT_COUNT, GM_SIGN_NONE,
     true, 0, NAN, "minority-opportunity", "The coalition's statewide VAP share times the "
     "districts, rounded.", NULL, GM_MD_SEATS | GM_MD_RUN, -1, -1, NULL, aux_value, NULL, 0},
};

#define N_BUILTIN(t) (sizeof t / sizeof t[0])
_Static_assert(N_BUILTIN(compact) == GM_CM_COUNT, "one compactness row per gm_compact_metric");
_Static_assert(N_BUILTIN(plan) + GM_PLAN_EXTRA_MAX <= GM_PLAN_METRICS_MAX, "room for the extra rows");
#define MAX_EXTRA GM_PLAN_EXTRA_MAX

/* Registered rows, appended after the built-in ones. */
static gm_metric_def extra[GM_MF_COUNT][MAX_EXTRA];
static size_t n_extra[GM_MF_COUNT];

static const gm_metric_def *builtin(gm_metric_family f, size_t *n)
{
    switch (f) {
    case GM_MF_PARTISAN: *n = N_BUILTIN(partisan); return partisan;
    case GM_MF_PLAN: *n = N_BUILTIN(plan); return plan;
    case GM_MF_COMPACT: *n = N_BUILTIN(compact); return compact;
    case GM_MF_DISTRICT: *n = N_BUILTIN(district); return district;
    case GM_MF_OPTIONAL: *n = N_BUILTIN(optional); return optional;
    case GM_MF_COMPARE: *n = N_BUILTIN(compare); return compare;
    default: *n = 0; return NULL;
    }
}

size_t gm_metric_count(gm_metric_family f)
{
    size_t n;
    if ((unsigned)f >= GM_MF_COUNT) return 0;
    builtin(f, &n);
    return n + n_extra[f];
}

const gm_metric_def *gm_metric_get(gm_metric_family f, size_t i)
{
    size_t n;
    if ((unsigned)f >= GM_MF_COUNT) return NULL;
    const gm_metric_def *t = builtin(f, &n);
    if (i < n) return &t[i];
    i -= n;
    return i < n_extra[f] ? &extra[f][i] : NULL;
}

const gm_metric_def *gm_metric_find(gm_metric_family f, const char *key, size_t *index)
{
    size_t n = gm_metric_count(f);
    for (size_t i = 0; i < n; i++) {
        const gm_metric_def *d = gm_metric_get(f, i);
        if (!strcmp(d->key, key)) {
            if (index) *index = i;
            return d;
        }
    }
    return NULL;
}

static gm_status add(gm_metric_family f, const gm_metric_def *def, gm_error *err)
{
    if (gm_metric_find(f, def->key, NULL))
        return gm_fail(err, GM_E_ARG, "metric '%s' is already in the registry", def->key);
    if (n_extra[f] == MAX_EXTRA || gm_metric_count(f) >= GM_PLAN_METRICS_MAX)
        return gm_fail(err, GM_E_ARG, "metric '%s': the registry is full (%d rows)", def->key,
                       GM_PLAN_METRICS_MAX);
    gm_metric_def *d = &extra[f][n_extra[f]];
    *d = *def;
    /* an ensemble metric's value is kept in the scores: computed by the kernel with fn,
     * then read like a built-in field */
    d->offset = f == GM_MF_PLAN ? S(extra[0]) + (int)(n_extra[f] * sizeof(double)) : -1;
    n_extra[f]++;
    d->why_offset = -1;
    d->why_key = NULL;
    return GM_OK;
}

gm_status gm_metric_register(gm_metric_family f, const gm_metric_def *def, gm_error *err)
{
    if ((unsigned)f >= GM_MF_COUNT || f == GM_MF_COMPACT || f == GM_MF_OPTIONAL || !def || !def->key || !*def->key || !def->fn)
        return gm_fail(err, GM_E_ARG, "a registered metric needs a family (partisan or plan), a key "
                                      "and a function");
    if (f == GM_MF_PARTISAN && (def->flags & GM_MD_PLAN) && gm_metric_find(GM_MF_PLAN, def->key, NULL))
        return gm_fail(err, GM_E_ARG, "metric '%s' is already in the ensemble registry", def->key);
    gm_status rc = add(f, def, err);
    if (rc == GM_OK && f == GM_MF_PARTISAN && (def->flags & GM_MD_PLAN)) {
        gm_metric_def p = *def;
        p.flags |= GM_MD_VOTES;
        rc = add(GM_MF_PLAN, &p, err);
        if (rc != GM_OK) n_extra[f]--;
    }
    return rc;
}

void gm_metric_unregister_all(void)
{
    for (int f = 0; f < GM_MF_COUNT; f++) n_extra[f] = 0;
}

double gm_metric_value(const gm_metric_def *def, const void *result, const gm_metric_in *in)
{
    if (def->offset >= 0)
        return result ? *(const double *)((const char *)result + def->offset) : NAN;
    return in && def->fn ? def->fn(in, def->ud) : NAN;
}

const char *gm_metric_column(const gm_metric_def *def, const char *party_a, const char *party_b,
                             char *buf, size_t cap)
{
    if (!cap) return buf;
    const char *name = def->flags & GM_MD_PARTY_A ? party_a : def->flags & GM_MD_PARTY_B ? party_b : NULL;
    size_t kl = strlen(def->key);
    if (!name || kl < 2 || def->key[kl - 2] != '_') {
        snprintf(buf, cap, "%s", def->key);
        return buf;
    }
    snprintf(buf, cap, "%.*s", (int)(kl - 1), def->key);
    for (size_t n = strlen(buf), i = 0; name[i] && n + 1 < cap; i++, n++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        buf[n] = ok ? c : '_';
        buf[n + 1] = '\0';
    }
    return buf;
}

const char *gm_metric_why(const gm_metric_def *def, const void *result)
{
    if (def->why_offset < 0 || !result) return NULL;
    return *(const char *const *)((const char *)result + def->why_offset);
}
