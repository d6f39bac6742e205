/* gm_control.h: who drew the map, and what the map did.
 *
 * Two tables go in: a control table (one row per state and map: who drew it and which
 * party controlled the legislature and the governorship when it was enacted) and a
 * district results table (one row per state, year and district: votes per party). Each
 * election is matched to the map in force that year, scored with the partisan metrics of
 * gm_partisan.h, and the state-elections are grouped by who drew the map.
 *
 * Sign convention (as gm_partisan.h): every signed figure is positive when it favours
 * the Republican party (party b), negative when it favours the Democratic party (a).
 * "Net seats" of a map = efficiency gap x seats: the seats the map moved to the favoured
 * party relative to a map with no efficiency gap (McGhee and Stephanopoulos's reading of
 * the gap). See docs/control.md for the method and its caveats. */
#ifndef GM_CONTROL_H
#define GM_CONTROL_H

#include "gm_core.h"
#include "gm_partisan.h"

GM_BEGIN_DECLS

/* A control table (who drew each map). Opaque; rows are read by gm_control_table_get. */
typedef struct gm_control_table gm_control_table;
/* A district results table. Opaque. */
typedef struct gm_results_table gm_results_table;

/* Who drew a map. The first six are the groups of the analysis; an at-large state has
 * one seat and no map, and is reported apart. */
typedef enum gm_drawer {
    GM_DRAWER_REP_LEGISLATURE = 0, /* drawn_by legislature, legislature_control R */
    GM_DRAWER_DEM_LEGISLATURE,     /* drawn_by legislature, legislature_control D */
    GM_DRAWER_SPLIT,               /* drawn_by legislature, control split or nonpartisan (NE) */
    GM_DRAWER_INDEPENDENT_COMMISSION,
    GM_DRAWER_POLITICAL_COMMISSION,
    GM_DRAWER_COURT,
    GM_DRAWER_AT_LARGE,            /* one seat: no map was drawn */
    GM_DRAWER_N
} gm_drawer;

/* "Republican legislature", ... (static string). */
const char *gm_drawer_label(gm_drawer d);
/* Stable machine key: "rep_legislature", "dem_legislature", "split", "independent_commission",
 * "political_commission", "court", "at_large" (static string). */
const char *gm_drawer_key(gm_drawer d);

/* How races that one major party did not contest are scored. */
typedef enum gm_uncontested {
    /* Votes as reported: the absent party has 0 votes, so all of the winner's votes beyond
     * half are wasted. A race with no reported count (no_count = 1) adds its seat to the
     * winner and nothing to votes or to the efficiency gap. */
    GM_UNCONTESTED_REPORTED = 0,
    /* Every uncontested race gets impute_share of its turnout for the winner and the rest
     * for the other major party. Turnout = the race's total votes, or for a race with no
     * count the mean two-party turnout of the state's contested races that year (the
     * national mean when the state has none). The imputation itself is
     * gm_impute_uncontested_rule (gm_partisan.h) with this winner and turnout. */
    GM_UNCONTESTED_IMPUTE
} gm_uncontested;

/* "reported" / "impute" (static string). */
const char *gm_uncontested_name(gm_uncontested u);

typedef struct gm_control_opts {
    gm_uncontested uncontested; /* default GM_UNCONTESTED_REPORTED */
    double impute_share;        /* winner's two-party share for imputed races; default 0.75 */
    int year_from;              /* first election year analysed, 0 = the first in the results */
    int year_to;                /* last election year analysed, 0 = the last in the results */
    unsigned bootstrap_reps;    /* replicates for the net-seat CI; default 2000; 0 = none */
    uint64_t seed;              /* bootstrap seed; default 20121106. Same seed, same CI. */
    double ci_level;            /* default 0.95 (percentile interval) */
    const char *chamber;        /* only results rows of this chamber (case-insensitive);
                                   NULL = all (borrowed) */
    /* A uniform swing added to the Democratic two-party share of every district: swing
     * (share units, + towards D; NaN, the default: none), or per state from a table:
     * swing_state[i] gets swing_value[i] (n_swing entries, borrowed; a state not listed
     * gets no swing). gm_control_election / gm_control_year then say which seats change
     * hands (gm_swing_seats) and whether the majority does. */
    double swing;
    size_t n_swing;
    const char *const *swing_state;
    const double *swing_value;
} gm_control_opts;

/* Fill o with the defaults above. */
void gm_control_opts_init(gm_control_opts *o);

