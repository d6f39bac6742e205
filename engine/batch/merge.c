/* merge.c: the rows of split runs joined into the rows and summary of one run
 * (gm_ens_merge, gm_driver.h).
 *
 * Each file is read line by line, each line parsed once; the files' current rows are
 * merged by plan number (the file count is small: a linear scan picks the next). A row
 * is copied to the output as it was read, so the merged rows are byte for byte those of
 * one run, and the summary, which depends only on the rows in plan order, equals one
 * run's too. */
#include "batch/rows.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct shard {
    FILE *f;
    const char *path;
    char *line;               /* the current line (getline buffer) */
    size_t cap;
    unsigned long long lineno;
    bool at_end;
    int64_t plan;             /* the current row's plan (-1: reference) */
    gm_plan_scores sc;        /* its scores */
    double *sh;               /* [k] its shares */
} shard;

static bool next_line(shard *s)
{
    if (s->at_end) return false;
    if (getline(&s->line, &s->cap, s->f) < 0) {
        s->at_end = true;
        return false;
    }
    s->lineno++;
    return true;
}

static gm_status not_a_row(const shard *s, gm_error *err)
{
    return gm_fail(err, GM_E_FORMAT, "%s: line %llu is not a row of per-plan scores", s->path,
                   s->lineno);
}

/* Parse the current line of s as a row with k shares. */
static gm_status parse(shard *s, gm_rows_format fmt, size_t k, gm_error *err)
{
    if (gm_ens_row_parse(s->line, fmt, k, &s->plan, &s->sc, s->sh) != GM_OK) return not_a_row(s, err);
    return GM_OK;
}

/* The unit-order line of file s (its current line, if it is one): every file has the same
 * one, or none has. *meta holds the first file's, *from names that file. */
static gm_status merge_meta(shard *s, const char **from, char **meta, gm_error *err)
{
    gm_unit_order o;
    bool has = gm_ens_rows_meta_parse(s->line, &o);
    const char *first = *from;
    if (!first) {
        *from = s->path;
        if (has && !(*meta = strdup(s->line))) return gm_fail(err, GM_E_NOMEM, "out of memory");
        return GM_OK;
    }
    if (has != (*meta != NULL))
        return gm_fail(err, GM_E_FORMAT,
                       "%s: %s the unit order it was scored on and %s %s: not shards of one run",
                       s->path, has ? "records" : "does not record", first,
                       has ? "does not" : "does");
    if (has && strcmp(*meta, s->line) != 0) {
        gm_unit_order a;
        gm_ens_rows_meta_parse(*meta, &a);
        return gm_fail(err, GM_E_DATA,
                       "%s was scored on units in another order than %s (unit fingerprints "
                       "%016" PRIx64 " and %016" PRIx64 "): not shards of one run; score every "
                       "shard with the same unit layer",
                       s->path, first, o.fp, a.fp);
    }
    return GM_OK;
}

