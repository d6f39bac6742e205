/* gm_partisan.h: partisan metrics over district vote totals.
 *
 * Inputs are two arrays of k district totals: a[] for the first party named (by
 * default D) and b[] for the second (by default R). Shares are a's two-party share
 * v = a/(a+b). Sign convention (gerrymeter default): a positive efficiency gap,
 * mean-median, partisan bias, seats/votes bias, declination, tau gap or lopsided t
 * favours party b (by default R). Conventions of peers (DRA, PlanScore, GerryChain,
 * redistmetrics) are selected with gm_partisan_opts.convention and change the
 * definitions, signs and units exactly as those peers compute them; the field
 * gm_partisan.positive_favours_b says which party a positive value favours.
 * Every formula is in docs/metrics.md.
 *
 * The functions are pure: no I/O; the batch path (gm_partisan_batch_score) does no
 * allocation and no data-dependent branches in its inner loops, and the one-plan
 * path (gm_partisan_score) runs the same kernel on a batch of one. */
#ifndef GM_PARTISAN_H
#define GM_PARTISAN_H

#include "gm_core.h"

GM_BEGIN_DECLS

typedef enum gm_convention {
    GM_CONV_GERRYMETER = 0,
    GM_CONV_DRA,
    GM_CONV_PLANSCORE,
    GM_CONV_GERRYCHAIN,
    GM_CONV_REDISTMETRICS
} gm_convention;

/* How district shares move when the statewide share is moved to a target x. */
typedef enum gm_swing {
    GM_SWING_UNIFORM = 0,   /* v_i' = v_i + (x - V) */
    GM_SWING_PROPORTIONAL   /* DRA: x < V: v_i x/V; x > V: 1 - (1-v_i)(1-x)/(1-V) */
} gm_swing;

/* How a district's share becomes seats. */
typedef enum gm_seat_rule {
    GM_SEATS_FPTP = 0,      /* 1 if v > 1/2, 1/2 on an exact tie, else 0 */
    GM_SEATS_PROB           /* Phi((v - 1/2)/sigma) */
} gm_seat_rule;

typedef struct gm_partisan_opts {
    gm_convention convention;   /* default GM_CONV_GERRYMETER */
    double competitive_band;    /* |share - 0.5| <= band is competitive; default 0.05 */
    double sigma;               /* probabilistic seats sigma; default 0.04 */
    double statewide_share;     /* NaN (default): computed; else used as V (DRA "statewide") */
    double vote_swing;          /* PlanScore's vote_swing applied before its EG; default 0 */
    double tau;                 /* tau-gap exponent parameter; default 1 */
    double resp_bandwidth;      /* responsiveness finite-difference width; default 0.01 */
    gm_swing curve_swing;       /* seats-votes curve swing for gerrymeter; default uniform */
    gm_seat_rule curve_seats;   /* seats-votes curve seat rule for gerrymeter; default FPTP */
    double curve_lo, curve_hi, curve_step; /* grid; default 0.25, 0.75, 0.005 */
} gm_partisan_opts;

/* Fill opts with the defaults. */
void gm_partisan_opts_init(gm_partisan_opts *o);

/* Parse "gerrymeter", "dra", "planscore", "gerrychain", "redistmetrics"
 * (case-insensitive). Returns GM_E_ARG for an unknown name. */
gm_status gm_convention_parse(const char *name, gm_convention *out, gm_error *err);
const char *gm_convention_name(gm_convention c);

/* DRA scorecard fields (filled only under GM_CONV_DRA; names as in DRA's output,
 * + = R i.e. b). NaN where DRA returns undefined. */
