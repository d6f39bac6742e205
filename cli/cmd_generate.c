/* cmd_generate.c: `gerrymeter ensemble generate`: options, the start plan, the graph and
 * counties, then the engine's chains (gm_gen_stream) written as an ensemble file. */
#include "cmd_ensemble.h"
#include "ens_elections.h"
#include "opts.h"
#include "out.h"
#include "splits_opts.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_generate.h"
#include "gerrymeter/gm_graph.h"
#include "gerrymeter/gm_metric.h"
#include "gerrymeter/gm_report.h"

extern char **environ;

static const char help_generate[] =
    "Usage: gerrymeter ensemble generate --units PATH --pop F --plan SPEC --steps N [OPTIONS]\n\n"
    "Generate an ensemble of plans with ReCom or reversible ReCom from a start plan\n"
    "(docs/generate.md: the chains step by step and what each samples).\n\n"
    "%s\n"
    "Chain:\n"
    "  --steps N                steps per chain after the burn-in\n"
    "  --districts K            the number of districts (checked against the start plan)\n"
    "  --tolerance T            population bounds (1 -+ T) x ideal (default 0.02)\n"
    "  --method recom|reversible  ReCom (default) or reversible ReCom\n"
    "  --tree kruskal|wilson    recom's spanning trees: random-weight minimum (default) or\n"
    "                           uniform\n"
    "  --pair cut-edge|district-pair  recom's pair: of a uniform cut edge (default) or a\n"
    "                           uniform adjacent pair\n"
    "  --cut gerrychain|uniform which balanced edge recom cuts (default GerryChain's rule)\n"
    "  --balance-ub M           reversible: bound on balanced edges per tree (default 30)\n"
    "  --tree-draws N           recom: trees per pair before the pair is given up (default 100)\n"
    "  --county FIELD           keep counties whole where possible: weights on county lines\n"
    "  --county-weight W        the Kruskal surcharge on edges across counties (default 1 with\n"
    "                           --county)\n"
    "  --max-county-splits K    reject proposals that split more than K counties (counted as\n"
    "                           score --county counts county_splits; scored runs' rows\n"
    "                           carry the county splits)\n"
    "  --graph FILE|auto        the unit graph (default auto: built from the geometry, or\n"
    "                           the graph file given as --units)\n"
    "  --seed S                 random seed (default 1)\n"
    "  --chains C               independent chains (default 1)\n"
    "  --threads T              worker threads (default one per CPU, at most C); the output\n"
    "                           does not depend on it\n"
    "  --burn-in B              steps before the first sample (default 0)\n"
    "  --thin K                 a sample every K steps (default 1)\n"
    "Output:\n"
    "  -o, --output PLANS       plans as JSON Lines (.jsonl, .jsonl.xz), GMEN (.gmen) or BEN\n"
    "                           (.ben), by the name\n"
    "Scoring in the same pass (with --votes, or --election; as `ensemble score`, no plan\n"
    "file needed; the rows equal those `ensemble score` gives the plans written):\n"
    "  --rows FILE              per-plan rows (CSV, or JSON Lines with --format jsonl)\n"
    "  --format csv|jsonl       the rows' format (default csv)\n"
    "  --summary FILE           summary JSON\n"
    "  --reference PLAN         a plan to place against the ensemble (percentiles, chart)\n"
    "  --chart FILE.svg         sorted-district-share chart; --chart-data FILE.csv its numbers\n"
    "  --diagnostics FILE.json  per chain: moves and self-loops; per metric: split R-hat and\n"
    "                           effective sample size across chains\n"
    "  --trace FILE.svg         every per-plan metric along each chain\n"
    "  --election NAME:D=F,R=F  instead of --votes, one of several elections (repeatable):\n"
    "                           NAME.METRIC columns and the composite, as `ensemble score`\n"
    "  --municipality FIELD     per-plan splits of municipalities (with --county: of\n"
    "                           counties too); --split NAME=FIELD any other layer (repeatable)\n"
    "  --vap FIELD              voting-age population, the denominator of group shares\n"
    "  --group NAME=FIELD       a group of the VAP (repeatable, needs --vap): majority-\n"
    "                           minority and DRA opportunity districts per plan\n"
    "  -q, --quiet              no progress line\n"
    "  -h, --help               show this help\n\n"
    "Example:\n"
    "  gerrymeter ensemble generate --units mn_08_16.zip --pop TOTPOP --plan CONGDIST \\\n"
    "      --steps 10000 --seed 42 -o mn_recom.jsonl.xz\n";