/* A swing written for people, in points of the Democratic two-party share: "3", "+3",
 * "-2.5" (towards D when positive), "D+3" or "R+1.5" (towards that party). *share is in
 * share units (D+3 -> 0.03, R+1.5 -> -0.015). GM_E_ARG for anything else, or |points| >=
 * 100. */
gm_status gm_swing_parse(const char *text, double *share, gm_error *err);

/* A swing per state: a CSV table (lines starting with '#' are comments) with columns
 * state (postal code) and swing (points, as gm_swing_parse reads them). For
 * gm_control_opts: n_swing = n, swing_state = state, swing_value = swing. */
typedef struct gm_swing_table {
    size_t n;
    char **state;        /* [n] upper case (owned) */
    double *swing;       /* [n] share units, + towards D (owned) */
} gm_swing_table;

/* Load a swing table; errors name the file and line (a bad swing, a state listed twice,
 * no row). *out is created only on GM_OK. */
gm_status gm_swing_table_load(const char *path, gm_swing_table **out, gm_error *err);
void gm_swing_table_destroy(gm_swing_table *t); /* NULL-safe */

/* Load a control table. Required columns: state, seats, drawn_by, legislature_control; and
 * either cycle (first general election year the map was used; optional last_year) or
 * start_date/end_date (YYYY-MM-DD; the map is in force for an election whose day falls in
 * [start_date, end_date)). Optional: governor_party, trifecta, chamber, notes, source,
 * caveat (a coding caveat the reader must see: it becomes a footnote wherever the map's
 * group figures appear, gm_control_result.notes).
 * Lines starting with '#' are comments. *out is created (caller destroys it) only on GM_OK.
 * Errors name the file, line and column. */
gm_status gm_control_table_load(const char *path, gm_control_table **out, gm_error *err);
/* destroy(NULL) does nothing. */
void gm_control_table_destroy(gm_control_table *t);

/* One control-table row. Strings are borrowed from the table (valid until destroy). */
typedef struct gm_control_row {
    const char *state;               /* postal code, upper case */
    const char *chamber;             /* "" for congressional tables */
    int cycle;                       /* first election year (cycle tables), else 0 */
    int last_year;                   /* last election year, 0 = open */
    const char *start_date;          /* "" unless a dated table */
    const char *end_date;            /* "" = open */
    int seats;                       /* seats in the map */
    const char *drawn_by;            /* legislature | independent_commission | ... */
    const char *legislature_control; /* D | R | split | nonpartisan */
    const char *governor_party;      /* "" when the column is absent */
    const char *trifecta;
    const char *notes;
    const char *source;
    const char *caveat;              /* coding caveat for readers, or "" */
    gm_drawer drawer;                /* group derived from drawn_by and legislature_control */
    long line;                       /* 1-based line in the file */
} gm_control_row;

size_t gm_control_table_count(const gm_control_table *t);
/* Row i (0-based) or NULL when out of range. Borrowed. */
const gm_control_row *gm_control_table_get(const gm_control_table *t, size_t i);

/* Load a results table. Required columns: year, state, district, dem_votes, rep_votes.
 * Optional: other_votes, total_votes, winner_party (D/R/O; without it the seat goes to the
 * party with more two-party votes), no_count (1 = unopposed, no votes reported), chamber.
 * Lines starting with '#' are comments. Negative or non-numeric votes are GM_E_DATA
 * naming the line. */
gm_status gm_results_table_load(const char *path, gm_results_table **out, gm_error *err);
void gm_results_table_destroy(gm_results_table *t);
size_t gm_results_table_count(const gm_results_table *t);