typedef struct gm_partisan_dra {
    double bestS, bestSf;       /* round(N V - 1e-6), /N */
    double estS, estSf;         /* sum of seat probabilities, /N */
    double fptpS;               /* #(v > 0.5) */
    double deviation;           /* bestSf - estSf */
    double tOf;                 /* V - mean(v) */
    double bS50, bV50, bSV;     /* seat bias, votes bias, geometric seats bias */
    double decl;                /* degrees, probabilistic key points */
    double gSym;                /* global symmetry */
    double gamma;               /* 0.5 + r (V - 0.5) - estSf */
    double eG;                  /* 2(V - 0.5) - (estSf - 0.5) */
    double prop;                /* V - estSf */
    double mMs, mMd;            /* V - median, mean - median */
    double lO;                  /* lopsided outcomes (0.5 - Vb) - (Va - 0.5) */
    double littleR, bigR, mIR;  /* responsiveness, winner's bonus, minimal inverse resp. */
    double rD, rDf;             /* responsive districts, /N */
    double cSimple;             /* #(0.45 <= v <= 0.55) */
    double cD, cDf;             /* competitive districts (uncompressed: = rD) */
} gm_partisan_dra;

/* Plan-level partisan summary. NaN marks an undefined value; *_why says why. */
typedef struct gm_partisan {
    gm_convention convention;      /* convention the values follow */
    bool positive_favours_b;       /* true: a positive signed metric favours b */
    size_t k;                      /* districts given */
    size_t k_counted;              /* districts with a + b > 0 (others are left out of shares) */
    size_t k_zero;                 /* districts with no two-party votes */
    size_t uncontested;            /* districts where one of a, b is 0 and the other > 0 */
    size_t k_declared;             /* districts without votes whose declared winner's seat is
                                      in seats_a / seats_b (gm_partisan_add_declared_seats) */
    double seats_a;                /* districts a won (strictly more votes) */
    double seats_b;                /* districts b won */
    double ties;                   /* exact ties */
    double seats_a_expected;       /* probabilistic: sum Phi((v - 1/2)/sigma) */
    double vote_share;             /* turnout-weighted: sum a / sum (a+b) (or the override) */
    double mean_district_share;    /* unweighted mean of a/(a+b) */
    double efficiency_gap;         /* wasted-vote EG: (wasted a - wasted b)/sum(a+b); + favours b */
    double efficiency_gap_equal_turnout; /* 2(V-1/2) - (S-1/2); + favours b */
    double mean_median;            /* mean - median of a's district shares; + favours b */
    double mean_median_statewide;  /* V - median (DRA mMs) */
    double partisan_bias;          /* seat bias at 50% under uniform swing; + favours b */
    double seats_bias;             /* geometric seats bias at V: (S_b(V) - S_a(V))/2 */
    double votes_bias;             /* share a needs for half the seats, minus 1/2 */
    double global_symmetry;        /* mean |S_a(x) - (1 - S_a(1-x))|/2 on the grid, signed */
    double responsiveness;         /* dS/dV at V (seat share per unit vote share) */
    double declination;            /* Warrington delta; + favours b; NaN if undefined */
    const char *declination_why;   /* reason when undefined, else NULL (static string) */
    double declination_scaled;     /* delta * ln(N)/2 (PlanScore's D2 magnitude) */
    double declination_degrees;    /* delta * 90 */
    double lopsided_t;             /* Wang: Student t of a's winning share vs b's; + favours b */
    double lopsided_p;             /* two-sided p-value of lopsided_t */
    const char *lopsided_why;      /* reason when undefined, else NULL */
    double tau_gap;                /* Warrington tau-gap (tau = opts.tau); + favours b */
    double competitive_districts;  /* count with |share - 1/2| <= band */
    double partisan_gini;          /* GerryChain's partisan Gini (unsigned) */
    double declination_simple;     /* redistmetrics part_decl_simple (+ R/b) */
    double lopsided_wins;          /* redistmetrics part_lop_wins (+ R/b) */
    double dilution_asymmetry;     /* redistmetrics part_dil_asym (+ R/b) */
    double talisman;               /* redistmetrics compet_talisman (alpha = beta = 1) */
    double smoothed_seat_deviation; /* redistmetrics part_sscd (redistmetrics convention only) */
    double mean_thirdian;          /* GerryChain mean_thirdian (gerrychain convention only) */
    gm_partisan_dra dra;           /* DRA scorecard (GM_CONV_DRA only) */
    double majority_share;         /* a's statewide share above which a wins a majority of
                                      seats under a uniform swing (gm_majority.share_a) */
    double majority_share_b;       /* the same for b, in b's own share (share_b) */
    double majority_swing;         /* swing of a's share beyond which the majority changes
                                      hands (gm_majority.flip_swing; + towards a) */
} gm_partisan;

