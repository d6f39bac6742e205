/* cmd_ensemble.c: `gerrymeter ensemble score` (options, output files, the --resume
 * checkpoint, progress and the MPI start-up around the engine's gm_ens_run), and the
 * same scoring of an open reader for `ensemble generate` (gmc_ens_score_reader). */
#include "cli.h"
#include "cmd_ensemble.h"
#include "ens_out.h"
#include "ens_resume.h"
#include "opts.h"
#include "out.h"
#include "ens_elections.h"
#include "splits_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gerrymeter/gm_driver.h"
#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_graph.h"


static const char help_score[] =
    "Usage: gerrymeter ensemble score --units PATH --pop F --votes D=F,R=F --plans FILE [OPTIONS]\n\n"
    "Score every plan of an ensemble: seats, efficiency gap, mean-median, partisan bias,\n"
    "declination, population deviation and, with a graph, cut edges, Polsby-Popper\n"
    "(mean and minimum over districts) and the number of non-contiguous districts.\n"
    "Plans stream from FILE; memory does not grow with their number.\n\n"
    "%s\n"
    "%s\n"
    "Several elections (instead of --votes):\n"
    "  --election NAME:D=FIELD,R=FIELD\n"
    "                           an election's two vote fields; repeat it for each election\n"
    "                           (up to 8): the rows keep the first election's columns and add\n"
    "                           NAME.METRIC columns of every election and of their composite\n"
    "                           (composite.METRIC: the mean of the district shares)\n"
    "Ensemble:\n"
    "  --plans FILE             JSONL (\"assignment\" arrays; .xz read through xz), CSV,\n"
    "                           GMEN or BEN; '-' reads standard input\n"
    "  --plans-format F         jsonl|csv|gmen|ben when the name does not tell\n"
    "  --districts K            districts per plan (default: the largest id in the first\n"
    "                           plans + 1); every plan must use ids 0..K-1, and the\n"
    "                           reference plan must have K districts\n"
    "  --graph FILE|auto        adjacency graph from 'gerrymeter graph' (JSON), or 'auto' to\n"
    "                           build it from the unit geometry (or take the graph file\n"
    "                           given as --units); enables cut edges,\n"
    "                           Polsby-Popper and contiguity\n"
    "  --no-contiguity          with a graph, leave noncontiguous_districts empty (faster)\n"
    "  --reference PLAN         compare this plan (a column, assignment CSV or layer; --plan\n"
    "                           is the same) with the ensemble: percentiles, sorted-share chart\n"
    "  --shard K/N              score only plans i with i mod N = K-1 (K in 1..N)\n"
    "  --threads N              worker threads (default: one per CPU)\n"
    "  --pop-dev-limit F|none   stop when the median of the first 1,024 plans is more than F\n"
    "                           (a fraction, default 0.2) off the ideal population and the\n"
    "                           plans carry no unit ids (JSONL, BEN): they were likely drawn\n"
    "                           on the units in another order. 'none' for plans drawn\n"
    "                           unbalanced on purpose\n"
    "Output:\n"
    "  --format csv|jsonl       per-plan rows (default csv)\n"
    "  -o, --output FILE        rows to FILE (atomically; default standard output; 'none'),\n"
    "                           or to a database table: -o PG:CONNECTION --table NAME\n"
    "  --table NAME             the new table (or SCHEMA.TABLE) of a PG: output, written by\n"
    "                           COPY in one transaction: all rows or none\n"
    "  --overwrite              replace that table when it exists (refused otherwise)\n"
    "  --resume                 keep finished rows in FILE.partial (and what run wrote them\n"
    "                           in FILE.resume), so that the same command run again after an\n"
    "                           interruption continues after the last complete row\n"
    "  --summary FILE           summary JSON (mean, SD, quantiles, histogram, reference)\n"
    "  --chart FILE.svg         sorted-district-share chart (needs --reference to show a plan)\n"
    "  --chart-data FILE.csv    the chart's numbers\n"
    "  -q, --quiet              no progress line (shown only when stderr is a terminal)\n"
    "  -h, --help               show this help\n\n"
    "Example:\n"
    "  gerrymeter ensemble score --units mn_08_16.zip --pop TOTPOP --votes D=USH16D,R=USH16R \\\n"
    "      --plans mn_congdist_recom_10000.jsonl.xz --graph mn.json --reference CONGDIST \\\n"
    "      --summary summary.json --chart chart.svg -o plans.csv\n";

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Parse "K/N" with 1 <= K <= N. */
static int parse_shard(const char *arg, long *k, long *n)
{
    char *e;
    *k = strtol(arg, &e, 10);
    if (e == arg || *e != '/') return -1;
    const char *s = e + 1;
    *n = strtol(s, &e, 10);
    if (e == s || *e || *n < 1 || *k < 1 || *k > *n) return -1;
    return 0;
}