/* One state in one election year, under the map in force. */
typedef struct gm_control_election {
    char state[8];
    char chamber[16];
    int year;
    size_t map_row;              /* index into the control table */
    int map_cycle;               /* first election of the map (0 for dated tables) */
    gm_drawer drawer;
    char drawn_by[32];
    char legislature_control[16];
    char governor_party[8];
    char trifecta[16];
    size_t seats;                /* districts with results */
    int seats_map;               /* seats per the control table */
    size_t seats_d, seats_r, seats_other;
    double votes_d, votes_r;     /* two-party votes scored (after the uncontested treatment) */
    double vote_share_d;         /* votes_d / (votes_d + votes_r) */
    double efficiency_gap;       /* + favours R */
    double mean_median;          /* mean - median of D district shares; + favours R */
    double partisan_bias;        /* 1/2 - D seat share at a 50% vote (uniform swing); + favours R */
    double declination;          /* Warrington delta; + favours R; NaN if undefined (sweep) */
    double seat_excess_r;        /* R seats - R two-party vote share x seats */
    double net_seats_r;          /* efficiency_gap x seats */
    size_t uncontested;          /* races one major party did not contest (incl. no count) */
    size_t no_count;             /* races with no votes reported */
    size_t imputed;              /* races whose votes were imputed */
    /* The majority of the state's seats under a uniform swing (gm_majority_threshold on
     * the scored D shares; a race without votes, e.g. no count as reported, is locked to
     * its winner): the same as `gerrymeter partisan` gives for these districts. */
    size_t majority_seats;       /* floor(seats / 2) + 1 */
    double majority_share_d;     /* D's two-party share above which D wins a majority */
    double majority_share_r;     /* R's (its own share) */
    double flip_swing;           /* swing of D's share (+ towards D) beyond which the party
                                    without a majority gets one (exact); NaN: none holds one */
    double flip_step;            /* the smallest swing in steps of 0.01 points (0.0001) that
                                    flips it, counted from the reported seats
                                    (gm_swing_flip_step); NaN as above */
    size_t first_district;       /* its districts in gm_control_result.district_share */
    /* The swing asked for (gm_control_opts.swing or the state's swing_value): */
    double swing;                /* share units, + towards D; NaN: none asked */
    size_t swing_to_d, swing_to_r, swing_tied; /* districts changing hands */
    double swing_seats_d, swing_seats_r;       /* seats after it (ties count 1/2) */
} gm_control_election;

/* A group of state-elections by who drew the map. */
typedef struct gm_control_group {
    gm_drawer drawer;
    size_t maps;                 /* distinct maps (control rows) */
    size_t elections;            /* state-elections */
    size_t seats;                /* seats summed over state-elections */
    double seats_per_year;       /* seats / number of election years analysed */
    size_t seats_d, seats_r;     /* seats won, summed */
    double votes_d, votes_r;     /* two-party votes, summed */
    double mean_eg;              /* unweighted mean EG over state-elections; NaN if none */
    double weighted_eg;          /* sum(EG x seats) / sum(seats) */
    double net_seats;            /* sum(EG x seats) over all state-elections */
    double net_seats_per_year;   /* net_seats / number of election years analysed */
    double ci_lo, ci_hi;         /* bootstrap CI of net_seats_per_year; NaN if none */
} gm_control_group;

/* One election year, all states. */
typedef struct gm_control_year {
    int year;
    size_t seats_d, seats_r, seats_other;  /* every state with a map in force */
    double vote_share_d;                   /* national two-party share (scored votes) */
    size_t seats[GM_DRAWER_N];             /* per group */
    double weighted_eg[GM_DRAWER_N];       /* per group; NaN when the group is empty */
    double net_seats[GM_DRAWER_N];         /* per group: sum(EG x seats) */
    /* The whole chamber (every district with a map in force; for the shipped tables the
     * U.S. House), as one plan: gm_majority_threshold on all districts with the national
     * two-party share. */
    size_t seats_total;                    /* districts */
    size_t majority_seats;                 /* floor(seats_total / 2) + 1 */
    char majority;                         /* 'D', 'R' (more than half the seats as
                                              reported) or 0 */
    double majority_share_d, majority_share_r; /* as gm_control_election */
    double flip_swing, flip_step;          /* as gm_control_election, for the chamber */
    /* Per group: the majority threshold of the districts that group drew (D's share
     * above which D would win most of them under a uniform swing of its own vote). */
    double group_majority_share_d[GM_DRAWER_N];
    /* Per group: the seats-votes curve of those districts (D's seats against D's share of
     * the group's two-party vote, uniform swing, gm_seats_votes_curve; it crosses half the
     * group's seats at group_majority_share_d), the group's actual D share and D seats. */
    gm_seats_votes group_curve[GM_DRAWER_N];  /* owned */
    double group_vote_share_d[GM_DRAWER_N];   /* NaN when the group drew no district */
    size_t group_seats_d[GM_DRAWER_N];
    gm_seats_votes curve;                     /* the whole chamber's (owned) */
    /* The swing asked for, summed over the states (each with its own swing): */
    bool swing;                            /* a swing was asked for */
    size_t swing_to_d, swing_to_r, swing_tied;
    double swing_seats_d, swing_seats_r;
    char swing_majority;                   /* 'D', 'R' (more than half after it) or 0 */
} gm_control_year;

/* A footnote: the caveat of one map (control-table row) used in the analysis. */
typedef struct gm_control_note {
    size_t map_row;              /* index into the control table */
    char state[8];
    char chamber[16];
    gm_drawer drawer;            /* the group whose figures it qualifies */
    int first_year, last_year;   /* elections analysed under the map */
    char *text;                  /* the control table's caveat (owned) */
} gm_control_note;