/* ---- Which party a value favours: one rule for every command ----------------------- */

typedef enum gm_lean {
    GM_LEAN_UNDEFINED = 0, /* the value is NaN or infinite (undefined) */
    GM_LEAN_NEITHER,       /* |value| <= GM_LEAN_EPS */
    GM_LEAN_A,             /* favours party a (the first named) */
    GM_LEAN_B              /* favours party b */
} gm_lean;

/* Signed metrics are differences of shares, seat shares or angles computed in floating
 * point: a plan that favours neither party can come out as +-1e-17 (the mean and the
 * median of the same shares summed in two orders). Values within this bound of 0 favour
 * neither party. */
#define GM_LEAN_EPS 1e-12

/* A test statistic (lopsided_t, with lopsided_p) names the party it favours only when its
 * two-sided p-value is below this; otherwise its direction is "no clear direction". */
#define GM_SIGNIFICANT_P 0.05

/* The party a signed value favours, given which party a positive value favours
 * (gm_partisan.positive_favours_b for the convention the value was computed in). */
gm_lean gm_lean_of(double v, bool positive_favours_b);

/* The same as a name: party_a, party_b, "neither", or NULL when undefined. */
const char *gm_lean_name(double v, bool positive_favours_b, const char *party_a,
                         const char *party_b);

/* Compute the summary for one plan. Errors (GM_E_DATA) for NaN/negative/inf votes,
 * naming the district (1-based); k == 0 is GM_E_ARG. o may be NULL (defaults).
 * Runs the batch kernel on a batch of one, then the per-plan extras (curves,
 * declination variants, lopsided test, peer conventions). Allocates its scratch
 * (a one-plan batch and the counted shares) and frees it before returning. */
gm_status gm_partisan_score(const double *a, const double *b, size_t k, const gm_partisan_opts *o,
                            gm_partisan *out, gm_error *err);

/* Wasted-vote efficiency gap alone (gerrymeter convention, + favours b); the hot-path
 * kernel. A district's winner wastes votes beyond half its two-party total, the loser
 * all of its votes; an exact tie wastes half of each side. Returns NaN when sum(a+b)==0. */
double gm_eg_wasted(const double *a, const double *b, size_t k);

/* ---- Batch scoring (ensembles) -------------------------------------------------- */

/* Per-plan outputs of the batch kernel, struct of arrays, each [n] or NULL to skip.
 * All follow the gerrymeter convention (+ favours b). */
typedef struct gm_partisan_batch_out {
    double *seats_a;        /* a's seats, exact ties counted 1/2 */
    double *vote_share;     /* turnout-weighted a share */
    double *efficiency_gap; /* wasted votes */
    double *efficiency_gap_equal_turnout;
    double *mean_median;
    double *partisan_bias;  /* uniform swing to a 50% turnout-weighted share, FPTP */
    double *declination;    /* Warrington delta, NaN on a sweep */
    double *competitive;    /* count */
} gm_partisan_batch_out;

typedef struct gm_partisan_batch gm_partisan_batch;

/* Prepare to score plans of k districts (builds the median sorting network and the
 * scratch). The caller owns *out: gm_partisan_batch_destroy(). One per thread. */
