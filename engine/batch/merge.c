/* merge.c: the rows of split runs joined into the rows and summary of one run
 * (gm_ens_merge, gm_driver.h).
 *
 * First the heads: every file must come from the same run (the same metadata but for
 * the part it holds), and the parts must be a whole split: shards 1/N..N/N once each,
 * or plan ranges that tile the ensemble. Then each file is read line by line, each line
 * parsed once; the files' current rows are merged by plan number (the file count is
 * small: a linear scan picks the next). A row is copied to the output as it was read,
 * so the merged rows are byte for byte those of one run, and the summary, which depends
 * only on the rows in plan order, equals one run's too. Last, the end lines: each file
 * must have one (a run that did not finish has none), and the rows must reach the last
 * plan the runs read. */
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
    gm_rows_info ri;          /* its head (and end line) */
    /* the part of the run it holds */
    enum { PART_WHOLE, PART_SHARD, PART_RANGE } part;
    unsigned long long pk, pn;        /* shard pk/pn */
    unsigned long long lo, hi, total; /* range [lo, hi) of total plans */
} shard;

/* Keys that say which part of a run a file holds (the rest describe the run). */
static bool part_key(const char *key) { return !strcmp(key, "shard") || !strcmp(key, "range"); }

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

/* Parse the current line of s as a row; an end line ends the file (nothing may follow). */
static gm_status parse(shard *s, gm_error *err)
{
    if (s->ri.version >= 2 && gm_ens_rows_end_parse(s->line, &s->ri)) {
        unsigned long long at = s->lineno;
        if (next_line(s))
            return gm_fail(err, GM_E_FORMAT, "%s: line %llu follows the end line (line %llu)",
                           s->path, s->lineno, at);
        s->at_end = true;
        return GM_OK;
    }
    if (gm_ens_row_parse(s->line, &s->ri, &s->plan, &s->sc, s->sh) != GM_OK) return not_a_row(s, err);
    return GM_OK;
}

/* The part of its run that s holds, from its metadata. */
static gm_status read_part(shard *s, gm_error *err)
{
    const char *sh = gm_rows_info_get(&s->ri, "shard"), *rg = gm_rows_info_get(&s->ri, "range");
    if (sh && rg)
        return gm_fail(err, GM_E_FORMAT, "%s: both a shard and a range of plans", s->path);
    if (sh) {
        if (sscanf(sh, "%llu/%llu", &s->pk, &s->pn) != 2 || s->pk < 1 || s->pk > s->pn)
            return gm_fail(err, GM_E_FORMAT, "%s: shard '%s' is not K/N", s->path, sh);
        s->part = PART_SHARD;
    } else if (rg) {
        if (sscanf(rg, "[%llu, %llu) of %llu", &s->lo, &s->hi, &s->total) != 3 || s->lo > s->hi ||
            s->hi > s->total)
            return gm_fail(err, GM_E_FORMAT, "%s: range '%s' is not [LO, HI) of N", s->path, rg);
        s->part = PART_RANGE;
    }
    return GM_OK;
}

/* The unit order (GM_ROWS_UNIT_ORDER) is compared as every metadata line is, but first
 * and in its own words: files scored on differently sorted copies of a layer also differ
 * in lines before it (the layer's name), and the order is what makes their rows unfit. */
static gm_status same_order(const shard *a, const shard *b, gm_error *err)
{
    gm_unit_order x, y;
    bool oa = gm_rows_info_get(&a->ri, GM_ROWS_UNIT_ORDER) != NULL;
    bool ob = gm_rows_info_get(&b->ri, GM_ROWS_UNIT_ORDER) != NULL;
    if (oa != ob)
        return gm_fail(err, GM_E_DATA,
                       "%s records the unit order it was scored on and %s does not: not parts of "
                       "one run",
                       oa ? a->path : b->path, oa ? b->path : a->path);
    if (!gm_rows_info_order(&a->ri, &x) || !gm_rows_info_order(&b->ri, &y) ||
        (x.n == y.n && x.fp == y.fp))
        return GM_OK; /* the values are compared as text with the rest */
    return gm_fail(err, GM_E_DATA,
                   "%s was scored on units in another order than %s (%zu units, fingerprint "
                   "%016" PRIx64 "; %zu units, fingerprint %016" PRIx64 "): not parts of one "
                   "run; score every part with the same unit layer",
                   b->path, a->path, y.n, y.fp, x.n, x.fp);
}

