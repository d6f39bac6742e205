/* cmd_ensemble_io.c: `gerrymeter ensemble convert` and `gerrymeter ensemble merge`. */
#include "cli.h"
#include "ens_out.h"
#include "opts.h"
#include "out.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_ensemble.h"

int gmc_ens_convert(int argc, char **argv);
int gmc_ens_merge(int argc, char **argv);
int gmc_ens_write_summaries(const gm_ens_summary *s, const char *pa, const char *pb,
                            const char *summary, const char *chart, const char *chart_data);

static const char help_convert[] =
    "Usage: gerrymeter ensemble convert --plans FILE [--plans-format F] --to F -o OUT\n\n"
    "Convert an ensemble between JSONL, CSV (one plan per row), GMEN (gerrymeter's binary)\n"
    "and BEN (MGGG's run-length binary; Standard variant written, MkvChain also read).\n\n"
    "  --plans FILE             input (.xz JSONL read through xz; '-' = standard input)\n"
    "  --plans-format F         jsonl|csv|gmen|ben when the name does not tell\n"
    "  --to F                   jsonl|csv|gmen|ben (default: from the output name)\n"
    "  --districts K            districts per plan: GMEN uses 1 byte per unit when K <= 256\n"
    "                           (default: 1 byte when the first plan's largest id is < 200)\n"
    "  -o, --output FILE        output (atomically; default standard output)\n"
    "  -h, --help               show this help\n";