gm_status gm_partisan_batch_create(size_t k, const gm_partisan_opts *o, gm_partisan_batch **out,
                                   gm_error *err);
void gm_partisan_batch_destroy(gm_partisan_batch *bt); /* NULL-safe */

/* Score n plans laid out plans x districts: a[p*k + d], b[p*k + d]. Votes must be
 * finite and non-negative (not checked here; gm_partisan_score checks). A district
 * with a + b == 0 is left out of that plan's shares. No allocation. */
void gm_partisan_batch_score(gm_partisan_batch *bt, const double *a, const double *b, size_t n,
                             const gm_partisan_batch_out *out);

/* ---- Seats-votes curve ----------------------------------------------------------- */

/* Seat probability Phi((v - 1/2)/sigma) with the exact normal CDF. */
double gm_seat_probability(double v, double sigma);
/* DRA's version: Abramowitz-Stegun 7.1.26 erf, sigma 0.04 (max error ~1.5e-7). */
double gm_seat_probability_dra(double v);

/* Seat share S(x) of party a at statewide a-share x, from district shares v[k] and the
 * actual statewide share V, under the swing model and seat rule; sigma for
 * GM_SEATS_PROB. dra_erf selects DRA's erf approximation. */
double gm_sv_seat_share(const double *v, size_t k, double V, double x, gm_swing swing,
                        gm_seat_rule rule, double sigma, bool dra_erf);

/* The statewide share x at which a district of actual share v swings to exactly 1/2,
 * when the actual statewide share is V: under first past the post the district changes
 * hands there, so the seats-votes curve is a staircase that rises by 1/k at each
 * district's flip share. Uniform swing: x = V + 1/2 - v. Proportional swing: V/(2v)
 * for v > 1/2 (a's share scaled down), 1 - (1 - V)/(2(1 - v)) for v < 1/2, V for
 * v = 1/2. NaN when v or V is not finite, or V is 0 or 1 under proportional swing. */
double gm_sv_flip_share(double v, double V, gm_swing swing);

/* Fill s[i] = S(x[i]) for the grid x[i] = lo + i*step, i < n (n from gm_sv_grid_size).
 * x may be NULL. */
size_t gm_sv_grid_size(double lo, double hi, double step);
void gm_sv_curve(const double *v, size_t k, double V, gm_swing swing, gm_seat_rule rule,
                 double sigma, double lo, double step, size_t n, double *x, double *s);

/* The seats-votes curve drawn as SVG: gm_svg_seats_votes (gm_report.h). */

/* Ranked marginal deviation of an ensemble (redistmetrics part_rmd): each plan's
 * shares are sorted and scaled to percent; out[p] = sum over ranks of (plan p's
 * share at that rank - the mean over plans at that rank)^2. v is plans x districts
 * (v[p*k + d], a's shares), out has n entries. GM_E_NOMEM, GM_E_ARG (n or k zero). */
gm_status gm_ranked_marginal_deviation(const double *v, size_t n, size_t k, double *out,
                                       gm_error *err);

/* ---- Uncontested races ------------------------------------------------------------ */

/* The one imputation of uncontested races. A race is uncontested when a and b do not
 * both have votes (a[d] > 0 and b[d] > 0 fails). Its winner gets `share` (0.5 < share
 * <= 1) of a turnout, the other party the rest; a and b are changed in place and
 * changed[d] (may be NULL) is 1 for each race changed, else 0. Returns the count.
 * The rule says who won and which turnout an imputed race gets; rule NULL (or either
 * field NULL) is the default, that of `partisan --impute-uncontested` and `report`:
 * the winner is the party with votes (a race without votes stays as it is), and the
 * turnout is the mean two-party total of the contested races of the call (the race's
 * own two-party total when none is contested). `control --uncontested impute` passes
 * its own rule (gm_control.h, GM_UNCONTESTED_IMPUTE): the winner the results table
 * reports, and the race's own turnout of every candidate, with the state's mean
 * contested turnout for a race with no count. */
