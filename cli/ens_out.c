/* ens_out.c: summary, chart and merged rows files of `gerrymeter ensemble`. */
#include "ens_out.h"

#include "ens_elections.h"
#include "splits_opts.h"
#include "opts.h"
#include "out.h"

#include <string.h>

#include "gerrymeter/gm_driver.h"
#include "gerrymeter/gm_report.h"

typedef struct sum_args {
    const gm_ens_summary *s;
    const char *pa, *pb;
    const gm_warnings *w;
} sum_args;

static gm_status w_summary(FILE *f, const sum_args *a, gm_error *err)
{
    return gm_ens_summary_write_json(f, a->s, a->pa, a->pb, a->w, err);
}
static gm_status w_chart(FILE *f, const sum_args *a, gm_error *err)
{
    return gm_ens_chart_write_svg(f, a->s, a->pa, err);
}
static gm_status w_chart_csv(FILE *f, const sum_args *a, gm_error *err)
{
    return gm_ens_chart_write_csv(f, a->s, err);
}

/* Open-write-commit for an optional output file. */
static int write_file(const char *path, gm_status (*fn)(FILE *, const sum_args *, gm_error *),
                      const sum_args *a)
{
    if (!path) return 0;
    gmc_sink s;
    int rc = gmc_sink_open(&s, path);
    if (rc) return rc;
    gm_error err;
    gm_error_clear(&err);
    if (fn(s.f, a, &err) != GM_OK) {
        gmc_sink_close(&s, false);
        return gmc_fail(&err);
    }
    return gmc_sink_close(&s, true);
}

int gmc_ens_write_summaries(const gm_ens_summary *s, const char *pa, const char *pb,
                            const gm_warnings *w, const char *summary, const char *chart,
                            const char *chart_data)
{
    sum_args a = {s, pa, pb, w};
    int rc = write_file(summary, w_summary, &a);
    if (!rc) rc = write_file(chart, w_chart, &a);
    if (!rc) rc = write_file(chart_data, w_chart_csv, &a);
    return rc;
}

int gmc_ens_merge_files(const char *const *paths, size_t n, const char *out, const char *pa,
                        const char *pb, const char *summary, const char *chart,
                        const char *chart_data)
{
    bool rows = !(out && !strcmp(out, "none"));
    gm_ens_summary *sum = NULL;
    gm_rows_info info;
    gm_warnings w = {0};
    gm_error err;
    gm_error_clear(&err);
    gmc_sink sink;
    int rc = 0;
    memset(&info, 0, sizeof info);
    /* rows with splits or groups: their columns are registry rows to register first */
    if (n && (rc = gmc_splits_register_rows(paths[0])) != 0) return rc;
    /* and rows of several elections */
    if ((rc = gmc_ens_elections_check_rows(paths, n)) != 0) return rc;
    if (n && (rc = gmc_ens_elections_register_rows(paths[0])) != 0) return rc;
    if (rows && (rc = gmc_sink_open(&sink, out)) != 0) return rc;
    if (gm_ens_merge(paths, n, rows ? sink.f : NULL, &sum, &info, &err) != GM_OK) {
        if (rows) gmc_sink_close(&sink, false);
        rc = gmc_fail(&err);
        goto done;
    }
    if (info.version >= 2 && pa && pb && (strcmp(pa, info.party[0]) || strcmp(pb, info.party[1]))) {
        if (rows) gmc_sink_close(&sink, false);
        gmc_msg("--parties %s,%s: the rows were scored with the parties %s,%s (in that order); drop "
                "--parties, the rows name their parties",
                pa, pb, info.party[0], info.party[1]);
        rc = GMC_EDATA;
        goto done;
    }
    if (rows && (rc = gmc_sink_close(&sink, true)) != 0) goto done;
    gm_rows_info_warnings(&info, &w);
    if (info.version < 2)
        gm_warn(&w, "rows_unrecorded",
                "the rows were written by an older gerrymeter and do not record their run: only "
                "their plan numbers were checked (not the shards, the end of each run, the "
                "election or the party names)");
    gmc_warnings_stderr(&w);
    if (info.version >= 2) {
        pa = info.party[0];
        pb = info.party[1];
    }
    rc = gmc_ens_write_summaries(sum, pa ? pa : "D", pb ? pb : "R", &w, summary, chart, chart_data);
done:
    gm_warnings_free(&w); /* before info: its codes point into info */
    gm_rows_info_free(&info);
    gm_ens_summary_destroy(sum);
    return rc;
}