int gmc_ens_convert(int argc, char **argv)
{
    static const struct option lo[] = {{"plans", required_argument, 0, 'p'},
                                       {"plans-format", required_argument, 0, 'P'},
                                       {"to", required_argument, 0, 't'},
                                       {"districts", required_argument, 0, 'k'},
                                       {"output", required_argument, 0, 'o'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    const char *in = NULL, *out = NULL;
    gm_ens_format ifmt = GM_ENS_AUTO, ofmt = GM_ENS_AUTO;
    long k = 0;
    gm_error err;
    gm_error_clear(&err);
    gmc_getopt args = {.cmd = "ensemble convert", .shortopts = ":ho:", .longopts = lo,
                       .help = help_convert};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'p': in = optarg; break;
        case 'P':
            if (gm_ens_format_parse(optarg, &ifmt, &err)) return gmc_usage_error("ensemble convert", "%s", err.msg);
            break;
        case 't':
            if (gm_ens_format_parse(optarg, &ofmt, &err)) return gmc_usage_error("ensemble convert", "%s", err.msg);
            break;
        case 'k':
            if (gmc_parse_long("--districts", optarg, 1, 65536, &k)) return GMC_EUSAGE;
            break;
        case 'o': out = optarg; break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (!in) return gmc_usage_error("ensemble convert", "name the input with --plans FILE");
    if (ofmt == GM_ENS_AUTO) {
        if (!out || !strcmp(out, "-"))
            return gmc_usage_error("ensemble convert", "name the output format with --to jsonl|csv|gmen|ben");
        ofmt = gm_ens_format_guess(out);
    }
    const char *inputs[] = {in};
    if (gmc_check_output(out, inputs, 1)) return GMC_EUSAGE;
    gm_ens_reader *r = NULL;
    gm_ens_writer *w = NULL;
    int32_t *d = NULL;
    gmc_sink sink;
    bool open_sink = false;
    int rc = GMC_OK;
    if (gm_ens_open(in, ifmt, 0, &r, &err) != GM_OK) return gmc_fail(&err);
    size_t cap = 0;
    uint64_t count = 0;
    for (;;) {
        bool got;
        int64_t sample;
        size_t n = gm_ens_n_units(r);
        if (!d || cap < (n ? n : 65536)) {
            /* before the first plan the length is unknown: room for a large plan, then exact */
            cap = n ? n : 1u << 24;
            free(d);
            d = malloc(cap * sizeof *d);
            if (!d) {
                gmc_msg("out of memory");
                rc = GMC_EDATA;
                goto done;
            }
        }
        if (gm_ens_next(r, d, &sample, &got, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        if (!got) break;
        if (!w) {
            n = gm_ens_n_units(r);
            size_t kmax = (size_t)k;
            if (!kmax) {
                int32_t mx = 0;
                for (size_t i = 0; i < n; i++) mx = d[i] > mx ? d[i] : mx;
                kmax = mx < 200 ? 256 : 65536;
            }
            if ((rc = gmc_sink_open(&sink, out)) != 0) goto done;
            open_sink = true;
            if (gm_ens_writer_open(sink.f, ofmt, n, kmax, NULL, &w, &err) != GM_OK) {
                rc = gmc_fail(&err);
                goto done;
            }
        }
        if (gm_ens_write(w, d, sample, &err) != GM_OK) {
            gmc_msg("%s%s", err.msg, k ? "" : "; pass --districts K");
            rc = GMC_EDATA;
            goto done;
        }
        count++;
    }
    if (gm_ens_close(r, &err) != GM_OK) {
        r = NULL;
        rc = gmc_fail(&err);
        goto done;
    }
    r = NULL;
    if (!w) {
        gmc_msg("%s: no plans", in);
        rc = GMC_EDATA;
        goto done;
    }
    if (gm_ens_writer_close(w, &err) != GM_OK) {
        w = NULL;
        rc = gmc_fail(&err);
        goto done;
    }
    w = NULL;
    open_sink = false;
    rc = gmc_sink_close(&sink, true);
done:
    gm_ens_writer_close(w, NULL);
    if (open_sink) gmc_sink_close(&sink, false);
    gm_ens_close(r, NULL);
    free(d);
    return rc;
}

static const char help_merge[] =
    "Usage: gerrymeter ensemble merge [OPTIONS] SHARD_OUTPUT...\n\n"
    "Combine the per-plan outputs of 'ensemble score --shard K/N' runs (CSV or JSONL) into\n"
    "one output in plan order, byte for byte what one process writes, and recompute the\n"
    "summary from the merged rows (the same summary as one process).\n\n"
    "  -o, --output FILE        merged rows (atomically; default standard output; 'none')\n"
    "  --summary FILE           summary JSON\n"
    "  --chart FILE.svg         sorted-district-share chart\n"
    "  --chart-data FILE.csv    its numbers\n"
    "  --parties A,B            party names for the summary (those of --votes; default D,R)\n"
    "  -h, --help               show this help\n";

typedef struct shard {
    FILE *f;
    const char *path;
    char *line;
    size_t cap;
    long long plan; /* plan number of the current line; -2 at the end */
    unsigned long long lineno;
} shard;

static int shard_next(shard *s)
{
    ssize_t n = getline(&s->line, &s->cap, s->f);
    if (n < 0) {
        s->plan = -2;
        return 0;
    }
    s->lineno++;
    return 1;
}

int gmc_ens_merge(int argc, char **argv)
{
    static const struct option lo[] = {{"output", required_argument, 0, 'o'},
                                       {"summary", required_argument, 0, 'S'},
                                       {"chart", required_argument, 0, 'c'},
                                       {"chart-data", required_argument, 0, 'C'},
                                       {"parties", required_argument, 0, 'p'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    const char *out = NULL, *summary = NULL, *chart = NULL, *chart_data = NULL;
    char pa[64] = "D", pb[64] = "R";
    gmc_getopt args = {.cmd = "ensemble merge", .shortopts = ":ho:", .longopts = lo,
                       .help = help_merge, .max_args = -1};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'o': out = optarg; break;
        case 'S': summary = optarg; break;
        case 'c': chart = optarg; break;
        case 'C': chart_data = optarg; break;
        case 'p': {
            const char *c = strchr(optarg, ',');
            if (!c || c == optarg || !c[1] || (size_t)(c - optarg) >= sizeof pa || strlen(c + 1) >= sizeof pb)
                return gmc_usage_error("ensemble merge", "--parties: expected A,B, got '%s'", optarg);
            memcpy(pa, optarg, (size_t)(c - optarg));
            pa[c - optarg] = '\0';
            snprintf(pb, sizeof pb, "%s", c + 1);
            break;
        }
        }
    }
    if (args.rc >= 0) return args.rc;
    size_t ns = (size_t)(argc - optind);
    if (ns == 0) return gmc_usage_error("ensemble merge", "name the shard outputs to merge");
    bool rows = !(out && !strcmp(out, "none"));
    if (rows && gmc_check_output(out, (const char *const *)argv + optind, ns)) return GMC_EUSAGE;
    shard *S = calloc(ns, sizeof *S);
    gm_ens_summary *sum = NULL;
    gm_plan_scores sc;
    double *sh = NULL;
    char *ref_line = NULL;
    gmc_sink sink;
    bool open_sink = false;
    int rc = GMC_OK;
    gm_error err;
    gm_error_clear(&err);
    if (!S) {
        gmc_msg("out of memory");
        return GMC_EDATA;
    }
    bool csv = true;
    long k = -1;
    char *header = NULL;
    for (size_t i = 0; i < ns; i++) {
        S[i].path = argv[optind + i];
        S[i].f = fopen(S[i].path, "rb");
        if (!S[i].f) {
            gmc_msg("cannot open shard output '%s': %s", S[i].path, strerror(errno));
            rc = GMC_EDATA;
            goto done;
        }
        if (!shard_next(&S[i])) continue; /* an empty shard */
        bool c = strncmp(S[i].line, "plan,sample,", 12) == 0;
        if (i == 0) csv = c;
        if (c != csv) {
            gmc_msg("%s: its format differs from %s (merge CSV with CSV, JSONL with JSONL)", S[i].path, S[0].path);
            rc = GMC_EDATA;
            goto done;
        }
        if (csv) {
            if (!header) {
                header = strdup(S[i].line);
                k = gmc_ens_header_k(header);
            } else if (strcmp(header, S[i].line) != 0) {
                gmc_msg("%s: its header differs from %s's: not shards of one run", S[i].path, S[0].path);
                rc = GMC_EDATA;
                goto done;
            }
            shard_next(&S[i]);
        }
    }
    for (size_t i = 0; i < ns; i++) {
        if (S[i].plan == -2 || !S[i].line) {
            S[i].plan = -2;
            continue;
        }
        if (k < 0 && !csv) k = gmc_ens_jsonl_k(S[i].line);
    }
    if (k < 0) {
        gmc_msg("%s: not the output of 'gerrymeter ensemble score'", S[0].path);
        rc = GMC_EDATA;
        goto done;
    }
    sh = malloc(((size_t)k + 1) * sizeof *sh);
    if (!sh || gm_ens_summary_create((size_t)k, 0, &sum, &err) != GM_OK) {
        rc = gmc_fail(&err);
        goto done;
    }
    /* Reference rows: identical in every shard, written once, set on the summary. */
    for (size_t i = 0; i < ns; i++) {
        if (S[i].plan == -2) continue;
        long long plan;
        if (gmc_ens_row_parse(S[i].line, csv, (size_t)k, &plan, &sc, sh)) goto bad_row_i;
        if (plan == -1) {
            if (!ref_line) {
                ref_line = strdup(S[i].line);
                gm_ens_summary_set_reference(sum, &sc, sh);
            } else if (strcmp(ref_line, S[i].line) != 0) {
                gmc_msg("%s: its reference plan differs from the other shards'", S[i].path);
                rc = GMC_EDATA;
                goto done;
            }
            if (!shard_next(&S[i])) continue;
        }
        S[i].plan = -3; /* current line not yet parsed */
        continue;
    bad_row_i:
        gmc_msg("%s: line %llu is not a row of 'ensemble score'", S[i].path, S[i].lineno);
        rc = GMC_EDATA;
        goto done;
    }
    if (rows) {
        if ((rc = gmc_sink_open(&sink, out)) != 0) goto done;
        open_sink = true;
        if (csv) fputs(header, sink.f);
        if (ref_line) fputs(ref_line, sink.f);
    }
    /* Current plan number of each shard, then repeatedly the smallest (N is small). */
    for (size_t i = 0; i < ns; i++) {
        if (S[i].plan != -3) continue;
        char *e;
        const char *p = csv ? S[i].line : strstr(S[i].line, "\"plan\": ");
        S[i].plan = p ? strtoll(csv ? p : p + 8, &e, 10) : -1;
        if (S[i].plan < 0) {
            gmc_msg("%s: line %llu is not a row of 'ensemble score'", S[i].path, S[i].lineno);
            rc = GMC_EDATA;
            goto done;
        }
    }
    long long prev = -1;
    for (;;) {
        size_t best = ns;
        for (size_t i = 0; i < ns; i++)
            if (S[i].plan >= 0 && (best == ns || S[i].plan < S[best].plan)) best = i;
        if (best == ns) break;
        shard *s = &S[best];
        if (s->plan == prev) {
            gmc_msg("%s: plan %lld appears in two shard outputs", s->path, s->plan);
            rc = GMC_EDATA;
            goto done;
        }
        prev = s->plan;
        if (rows) fputs(s->line, sink.f);
        long long plan;
        if (gmc_ens_row_parse(s->line, csv, (size_t)k, &plan, &sc, sh)) {
            gmc_msg("%s: line %llu is not a row of 'ensemble score'", s->path, s->lineno);
            rc = GMC_EDATA;
            goto done;
        }
        gm_ens_summary_add(sum, &sc, sh);
        if (shard_next(s)) {
            char *e;
            const char *p = csv ? s->line : strstr(s->line, "\"plan\": ");
            s->plan = p ? strtoll(csv ? p : p + 8, &e, 10) : -1;
            if (s->plan < 0 || s->plan <= plan) {
                gmc_msg("%s: line %llu: rows are not in plan order", s->path, s->lineno);
                rc = GMC_EDATA;
                goto done;
            }
        }
    }
    if (open_sink) {
        open_sink = false;
        if ((rc = gmc_sink_close(&sink, true)) != 0) goto done;
    }
    rc = gmc_ens_write_summaries(sum, pa, pb, summary, chart, chart_data);
done:
    if (open_sink) gmc_sink_close(&sink, false);
    for (size_t i = 0; i < ns; i++) {
        if (S[i].f) fclose(S[i].f);
        free(S[i].line);
    }
    free(S);
    free(header);
    free(ref_line);
    free(sh);
    gm_ens_summary_destroy(sum);
    return rc;
}