typedef struct gm_impute_rule {
    const char *winner;    /* [k] 'a' or 'b' per race, 0 = neither (the race stays) */
    const double *turnout; /* [k] turnout of each imputed race; not > 0: the race stays */
} gm_impute_rule;

size_t gm_impute_uncontested_rule(double *a, double *b, size_t k, double share,
                                  const gm_impute_rule *rule, unsigned char *changed);

/* gm_impute_uncontested_rule with the default rule. */
size_t gm_impute_uncontested(double *a, double *b, size_t k, double share, unsigned char *changed);

/* ---- Uncertainty ------------------------------------------------------------------ */

/* Model: draw j moves every district share by a statewide swing s_j ~ N(0, swing_sd)
 * plus independent district noise e_dj ~ N(0, district_sd), clamps to [0, 1] and keeps
 * each district's two-party total; the plan is rescored (gerrymeter convention). */
typedef struct gm_partisan_draws_opts {
    double swing_sd;        /* statewide swing SD, share units (e.g. 0.03) */
    double district_sd;     /* per-district noise SD (default: swing_sd / 2) */
    size_t draws;           /* number of draws (e.g. 1000) */
    uint64_t seed;          /* RNG seed (xoshiro256** seeded by splitmix64) */
} gm_partisan_draws_opts;

/* Summary of one metric over the draws. */
typedef struct gm_draw_summary {
    double mean, sd;        /* over defined draws */
    double p_favours_a;     /* share of draws favouring a (for seats_a: a wins a majority) */
    double p_favours_b;     /* share favouring b */
    size_t n_defined;       /* draws where the metric was defined */
} gm_draw_summary;

typedef struct gm_partisan_draws {
    gm_draw_summary seats_a, efficiency_gap, efficiency_gap_equal_turnout, mean_median,
        partisan_bias, declination;
} gm_partisan_draws;

/* Run the draws. Allocates scratch (freed before return); GM_E_ARG on bad options. */
gm_status gm_partisan_draws_run(const double *a, const double *b, size_t k,
                                const gm_partisan_draws_opts *o, gm_partisan_draws *out,
                                gm_error *err);

/* ---- Majority threshold and uniform swing ------------------------------------------ */

/* The vote share each party needs for a majority of seats under a uniform swing, read
 * exactly off the sorted district shares (docs/metrics.md, majority_share). A uniform
 * swing moves every district's share of a by the same amount as a's statewide share, so
 * with v_(r) the r-th best share of a, a wins r districts at any statewide share above
 * V + 1/2 - v_(r). With k seats a majority is m = floor(k/2) + 1 seats (more than half: for
 * even k, k/2 seats each is no majority). Districts without a share (no votes: an
 * unopposed race with no count) are locked: their seat stays with their declared winner
 * whatever the swing, and count towards the m seats of that party. */
typedef struct gm_majority {
    size_t k;              /* seats: districts with a finite share + locked seats */
    size_t n_shares;       /* districts with a finite share */
    size_t m;              /* seats that make a majority: floor(k/2) + 1 (0 when k = 0) */
    double vote_share;     /* V, a's statewide two-party share, as given */
    double seats_a, seats_b; /* seats at V: share > 1/2 (an exact tie counts 1/2) + locked */
    char holder;           /* 'a' or 'b': the party with more than k/2 seats at V; 0: none */
    double v_a;            /* v_(m - locked_a): the district that gives a its majority; NaN
                              when a has a majority from locked seats or cannot reach one */
    double v_b;            /* the same for b, in b's own share (1 - the (m - locked_b)-th
                              smallest share of a) */
    double share_a;        /* V*_a = V + 1/2 - v_a: a has a majority at any statewide share
                              above it and none below; at exactly V*_a the deciding district
                              is tied (half a seat each), which is not a majority */
    double share_b;        /* V*_b = (1 - V) + 1/2 - v_b, b's own share. k odd (no locked
                              seats): share_a + share_b = 1; k even: share_a + share_b >= 1,
                              and between the two neither party has a majority */
    double flip_swing;     /* the uniform swing of a's share (+ towards a) beyond which the
                              party without a majority gets one: share_a - V when b holds
                              it (> 0), (1 - share_b) - V when a holds it (< 0); NaN when
                              no party holds a majority or the other cannot reach one */
} gm_majority;

