/* gm_generate.h: Markov chains over district plans: ReCom and reversible ReCom.
 *
 * A chain walks over plans of a unit graph whose k districts are connected and whose
 * populations lie within hard bounds [lo, hi] around the ideal (total / k):
 *   lo = ceil((1 - T) * ideal), hi = floor((1 + T) * ideal)   (T = tolerance)
 * which are the integers GerryChain's |p - ideal| <= T * ideal admits. Both chains merge
 * two adjacent districts, draw a random spanning tree of their union and cut one tree
 * edge whose two sides are both within the bounds (a balanced edge). docs/generate.md
 * states each step exactly and which distribution each chain samples.
 *
 * Reproducibility: chain c of seed s draws only from its own random stream (stream c of
 * s), so a chain's plans depend on (seed, c) and nothing else: not on threads, nor on
 * how many other chains run.
 *
 * Threads: a gm_chain is used by one thread at a time; chains of one spec may run on
 * different threads at once (the spec, graph and populations are only read). */
#ifndef GM_GENERATE_H
#define GM_GENERATE_H

#include "gm_graph.h"

GM_BEGIN_DECLS

typedef enum gm_gen_method {
    GM_GEN_RECOM = 0,     /* GerryChain's ReCom: every step moves (a new split of a pair) */
    GM_GEN_REVERSIBLE     /* reversible ReCom: spanning-tree distribution on balanced plans */
} gm_gen_method;

typedef enum gm_gen_tree {
    GM_GEN_TREE_KRUSKAL = 0, /* minimum spanning tree on uniform random weights (GerryChain) */
    GM_GEN_TREE_WILSON       /* uniform spanning tree (Wilson's algorithm) */
} gm_gen_tree;

typedef enum gm_gen_pair {
    GM_GEN_PAIR_CUT_EDGE = 0, /* the districts of a uniform random cut edge (GerryChain) */
    GM_GEN_PAIR_DISTRICT      /* a uniform random pair of adjacent districts */
} gm_gen_pair;

typedef enum gm_gen_cut {
    GM_GEN_CUT_GERRYCHAIN = 0, /* GerryChain's rule: uniform among balanced edges, or with
                                  county weights the heaviest of the preferred edges */
    GM_GEN_CUT_UNIFORM         /* uniform among balanced edges, always */
} gm_gen_cut;

typedef struct gm_gen_spec {
    const gm_graph *graph;    /* the unit graph (borrowed; connected) */
    const double *pop;        /* [graph->n] population of each unit (borrowed) */
    size_t k;                 /* districts, >= 2 */
    const int32_t *start;     /* [graph->n] the start plan, district ids 0..k-1 (borrowed) */
    double tolerance;         /* T in [0, 1); 0.02 after gm_gen_spec_init */
    gm_gen_method method;
    gm_gen_tree tree;         /* recom only: reversible ReCom always draws uniform trees */
    gm_gen_pair pair;         /* recom only: reversible ReCom always picks a uniform pair */
    gm_gen_cut cut;
    double balance_ub;        /* reversible: M, the bound on balanced edges of one tree
                                 (a balanced edge is taken with probability 1/M each) */
    uint32_t max_tree_draws;  /* recom: spanning trees drawn for one pair before it is given
                                 up and another pair drawn; 100 after init (GerryChain's
                                 max_attempts as used for the shared ensembles) */
    const int32_t *county;    /* [n] county index of each unit (>= 0), or NULL */
    double county_weight;     /* Kruskal weight added to an edge that crosses counties
                                 (GerryChain's region surcharge); 0 = none */
    int32_t max_county_splits;/* a proposal that splits more counties is rejected; -1 = no
                                 limit */
    uint64_t seed;
} gm_gen_spec;

/* Defaults: recom, Kruskal, cut-edge pairs, GerryChain's cut rule, T = 0.02, M = 30,
 * 100 tree draws per pair, no counties, no county limit, seed 0. */
void gm_gen_spec_init(gm_gen_spec *s);

/* What one chain has done so far. Every step is one of: a move (the plan changed), a
 * self-loop of reversible ReCom (with its reason), or for recom a step whose pair was
 * given up and redrawn is not counted (it is not a step). */
typedef struct gm_chain_stats {
    uint64_t steps;            /* steps taken */
    uint64_t moves;            /* steps that produced a new split */
    uint64_t loops_nonadjacent;/* reversible: the pair drawn was not adjacent */
    uint64_t loops_no_edge;    /* reversible: the slot drawn held no balanced edge */
    uint64_t loops_rejected;   /* reversible: Metropolis-Hastings rejected the split */
    uint64_t loops_county;     /* a split over the county limit (a self-loop) */
    uint64_t trees;            /* spanning trees drawn */
    uint64_t trees_unbalanced; /* trees with no balanced edge */
    uint64_t pairs_given_up;   /* recom: pairs given up after max_tree_draws trees */
} gm_chain_stats;

typedef struct gm_chain gm_chain;

/* Chain number `chain` of the spec (random stream `chain` of spec->seed), at the start
 * plan. Errors (GM_E_ARG / GM_E_DATA, naming districts and units): k < 2, a district id
 * outside 0..k-1, a district with no units, a district that is not connected (names a
 * unit of a second piece), a district outside the bounds (names it, its deviation and
 * the tolerance it would need), a graph that is not connected. The spec and what it
 * points to must outlive the chain. */
