/* cmd_ensemble_io.c: `gerrymeter ensemble convert` and `gerrymeter ensemble merge`. */
#include "cmd_ensemble.h"
#include "ens_out.h"
#include "opts.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "gerrymeter/gm_ensemble.h"

static const char help_convert[] =
    "Usage: gerrymeter ensemble convert --plans FILE [--plans-format F] --to F -o OUT\n"
    "                                   [--units PATH [--layer L] [--where SQL] [--id F]]\n\n"
    "Convert an ensemble between JSONL, CSV (one plan per row), GMEN (gerrymeter's binary)\n"
    "and BEN (MGGG's run-length binary; Standard variant written, MkvChain also read).\n"
    "The output records the unit order the plans are in (docs/ensembles.md, \"Unit order\"):\n"
    "GMEN in its header, CSV as unit ids in its header, JSONL and BEN in a sidecar OUT.units.\n"
    "It is the input's (a GMEN header or a sidecar; a CSV's ids go to a CSV output) or, with\n"
    "--units, that of the unit layer the plans were drawn on (a CSV input naming unit ids is\n"
    "then realigned to the layer).\n\n"
    "  --plans FILE             input (.xz JSONL read through xz; '-' = standard input)\n"
    "  --plans-format F         jsonl|csv|gmen|ben when the name does not tell\n"
    "  --to F                   jsonl|csv|gmen|ben (default: from the output name)\n"
    "  --districts K            districts per plan: GMEN uses 1 byte per unit when K <= 256\n"
    "                           (default: 1 byte when the first plan's largest id is < 200)\n"
    "  -o, --output FILE        output (atomically; default standard output)\n"
    "  --units PATH             the unit layer the plans were drawn on (with --layer,\n"
    "                           --where and --id as for 'ensemble score')\n"
    "  -h, --help               show this help\n";

/* Write OUT.units (the sidecar that records the unit order of a JSONL, BEN or id-less CSV
 * output), or remove a stale one when the order is not known. */
int gmc_ens_write_sidecar(const char *out, const gm_unit_order *o)
{
    if (!out || !strcmp(out, "-")) return 0;
    char side[4200];
    snprintf(side, sizeof side, "%s.units", out);
    if (!o || !o->n) {
        unlink(side);
        return 0;
    }
    char t[400];
    gm_unit_order_format(o, t, sizeof t);
    gmc_sink s;
    int rc = gmc_sink_open(&s, side);
    if (rc) return rc;
    fprintf(s.f, "%s\n", t);
    return gmc_sink_close(&s, !ferror(s.f));
}

/* The ensemble format a file name states (.jsonl, .csv, .gmen, .ben), or GM_ENS_AUTO
 * when the name states none. */
static gm_ens_format named_format(const char *path)
{
    static const struct { const char *ext; gm_ens_format f; } ext[] = {
        {".jsonl", GM_ENS_JSONL}, {".csv", GM_ENS_CSV}, {".gmen", GM_ENS_GMEN}, {".ben", GM_ENS_BEN}};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t m = strlen(ext[i].ext);
        if (n > m && strcasecmp(path + n - m, ext[i].ext) == 0) return ext[i].f;
    }
    return GM_ENS_AUTO;
}

static const char *format_name(gm_ens_format f)
{
    return f == GM_ENS_CSV ? "CSV" : f == GM_ENS_GMEN ? "GMEN" : f == GM_ENS_BEN ? "BEN" : "JSONL";
}

