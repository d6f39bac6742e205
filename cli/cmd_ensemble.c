/* cmd_ensemble.c: `gerrymeter ensemble score|convert|merge`. */
#include "cli.h"
#include "ens_out.h"
#include "ens_resume.h"
#include "opts.h"
#include "out.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_graph.h"

int gmc_ens_convert(int argc, char **argv);
int gmc_ens_merge(int argc, char **argv);

static const char help_top[] =
    "Usage: gerrymeter ensemble score|convert|merge [OPTIONS]\n\n"
    "  score     score every plan of an ensemble (per-plan rows, summary, reference plan)\n"
    "  convert   convert an ensemble between JSONL, CSV, GMEN and BEN\n"
    "  merge     combine the outputs of --shard runs into one, with its summary\n\n"
    "'gerrymeter ensemble COMMAND --help' for the options of each.\n";

static const char help_score[] =
    "Usage: gerrymeter ensemble score --units PATH --pop F --votes D=F,R=F --plans FILE [OPTIONS]\n\n"
    "Score every plan of an ensemble: seats, efficiency gap, mean-median, partisan bias,\n"
    "declination, population deviation and, with a graph, cut edges and Polsby-Popper\n"
    "(mean and minimum over districts). Plans stream from FILE; memory does not grow with\n"
    "their number.\n\n"
    "%s\n"
    "Ensemble:\n"
    "  --plans FILE             JSONL (\"assignment\" arrays; .xz read through xz), CSV,\n"
    "                           GMEN or BEN; '-' reads standard input\n"
    "  --plans-format F         jsonl|csv|gmen|ben when the name does not tell\n"
    "  --districts K            districts per plan (default: the reference plan's, else the\n"
    "                           largest id in the first plans + 1)\n"
    "  --graph FILE|auto        adjacency graph from 'gerrymeter graph' (JSON), or 'auto' to\n"
    "                           build it from the unit geometry; enables cut edges and\n"
    "                           Polsby-Popper\n"
    "  --reference PLAN         compare this plan (a column, assignment CSV or layer; --plan\n"
    "                           is the same) with the ensemble: percentiles, sorted-share chart\n"
    "  --shard K/N              score only plans i with i mod N = K-1 (K in 1..N)\n"
    "  --threads N              worker threads (default: one per CPU)\n"
    "Output:\n"
    "  --format csv|jsonl       per-plan rows (default csv)\n"
    "  -o, --output FILE        rows to FILE (atomically; default standard output; 'none')\n"
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

/* Open-write-commit for an optional output file. */
static int write_file(const char *path, void (*fn)(FILE *, const void *), const void *arg)
{
    if (!path) return 0;
    gmc_sink s;
    int rc = gmc_sink_open(&s, path);
    if (rc) return rc;
    fn(s.f, arg);
    return gmc_sink_close(&s, !ferror(s.f));
}

typedef struct sum_args {
    const gm_ens_summary *s;
    const char *pa, *pb;
} sum_args;

static void w_summary(FILE *f, const void *a)
{
    const sum_args *x = a;
    gmc_ens_summary_json(f, x->s, x->pa, x->pb);
}
static void w_chart(FILE *f, const void *a)
{
    const sum_args *x = a;
    gmc_ens_chart_svg(f, x->s, x->pa);
}
static void w_chart_csv(FILE *f, const void *a)
{
    const sum_args *x = a;
    gmc_ens_chart_csv(f, x->s);
}

int gmc_ens_write_summaries(const gm_ens_summary *s, const char *pa, const char *pb,
                            const char *summary, const char *chart, const char *chart_data);