/* The same run: format, districts, parties and every metadata line but the part. */
static gm_status same_run(const shard *a, const shard *b, gm_error *err)
{
    if (a->ri.version != b->ri.version)
        return gm_fail(err, GM_E_DATA,
                       "%s was written by an older gerrymeter (rows version %d), %s by a newer one "
                       "(version %d): not parts of one run",
                       a->ri.version < b->ri.version ? a->path : b->path,
                       a->ri.version < b->ri.version ? a->ri.version : b->ri.version,
                       a->ri.version < b->ri.version ? b->path : a->path,
                       a->ri.version < b->ri.version ? b->ri.version : a->ri.version);
    if (a->ri.fmt != b->ri.fmt)
        return gm_fail(err, GM_E_FORMAT,
                       "%s: its format differs from %s's (merge CSV with CSV, JSONL with JSONL)",
                       b->path, a->path);
    if (a->ri.k != b->ri.k)
        return gm_fail(err, GM_E_DATA, "%s has plans of %zu districts, %s of %zu: not parts of one run",
                       a->path, a->ri.k, b->path, b->ri.k);
    gm_status rc = same_order(a, b, err);
    if (rc != GM_OK) return rc;
    size_t i = 0, j = 0;
    for (;;) {
        while (i < a->ri.n_meta && part_key(a->ri.key[i])) i++;
        while (j < b->ri.n_meta && part_key(b->ri.key[j])) j++;
        if (i == a->ri.n_meta && j == b->ri.n_meta) return GM_OK;
        const char *ka = i < a->ri.n_meta ? a->ri.key[i] : NULL, *kb = j < b->ri.n_meta ? b->ri.key[j] : NULL;
        if (!ka || !kb || strcmp(ka, kb))
            return gm_fail(err, GM_E_DATA,
                           "%s and %s are not parts of one run: %s has %s%s%s where %s has %s%s%s",
                           a->path, b->path, a->path, ka ? "'" : "no more metadata", ka ? ka : "",
                           ka ? "'" : "", b->path, kb ? "'" : "no more metadata", kb ? kb : "",
                           kb ? "'" : "");
        if (strcmp(a->ri.value[i], b->ri.value[j]))
            return gm_fail(err, GM_E_DATA,
                           "%s and %s are not parts of one run: their %s differ ('%.300s' and "
                           "'%.300s')",
                           a->path, b->path, ka, a->ri.value[i], b->ri.value[j]);
        i++;
        j++;
    }
}

static int by_lo(const void *x, const void *y)
{
    const shard *a = *(const shard *const *)x, *b = *(const shard *const *)y;
    return a->lo < b->lo ? -1 : a->lo > b->lo;
}

/* The parts make one whole run: shards 1/N..N/N once each, or ranges that tile
 * [0, total), or one whole file. */