gm_status gm_ens_merge(const char *const *paths, size_t ns, FILE *out, gm_ens_summary **sum,
                       gm_error *err)
{
    shard *S = NULL;
    char *header = NULL, *ref_line = NULL, *meta = NULL;
    const char *meta_from = NULL; /* the first file with a line: it says if rows record a unit order */
    gm_rows_format fmt = GM_ROWS_CSV;
    long k = -1;
    const char *first = NULL; /* the first file with a line: it sets the format */
    gm_status rc = GM_OK;

    *sum = NULL;
    if (ns == 0) return gm_fail(err, GM_E_ARG, "no row files to merge");
    if (!(S = calloc(ns, sizeof *S))) return gm_fail(err, GM_E_NOMEM, "out of memory");
    /* Open every file; the format and (CSV) the header from the first lines. */
    for (size_t i = 0; i < ns; i++) {
        S[i].path = paths[i];
        if (!(S[i].f = fopen(S[i].path, "rb"))) {
            rc = gm_fail(err, GM_E_IO, "cannot open shard output '%s': %s", S[i].path, strerror(errno));
            goto done;
        }
        if (!next_line(&S[i])) continue; /* an empty file: no rows */
        if ((rc = merge_meta(&S[i], &meta_from, &meta, err)) != GM_OK) goto done;
        if (meta && !next_line(&S[i])) continue;
        gm_rows_format f = strncmp(S[i].line, "plan,sample", 11) == 0 ? GM_ROWS_CSV : GM_ROWS_JSONL;
        if (!first) {
            first = S[i].path;
            fmt = f;
        }
        if (f != fmt) {
            rc = gm_fail(err, GM_E_FORMAT,
                         "%s: its format differs from %s's (merge CSV with CSV, JSONL with JSONL)",
                         S[i].path, first);
            goto done;
        }
        if (fmt == GM_ROWS_CSV) {
            if (!header) {
                if ((k = gm_ens_rows_header_k(S[i].line)) < 0) {
                    rc = gm_fail(err, GM_E_FORMAT, "%s: line 1 is not the header of per-plan rows",
                                 S[i].path);
                    goto done;
                }
                if (!(header = strdup(S[i].line))) {
                    rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                    goto done;
                }
            } else if (strcmp(header, S[i].line) != 0) {
                rc = gm_fail(err, GM_E_FORMAT, "%s: its header differs from %s's: not shards of one run",
                             S[i].path, first);
                goto done;
            }
            next_line(&S[i]);
        } else if (k < 0) {
            k = gm_ens_rows_jsonl_k(S[i].line);
        }
    }
    if (k < 0) {
        rc = gm_fail(err, GM_E_FORMAT, "%s: not per-plan rows of an ensemble run",
                     first ? first : S[0].path);
        goto done;
    }
    if ((rc = gm_ens_summary_create((size_t)k, 0, sum, err)) != GM_OK) goto done;
    /* Every file's first row; the reference rows, equal in every file, set once. */
    for (size_t i = 0; i < ns; i++) {
        if (!(S[i].sh = malloc(((size_t)k + 1) * sizeof *S[i].sh))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        if (S[i].at_end) continue;
        if ((rc = parse(&S[i], fmt, (size_t)k, err)) != GM_OK) goto done;
        if (S[i].plan != -1) continue;
        if (!ref_line) {
            if (!(ref_line = strdup(S[i].line))) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                goto done;
            }
            gm_ens_summary_set_reference(*sum, &S[i].sc, S[i].sh);
        } else if (strcmp(ref_line, S[i].line) != 0) {
            rc = gm_fail(err, GM_E_DATA, "%s: its reference plan differs from the other files'",
                         S[i].path);
            goto done;
        }
        if (next_line(&S[i]) && (rc = parse(&S[i], fmt, (size_t)k, err)) != GM_OK) goto done;
        if (!S[i].at_end && S[i].plan < 0) {
            rc = gm_fail(err, GM_E_FORMAT, "%s: line %llu: a second reference row", S[i].path,
                         S[i].lineno);
            goto done;
        }
    }
    if (out) {
        if (meta) fputs(meta, out);
        if (header) fputs(header, out);
        if (ref_line) fputs(ref_line, out);
    }
    /* Rows in plan order: 0, 1, 2, ... each from exactly one file. */
    int64_t prev = -1;
    for (;;) {
        size_t best = ns;
        for (size_t i = 0; i < ns; i++)
            if (!S[i].at_end && (best == ns || S[i].plan < S[best].plan)) best = i;
        if (best == ns) break;
        shard *s = &S[best];
        if (s->plan == prev) {
            rc = gm_fail(err, GM_E_DATA, "%s: plan %lld appears in two files", s->path,
                         (long long)s->plan);
            goto done;
        }
        if (s->plan != prev + 1) {
            rc = gm_fail(err, GM_E_DATA,
                         "no file holds plan %lld (the next plan, %lld, is on line %llu of %s): "
                         "the output of a shard is missing",
                         (long long)(prev + 1), (long long)s->plan, s->lineno, s->path);
            goto done;
        }
        prev = s->plan;
        if (out) fputs(s->line, out);
        gm_ens_summary_add(*sum, &s->sc, s->sh);
        if (!next_line(s)) continue;
        if ((rc = parse(s, fmt, (size_t)k, err)) != GM_OK) goto done;
        if (s->plan <= prev) {
            rc = gm_fail(err, GM_E_FORMAT, "%s: line %llu: rows are not in plan order", s->path,
                         s->lineno);
            goto done;
        }
    }
    for (size_t i = 0; i < ns; i++)
        if (ferror(S[i].f)) {
            rc = gm_fail(err, GM_E_IO, "cannot read %s: %s", S[i].path, strerror(errno));
            goto done;
        }
    if (out && ferror(out)) rc = gm_fail(err, GM_E_IO, "cannot write the merged rows: %s", strerror(errno));
done:
    for (size_t i = 0; S && i < ns; i++) {
        if (S[i].f) fclose(S[i].f);
        free(S[i].line);
        free(S[i].sh);
    }
    free(S);
    free(header);
    free(ref_line);
    free(meta);
    return rc;
}