typedef struct gen_opts {
    gmc_source src;
    const char *graph_arg, *output, *county, *reference, *diagnostics, *trace;
    gmc_splits_opts so;  /* --county (also the chain's), --municipality, --split, --vap, --group */
    gmc_ens_outputs eo;
    gm_gen_spec g;
    long chains, threads, k;
    uint64_t steps, burn_in, thin;
    bool have_steps, quiet, county_weight_set;
} gen_opts;

static int parse_u64(const char *opt, const char *arg, uint64_t lo, uint64_t *out)
{
    char *e;
    errno = 0;
    unsigned long long v = strtoull(arg, &e, 10);
    if (e == arg || *e || errno || arg[0] == '-' || v < lo)
        return gmc_usage_error("ensemble generate", "%s: expected an integer >= %llu, got '%s'", opt,
                               (unsigned long long)lo, arg);
    *out = (uint64_t)v;
    return 0;
}

static int parse_gen(int argc, char **argv, gen_opts *o)
{
    enum { O_STEPS = 2000, O_TOL, O_METHOD, O_TREE, O_PAIR, O_CUT, O_UB, O_DRAWS,
           O_CW, O_MAXSPLIT, O_GRAPH, O_SEED, O_CHAINS, O_THREADS, O_BURN, O_THIN, O_K, O_ROWS, O_FMT, O_SUM, O_REF, O_CHART, O_CHARTD, O_DIAG, O_TRACE };
    static const struct option lo[] = {GMC_SOURCE_LONGOPTS,
                                       {"steps", required_argument, 0, O_STEPS},
                                       {"tolerance", required_argument, 0, O_TOL},
                                       {"method", required_argument, 0, O_METHOD},
                                       {"tree", required_argument, 0, O_TREE},
                                       {"pair", required_argument, 0, O_PAIR},
                                       {"cut", required_argument, 0, O_CUT},
                                       {"balance-ub", required_argument, 0, O_UB},
                                       {"tree-draws", required_argument, 0, O_DRAWS},
                                       {"county-weight", required_argument, 0, O_CW},
                                       {"max-county-splits", required_argument, 0, O_MAXSPLIT},
                                       {"graph", required_argument, 0, O_GRAPH},
                                       {"seed", required_argument, 0, O_SEED},
                                       {"chains", required_argument, 0, O_CHAINS},
                                       {"threads", required_argument, 0, O_THREADS},
                                       {"burn-in", required_argument, 0, O_BURN},
                                       {"thin", required_argument, 0, O_THIN},
                                       {"districts", required_argument, 0, O_K},
                                       {"rows", required_argument, 0, O_ROWS},
                                       {"format", required_argument, 0, O_FMT},
                                       {"summary", required_argument, 0, O_SUM},
                                       {"reference", required_argument, 0, O_REF},
                                       {"chart", required_argument, 0, O_CHART},
                                       {"chart-data", required_argument, 0, O_CHARTD},
                                       {"diagnostics", required_argument, 0, O_DIAG},
                                       {"trace", required_argument, 0, O_TRACE},
                                       {"output", required_argument, 0, 'o'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},
                                       {"election", required_argument, 0, GMC_OPT_ELECTION},
                                       GMC_SPLITS_LONGOPTS,
                                       {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    gm_gen_spec_init(&o->g);
    o->g.seed = 1;
    o->chains = 1;
    o->thin = 1;
    const char *cmd = "ensemble generate";
    gmc_getopt args = {.cmd = cmd, .shortopts = ":ho:q", .longopts = lo, .help = help_generate,
                       .help_fmt = true, .src = &o->src};
    int c;
    double d;
    long l;
    uint64_t u = 0;
    while ((c = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (c) {
        case O_STEPS:
            if (parse_u64("--steps", optarg, 1, &o->steps)) return GMC_EUSAGE;
            o->have_steps = true;
            break;
        case O_TOL:
            if (gmc_parse_double("--tolerance", optarg, 0, 0.999, &o->g.tolerance)) return GMC_EUSAGE;
            break;
        case O_METHOD:
            if (!strcmp(optarg, "recom")) o->g.method = GM_GEN_RECOM;
            else if (!strcmp(optarg, "reversible")) o->g.method = GM_GEN_REVERSIBLE;
            else return gmc_usage_error(cmd, "--method: expected recom or reversible, got '%s'", optarg);
            break;
        case O_TREE:
            if (!strcmp(optarg, "kruskal")) o->g.tree = GM_GEN_TREE_KRUSKAL;
            else if (!strcmp(optarg, "wilson")) o->g.tree = GM_GEN_TREE_WILSON;
            else return gmc_usage_error(cmd, "--tree: expected kruskal or wilson, got '%s'", optarg);
            break;
        case O_PAIR:
            if (!strcmp(optarg, "cut-edge")) o->g.pair = GM_GEN_PAIR_CUT_EDGE;
            else if (!strcmp(optarg, "district-pair")) o->g.pair = GM_GEN_PAIR_DISTRICT;
            else return gmc_usage_error(cmd, "--pair: expected cut-edge or district-pair, got '%s'", optarg);
            break;
        case O_CUT:
            if (!strcmp(optarg, "gerrychain")) o->g.cut = GM_GEN_CUT_GERRYCHAIN;
            else if (!strcmp(optarg, "uniform")) o->g.cut = GM_GEN_CUT_UNIFORM;
            else return gmc_usage_error(cmd, "--cut: expected gerrychain or uniform, got '%s'", optarg);
            break;
        case O_UB:
            if (gmc_parse_long("--balance-ub", optarg, 1, 1000000, &l)) return GMC_EUSAGE;
            o->g.balance_ub = (double)l;
            break;
        case O_DRAWS:
            if (gmc_parse_long("--tree-draws", optarg, 1, 100000000, &l)) return GMC_EUSAGE;
            o->g.max_tree_draws = (uint32_t)l;
            break;
        case O_CW:
            if (gmc_parse_double("--county-weight", optarg, 0, 1e9, &d)) return GMC_EUSAGE;
            o->g.county_weight = d;
            o->county_weight_set = true;
            break;
        case O_MAXSPLIT:
            if (gmc_parse_long("--max-county-splits", optarg, 0, 1000000, &l)) return GMC_EUSAGE;
            o->g.max_county_splits = (int32_t)l;
            break;
        case O_GRAPH: o->graph_arg = optarg; break;
        case O_SEED:
            if (parse_u64("--seed", optarg, 0, &u)) return GMC_EUSAGE;
            o->g.seed = u;
            break;
        case O_CHAINS:
            if (gmc_parse_long("--chains", optarg, 1, 4096, &o->chains)) return GMC_EUSAGE;
            break;
        case O_THREADS:
            if (gmc_parse_long("--threads", optarg, 1, 256, &o->threads)) return GMC_EUSAGE;
            break;
        case O_BURN:
            if (parse_u64("--burn-in", optarg, 0, &o->burn_in)) return GMC_EUSAGE;
            break;
        case O_THIN:
            if (parse_u64("--thin", optarg, 1, &o->thin)) return GMC_EUSAGE;
            break;
        case O_K:
            if (gmc_parse_long("--districts", optarg, 2, 65535, &o->k)) return GMC_EUSAGE;
            break;
        case O_ROWS: o->eo.rows = optarg; break;
        case O_FMT:
            if (!strcmp(optarg, "csv")) o->eo.jsonl = false;
            else if (!strcmp(optarg, "jsonl")) o->eo.jsonl = true;
            else return gmc_usage_error(cmd, "--format: expected csv or jsonl, got '%s'", optarg);
            break;
        case O_SUM: o->eo.summary = optarg; break;
        case O_REF: o->reference = optarg; break;
        case O_CHART: o->eo.chart = optarg; break;
        case O_CHARTD: o->eo.chart_data = optarg; break;
        case O_DIAG: o->diagnostics = optarg; break;
        case O_TRACE: o->trace = optarg; break;
        case 'o': o->output = optarg; break;
        case 'q': o->quiet = true; break;
        case GMC_OPT_ELECTION:
            if (gmc_election_add(&o->src, optarg)) return GMC_EUSAGE;
            break;
        default:
            /* --county is the chain's as well as a splits layer of the rows, in the order
             * given among the others (the columns follow it) */
            if (gmc_splits_opt(&o->so, cmd, c, optarg) < 0) return GMC_EUSAGE;
            if (c == 1100) o->county = optarg;
            break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (!o->src.units) return gmc_usage_error(cmd, "name the units with --units PATH");
    if (!o->src.pop) return gmc_usage_error(cmd, "name the population field with --pop FIELD: the chains keep districts within the population tolerance");
    if (!o->src.plan) return gmc_usage_error(cmd, "name the start plan with --plan (a column, an assignment file or a district layer)");
    if (o->src.at_large) return gmc_usage_error(cmd, "an at-large plan has one district; give a start plan with at least 2");
    if (!o->have_steps) return gmc_usage_error(cmd, "give the number of steps with --steps N (N >= 1)");
    if ((o->county_weight_set || o->g.max_county_splits >= 0) && !o->county)
        return gmc_usage_error(cmd, "--county-weight and --max-county-splits need --county FIELD");
    if (o->county && !o->county_weight_set && o->g.tree == GM_GEN_TREE_KRUSKAL) o->g.county_weight = 1;
    if (o->g.method == GM_GEN_REVERSIBLE && (o->g.tree == GM_GEN_TREE_KRUSKAL) && 0) return GMC_EUSAGE;
    if (o->g.county_weight > 0 && o->g.tree == GM_GEN_TREE_WILSON)
        return gmc_usage_error(cmd, "--county-weight applies to Kruskal trees (--tree kruskal); give --max-county-splits alone with --tree wilson");
    bool scored = o->eo.rows || o->eo.summary || o->eo.chart || o->eo.chart_data || o->reference ||
                  o->diagnostics || o->trace;
    bool votes = o->src.votes || o->src.n_elections;
    if (scored && !votes)
        return gmc_usage_error(cmd, "--rows, --summary, --reference, --chart, --diagnostics and --trace score the plans: name the parties with --votes D=FIELD,R=FIELD (or --election NAME:D=FIELD,R=FIELD per election)");
    if (votes && !scored)
        return gmc_usage_error(cmd, "%s scores the plans in the same pass: say where the scores go with --rows FILE and/or --summary FILE",
                               o->src.votes ? "--votes" : "--election");
    if (!votes && (o->so.n_admin > (o->county ? 1u : 0u) || o->so.vap || o->so.n_group))
        return gmc_usage_error(cmd, "--municipality, --split, --vap and --group are columns of the scored rows: score the plans with --votes D=FIELD,R=FIELD and --rows FILE and/or --summary FILE");
    if (!o->output && !scored)
        return gmc_usage_error(cmd, "name the plans file with -o PLANS (.jsonl, .jsonl.xz, .gmen, .ben), or score the plans in the same pass with --votes and --rows/--summary");
    if (!o->eo.rows) o->eo.rows = "none";
    const char *inputs[] = {o->src.units, o->src.plan, o->graph_arg, o->reference};
    const char *outs[] = {o->output, o->eo.rows, o->eo.summary, o->eo.chart, o->eo.chart_data,
                          o->diagnostics, o->trace};
    const char *names[] = {"--output", "--rows", "--summary", "--chart", "--chart-data",
                           "--diagnostics", "--trace"};
    int rc = gmc_check_outputs(names, outs, sizeof outs / sizeof *outs, inputs, 4);
    if (rc) return rc;
    o->eo.quiet = o->quiet;
    return -1;
}

/* A plans file: an atomic sink, through xz when the name ends in .xz. */
typedef struct plan_out {
    gmc_sink sink;
    bool open;
    FILE *f;        /* where the writer writes: the sink or xz's stdin */
    pid_t xz;
    gm_ens_writer *w;
} plan_out;

static int out_open(plan_out *po, const char *path, size_t n, size_t k, const gm_unit_order *order,
                    gm_error *err)
{
    memset(po, 0, sizeof *po);
    size_t len = strlen(path);
    bool xz = len > 3 && !strcmp(path + len - 3, ".xz");
    gm_ens_format fmt = gm_ens_format_guess(path);
    if (fmt == GM_ENS_CSV) {
        gmc_msg("%s: write generated plans as .jsonl, .jsonl.xz, .gmen or .ben", path);
        return GMC_EUSAGE;
    }
    if (xz && fmt != GM_ENS_JSONL) {
        gmc_msg("%s: only JSON Lines are compressed (.jsonl.xz); GMEN and BEN are already compact", path);
        return GMC_EUSAGE;
    }
    int rc = gmc_sink_open(&po->sink, path);
    if (rc) return rc;
    po->open = true;
    po->f = po->sink.f;
    if (xz) {
        int pfd[2];
        if (pipe(pfd) != 0) {
            gmc_msg("%s: cannot start xz: %s", path, strerror(errno));
            return GMC_EDATA;
        }
        fflush(po->sink.f);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, pfd[0], 0);
        posix_spawn_file_actions_adddup2(&fa, fileno(po->sink.f), 1);
        posix_spawn_file_actions_addclose(&fa, pfd[1]);
        char *xargv[] = {"xz", "-c", "-6", "-T1", NULL};
        int e = posix_spawnp(&po->xz, "xz", &fa, NULL, xargv, environ);
        posix_spawn_file_actions_destroy(&fa);
        close(pfd[0]);
        if (e != 0) {
            close(pfd[1]);
            po->xz = 0;
            gmc_msg("%s: cannot run xz (%s); install xz-utils or write .jsonl", path, strerror(e));
            return GMC_EDATA;
        }
        po->f = fdopen(pfd[1], "w");
        if (!po->f) {
            close(pfd[1]);
            gmc_msg("%s: cannot start xz", path);
            return GMC_EDATA;
        }
    }
    if (gm_ens_writer_open(po->f, fmt, n, k, NULL, order, &po->w, err) != GM_OK) return gmc_fail(err);
    /* GMEN holds the unit order in its header; JSON Lines and BEN beside them */
    return gmc_ens_write_sidecar(path, fmt == GM_ENS_GMEN ? NULL : order);
}

/* Finish the file (commit when ok and everything was written). */
static int out_close(plan_out *po, bool ok)
{
    int rc = 0;
    gm_error err;
    if (po->w && gm_ens_writer_close(po->w, &err) != GM_OK && ok) rc = gmc_fail(&err), ok = false;
    po->w = NULL;
    if (po->xz) {
        if (fclose(po->f) != 0 && ok) {
            gmc_msg("cannot write the plans through xz");
            ok = false;
            rc = GMC_EDATA;
        }
        int st = 0;
        waitpid(po->xz, &st, 0);
        if (ok && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
            gmc_msg("xz failed while compressing the plans");
            ok = false;
            rc = GMC_EDATA;
        }
        po->xz = 0;
    }
    if (po->open) {
        int r2 = gmc_sink_close(&po->sink, ok);
        if (!rc) rc = r2;
        po->open = false;
    }
    return rc;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void print_stats(const gm_gen_stream *st, size_t chains, double secs, double cpu,
                        uint64_t steps)
{
    for (size_t c = 0; c < chains; c++) {
        const gm_chain_stats *s = gm_gen_stream_stats(st, c);
        gmc_msg("chain %zu: %llu steps, %llu moves; self-loops %llu (pair not adjacent %llu, no "
                "balanced edge in the slot %llu, rejected %llu, over the county limit %llu); "
                "%llu trees, %llu without a balanced edge; %llu pairs given up",
                c, (unsigned long long)s->steps, (unsigned long long)s->moves,
                (unsigned long long)(s->loops_nonadjacent + s->loops_no_edge + s->loops_rejected +
                                     s->loops_county),
                (unsigned long long)s->loops_nonadjacent, (unsigned long long)s->loops_no_edge,
                (unsigned long long)s->loops_rejected, (unsigned long long)s->loops_county,
                (unsigned long long)s->trees, (unsigned long long)s->trees_unbalanced,
                (unsigned long long)s->pairs_given_up);
    }
    gmc_msg("%llu steps in %.2f s, %.2f s of CPU (%.0f steps/s, %.0f per CPU-second)",
            (unsigned long long)steps, secs, cpu, secs > 0 ? (double)steps / secs : 0.0,
            cpu > 0 ? (double)steps / cpu : 0.0);
}

/* The generator as an ensemble source: each plan it hands to the scorer is also written
 * to the plans file when there is one. */
typedef struct gen_source {
    gm_gen_stream *st;
    plan_out *po;    /* or NULL */
    bool chains;     /* write chain numbers */
    uint64_t index;
} gen_source;

static gm_status gen_next(void *ctx, int32_t *district, int64_t *sample, bool *got, gm_error *err)
{
    gen_source *gs = ctx;
    size_t c;
    uint64_t smp;
    gm_status rc = gm_gen_stream_next(gs->st, district, &c, &smp, got, err);
    if (rc || !*got) return rc;
    if (gs->po && (rc = gm_ens_write_chain(gs->po->w, district, (int64_t)smp, gs->chains ? (int)c : -1, err)))
        return rc;
    /* rows number plans by position; their sample is the chain's sample number */
    *sample = (int64_t)smp;
    gs->index++;
    return GM_OK;
}

/* Plans reach the scorer in the stream's order: round r holds GM_GEN_BLOCK samples of
 * chain 0, then of chain 1, ...; the last round holds the N mod GM_GEN_BLOCK samples left
 * of each chain. So a plan's chain and sample follow from its index. */
typedef struct diag_hook {
    gm_gen_diag *d;
    size_t C, M;
    uint64_t N; /* samples per chain */
    double v[GM_PLAN_METRICS_MAX];
} diag_hook;

static void on_plan(void *ctx, int64_t plan, const gm_plan_scores *s)
{
    diag_hook *h = ctx;
    uint64_t p = (uint64_t)plan, full = h->N / GM_GEN_BLOCK, round = GM_GEN_BLOCK * h->C;
    size_t c;
    uint64_t sample;
    if (p < full * round) {
        c = (size_t)(p % round / GM_GEN_BLOCK);
        sample = p / round * GM_GEN_BLOCK + p % GM_GEN_BLOCK;
    } else {
        uint64_t q = p - full * round, left = h->N - full * GM_GEN_BLOCK;
        c = (size_t)(q / left);
        sample = full * GM_GEN_BLOCK + q % left;
    }
    for (size_t m = 0; m < h->M; m++) h->v[m] = gm_plan_scores_get(s, m);
    gm_gen_diag_add(h->d, c, sample, h->v);
}

static void diag_json(FILE *f, const gm_gen_diag *d, const gm_gen_stream *st, size_t C)
{
    gmc_json j;
    gmc_json_init(&j, f);
    gmc_json_obj(&j, NULL);
    gmc_json_str(&j, "gerrymeter", gm_version());
    gmc_json_arr(&j, "chains");
    for (size_t c = 0; c < C; c++) {
        const gm_chain_stats *s = gm_gen_stream_stats(st, c);
        gmc_json_obj(&j, NULL);
        gmc_json_int(&j, "chain", (long long)c);
        gmc_json_int(&j, "steps", (long long)s->steps);
        gmc_json_int(&j, "moves", (long long)s->moves);
        gmc_json_int(&j, "self_loops_pair_not_adjacent", (long long)s->loops_nonadjacent);
        gmc_json_int(&j, "self_loops_empty_slot", (long long)s->loops_no_edge);
        gmc_json_int(&j, "self_loops_rejected", (long long)s->loops_rejected);
        gmc_json_int(&j, "self_loops_county_limit", (long long)s->loops_county);
        gmc_json_int(&j, "trees", (long long)s->trees);
        gmc_json_int(&j, "trees_without_balanced_edge", (long long)s->trees_unbalanced);
        gmc_json_int(&j, "pairs_given_up", (long long)s->pairs_given_up);
        gmc_json_end_obj(&j);
    }
    gmc_json_end_arr(&j);
    gmc_json_obj(&j, "metrics");
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++) {
        gm_gen_diag_metric dm;
        gm_gen_diag_get(d, m, &dm);
        gmc_json_obj(&j, gm_metric_get(GM_MF_PLAN, m)->key);
        gmc_json_num(&j, "mean", dm.mean);
        gmc_json_num(&j, "rhat", dm.rhat);
        gmc_json_num(&j, "ess", dm.ess);
        gmc_json_end_obj(&j);
    }
    gmc_json_end_obj(&j);
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

/* Write the diagnostics file and the trace chart that are asked for. */
static int write_diag(const gen_opts *o, const gm_gen_diag *d, const gm_gen_stream *st)
{
    int rc = 0;
    gmc_sink sk;
    if (o->diagnostics) {
        if ((rc = gmc_sink_open(&sk, o->diagnostics)) != 0) return rc;
        diag_json(sk.f, d, st, (size_t)o->chains);
        if ((rc = gmc_sink_close(&sk, true)) != 0) return rc;
    }
    if (o->trace) {
        gm_error err;
        if ((rc = gmc_sink_open(&sk, o->trace)) != 0) return rc;
        if (gm_report_trace_svg(sk.f, d, &err) != GM_OK) {
            gmc_sink_close(&sk, false);
            return gmc_fail(&err);
        }
        if ((rc = gmc_sink_close(&sk, true)) != 0) return rc;
    }
    return 0;
}

int gmc_ens_generate(int argc, char **argv)
{
    gen_opts o;
    int rc = parse_gen(argc, argv, &o);
    if (rc >= 0) return rc;
    gmc_source src = o.src;
    /* the graph built from the shapes, unless the units are a graph file's nodes */
    if ((!o.graph_arg || !strcmp(o.graph_arg, "auto")) && !gm_units_is_graph_file(src.units))
        src.need_geometry = true;
    gm_units *u = NULL;
    gm_plan *p = NULL, *ref = NULL;
    gm_admin *county = NULL;
    gmc_splits gsplits;          /* scored runs: splits and groups per plan */
    memset(&gsplits, 0, sizeof gsplits);
    gm_ens_reader *rd = NULL;
    gm_gen_diag *diag = NULL;
    gm_graph *g = NULL;
    gm_gen_stream *st = NULL;
    gm_warnings gw = {0}; /* the graph's (an order it cannot check) */
    int32_t *plan = NULL;
    plan_out po;
    memset(&po, 0, sizeof po);
    gm_error err;
    gm_error_clear(&err);
    if (o.reference) {
        const char *two[2] = {src.plan, o.reference};
        gm_plan *pp[2] = {NULL, NULL};
        if ((rc = gmc_load_plans(&src, two, 2, &u, pp)) != 0) return rc;
        p = pp[0];
        ref = pp[1];
    } else if ((rc = gmc_load(&src, &u, &p)) != 0) {
        return rc;
    }
    /* scored runs: the splits and groups, then the elections, of the rows, loaded and
     * registered as `ensemble score` does (in its order), before the chains start (a
     * refused option costs no graph) and before the diagnostics count the columns */
    bool scored = o.src.votes || o.src.n_elections;
    gmc_ens_elections gel;
    memset(&gel, 0, sizeof gel);
    if (scored && ((rc = gmc_splits_load(&o.so, "ensemble generate", u, &gsplits)) != 0 ||
                   (rc = gmc_ens_elections_load(&o.src, u, &gel)) != 0))
        goto done;
    if ((rc = gmc_load_graph(o.graph_arg ? o.graph_arg : "auto", u, &g, &gw)) != 0) goto done;
    if (o.k && (size_t)o.k != p->k) {
        gmc_msg("the start plan %s has %zu districts, not the %ld asked for with --districts; give "
                "a start plan with %ld districts",
                p->source, p->k, o.k, o.k);
        rc = GMC_EDATA;
        goto done;
    }
    if (o.county) {
        /* the counties as score --county reads them (gm_splits.h): the limit counts the
         * same splits */
        if (gm_admin_open(u, "county", o.county, &county, &err) != GM_OK) {
            gmc_msg("--county %s: %s", o.county, err.msg);
            rc = err.code == GM_E_ARG ? GMC_EUSAGE : GMC_EDATA;
            goto done;
        }
        o.g.county = county->of;
    }
    o.g.graph = g;
    o.g.pop = u->pop;
    o.g.k = p->k;
    o.g.start = p->district;
    bool write = o.output && strcmp(o.output, "none") != 0;
    gm_gen_run_spec rs = {.chain = &o.g, .chains = (size_t)o.chains, .steps = o.steps,
                          .burn_in = o.burn_in, .thin = o.thin, .threads = (size_t)o.threads,
                          .no_plans = !write && !scored};
    if (gm_gen_stream_open(&rs, &st, &err) != GM_OK) {
        rc = gmc_fail(&err);
        goto done;
    }
    gm_unit_order order;
    gm_units_order(u, &order);
    if (write && (rc = out_open(&po, o.output, u->n, p->k, &order, &err)) != 0) goto done;
    if (!(plan = malloc(u->n * sizeof *plan))) {
        gmc_msg("out of memory");
        rc = GMC_EDATA;
        goto done;
    }
    bool progress = !o.quiet && isatty(2);
    double t0 = now_s(), last = t0, c0 = cpu_s();
    if (scored) {
        /* score every plan as it is made: the same engine path as `ensemble score`; the
         * splits and groups asked for are columns of the rows (with --county, the county
         * splits the limit counts) */
        o.eo.extras = gsplits.x;
        o.eo.so = &o.so;
        o.eo.elections = &gel;
        gen_source gs = {st, write ? &po : NULL, o.chains > 1, 0};
        diag_hook dh = {NULL, (size_t)o.chains, gm_metric_count(GM_MF_PLAN), o.steps / o.thin + 1, {0}};
        if (gm_gen_diag_create((size_t)o.chains, o.steps / o.thin + 1, dh.M, &dh.d, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        diag = dh.d;
        o.eo.row_hook = on_plan;
        o.eo.row_ctx = &dh;
        if (gm_ens_open_source(u->n, "the generated plans", gen_next, &gs, &rd, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        /* the rows record the units' options and the reference (not the start plan), and
         * the plans as the chain that made them */
        gmc_source rsrc = o.src;
        rsrc.plan = o.reference;
        if (!o.reference) rsrc.district_id = rsrc.plan_where = rsrc.join = NULL;
        o.eo.src = &rsrc;
        o.eo.graph_arg = o.graph_arg ? o.graph_arg : "auto";
        o.eo.warnings = &gw;
        char made[512];
        snprintf(made, sizeof made,
                 "ensemble generate --method %s --seed %llu --chains %ld --steps %llu --burn-in "
                 "%llu --thin %llu --tolerance %g",
                 o.g.method == GM_GEN_REVERSIBLE ? "reversible" : "recom",
                 (unsigned long long)o.g.seed, o.chains, (unsigned long long)o.steps,
                 (unsigned long long)o.burn_in, (unsigned long long)o.thin, o.g.tolerance);
        if ((rc = gmc_ens_score_reader(rd, made, u, g, ref, p->k, &o.eo)) != 0)
            goto done;
        if ((rc = write_diag(&o, diag, st)) != 0) goto done;
        if (!o.quiet) {
            double worst = 1, least = INFINITY;
            for (size_t m = 0; m < dh.M; m++) {
                gm_gen_diag_metric dm;
                gm_gen_diag_get(diag, m, &dm);
                if (isfinite(dm.rhat)) worst = fmax(worst, dm.rhat);
                if (isfinite(dm.ess)) least = fmin(least, dm.ess);
            }
            gmc_msg("largest split R-hat %.3f, smallest effective sample size %.0f of %llu samples",
                    worst, isfinite(least) ? least : 0.0,
                    (unsigned long long)gm_gen_stream_total(st));
        }
        if (write && (rc = out_close(&po, true)) != 0) goto done;
        if (!o.quiet) print_stats(st, (size_t)o.chains, now_s() - t0, cpu_s() - c0,
                                  (uint64_t)o.chains * (o.burn_in + o.steps));
        goto done;
    }
    /* plans only: the inputs' warnings go to standard error (scored runs carry them in the
     * rows and summary) */
    gmc_warnings_stderr(&u->warnings);
    gmc_warnings_stderr(&p->warnings);
    gmc_warnings_stderr(&gw);
    uint64_t total = gm_gen_stream_total(st), got_n = 0;
    for (;;) {
        bool got;
        size_t c;
        uint64_t smp;
        if (gm_gen_stream_next(st, write ? plan : NULL, &c, &smp, &got, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        if (!got) break;
        if (write && gm_ens_write_chain(po.w, plan, (int64_t)smp, o.chains > 1 ? (int)c : -1, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        got_n++;
        if (progress && now_s() - last > 0.5) {
            last = now_s();
            fprintf(stderr, "\rgerrymeter: generate: %llu of %llu samples   ",
                    (unsigned long long)got_n, (unsigned long long)total);
        }
    }
    if (progress) fputc('\n', stderr);
    if (write && (rc = out_close(&po, true)) != 0) goto done;
    if (!o.quiet) print_stats(st, (size_t)o.chains, now_s() - t0, cpu_s() - c0,
                              (uint64_t)o.chains * (o.burn_in + o.steps));
done:
    gm_warnings_free(&gw);
    gm_ens_close(rd, NULL);
    gm_gen_diag_destroy(diag);
    if (po.open) out_close(&po, false);
    gm_plan_destroy(ref);
    free(plan);
    gm_gen_stream_close(st);
    gm_admin_destroy(county);
    gmc_splits_free(&gsplits);
    gm_graph_destroy(g);
    gm_plan_destroy(p);
    gm_units_destroy(u);
    return rc;
}