static gm_status whole_split(shard *S, size_t ns, gm_error *err)
{
    shard *a = &S[0];
    for (size_t i = 0; i < ns; i++)
        if (S[i].part != a->part)
            return gm_fail(err, GM_E_DATA, "%s and %s hold parts of different splits (%s and %s)",
                           a->path, S[i].path,
                           a->part == PART_SHARD ? "a shard" : a->part == PART_RANGE ? "a range" : "every plan",
                           S[i].part == PART_SHARD ? "a shard" : S[i].part == PART_RANGE ? "a range" : "every plan");
    if (a->part == PART_WHOLE) {
        if (ns > 1)
            return gm_fail(err, GM_E_DATA,
                           "%s and %s each hold every plan of a run, not one part of it: merge the "
                           "parts of one split run",
                           S[0].path, S[1].path);
        return GM_OK;
    }
    if (a->part == PART_SHARD) {
        unsigned long long n = a->pn;
        for (size_t i = 0; i < ns; i++) {
            if (S[i].pn != n)
                return gm_fail(err, GM_E_DATA, "%s is shard %llu/%llu but %s is shard %llu/%llu: parts of "
                               "different splits", a->path, a->pk, a->pn, S[i].path, S[i].pk, S[i].pn);
            for (size_t j = 0; j < i; j++)
                if (S[j].pk == S[i].pk)
                    return gm_fail(err, GM_E_DATA, "%s and %s are both shard %llu/%llu", S[j].path,
                                   S[i].path, S[i].pk, n);
        }
        if (ns < n) {
            char miss[400] = "";
            size_t used = 0, n_miss = 0;
            for (unsigned long long kk = 1; kk <= n; kk++) {
                bool have = false;
                for (size_t i = 0; i < ns && !have; i++) have = S[i].pk == kk;
                if (have) continue;
                n_miss++;
                if (used + 40 < sizeof miss) {
                    int w = snprintf(miss + used, sizeof miss - used, "%s%llu/%llu", used ? ", " : "", kk, n);
                    if (w > 0) used += (size_t)w;
                } else if (used + 5 < sizeof miss) {
                    used += (size_t)snprintf(miss + used, sizeof miss - used, ", ...");
                }
            }
            return gm_fail(err, GM_E_DATA,
                           "%zu of the %llu shards are given: shard%s %s %s missing (every plan must "
                           "be merged)",
                           ns, n, n_miss > 1 ? "s" : "", miss, n_miss > 1 ? "are" : "is");
        }
        return GM_OK;
    }
    /* ranges */
    shard **o = malloc(ns * sizeof *o);
    if (!o) return gm_fail(err, GM_E_NOMEM, "out of memory");
    for (size_t i = 0; i < ns; i++) o[i] = &S[i];
    qsort(o, ns, sizeof *o, by_lo);
    gm_status rc = GM_OK;
    unsigned long long at = 0;
    for (size_t i = 0; i < ns && rc == GM_OK; i++) {
        shard *s = o[i];
        if (s->total != a->total)
            rc = gm_fail(err, GM_E_DATA, "%s splits %llu plans but %s splits %llu: parts of different runs",
                         a->path, a->total, s->path, s->total);
        else if (s->lo < at)
            rc = gm_fail(err, GM_E_DATA, "%s (plans %llu to %llu) and %s (plans %llu to %llu) overlap",
                         o[i - 1]->path, o[i - 1]->lo, o[i - 1]->hi - 1, s->path, s->lo, s->hi - 1);
        else if (s->lo > at)
            rc = gm_fail(err, GM_E_DATA, "plans %llu to %llu are in no file (the part before %s is missing)",
                         at, s->lo - 1, s->path);
        at = s->hi > at ? s->hi : at;
    }
    if (rc == GM_OK && at < a->total)
        rc = gm_fail(err, GM_E_DATA,
                     "plans %llu to %llu of %llu are in no file: the last part of the run is missing",
                     at, a->total - 1, a->total);
    free(o);
    return rc;
}