/* Everything `ensemble score` was asked to do. */
typedef struct score_opts {
    gmc_source src;
    const char *plans, *graph_arg, *output, *summary, *chart, *chart_data;
    const char *table;       /* --table: the rows go to this table of the database output */
    bool db, overwrite;      /* output is a database ("PG:..."); --overwrite */
    gm_ens_format pfmt;
    long k_opt, shard_k, shard_n, threads;
    double pop_dev_limit;    /* gm_ens_run_spec.pop_dev_limit: 0 default, -1 none */
    bool csv, quiet, resume, no_contiguity;
    bool use_range;          /* score plans [range_lo, range_hi) of a GMEN file (MPI) */
    uint64_t range_lo, range_hi, range_total;
    bool part_of_mpi;        /* one rank's part: the merge shows the warnings, once */
    void (*row_hook)(void *ctx, int64_t plan, const gm_plan_scores *s); /* or NULL */
    void *row_ctx;
    gmc_splits_opts so;      /* --county, --group, ...: per-plan splits and demographics */
    const gm_plan_extras *extras; /* loaded by the caller (generate), or NULL: from so */
    const gmc_ens_elections *elections; /* the same for src's elections */
} score_opts;

/* Parse the options. Returns -1 to go on, else the exit code. */
static int parse_score(int argc, char **argv, score_opts *o)
{
    static const struct option lo[] = {GMC_SOURCE_LONGOPTS,
                                       {"plans", required_argument, 0, 'p'},
                                       {"plans-format", required_argument, 0, 'P'},
                                       {"districts", required_argument, 0, 'k'},
                                       {"graph", required_argument, 0, 'g'},
                                       {"reference", required_argument, 0, 'r'},
                                       {"shard", required_argument, 0, 's'},
                                       {"threads", required_argument, 0, 't'},
                                       {"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"table", required_argument, 0, 'T'},
                                       {"overwrite", no_argument, 0, 'O'},
                                       {"summary", required_argument, 0, 'S'},
                                       {"chart", required_argument, 0, 'c'},
                                       {"chart-data", required_argument, 0, 'C'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"resume", no_argument, 0, 'R'},
                                       {"pop-dev-limit", required_argument, 0, 'L'},
                                       {"no-contiguity", no_argument, 0, 'N'},
                                       {"help", no_argument, 0, 'h'},
                                       {"election", required_argument, 0, GMC_OPT_ELECTION},
                                       GMC_SPLITS_LONGOPTS,
                                       {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    o->pfmt = GM_ENS_AUTO;
    o->shard_k = o->shard_n = 1;
    o->csv = true;
    gm_error err;
    gm_error_clear(&err);
    gmc_getopt args = {.cmd = "ensemble score", .shortopts = ":ho:f:q", .longopts = lo,
                       .help = help_score, .help_fmt = true, .help2 = gmc_splits_help,
                       .src = &o->src};
    int c;
    const char *reference = NULL;
    while ((c = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (c) {
        case 'p': o->plans = optarg; break;
        case 'P':
            if (gm_ens_format_parse(optarg, &o->pfmt, &err)) return gmc_usage_error("ensemble score", "--plans-format: %s", err.msg);
            break;
        case 'k':
            if (gmc_parse_long("--districts", optarg, 1, 65536, &o->k_opt)) return GMC_EUSAGE;
            break;
        case 'g': o->graph_arg = optarg; break;
        case 'r': reference = optarg; break;
        case 's':
            if (parse_shard(optarg, &o->shard_k, &o->shard_n))
                return gmc_usage_error("ensemble score", "--shard: expected K/N with 1 <= K <= N, got '%s'", optarg);
            break;
        case 't':
            if (gmc_parse_long("--threads", optarg, 1, 256, &o->threads)) return GMC_EUSAGE;
            break;
        case 'f':
            if (!strcmp(optarg, "csv")) o->csv = true;
            else if (!strcmp(optarg, "jsonl")) o->csv = false;
            else return gmc_usage_error("ensemble score", "--format: expected csv or jsonl, got '%s'", optarg);
            break;
        case 'o': o->output = optarg; break;
        case 'T': o->table = optarg; break;
        case 'O': o->overwrite = true; break;
        case 'S': o->summary = optarg; break;
        case 'c': o->chart = optarg; break;
        case 'C': o->chart_data = optarg; break;
        case 'q': o->quiet = true; break;
        case 'R': o->resume = true; break;
        case 'L':
            if (!strcmp(optarg, "none")) o->pop_dev_limit = -1;
            else if (gmc_parse_double("--pop-dev-limit", optarg, 1e-9, 1e9, &o->pop_dev_limit)) return GMC_EUSAGE;
            break;
        case 'N': o->no_contiguity = true; break;
        case GMC_OPT_ELECTION:
            if (gmc_election_add(&o->src, optarg)) return GMC_EUSAGE;
            break;
        default:
            if (gmc_splits_opt(&o->so, "ensemble score", c, optarg) < 0) return GMC_EUSAGE;
            break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (reference && o->src.plan)
        return gmc_usage_error("ensemble score", "--reference and --plan are one option (the plan "
                                                 "compared with the ensemble); give it once");
    if (reference) o->src.plan = reference;
    if (!o->plans) return gmc_usage_error("ensemble score", "name the ensemble with --plans FILE");
    if (o->chart && !o->src.plan)
        gmc_msg("warning: --chart without --reference draws the ensemble alone: no plan is "
                "marked on it");
    bool rows = !(o->output && !strcmp(o->output, "none"));
    o->db = gmc_is_database(o->output);
    int rc = gmc_check_db_output("ensemble score", o->output, o->table, o->overwrite);
    if (rc) return rc;
    if (o->db && o->resume)
        return gmc_usage_error("ensemble score", "--resume keeps the rows in a file; a database "
                                                 "table is written in one transaction (all rows "
                                                 "or none): run the command again instead");
    if (o->db && !o->csv)
        return gmc_usage_error("ensemble score", "--format chooses a file format; a database "
                                                 "output (-o PG:...) is a table");
    if (o->resume && (!rows || !o->output || !strcmp(o->output, "-")))
        return gmc_usage_error("ensemble score", "--resume keeps the rows written so far: name the rows file with -o FILE");
    if (o->no_contiguity && !o->graph_arg)
        return gmc_usage_error("ensemble score", "--no-contiguity acts only with --graph (without a "
                                                 "graph contiguity is not counted)");
    const char *inputs[] = {o->src.units, o->plans, o->graph_arg, o->src.plan};
    const char *opt[] = {"--output", "--summary", "--chart", "--chart-data"};
    const char *outs[] = {rows && !o->db ? o->output : NULL, o->summary, o->chart, o->chart_data};
    rc = gmc_check_outputs(opt, outs, 4, inputs, 4);
    if (rc) return rc;
    return -1;
}

/* "name=value" (and the file's size and time when it names a regular file, also as
 * PATH:LAYER). */
static void key_file(FILE *f, const char *name, const char *arg)
{
    struct stat st;
    fprintf(f, "%s=%s\n", name, arg ? arg : "");
    if (!arg) return;
    char *path = NULL, *layer = NULL;
    gm_error err;
    const char *p = gm_split_path_layer(arg, &path, &layer, &err) == GM_OK && path ? path : arg;
    if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
        fprintf(f, "%s-file=%lld bytes, modified %lld.%09ld\n", name, (long long)st.st_size,
                (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    free(path);
    free(layer);
}

/* What a --resume checkpoint records of the run: everything that decides the rows, the
 * order of the units they are scored on among them (gmc_resume_open reads that line). */
static char *resume_key(const score_opts *o, const gm_units *u)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    const gmc_source *s = &o->src;
    const char *v[][2] = {{"layer", s->layer},       {"where", s->where},     {"pop", s->pop},
                          {"id", s->id},             {"votes", s->votes},     {"crs", s->crs},
                          {"district-id", s->district_id},
                          {"plan-where", s->plan_where}, {"join", s->join}};
    fputs("gerrymeter ensemble score --resume checkpoint 2\n", f);
    gm_unit_order uo;
    char ot[400];
    gm_units_order(u, &uo);
    gm_unit_order_format(&uo, ot, sizeof ot);
    fprintf(f, "%s%s\n", GMC_RESUME_ORDER, ot);
    key_file(f, "units", s->units);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (v[i][1]) fprintf(f, "%s=%s\n", v[i][0], v[i][1]);
    fprintf(f, "negative-votes=%d\n", s->negative_votes);
    if (s->plan) key_file(f, "reference", s->plan);
    key_file(f, "plans", o->plans);
    fprintf(f, "plans-format=%d\ndistricts=%ld\n", (int)o->pfmt, o->k_opt);
    if (o->graph_arg) key_file(f, "graph", o->graph_arg);
    if (o->no_contiguity) fputs("no-contiguity\n", f);
    fprintf(f, "shard=%ld/%ld\nformat=%s\n", o->shard_k, o->shard_n, o->csv ? "csv" : "jsonl");
    for (size_t i = 0; i < o->so.n_admin; i++) fprintf(f, "split=%s=%s\n", o->so.name[i], o->so.field[i]);
    if (o->so.vap) fprintf(f, "vap=%s\n", o->so.vap);
    for (size_t i = 0; i < o->so.n_group; i++) fprintf(f, "group=%s\n", o->so.group[i]);
    for (size_t e = 0; e < s->n_elections; e++) fprintf(f, "election=%s\n", s->election[e]);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The CLI's side of a run: where the rows go, the checkpoint and the progress line. The
 * engine calls these from gm_ens_run. */
typedef struct score_io {
    const score_opts *o;
    const gm_units *u;
    const gm_plan *ref;        /* the reference plan, or NULL */
    const gm_warnings *warn;   /* the run's warnings, recorded in the rows */
    gm_rows_info ri;           /* what the rows say about themselves */
    bool ri_set;
    gm_rows_format fmt;
    bool rows;             /* rows are written (not -o none) */
    gmc_sink sink;         /* the rows file, when not resuming */
    bool sink_open;
    gm_rows_table *tbl;    /* the rows table of a database output, until its commit */
    gmc_resume *rs;        /* the --resume checkpoint, or NULL */
    gm_unit_order order;   /* of the units: the rows' "unit order" metadata */
    FILE *rowf;            /* where rows go: the sink or the checkpoint's partial file */
    int rc;                /* exit code of a callback that stopped the run */
    uint64_t blocks;       /* blocks whose rows were delivered */
    bool progress;
    double t0, last;
} score_io;

/* The last part of a path: what the rows record of an input file (the parts of one
 * run may be scored on machines that keep the files in other folders); a database
 * source whole. */
static const char *base_name(const char *p)
{
    if (gmc_is_database(p)) return p; /* a table of a database: the whole connection */
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* What the rows say about the run (docs/ensembles.md, "Per-plan metrics"): everything
 * that decides their numbers, the part of the plans they hold and the warnings. */
static int rows_info(score_io *io, size_t k)
{
    const score_opts *o = io->o;
    const gmc_source *s = &o->src;
    const gm_units *u = io->u;
    gm_rows_info *ri = &io->ri;
    gm_error err;
    gm_error_clear(&err);
    bool two = u->n_parties >= 2;
    gm_status st = gm_rows_info_init(ri, io->fmt, k, two ? u->party[0] : NULL,
                                     two ? u->party[1] : NULL, &err);
    io->ri_set = true;
    if (!st && two) st = gm_rows_info_add(ri, &err, "votes", "%s,%s", u->vote_field[0], u->vote_field[1]);
    if (!st) st = gm_rows_info_add(ri, &err, "population", "%s", u->pop_field ? u->pop_field : "none");
    if (!st) st = gm_rows_info_add(ri, &err, "units", "%s, %zu units", base_name(s->units), u->n);
    if (!st) st = gm_rows_info_add_order(ri, &io->order, &err);
    const char *v[][2] = {{"layer", s->layer}, {"where", s->where}, {"id", s->id}, {"crs", s->crs}};
    for (size_t i = 0; !st && i < sizeof v / sizeof v[0]; i++)
        if (v[i][1]) st = gm_rows_info_add(ri, &err, v[i][0], "%s", v[i][1]);
    if (!st && s->negative_votes == GM_NEG_ZERO) st = gm_rows_info_add(ri, &err, "negative votes", "read as 0");
    if (!st) st = gm_rows_info_add(ri, &err, "plans", "%s", strcmp(o->plans, "-") ? base_name(o->plans) : "standard input");
    const char *r[][2] = {{"reference", s->plan}, {"reference district id", s->district_id},
                          {"reference where", s->plan_where}, {"reference join", s->join}};
    for (size_t i = 0; !st && s->plan && i < sizeof r / sizeof r[0]; i++)
        if (r[i][1]) st = gm_rows_info_add(ri, &err, r[i][0], "%s", r[i][1]);
    if (!st && io->ref)
        st = gm_rows_info_add(ri, &err, "reference plan fingerprint", "%016llx",
                              (unsigned long long)gm_ens_plan_fingerprint(io->ref->district, io->ref->n_units));
    if (!st && o->graph_arg)
        st = gm_rows_info_add(ri, &err, "graph", "%s", strcmp(o->graph_arg, "auto") ? base_name(o->graph_arg) : "auto");
    if (!st && o->shard_n > 1) st = gm_rows_info_add(ri, &err, "shard", "%ld/%ld", o->shard_k, o->shard_n);
    if (!st && o->use_range)
        st = gm_rows_info_add(ri, &err, "range", "[%llu, %llu) of %llu", (unsigned long long)o->range_lo,
                              (unsigned long long)o->range_hi, (unsigned long long)o->range_total);
    for (size_t i = 0; !st && i < o->so.n_admin; i++)
        st = gm_rows_info_add(ri, &err, "split", "%s=%s", o->so.name[i], o->so.field[i]);
    if (!st && o->so.vap) st = gm_rows_info_add(ri, &err, "vap", "%s", o->so.vap);
    for (size_t i = 0; !st && i < o->so.n_group; i++)
        st = gm_rows_info_add(ri, &err, "group", "%s", o->so.group[i]);
    for (size_t e = 0; !st && e < s->n_elections; e++)
        st = gm_rows_info_add(ri, &err, "election", "%s", s->election[e]);
    if (!st) st = gm_rows_info_add_warnings(ri, io->warn, &err);
    return st ? gmc_fail(&err) : 0;
}

static int on_begin(void *ctx, size_t k)
{
    score_io *io = ctx;
    if (!io->rows) return 0;
    if ((io->rc = rows_info(io, k)) != 0) return io->rc;
    if (io->o->db) {
        gm_error err;
        gm_error_clear(&err);
        if (gm_rows_table_open(io->o->output, io->o->table, io->o->overwrite, &io->ri, &io->tbl,
                               &err) != GM_OK)
            io->rc = gmc_fail(&err);
        return io->rc;
    }
    if (!io->rs) {
        if ((io->rc = gmc_sink_open(&io->sink, io->o->output)) != 0) return io->rc;
        io->sink_open = true;
        io->rowf = io->sink.f;
    }
    if (!(io->rs && io->rs->has_header)) gm_ens_rows_header(io->rowf, &io->ri, NULL);
    return 0;
}

static int on_row(void *ctx, int64_t plan, const gm_plan_scores *s, const double *shares, size_t k)
{
    score_io *io = ctx;
    /* A failed write to a file stays on the stream: the checkpoint's flush after the
     * block and the commit of the output report it. The reference row is kept once in
     * a checkpoint. A table's row that fails stops the run (rolled back at its end). */
    if (io->tbl) {
        gm_error err;
        gm_error_clear(&err);
        if (gm_rows_table_write(io->tbl, plan, s, shares, &err) != GM_OK)
            return io->rc = gmc_fail(&err);
    } else if (io->rows && !(plan < 0 && io->rs && io->rs->has_ref)) {
        gm_ens_row_write(io->rowf, &io->ri, plan, s, shares, NULL);
    }
    (void)k;
    if (plan >= 0 && io->o->row_hook) io->o->row_hook(io->o->row_ctx, plan, s);
    return 0;
}

static int on_block(void *ctx, uint64_t scored)
{
    score_io *io = ctx;
    if (io->rs && (io->rc = gmc_resume_flush(io->rs)) != 0) return io->rc;
    io->blocks++;
    if (io->progress && now_s() - io->last > 0.5) {
        io->last = now_s();
        fprintf(stderr, "\rgerrymeter: ensemble: %llu plans scored, %.0f plans/s   ",
                (unsigned long long)scored, (double)scored / (io->last - io->t0));
    }
    return 0;
}

static int run_loaded(const score_opts *o, const gm_units *u, const gm_plan *ref,
                      const gm_graph *g, gm_ens_reader *reader, const gm_warnings *pre);

static int run_score(const score_opts *o)
{
    gmc_source src = o->src;
    gm_error err;
    gm_error_clear(&err);
    if (o->graph_arg && !strcmp(o->graph_arg, "auto") && !gm_units_is_graph_file(src.units))
        src.need_geometry = true; /* the graph built from the shapes */
    gm_units *u = NULL;
    gm_plan *ref = NULL;
    gm_graph *g = NULL;
    gm_warnings gw = {0}; /* the graph's (an order it cannot check) */
    /* no reference: the units alone (--at-large with --reference is refused by gmc_load) */
    int rc = src.plan ? gmc_load(&src, &u, &ref) : gmc_load_units(&src, &u);
    if (rc) return rc;
    if (o->graph_arg && (rc = gmc_load_graph(o->graph_arg, u, &g, &gw)) != 0) {
        if (!o->part_of_mpi) gmc_warnings_stderr(&u->warnings);
        goto done;
    }
    rc = run_loaded(o, u, ref, g, NULL, &gw);
done:
    gm_warnings_free(&gw);
    gm_graph_destroy(g);
    gm_plan_destroy(ref);
    gm_units_destroy(u);
    return rc;
}

int gmc_ens_score_reader(gm_ens_reader *reader, const char *name, const gm_units *u,
                         const gm_graph *g, const gm_plan *ref, size_t k,
                         const gmc_ens_outputs *out)
{
    score_opts o;
    memset(&o, 0, sizeof o);
    o.plans = name;
    o.output = out->rows;
    o.csv = !out->jsonl;
    o.summary = out->summary;
    o.chart = out->chart;
    o.chart_data = out->chart_data;
    o.quiet = out->quiet;
    o.threads = out->threads;
    o.k_opt = (long)k;
    o.shard_k = o.shard_n = 1;
    o.row_hook = out->row_hook;
    o.row_ctx = out->row_ctx;
    if (out->src) o.src = *out->src;
    o.graph_arg = out->graph_arg;
    if (out->so) o.so = *out->so;
    o.extras = out->extras;
    o.elections = out->elections;
    return run_loaded(&o, u, ref, g, reader, out->warnings);
}

/* Everything `ensemble score` does once the units, reference and graph are loaded: the
 * rows, the checkpoint, the run and the summaries. reader: plans from it instead of
 * opening o->plans. */
static int run_loaded(const score_opts *o, const gm_units *u, const gm_plan *ref,
                      const gm_graph *g, gm_ens_reader *reader, const gm_warnings *pre)
{
    gm_error err;
    gm_error_clear(&err);
    score_io io;
    memset(&io, 0, sizeof io);
    io.o = o;
    io.fmt = o->csv ? GM_ROWS_CSV : GM_ROWS_JSONL;
    io.rows = !(o->output && !strcmp(o->output, "none"));
    gm_ens_summary *sum = NULL;
    gmc_resume rs;
    char *key = NULL;
    int rc = 0;
    gmc_splits splits;
    memset(&splits, 0, sizeof splits);
    /* the run's warnings: the inputs', and a deviation that cannot be computed */
    gm_warnings warn = {0};
    gm_warnings_merge(&warn, &u->warnings);
    if (ref) gm_warnings_merge(&warn, &ref->warnings);
    gm_warnings_merge(&warn, pre);
    if (!u->pop_field)
        gm_warn(&warn, "no_population",
                "no population field (--pop): population deviation (pop_dev) is left empty");
    io.u = u;
    io.ref = ref;
    io.warn = &warn;
    gm_units_order(u, &io.order);
    gm_ens_run_spec spec;
    memset(&spec, 0, sizeof spec);
    gm_batch_spec_init(&spec.batch, u, g);
    spec.batch.k = (size_t)o->k_opt; /* 0: from the plans (the reference is checked against it) */
    spec.batch.no_contiguity = o->no_contiguity;
    if (!o->extras && (rc = gmc_splits_load(&o->so, "ensemble score", u, &splits)) != 0) goto done;
    spec.batch.extras = o->extras ? o->extras : splits.x;
    /* several elections: their rows after those of the splits (merge registers them in
     * the same order) */
    gmc_ens_elections el;
    if (o->elections) el = *o->elections;
    else if ((rc = gmc_ens_elections_load(&o->src, u, &el)) != 0) goto done;
    spec.batch.n_elections = el.n;
    spec.batch.election = el.col;
    spec.plans = o->plans;
    spec.format = o->pfmt;
    spec.shard_k = (uint64_t)o->shard_k;
    spec.shard_n = (uint64_t)o->shard_n;
    spec.use_range = o->use_range;
    spec.range_lo = o->range_lo;
    spec.range_hi = o->range_hi;
    spec.threads = (size_t)o->threads;
    spec.reference = ref;
    spec.reader = reader;
    spec.units = u;
    spec.warnings = &warn;
    spec.pop_dev_limit = o->pop_dev_limit;
    if (o->resume) {
        if (!(key = resume_key(o, u))) {
            gmc_msg("out of memory");
            rc = GMC_EDATA;
            goto done;
        }
        io.rs = &rs;
        rc = gmc_resume_open(&rs, o->output, key, o->csv, spec.batch.k, o->shard_k, o->shard_n,
                             g ? g->n_edges : 0, &io.order, &sum);
        if (rc) goto done;
        if (rs.k && spec.batch.k && (size_t)rs.k != spec.batch.k) {
            gmc_msg("%s has rows of %ld districts, this run expects %zu; delete it and %s to start again",
                    rs.part, rs.k, spec.batch.k, rs.record);
            rc = GMC_EDATA;
            goto done;
        }
        if (rs.k) spec.batch.k = (size_t)rs.k;
        spec.start = (uint64_t)(rs.last + 1);
        io.rowf = rs.f;
        static char note[1200];
        snprintf(note, sizeof note, "the rows so far are in %s: run the same command to continue", rs.part);
        gmc_signals_note(note);
    }
    io.progress = !o->quiet && isatty(2);
    io.t0 = io.last = now_s();
    if (io.progress && io.rs && rs.rows)
        fprintf(stderr, "gerrymeter: ensemble: %llu rows kept in %s; continuing after plan %lld\n",
                (unsigned long long)rs.rows, rs.part, rs.last);
    gm_ens_run_cb cb = {&io, on_begin, on_row, on_block, NULL};
    gm_ens_run_stats stats;
    if (gm_ens_run(&spec, &cb, &sum, &stats, &err) != GM_OK) {
        rc = io.rc ? io.rc : gmc_fail(&err);
        goto done;
    }
    if (io.progress) fputc('\n', stderr);
    /* the end line: a finished run (a write error is met by the commit below) */
    if (io.rows && io.ri_set && io.rowf)
        gm_ens_rows_end(io.rowf, &io.ri, stats.next_plan, stats.scored + (io.rs ? rs.rows : 0), NULL);
    if (io.tbl) { /* the table appears now, whole */
        gm_rows_table *t = io.tbl;
        io.tbl = NULL;
        if (gm_rows_table_commit(t, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
    }
    if (io.sink_open) {
        io.sink_open = false;
        if ((rc = gmc_sink_close(&io.sink, true)) != 0) goto done;
    }
    /* the summary before the checkpoint is retired: if it cannot be written, the same
     * command run again still finds every row */
    rc = gmc_ens_write_summaries(sum, u->n_parties >= 2 ? u->party[0] : "a",
                                 u->n_parties >= 2 ? u->party[1] : "b", &warn, o->summary, o->chart,
                                 o->chart_data);
    if (!rc && io.rs) {
        rc = gmc_resume_finish(&rs);
        gmc_signals_note(NULL);
    }
done:
    /* the run's warnings, also when it failed (a rank of an MPI run leaves them to the
     * merge, which reads them from the rows) */
    if (!o->part_of_mpi) gmc_warnings_stderr(&warn);
    if (io.sink_open) gmc_sink_close(&io.sink, false);
    gm_rows_table_abort(io.tbl); /* a failed run: rolled back, the database as it was */
    /* an error keeps the checkpoint, unless this run made it and stopped before its first
     * block of rows (a refused input): then nothing is left */
    if (io.rs && rc && !io.blocks) gmc_resume_discard(&rs);
    if (io.rs) gmc_resume_close(&rs);
    gm_rows_info_free(&io.ri);
    gm_warnings_free(&warn);
    free(key);
    gm_ens_summary_destroy(sum);
    gmc_splits_free(&splits);
    return rc;
}

#ifdef GM_HAVE_MPI
#include <mpi.h>

/* `mpirun -n N gerrymeter ensemble score ...`: every rank scores one part of the plans
 * into a temporary rows file beside the output, then rank 0 merges the parts in plan
 * order and computes the summary from the merged rows (gm_ens_merge, as `ensemble merge`
 * does): the output and the summary are byte for byte those of one process.
 * A GMEN file is split into N contiguous ranges of plans (each rank seeks to its first
 * plan); other inputs (JSONL, .xz, CSV, a pipe) cannot be split by position, so every
 * rank reads the stream and scores the plans i with i mod N = rank. */
static int score_mpi(const score_opts *o)
{
    /* Started by mpirun/srun? Otherwise no MPI at all (no singleton start-up cost). */
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMI_SIZE") && !getenv("PMIX_RANK"))
        return run_score(o);
    MPI_Init(NULL, NULL);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size == 1) {
        int rc = run_score(o);
        MPI_Finalize();
        return rc;
    }
    int rc = 0;
    gm_error err;
    gm_error_clear(&err);
    if (o->resume) {
        if (rank == 0) gmc_msg("--resume works in one process: run the interrupted command without mpirun, or use --shard K/N runs with --resume and 'ensemble merge'");
        MPI_Finalize();
        return GMC_EUSAGE;
    }
    if (o->db) {
        if (rank == 0) gmc_msg("a database output (-o PG:...) is written by one process: run the command without mpirun");
        MPI_Finalize();
        return GMC_EUSAGE;
    }
    if (o->shard_n > 1) {
        if (rank == 0) gmc_msg("--shard and mpirun exclude each other: MPI splits the plans itself");
        MPI_Finalize();
        return GMC_EUSAGE;
    }
    /* Agree on k before any rank writes a header: rank 0 reads the first block (an error
     * here is met again, and reported, by the runs). */
    long k = o->k_opt;
    if (!k && rank == 0) {
        size_t gk = 0;
        if (gm_ens_guess_k(o->plans, o->pfmt, &gk, NULL) == GM_OK) k = (long)gk;
    }
    MPI_Bcast(&k, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    /* A tag shared by the ranks names the temporary files. */
    long tag = (long)getpid();
    MPI_Bcast(&tag, 1, MPI_LONG, 0, MPI_COMM_WORLD);
    char dir[4096] = ".";
    bool rows = !(o->output && !strcmp(o->output, "none"));
    if (rows && o->output && strcmp(o->output, "-")) {
        const char *sl = strrchr(o->output, '/');
        if (sl) snprintf(dir, sizeof dir, "%.*s", (int)(sl - o->output), o->output);
        if (sl == o->output) snprintf(dir, sizeof dir, "/");
    }
    const char *ext = o->csv ? "csv" : "jsonl";
    char mine[4200];
    snprintf(mine, sizeof mine, "%s/.gm-mpi-%ld-%d.%s", dir, tag, rank, ext);
    score_opts r = *o;
    r.k_opt = k;
    r.output = mine;
    r.summary = r.chart = r.chart_data = NULL;
    r.quiet = o->quiet || rank != 0;
    r.part_of_mpi = true;
    gm_ens_format f = o->pfmt == GM_ENS_AUTO ? gm_ens_format_guess(o->plans) : o->pfmt;
    size_t len = strlen(o->plans);
    bool xz = len > 3 && !strcmp(o->plans + len - 3, ".xz");
    if (f == GM_ENS_GMEN && strcmp(o->plans, "-") && !xz) {
        gm_ens_reader *rd = NULL;
        uint64_t n = 0;
        if (gm_ens_open(o->plans, f, 0, &rd, &err) != GM_OK || gm_ens_count(rd, &n, &err) != GM_OK)
            rc = gmc_fail(&err);
        gm_ens_close(rd, NULL);
        r.use_range = true;
        r.range_lo = n * (uint64_t)rank / (uint64_t)size;
        r.range_hi = n * (uint64_t)(rank + 1) / (uint64_t)size;
        r.range_total = n;
    } else {
        r.shard_k = rank + 1;
        r.shard_n = size;
    }
    if (!rc) rc = run_score(&r);
    int worst = 0;
    MPI_Allreduce(&rc, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (rank == 0 && worst == 0) {
        char **files = calloc((size_t)size, sizeof *files);
        for (int i = 0; files && i < size; i++) {
            if (!(files[i] = malloc(4200))) break;
            snprintf(files[i], 4200, "%s/.gm-mpi-%ld-%d.%s", dir, tag, i, ext);
        }
        bool ok = files && files[size - 1];
        if (!ok) gmc_msg("out of memory");
        /* the party names and warnings come from the rows */
        worst = ok ? gmc_ens_merge_files((const char *const *)files, (size_t)size,
                                         o->output ? o->output : "-", NULL, NULL, o->summary,
                                         o->chart, o->chart_data)
                   : GMC_EDATA;
        for (int i = 0; files && i < size; i++) free(files[i]);
        free(files);
    }
    MPI_Bcast(&worst, 1, MPI_INT, 0, MPI_COMM_WORLD);
    unlink(mine);
    MPI_Finalize();
    return worst;
}
#endif

int gmc_ens_score(int argc, char **argv)
{
    score_opts o;
    int rc = parse_score(argc, argv, &o);
    if (rc >= 0) return rc;
#ifdef GM_HAVE_MPI
    return score_mpi(&o);
#else
    return run_score(&o);
#endif
}