gm_status gm_chain_create(const gm_gen_spec *spec, uint64_t chain, gm_chain **out, gm_error *err);
void gm_chain_destroy(gm_chain *c);

/* Take steps until one changes the plan or max_steps are taken; *taken receives the
 * steps (>= 1 when max_steps >= 1). A run of reversible self-loops from non-adjacent pairs
 * is drawn at once (geometric), which changes nothing in the chain's law. Errors:
 * GM_E_DATA when a pair has no balanced edge after the tree limit and no other pair does
 * either, or a tree has more balanced edges than balance_ub (raise it). */
gm_status gm_chain_advance(gm_chain *c, uint64_t max_steps, uint64_t *taken, gm_error *err);

/* The current plan ([n] district ids), district populations ([k]), the number of cut
 * edges (kept up to date step by step) and the statistics. Valid until the next step. */
const int32_t *gm_chain_assignment(const gm_chain *c);
const double *gm_chain_district_pop(const gm_chain *c);
size_t gm_chain_cut_edges(const gm_chain *c);
const gm_chain_stats *gm_chain_get_stats(const gm_chain *c);

/* The bounds in use. */
void gm_chain_bounds(const gm_chain *c, double *lo, double *hi);

/* ---- Running chains: a stream of samples ------------------------------------------- */

/* Samples handed out per chain at a time (the stream's order, below). */
#define GM_GEN_BLOCK 64

typedef struct gm_gen_run_spec {
    const gm_gen_spec *chain; /* every chain's spec (borrowed) */
    size_t chains;            /* C >= 1 chains, numbered 0..C-1 (random streams 0..C-1) */
    uint64_t steps;           /* steps per chain after the burn-in */
    uint64_t burn_in;         /* steps per chain before sample 0 */
    uint64_t thin;            /* steps between samples (>= 1) */
    size_t threads;           /* worker threads; 0 = one per CPU; never more than C */
    bool no_plans;            /* the caller never asks for a sample's assignment (it passes
                                 district NULL to gm_gen_stream_next): the workers keep no
                                 copies of the plans */
} gm_gen_run_spec;

/* A running set of chains. Chain c's sample s is its plan after burn_in + s * thin
 * steps, s = 0 .. steps / thin (so sample 0 is the start plan when there is no burn-in).
 * Samples come out in a fixed order whatever the thread count: GM_GEN_BLOCK samples of
 * chain 0, the same of chain 1, ..., then the next block of each chain. Workers compute
 * the next blocks while the caller takes samples. */
typedef struct gm_gen_stream gm_gen_stream;

/* Start the chains (each checked as by gm_chain_create; the first error is returned). */
gm_status gm_gen_stream_open(const gm_gen_run_spec *spec, gm_gen_stream **out, gm_error *err);

/* The next sample: its assignment is copied to district[0..n) (district NULL: not
 * copied, for a run that keeps no plan); *chain and *sample say whose and which; *got is
 * false after the last. Errors: those of gm_chain_advance (the
 * chain is named). */
gm_status gm_gen_stream_next(gm_gen_stream *s, int32_t *district, size_t *chain, uint64_t *sample,
                             bool *got, gm_error *err);

/* Samples in all: C * (steps / thin + 1). */
uint64_t gm_gen_stream_total(const gm_gen_stream *s);

/* Chain c's statistics so far (complete once its last sample has been taken). */
const gm_chain_stats *gm_gen_stream_stats(const gm_gen_stream *s, size_t c);

/* Stop the workers and free everything. NULL-safe. */
void gm_gen_stream_close(gm_gen_stream *s);

/* ---- Convergence diagnostics ------------------------------------------------------ */

/* Streaming diagnostics of per-plan values across chains, in flat memory: for every
 * metric the split R-hat (Gelman-Rubin on the two halves of every chain) and the
 * effective sample size (each chain's length over its integrated autocorrelation time,
 * estimated by batch means with batches of floor(sqrt(N)) samples, summed over chains),
 * and a thinned trace (at most GM_GEN_TRACE points per chain) for a chart. */
#define GM_GEN_TRACE 600

typedef struct gm_gen_diag gm_gen_diag;

/* chains C, per_chain samples each (the stream's steps / thin + 1), n_metrics values
 * per sample. */
gm_status gm_gen_diag_create(size_t chains, uint64_t per_chain, size_t n_metrics,
                             gm_gen_diag **out, gm_error *err);
void gm_gen_diag_destroy(gm_gen_diag *d);

/* Sample s of chain c (samples of a chain in order); values[m] NaN are skipped. */
void gm_gen_diag_add(gm_gen_diag *d, size_t chain, uint64_t sample, const double *values);

typedef struct gm_gen_diag_metric {
    double mean;     /* over all chains */
    double rhat;     /* split R-hat; NaN with fewer than 4 samples per chain or no spread */
    double ess;      /* effective sample size, all chains; NaN without spread */
} gm_gen_diag_metric;
void gm_gen_diag_get(const gm_gen_diag *d, size_t m, gm_gen_diag_metric *out);

/* The trace of metric m in chain c: n points (sample number, value). */
size_t gm_gen_diag_trace(const gm_gen_diag *d, size_t chain, size_t m, const uint64_t **sample,
                         const double **value);
size_t gm_gen_diag_chains(const gm_gen_diag *d);

GM_END_DECLS
#endif /* GM_GENERATE_H */