int gmc_ens_write_summaries(const gm_ens_summary *s, const char *pa, const char *pb,
                            const char *summary, const char *chart, const char *chart_data)
{
    sum_args a = {s, pa, pb};
    int rc = write_file(summary, w_summary, &a);
    if (!rc) rc = write_file(chart, w_chart, &a);
    if (!rc) rc = write_file(chart_data, w_chart_csv, &a);
    return rc;
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

#define BLOCK 1024 /* plans read, then scored together by the threads */

/* Everything `ensemble score` was asked to do. */
typedef struct score_opts {
    gmc_source src;
    const char *plans, *graph_arg, *output, *summary, *chart, *chart_data;
    gm_ens_format pfmt;
    long k_opt, shard_k, shard_n, threads;
    bool csv, quiet, resume;
    bool use_range;          /* score plans [range_lo, range_hi) of a GMEN file (MPI) */
    uint64_t range_lo, range_hi;
    uint64_t start;          /* plans before this one are skipped (--resume) */
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
                                       {"summary", required_argument, 0, 'S'},
                                       {"chart", required_argument, 0, 'c'},
                                       {"chart-data", required_argument, 0, 'C'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"resume", no_argument, 0, 'R'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    memset(o, 0, sizeof *o);
    o->pfmt = GM_ENS_AUTO;
    o->shard_k = o->shard_n = 1;
    o->csv = true;
    gm_error err;
    gm_error_clear(&err);
    gmc_getopt args = {.cmd = "ensemble score", .shortopts = ":ho:f:q", .longopts = lo,
                       .help = help_score, .help_fmt = true, .src = &o->src};
    int c;
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
        case 'r': o->src.plan = optarg; break;
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
        case 'S': o->summary = optarg; break;
        case 'c': o->chart = optarg; break;
        case 'C': o->chart_data = optarg; break;
        case 'q': o->quiet = true; break;
        case 'R': o->resume = true; break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (!o->plans) return gmc_usage_error("ensemble score", "name the ensemble with --plans FILE");
    bool rows = !(o->output && !strcmp(o->output, "none"));
    if (o->resume && (!rows || !o->output || !strcmp(o->output, "-")))
        return gmc_usage_error("ensemble score", "--resume keeps the rows written so far: name the rows file with -o FILE");
    const char *inputs[] = {o->src.units, o->plans, o->graph_arg};
    if (rows && gmc_check_output(o->output, inputs, 3)) return GMC_EUSAGE;
    return -1;
}

/* One block of plans read from the ensemble: this shard's next (up to) BLOCK plans. Two
 * of them alternate so that the next block is read on a second thread while the
 * current one is scored. */
typedef struct block {
    gm_ens_reader *rd;
    const score_opts *o;
    size_t n;              /* units per plan */
    uint64_t *plan_no;     /* next plan index of the file (shared; one reader at a time) */
    int32_t *A;            /* [BLOCK * n] */
    int64_t *smp;          /* [BLOCK] sample numbers */
    uint64_t *idx;         /* [BLOCK] plan indices */
    size_t np;             /* plans read */
    bool more;             /* false once the input is exhausted */
    gm_status st;          /* reading error */
    gm_error err;
} block;

static void *fill_block(void *arg)
{
    block *bk = arg;
    const score_opts *o = bk->o;
    bk->np = 0;
    while (bk->np < BLOCK) {
        bool got;
        if (o->use_range && *bk->plan_no >= o->range_hi) {
            bk->more = false;
            break;
        }
        if (*bk->plan_no < o->start || (long)(*bk->plan_no % (uint64_t)o->shard_n) != o->shard_k - 1) {
            bk->st = gm_ens_skip(bk->rd, &got, &bk->err);
        } else {
            bk->st = gm_ens_next(bk->rd, bk->A + bk->np * bk->n, &bk->smp[bk->np], &got, &bk->err);
            if (got) bk->idx[bk->np++] = *bk->plan_no;
        }
        if (bk->st != GM_OK) return NULL;
        if (!got) {
            bk->more = false;
            break;
        }
        (*bk->plan_no)++;
    }
    return NULL;
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

/* What a --resume checkpoint records of the run: everything that decides the rows. */
static char *resume_key(const score_opts *o)
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
    fputs("gerrymeter ensemble score --resume checkpoint 1\n", f);
    key_file(f, "units", s->units);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (v[i][1]) fprintf(f, "%s=%s\n", v[i][0], v[i][1]);
    fprintf(f, "negative-votes=%d\n", s->negative_votes);
    if (s->plan) key_file(f, "reference", s->plan);
    key_file(f, "plans", o->plans);
    fprintf(f, "plans-format=%d\ndistricts=%ld\n", (int)o->pfmt, o->k_opt);
    if (o->graph_arg) key_file(f, "graph", o->graph_arg);
    fprintf(f, "shard=%ld/%ld\nformat=%s\n", o->shard_k, o->shard_n, o->csv ? "csv" : "jsonl");
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int run_score(score_opts *o)
{
    gmc_source src = o->src;
    const char *plans = o->plans, *graph_arg = o->graph_arg, *output = o->output;
    long k_opt = o->k_opt, shard_n = o->shard_n;
    bool csv = o->csv;
    gm_error err;
    gm_error_clear(&err);
    bool rows = !(output && !strcmp(output, "none"));
    if (!src.plan) src.at_large = true; /* no reference: units only */
    if (graph_arg && !strcmp(graph_arg, "auto")) src.need_geometry = true;
    gm_units *u = NULL;
    gm_plan *ref = NULL;
    gm_graph *g = NULL;
    gm_ens_reader *rd = NULL;
    gm_batch *b = NULL;
    gm_ens_summary *sum = NULL;
    block blk[2];
    memset(blk, 0, sizeof blk);
    gm_plan_scores *sc = NULL;
    double *sh = NULL;
    gmc_sink sink;
    bool sink_open = false;
    gmc_resume rs;
    bool resuming = false;
    char *key = NULL;
    FILE *rowf = NULL; /* where rows go: the sink or the --resume partial file */
    int rc = gmc_load(&src, &u, &ref);
    if (rc) return rc;
    if (src.at_large) {
        gm_plan_destroy(ref);
        ref = NULL;
    }
    if (graph_arg) {
        gm_status st = !strcmp(graph_arg, "auto") ? gm_graph_build(u, NULL, &g, &err)
                                                  : gm_graph_load(graph_arg, &g, &err);
        if (st != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        if (g->n != u->n) {
            gmc_msg("--graph %s has %zu nodes but the unit layer has %zu units; build it from the same layer",
                    graph_arg, g->n, u->n);
            rc = GMC_EDATA;
            goto done;
        }
    }
    size_t n = u->n;
    size_t k = (size_t)k_opt;
    if (!k && ref) k = ref->k;
    if (o->resume) {
        key = resume_key(o);
        if (!key) {
            gmc_msg("out of memory");
            rc = GMC_EDATA;
            goto done;
        }
        resuming = true;
        rc = gmc_resume_open(&rs, output, key, csv, k, o->shard_k, o->shard_n, g ? g->n_edges : 0, &sum);
        if (rc) goto done;
        if (rs.k && k && (size_t)rs.k != k) {
            gmc_msg("%s has rows of %ld districts, this run expects %zu; delete it and %s to start again",
                    rs.part, rs.k, k, rs.record);
            rc = GMC_EDATA;
            goto done;
        }
        if (rs.k) k = (size_t)rs.k;
        o->start = (uint64_t)(rs.last + 1);
        rowf = rs.f;
        static char note[1200];
        snprintf(note, sizeof note, "the rows so far are in %s: run the same command to continue", rs.part);
        gmc_signals_note(note);
    }
    if (gm_ens_open(plans, o->pfmt, n, &rd, &err) != GM_OK ||
        (o->use_range && gm_ens_seek(rd, o->range_lo, &err) != GM_OK)) {
        rc = gmc_fail(&err);
        goto done;
    }
    uint64_t plan_no = o->use_range ? o->range_lo : 0, scored = 0;
    if (o->start > plan_no) {
        /* a GMEN file goes straight to the plan; other inputs are read past it */
        gm_error serr;
        if (gm_ens_seek(rd, o->start, &serr) == GM_OK) plan_no = o->start;
    }
    for (int i = 0; i < 2; i++) {
        blk[i].rd = rd;
        blk[i].o = o;
        blk[i].n = n;
        blk[i].plan_no = &plan_no;
        blk[i].more = true;
        blk[i].A = malloc((size_t)BLOCK * n * sizeof *blk[i].A);
        blk[i].smp = malloc(BLOCK * sizeof *blk[i].smp);
        blk[i].idx = malloc(BLOCK * sizeof *blk[i].idx);
        gm_error_clear(&blk[i].err);
    }
    sc = malloc(BLOCK * sizeof *sc);
    if (!blk[0].A || !blk[0].smp || !blk[0].idx || !blk[1].A || !blk[1].smp || !blk[1].idx || !sc) {
        gmc_msg("out of memory");
        rc = GMC_EDATA;
        goto done;
    }
    bool first = true;
    double t0 = now_s(), last = t0;
    bool progress = !o->quiet && isatty(2);
    const char *pa = u->n_parties >= 2 ? u->party[0] : "a";
    const char *pb = u->n_parties >= 2 ? u->party[1] : "b";
    gm_batch_spec bs = {n, 0, u->pop, u->n_parties >= 2 ? u->votes : NULL,
                        u->n_parties >= 2 ? u->votes + n : NULL, g};
    /* Read block 0 here; then, while block c is scored, read the other on a thread. */
    if (progress && resuming && rs.rows)
        fprintf(stderr, "gerrymeter: ensemble: %llu rows kept in %s; continuing after plan %lld\n",
                (unsigned long long)rs.rows, rs.part, rs.last);
    fill_block(&blk[0]);
    int c = 0;
    for (;;) {
        block *cur = &blk[c], *nxt = &blk[1 - c];
        if (cur->st != GM_OK) {
            rc = gmc_fail(&cur->err);
            goto done;
        }
        size_t np = cur->np;
        const int32_t *A = cur->A;
        if (first) {
            first = false;
            if (!k) {
                int32_t mx = 0;
                for (size_t i = 0; i < np * n; i++) mx = A[i] > mx ? A[i] : mx;
                k = (size_t)mx + 1;
            }
            bs.k = k;
            if (gm_batch_create(&bs, (size_t)o->threads, &b, &err) != GM_OK ||
                (!sum && gm_ens_summary_create(k, g ? g->n_edges : 0, &sum, &err) != GM_OK)) {
                rc = gmc_fail(&err);
                goto done;
            }
            sh = malloc(BLOCK * k * sizeof *sh);
            if (!sh) {
                gmc_msg("out of memory");
                rc = GMC_EDATA;
                goto done;
            }
            if (rows && !resuming) {
                if ((rc = gmc_sink_open(&sink, output)) != 0) goto done;
                sink_open = true;
                rowf = sink.f;
            }
            if (rows && !(resuming && rs.has_header)) gmc_ens_rows_header(rowf, csv, k);
            if (ref) {
                if (ref->k != k) {
                    gmc_msg("--reference %s has %zu districts but the ensemble's plans have %zu",
                            src.plan, ref->k, k);
                    rc = GMC_EDATA;
                    goto done;
                }
                gm_plan_scores refs;
                if (gm_score_one(&bs, ref->district, -1, &refs, sh, &err) != GM_OK) {
                    rc = gmc_fail(&err);
                    goto done;
                }
                gm_ens_summary_set_reference(sum, &refs, sh);
                if (rows && !(resuming && rs.has_ref)) gmc_ens_row(rowf, csv, -1, &refs, sh, k);
            }
        }
        /* Read the next block while this one is scored (started only now: every early
         * exit above happens with no reader running). */
        pthread_t reader;
        bool reading = false;
        if (cur->more && np > 0) {
            nxt->more = true;
            nxt->st = GM_OK;
            reading = pthread_create(&reader, NULL, fill_block, nxt) == 0;
            if (!reading) fill_block(nxt); /* no thread: read it now */
        }
        gm_status st = np ? gm_batch_score(b, A, cur->smp, np, sc, sh, &err) : GM_OK;
        if (st == GM_OK)
            for (size_t p = 0; p < np; p++) {
                if (rows) gmc_ens_row(rowf, csv, (long long)cur->idx[p], &sc[p], sh + p * k, k);
                gm_ens_summary_add(sum, &sc[p], sh + p * k);
            }
        /* rows reach the checkpoint before waiting for the next block, which may be slow
         * to arrive (a pipe) */
        int frc = resuming && st == GM_OK ? gmc_resume_flush(&rs) : 0;
        if (reading) pthread_join(reader, NULL);
        if (frc) {
            rc = frc;
            goto done;
        }
        if (st != GM_OK) {
            gmc_msg("%s: %s%s", plans, err.msg, k_opt ? "" : "; pass --districts K if plans have more districts");
            rc = GMC_EDATA;
            goto done;
        }
        scored += np;
        if (progress && now_s() - last > 0.5) {
            last = now_s();
            fprintf(stderr, "\rgerrymeter: ensemble: %llu plans scored, %.0f plans/s   ",
                    (unsigned long long)scored, (double)scored / (last - t0));
        }
        if (!cur->more || np == 0) break;
        c = 1 - c;
    }
    if (progress) fputc('\n', stderr);
    if (gm_ens_close(rd, &err) != GM_OK) {
        rd = NULL;
        rc = gmc_fail(&err);
        goto done;
    }
    rd = NULL;
    if (!sum || (scored == 0 && (!resuming || rs.rows == 0) && shard_n == 1 && !o->use_range)) {
        gmc_msg("%s: no plans in this ensemble", plans);
        rc = GMC_EDATA;
        goto done;
    }
    if (sink_open) {
        sink_open = false;
        if ((rc = gmc_sink_close(&sink, true)) != 0) goto done;
    }
    /* the summary before the checkpoint is retired: if it cannot be written, the same
     * command run again still finds every row */
    rc = gmc_ens_write_summaries(sum, pa, pb, o->summary, o->chart, o->chart_data);
    if (!rc && resuming) {
        rc = gmc_resume_finish(&rs);
        gmc_signals_note(NULL);
    }
done:
    if (sink_open) gmc_sink_close(&sink, false);
    if (resuming) gmc_resume_close(&rs); /* an error keeps the checkpoint */
    free(key);
    gm_ens_close(rd, NULL);
    gm_ens_summary_destroy(sum);
    gm_batch_destroy(b);
    for (int i = 0; i < 2; i++) {
        free(blk[i].A);
        free(blk[i].smp);
        free(blk[i].idx);
    }
    free(sc);
    free(sh);
    gm_graph_destroy(g);
    gm_plan_destroy(ref);
    gm_units_destroy(u);
    return rc;
}


#ifdef GM_HAVE_MPI
#include <mpi.h>

/* `mpirun -n N gerrymeter ensemble score ...`: every rank scores one part of the plans
 * into a temporary rows file beside the output, then rank 0 merges the parts in plan
 * order and computes the summary from the merged rows, exactly as `ensemble merge` does:
 * the output and the summary are byte for byte those of one process.
 * A GMEN file is split into N contiguous byte ranges (each rank seeks to its first plan);
 * other inputs (JSONL, .xz, CSV, a pipe) cannot be split by position, so every rank reads
 * the stream and scores the plans i with i mod N = rank. */
static int gmc_ens_score_mpi(score_opts *o)
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
    if (o->shard_n > 1) {
        if (rank == 0) gmc_msg("--shard and mpirun exclude each other: MPI splits the plans itself");
        MPI_Finalize();
        return GMC_EUSAGE;
    }
    /* Agree on k before any rank writes a header: rank 0 reads the first block. */
    long k = o->k_opt;
    if (!k && !o->src.plan && rank == 0) {
        gm_ens_reader *r = NULL;
        int32_t *d = NULL;
        if (gm_ens_open(o->plans, o->pfmt, 0, &r, &err) == GM_OK) {
            bool got = true;
            int64_t smp;
            int32_t mx = 0;
            for (int p = 0; p < BLOCK && got; p++) {
                size_t n = gm_ens_n_units(r);
                if (!d) d = malloc((n ? n : (size_t)1 << 24) * sizeof *d);
                if (!d || gm_ens_next(r, d, &smp, &got, &err) != GM_OK) break;
                n = gm_ens_n_units(r);
                for (size_t i = 0; got && i < n; i++) mx = d[i] > mx ? d[i] : mx;
            }
            k = mx + 1;
        }
        free(d);
        gm_ens_close(r, NULL);
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
    gm_ens_format f = o->pfmt == GM_ENS_AUTO ? gm_ens_format_guess(o->plans) : o->pfmt;
    size_t len = strlen(o->plans);
    bool xz = len > 3 && !strcmp(o->plans + len - 3, ".xz");
    if (f == GM_ENS_GMEN && strcmp(o->plans, "-") && !xz) {
        gm_ens_reader *rd = NULL;
        uint64_t n = 0;
        if (gm_ens_open(o->plans, f, 0, &rd, &err) != GM_OK || gm_ens_count(rd, &n, &err) != GM_OK) {
            gm_ens_close(rd, NULL);
            rc = gmc_fail(&err);
        }
        gm_ens_close(rd, NULL);
        r.use_range = true;
        r.range_lo = n * (uint64_t)rank / (uint64_t)size;
        r.range_hi = n * (uint64_t)(rank + 1) / (uint64_t)size;
    } else {
        r.shard_k = rank + 1;
        r.shard_n = size;
    }
    if (!rc) rc = run_score(&r);
    int worst = 0;
    MPI_Allreduce(&rc, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (rank == 0 && worst == 0) {
        /* Party names for the summary, as run_score takes them from --votes. */
        char parties[256] = "a,b";
        if (o->src.votes) {
            const char *v = o->src.votes, *e1 = strchr(v, '='), *c1 = strchr(v, ',');
            const char *e2 = c1 ? strchr(c1 + 1, '=') : NULL;
            if (e1 && c1 && e2 && e1 < c1)
                snprintf(parties, sizeof parties, "%.*s,%.*s", (int)(e1 - v), v, (int)(e2 - c1 - 1), c1 + 1);
        }
        char **files = calloc((size_t)size, sizeof *files);
        char *argv[32 + 1024];
        int argc = 0;
        argv[argc++] = "merge";
        argv[argc++] = "-o";
        argv[argc++] = (char *)(o->output ? o->output : "-");
        if (o->summary) { argv[argc++] = "--summary"; argv[argc++] = (char *)o->summary; }
        if (o->chart) { argv[argc++] = "--chart"; argv[argc++] = (char *)o->chart; }
        if (o->chart_data) { argv[argc++] = "--chart-data"; argv[argc++] = (char *)o->chart_data; }
        argv[argc++] = "--parties";
        argv[argc++] = parties;
        for (int i = 0; files && i < size && i < 1024; i++) {
            files[i] = malloc(4200);
            if (!files[i]) break;
            snprintf(files[i], 4200, "%s/.gm-mpi-%ld-%d.%s", dir, tag, i, ext);
            argv[argc++] = files[i];
        }
        argv[argc] = NULL;
        worst = gmc_ens_merge(argc, argv);
        for (int i = 0; files && i < size; i++) free(files[i]);
        free(files);
    }
    MPI_Bcast(&worst, 1, MPI_INT, 0, MPI_COMM_WORLD);
    unlink(mine);
    MPI_Finalize();
    return worst;
}
#endif

static int cmd_score(int argc, char **argv)
{
    score_opts o;
    int rc = parse_score(argc, argv, &o);
    if (rc >= 0) return rc;
#ifdef GM_HAVE_MPI
    return gmc_ens_score_mpi(&o);
#else
    return run_score(&o);
#endif
}

int gmc_cmd_ensemble(int argc, char **argv)
{
    if (argc < 2) {
        fputs(help_top, stderr);
        return GMC_EUSAGE;
    }
    const char *c = argv[1];
    if (!strcmp(c, "-h") || !strcmp(c, "--help")) {
        fputs(help_top, stdout);
        return GMC_OK;
    }
    if (!strcmp(c, "score")) return cmd_score(argc - 1, argv + 1);
    if (!strcmp(c, "convert")) return gmc_ens_convert(argc - 1, argv + 1);
    if (!strcmp(c, "merge")) return gmc_ens_merge(argc - 1, argv + 1);
    return gmc_usage_error("ensemble", "unknown ensemble command '%s' (score, convert, merge)", c);
}