gm_status gm_ens_merge(const char *const *paths, size_t ns, FILE *out, gm_ens_summary **sum,
                       gm_rows_info *info, gm_error *err)
{
    shard *S = NULL;
    char *ref_line = NULL;
    gm_status rc = GM_OK;
    size_t k = 0;
    gm_rows_info mine; /* the merged head when the caller does not want it */
    gm_rows_info *m = info ? info : &mine;

    *sum = NULL;
    memset(m, 0, sizeof *m);
    if (ns == 0) return gm_fail(err, GM_E_ARG, "no row files to merge");
    if (!(S = calloc(ns, sizeof *S))) return gm_fail(err, GM_E_NOMEM, "out of memory");
    /* Open every file and read its head. */
    for (size_t i = 0; i < ns; i++) {
        S[i].path = paths[i];
        if (!(S[i].f = fopen(S[i].path, "rb"))) {
            rc = gm_fail(err, GM_E_IO, "cannot open shard output '%s': %s", S[i].path, strerror(errno));
            goto done;
        }
        if ((rc = gm_ens_rows_read_head(S[i].f, S[i].path, &S[i].ri, &S[i].line, &S[i].cap,
                                        &S[i].lineno, err)) != GM_OK)
            goto done;
        if (!S[i].line[0] && S[i].ri.version == 1 && S[i].ri.k == 0) {
            rc = gm_fail(err, GM_E_FORMAT, "%s: empty: not per-plan rows of an ensemble run", S[i].path);
            goto done;
        }
        S[i].at_end = !S[i].line[0];
        if ((rc = read_part(&S[i], err)) != GM_OK) goto done;
        if (i && (rc = same_run(&S[0], &S[i], err)) != GM_OK) goto done;
    }
    k = S[0].ri.k;
    if (S[0].ri.version >= 2 && (rc = whole_split(S, ns, err)) != GM_OK) goto done;
    if ((rc = gm_ens_summary_create(k, 0, sum, err)) != GM_OK) goto done;
    /* Every file's first row; the reference rows, equal in every file, set once. */
    for (size_t i = 0; i < ns; i++) {
        if (!(S[i].sh = malloc((k + 1) * sizeof *S[i].sh))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        if (S[i].at_end) continue;
        if ((rc = parse(&S[i], err)) != GM_OK) goto done;
        if (S[i].at_end || S[i].plan != -1) continue;
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
        if (next_line(&S[i]) && (rc = parse(&S[i], err)) != GM_OK) goto done;
        if (!S[i].at_end && S[i].plan < 0) {
            rc = gm_fail(err, GM_E_FORMAT, "%s: line %llu: a second reference row", S[i].path,
                         S[i].lineno);
            goto done;
        }
    }
    /* The merged head: the run's metadata without the part each file holds. */
    m->fmt = S[0].ri.fmt;
    m->k = k;
    m->version = S[0].ri.version;
    memcpy(m->party, S[0].ri.party, sizeof m->party);
    for (size_t j = 0; j < S[0].ri.n_meta; j++)
        if (!part_key(S[0].ri.key[j]) &&
            (rc = gm_rows_info_add(m, err, S[0].ri.key[j], "%s", S[0].ri.value[j])) != GM_OK)
            goto done;
    if (out) {
        if (S[0].ri.version >= 2) {
            if ((rc = gm_ens_rows_header(out, m, err)) != GM_OK) goto done;
        } else if (S[0].ri.fmt == GM_ROWS_CSV) {
            gmi_rows_csv_header(out, &S[0].ri);
            fputc('\n', out);
        }
        if (ref_line) fputs(ref_line, out);
    }
    /* Rows in plan order: 0, 1, 2, ... each from exactly one file. */
    int64_t prev = -1;
    uint64_t scored = 0;
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
        scored++;
        if (out) fputs(s->line, out);
        gm_ens_summary_add(*sum, &s->sc, s->sh);
        if (!next_line(s)) continue;
        if ((rc = parse(s, err)) != GM_OK) goto done;
        if (!s->at_end && s->plan <= prev) {
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
    /* Every file finished, and the rows reach the last plan the runs read. */
    uint64_t read = 0;
    if (S[0].ri.version >= 2) {
        for (size_t i = 0; i < ns; i++) {
            shard *s = &S[i];
            if (!s->ri.ended) {
                rc = gm_fail(err, GM_E_DATA,
                             "%s has no end line: the run that wrote it did not finish (an "
                             "interrupted or partial output)",
                             s->path);
                goto done;
            }
            if (s->part == PART_RANGE) {
                if (s->ri.end_read != s->hi) {
                    rc = gm_fail(err, GM_E_DATA,
                                 "%s should hold plans %llu to %llu but its run stopped at plan %llu",
                                 s->path, s->lo, s->hi - 1, (unsigned long long)s->ri.end_read);
                    goto done;
                }
                read = s->total;
            } else if (i && s->ri.end_read != S[0].ri.end_read) {
                rc = gm_fail(err, GM_E_DATA,
                             "%s read %llu plans but %s read %llu: the runs did not read the same "
                             "ensemble",
                             S[0].path, (unsigned long long)S[0].ri.end_read, s->path,
                             (unsigned long long)s->ri.end_read);
                goto done;
            } else {
                read = s->ri.end_read;
            }
        }
        if (scored != read) {
            rc = gm_fail(err, GM_E_DATA,
                         "the files hold %llu plans of the %llu their runs read: plans %llu to %llu "
                         "are in no file",
                         (unsigned long long)scored, (unsigned long long)read,
                         (unsigned long long)scored, (unsigned long long)read - 1);
            goto done;
        }
        if (out && (rc = gm_ens_rows_end(out, m, read, scored, err)) != GM_OK) goto done;
    }
    if (out && ferror(out)) rc = gm_fail(err, GM_E_IO, "cannot write the merged rows: %s", strerror(errno));
done:
    for (size_t i = 0; S && i < ns; i++) {
        if (S[i].f) fclose(S[i].f);
        free(S[i].line);
        free(S[i].sh);
        gm_rows_info_free(&S[i].ri);
    }
    free(S);
    free(ref_line);
    if (rc != GM_OK || m == &mine) gm_rows_info_free(m);
    return rc;
}