int gmc_ens_convert(int argc, char **argv)
{
    static const struct option lo[] = {GMC_SOURCE_LONGOPTS,
                                       {"plans", required_argument, 0, 'p'},
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
    gmc_source src;
    memset(&src, 0, sizeof src);
    gmc_getopt args = {.cmd = "ensemble convert", .shortopts = ":ho:", .longopts = lo,
                       .help = help_convert, .src = &src};
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
    size_t olen = out ? strlen(out) : 0;
    if (olen > 3 && strcasecmp(out + olen - 3, ".xz") == 0)
        return gmc_usage_error("ensemble convert", "-o '%s' is named as xz-compressed, but convert "
                                                   "writes uncompressed files; drop the .xz and "
                                                   "compress the output with xz",
                               out);
    if (ofmt == GM_ENS_AUTO) {
        if (!out || !strcmp(out, "-"))
            return gmc_usage_error("ensemble convert", "name the output format with --to jsonl|csv|gmen|ben");
        ofmt = gm_ens_format_guess(out);
    } else if (out && strcmp(out, "-") && named_format(out) != GM_ENS_AUTO &&
               named_format(out) != ofmt) {
        return gmc_usage_error("ensemble convert",
                               "-o '%s' is named as %s but --to writes %s; name the file for "
                               "what it holds, or leave out --to",
                               out, format_name(named_format(out)), format_name(ofmt));
    }
    if ((src.layer || src.where || src.id) && !src.units)
        return gmc_usage_error("ensemble convert", "--units names the unit layer the plans were drawn on");
    const char *inputs[] = {in, src.units};
    if (gmc_check_output(out, inputs, src.units ? 2 : 1)) return GMC_EUSAGE;
    gm_ens_reader *r = NULL;
    gm_ens_writer *w = NULL;
    gm_units *u = NULL;
    char **uids = NULL;
    gm_warnings warnings = {0};
    gm_unit_order order = {0};
    int32_t *d = NULL;
    gmc_sink sink;
    bool open_sink = false;
    int rc = GMC_OK;
    if (src.units && (rc = gmc_load_units(&src, &u)) != 0) return rc;
    if (gm_ens_open(in, ifmt, u ? u->n : 0, &r, &err) != GM_OK) {
        rc = gmc_fail(&err);
        goto done;
    }
    /* The unit order of the output: the layer's (the plans checked against it, a CSV
     * realigned to it), else what the input records. */
    if (u) {
        if (gm_ens_check_units(r, u, &warnings, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        gm_units_order(u, &order);
    } else {
        gm_ens_order(r, &order);
    }
    const char *const *ids = gm_ens_unit_ids(r);
    if (!ids && u && ofmt == GM_ENS_CSV) { /* a CSV header of the layer's ids */
        if (u->id_field) {
            ids = (const char *const *)u->id;
        } else if (gm_units_order_ids(u, &uids, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        } else {
            ids = (const char *const *)uids;
        }
    }
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
            if (ids && gm_ens_n_units(r) != n) ids = NULL;
            if (gm_ens_writer_open(sink.f, ofmt, n, kmax, ids, order.n == n ? &order : NULL, &w, &err) != GM_OK) {
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
    if ((rc = gmc_sink_close(&sink, true)) != 0) goto done;
    /* JSONL, BEN and a CSV without ids have no room for the order: a sidecar holds it */
    rc = gmc_ens_write_sidecar(out, ofmt == GM_ENS_GMEN || (ofmt == GM_ENS_CSV && ids) ? NULL : &order);
done:
    gmc_warnings_stderr(&warnings);
    gm_warnings_free(&warnings);
    gm_ens_writer_close(w, NULL);
    if (open_sink) gmc_sink_close(&sink, false);
    gm_ens_close(r, NULL);
    if (u) gm_units_free_ids(uids, u->n);
    gm_units_destroy(u);
    free(d);
    return rc;
}

static const char help_merge[] =
    "Usage: gerrymeter ensemble merge [OPTIONS] SHARD_OUTPUT...\n\n"
    "Combine the per-plan outputs of 'ensemble score --shard K/N' runs (CSV or JSONL) into\n"
    "one output in plan order, byte for byte what one process writes, and recompute the\n"
    "summary from the merged rows (the same summary as one process). The outputs must be\n"
    "the finished parts of one run: shards 1/N..N/N once each, scored with the same\n"
    "options; a shard missing or given twice, outputs of other runs or of a run that did\n"
    "not finish are refused, naming the file and what differs.\n\n"
    "  -o, --output FILE        merged rows (atomically; default standard output; 'none')\n"
    "  --summary FILE           summary JSON\n"
    "  --chart FILE.svg         sorted-district-share chart\n"
    "  --chart-data FILE.csv    its numbers\n"
    "  --parties A,B            party names for rows written before gerrymeter named them\n"
    "                           in the rows (default D,R); newer rows name their own\n"
    "  -h, --help               show this help\n";

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
    bool parties = false;
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
            parties = true;
            break;
        }
        }
    }
    if (args.rc >= 0) return args.rc;
    size_t ns = (size_t)(argc - optind);
    if (ns == 0) return gmc_usage_error("ensemble merge", "name the shard outputs to merge");
    bool rows = !(out && !strcmp(out, "none"));
    const char *opt[] = {"--output", "--summary", "--chart", "--chart-data"};
    const char *outs[] = {rows ? out : NULL, summary, chart, chart_data};
    int crc = gmc_check_outputs(opt, outs, 4, (const char *const *)argv + optind, (size_t)ns);
    if (crc) return crc;
    return gmc_ens_merge_files((const char *const *)argv + optind, ns, out, parties ? pa : NULL,
                               parties ? pb : NULL, summary, chart, chart_data);
}