typedef struct gm_control_result {
    gm_control_opts opts;              /* the options used */
    size_t n_elections;
    gm_control_election *elections;    /* sorted by state, year (owned) */
    gm_control_group groups[GM_DRAWER_N];
    size_t n_years;
    gm_control_year *years;            /* ascending (owned) */
    size_t seats_d, seats_r, seats_other; /* all state-elections analysed */
    size_t seat_mismatches;            /* state-elections whose district count differs from
                                          the map's seats (missing or extra result rows) */
    size_t unmatched_rows;             /* result rows with no map in force (e.g. DC) */
    char unmatched_states[64];         /* "DC" or "DC 2020, ..." (truncated) */
    size_t n_notes;                    /* maps with a caveat, in control-table order */
    gm_control_note *notes;            /* owned */
    size_t n_districts;                /* every district of every state-election, in
                                          election order (election i's are
                                          [first_district, first_district + seats)) */
    double *district_share;            /* [n_districts] D's two-party share as scored; NaN
                                          without votes (owned) */
    char *district_winner;             /* [n_districts] 'D', 'R', 'O' (owned) */
    size_t swing_missing;              /* state-elections of a swing table's run whose state
                                          the table does not list (no swing) */
} gm_control_result;

/* The 1-based number of the footnote of control row map_row in r, or 0 when it has none. */
size_t gm_control_note_of(const gm_control_result *r, size_t map_row);

/* Match every result row to its map, score each state-election and group them.
 * *out is created on GM_OK; free with gm_control_result_destroy. Results rows for a
 * state that has rows in the control table but no map in force that year are GM_E_DATA
 * (naming the state and year); states absent from the control table are counted in
 * unmatched_rows. */
gm_status gm_control_analyze(const gm_control_table *ct, const gm_results_table *rt,
                             const gm_control_opts *o, gm_control_result **out, gm_error *err);
void gm_control_result_destroy(gm_control_result *r);

/* Every input and step behind one state-election. */
typedef struct gm_control_explain_district {
    long line;                   /* line in the results file */
    char district[16];
    double dem_votes, rep_votes, other_votes, total_votes; /* as read */
    char winner_party;           /* 'D', 'R', 'O' */
    bool uncontested, no_count, imputed;
    double a, b;                 /* D and R votes scored */
    double wasted_a, wasted_b;   /* wasted votes: loser all, winner beyond half */
    double share;                /* D's two-party share scored, NaN without votes */
} gm_control_explain_district;

typedef struct gm_control_explain {
    gm_control_election election;      /* the figures */
    size_t n_candidates;               /* control rows for the state */
    size_t *candidate_rows;            /* their indices (owned) */
    size_t chosen;                     /* index of the map in force */
    size_t n_districts;
    gm_control_explain_district *districts; /* owned */
    double wasted_a, wasted_b, total;  /* sums; EG = (wasted_a - wasted_b) / total */
    double impute_turnout;             /* turnout used for no-count races (impute mode), else 0 */
} gm_control_explain;

/* Explain one state (postal code, case-insensitive) in one year: the chamber named in
 * o->chamber, else the first chamber listed for it. GM_E_ARG when the state has no results
 * that year or no map in force. Free with gm_control_explain_destroy. */
gm_status gm_control_explain_state(const gm_control_table *ct, const gm_results_table *rt,
                                   const gm_control_opts *o, const char *state, int year,
                                   gm_control_explain **out, gm_error *err);
void gm_control_explain_destroy(gm_control_explain *e);

/* The result as an HTML page: gm_control_html (gm_report.h). */

/* ---- The pen: who holds the legislatures that draw the maps ---------------------------- */

/* NCSL state legislative seat tables: one row per state and table year (state, table_year,
 * as_of, total_seats, dem_seats, rep_seats, legis_control, gov_party, state_control) and
 * one row per table year of national totals (table_year, as_of, dem_seats, rep_seats).
 * Lines starting with '#' are comments. Opaque. */
typedef struct gm_leg_seats gm_leg_seats;

/* Load both tables; errors name the file, line and column. *out only on GM_OK. */
gm_status gm_leg_seats_load(const char *states_path, const char *national_path,
                            gm_leg_seats **out, gm_error *err);
void gm_leg_seats_destroy(gm_leg_seats *t); /* NULL-safe */