/* Fill out from a's district shares v[0..n) (NaN entries are skipped: give their seats as
 * locked instead), the locked seats of a, b and other parties, and a's statewide share V.
 * Shares may lie anywhere (an uncontested race as reported is 0 or 1, so a threshold can
 * fall outside [0, 1]: the swing would have to undo an unopposed race). GM_E_NOMEM. */
gm_status gm_majority_threshold(const double *v, size_t n, size_t locked_a, size_t locked_b,
                                size_t locked_other, double V, gm_majority *out, gm_error *err);

/* Seats after a uniform swing s (share units, + towards a) added to every share v[i]: the
 * seats base_a and base_b (the seats as decided, e.g. the reported winners) change only
 * in districts whose share crosses 1/2 (an exact tie after the swing counts 1/2 to each);
 * a district without a finite share keeps its winner. s = 0 changes nothing. */
typedef struct gm_swing_count {
    double swing;          /* s */
    double seats_a, seats_b; /* after the swing */
    size_t to_a, to_b;     /* districts now ahead for a (for b) that were not before */
    size_t tied;           /* districts now exactly at 1/2 that were not before */
} gm_swing_count;

void gm_swing_seats(const double *v, size_t n, double s, double base_a, double base_b,
                    gm_swing_count *out);

/* The smallest multiple of step (share units; 0.0001 = 0.01 points) of a uniform swing,
 * towards the party without a majority of the k seats, that gives it a majority in the
 * count of gm_swing_seats: the returned swing flips the majority and one step less does
 * not. Signed (+ towards a). NaN when neither party has more than k/2 seats at base, or
 * no swing up to 1 flips it (locked seats). */
double gm_swing_flip_step(const double *v, size_t n, double base_a, double base_b, size_t k,
                          double step);

/* The seats-votes curve of a under a uniform swing, exactly: a's seats as a step function
 * of a's statewide share x. A district of share v_i changes hands at x = V + 1/2 - v_i
 * (gm_sv_flip_share, uniform swing, as gm_majority_threshold: the step that gives a its
 * m-th seat lies at share_a, bit for bit); at x itself the district is tied (half a seat each). Districts
 * without a share (NaN in v) are locked seats: a's count towards seats_start, the others
 * towards k only. Districts with equal shares make one step. */
typedef struct gm_seats_votes {
    size_t k;              /* seats: districts with a finite share + locked seats */
    double vote_share;     /* V, a's statewide two-party share, as given */
    double seats_start;    /* a's seats below the first step: locked_a */
    size_t n_steps;
    double *share;         /* [n_steps] a's statewide share at each step, ascending (owned);
                              it may lie outside [0, 1] (an unopposed race as reported) */
    double *seats;         /* [n_steps] a's seats just above that share (owned) */
} gm_seats_votes;

/* Fill out from a's district shares v[0..n), the locked seats and V (NaN V: no steps).
 * out is overwritten (free it with gm_seats_votes_free). GM_E_NOMEM. */
gm_status gm_seats_votes_curve(const double *v, size_t n, size_t locked_a, size_t locked_b,
                               size_t locked_other, double V, gm_seats_votes *out,
                               gm_error *err);

/* a's seats at share x on the curve (an exact step: its districts tied, half a seat each). */
double gm_seats_votes_at(const gm_seats_votes *c, double x);

void gm_seats_votes_free(gm_seats_votes *c);

GM_END_DECLS
#endif /* GM_PARTISAN_H */