/* One NCSL table year, summed over the state rows. */
typedef struct gm_pen_year {
    int year;                    /* table year */
    char as_of[48];              /* date of the table */
    long dem, rep, total;        /* seats summed over the states (both chambers); total
                                    -1 when a state's total is not given */
    long ncsl_dem, ncsl_rep;     /* the national table's totals, -1 when it has none */
    int leg_d, leg_r, leg_split, leg_none; /* legislatures held (both chambers), split,
                                              nonpartisan (Nebraska) */
    int tri_d, tri_r, divided, tri_none;   /* trifectas (legislature and governor), divided
                                              government, none (Nebraska) */
} gm_pen_year;

/* Who held the pen in one redistricting cycle, and how many seats each pen drew. */
typedef struct gm_pen_cycle {
    int census;                  /* 2010, 2020 */
    int first_year;              /* congressional maps: cycle census + 2 (2012, 2022) */
    size_t cong_maps[GM_DRAWER_N], cong_seats[GM_DRAWER_N];
    size_t cong_total;           /* seats of all congressional maps of the cycle */
    size_t leg_chambers[GM_DRAWER_N], leg_seats[GM_DRAWER_N];
    size_t leg_total;            /* seats of the state legislative maps of the cycle */
    size_t leg_missing;          /* chambers with no plan of the cycle in force */
} gm_pen_cycle;

typedef struct gm_pen_result {
    size_t n_years;
    gm_pen_year *years;          /* ascending (owned) */
    gm_pen_cycle cycles[2];      /* 2010 and 2020 */
} gm_pen_result;

/* National seats, legislatures and trifectas per table year, and the pen of each cycle:
 * congressional maps are the rows of `congress` (a cycle table) first used in census + 2;
 * state legislative maps (`legislative`, a dated table with chambers; may be NULL) are,
 * per state and chamber, the plan of the cycle (started after the census year) in force
 * on general election day of census + 2, else census + 4 (Maine and Montana redrew for
 * 2014). Groups as gm_drawer. *out on GM_OK (gm_pen_result_destroy). */
gm_status gm_pen_analyze(const gm_leg_seats *s, const gm_control_table *congress,
                         const gm_control_table *legislative, gm_pen_result **out,
                         gm_error *err);
void gm_pen_result_destroy(gm_pen_result *r); /* NULL-safe */

/* The table year `year` of r, or NULL. */
const gm_pen_year *gm_pen_year_of(const gm_pen_result *r, int year);

/* ---- One chamber under one plan (gerrymeter control chamber) ------------------------ */

/* A chamber's seats, partisan metrics, majority thresholds and swings for one plan and one
 * election, from the district votes of the two parties (a: D, b: R). A district with no
 * votes for either party (an election postponed: Minnesota House 32B in 2016) is a seat
 * neither party won: it stays among the k seats (a majority is still floor(k/2) + 1 of
 * them) and moves with no swing; an uncontested race is scored as its votes stand (a share
 * of 0 or 1) unless the caller imputed it first (gm_impute_uncontested). */
typedef struct gm_chamber_row {
    gm_partisan ps;          /* gm_partisan_score of the votes; majority_share, majority_share_b
                                and majority_swing count the vacant seats (locked to no party) */
    size_t seats;            /* k: districts of the plan */
    size_t vacant;           /* districts with no votes for either party */
    size_t majority_seats;   /* floor(k/2) + 1 */
    double seats_a, seats_b; /* seats won (an exact tie counts 1/2 to each) */
    char majority;           /* 'a' or 'b': more than k/2 seats; 0: neither */
    double flip_step;        /* the smallest swing of a's share in steps of 0.01 points (+ towards
                                a) that gives the party without a majority one
                                (gm_swing_flip_step): it flips, 0.01 points less does not;
                                NaN when neither holds one or no swing can flip it */
    double swing;            /* the swing asked for (share units, + towards a); NaN: none */
    size_t to_a, to_b, tied; /* districts changing hands under it (gm_swing_seats) */
    double swing_seats_a, swing_seats_b; /* seats after it (the seats won when none) */
    char swing_majority;     /* 'a', 'b' or 0 after it */
} gm_chamber_row;

/* Score districts [0, k) with votes a[], b[] under the partisan options po (NULL: the
 * defaults) and the uniform swing swing (NaN: none). Errors as gm_partisan_score. */
gm_status gm_chamber_score(const double *a, const double *b, size_t k, const gm_partisan_opts *po,
                           double swing, gm_chamber_row *out, gm_error *err);

GM_END_DECLS
#endif /* GM_CONTROL_H */
