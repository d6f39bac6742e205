/* ens_resume.c: the checkpoint of `gerrymeter ensemble score --resume` (see ens_resume.h). */
#include "ens_resume.h"
#include "opts.h"
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "gerrymeter/gm_driver.h"

static char *with_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    char *s = malloc(n + e + 1);
    if (!s) return NULL;
    memcpy(s, path, n);
    memcpy(s + n, ext, e + 1);
    return s;
}

/* The whole of a small file, or NULL when it does not exist (*exists false). */
static char *slurp(const char *path, bool *exists)
{
    FILE *f = fopen(path, "rb");
    *exists = f != NULL || errno != ENOENT;
    if (!f) return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int c;
    while ((c = fgetc(f)) != EOF && len < (1u << 20)) {
        if (len + 2 > cap) {
            cap = cap ? 2 * cap : 1024;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        buf[len++] = (char)c;
    }
    fclose(f);
    if (buf) buf[len] = '\0';
    return buf ? buf : strdup("");
}

/* "the interrupted run had X, this one has Y" for the first line that differs. */
static void say_mismatch(const gmc_resume *r, const char *was, const char *now)
{
    const size_t lo = strlen(GMC_RESUME_ORDER);
    while (*was && *now) {
        const char *ew = strchr(was, '\n'), *en = strchr(now, '\n');
        size_t lw = ew ? (size_t)(ew - was) : strlen(was), ln = en ? (size_t)(en - now) : strlen(now);
        if ((lw != ln || memcmp(was, now, lw) != 0) && lw > lo && ln > lo &&
            !strncmp(was, GMC_RESUME_ORDER, lo) && !strncmp(now, GMC_RESUME_ORDER, lo)) {
            gmc_msg("%s: the interrupted run scored the units in another order (%.*s), this "
                    "layer's is %.*s: run it with the unit layer it was started with, or delete %s "
                    "and %s to start again",
                    r->record, (int)(lw - lo), was + lo, (int)(ln - lo), now + lo, r->part, r->record);
            return;
        }
        if (lw != ln || memcmp(was, now, lw) != 0) {
            gmc_msg("%s: the interrupted run had '%.*s', this one has '%.*s': run the same command "
                    "to resume, or delete %s and %s to start again",
                    r->record, (int)lw, was, (int)ln, now, r->part, r->record);
            return;
        }
        was += lw + (ew != NULL);
        now += ln + (en != NULL);
    }
    gmc_msg("%s: written by another run (different options): run the same command to resume, or "
            "delete %s and %s to start again",
            r->record, r->part, r->record);
}

static int write_record(const gmc_resume *r, const char *key)
{
    gmc_sink s;
    int rc = gmc_sink_open(&s, r->record);
    if (rc) return rc;
    fputs(key, s.f);
    return gmc_sink_close(&s, !ferror(s.f));
}

/* key without its unit-order line (a malloc'd copy), to compare with a record written
 * before records held one. */
static char *without_order(const char *key)
{
    char *s = strdup(key);
    if (!s) return NULL;
    char *p = strstr(s, "\n" GMC_RESUME_ORDER);
    if (p) {
        char *e = strchr(p + 1, '\n');
        memmove(p, e ? e : p + strlen(p), strlen(e ? e : p + strlen(p)) + 1);
    }
    return s;
}

/* Read the kept rows into the summary; cut a torn last line off. */
static int scan_part(gmc_resume *r, bool csv, size_t k, size_t n_edges, const gm_unit_order *order,
                     gm_ens_summary **sum)
{
    char *line = NULL;
    size_t cap = 0;
    double *sh = NULL;
    off_t good = 0;
    unsigned long long lineno = 0;
    int rc = GMC_OK;
    gm_error err;
    gm_error_clear(&err);
    r->k = (long)k;
    for (;;) {
        ssize_t len = getline(&line, &cap, r->f);
        if (len <= 0) break;
        lineno++;
        if (line[len - 1] != '\n') break; /* torn by the interruption: dropped */
        gm_unit_order kept;
        if (lineno == 1 && gm_ens_rows_meta_parse(line, &kept)) {
            if (kept.n != order->n || kept.fp != order->fp) {
                char a[400], b[400];
                gm_unit_order_format(&kept, a, sizeof a);
                gm_unit_order_format(order, b, sizeof b);
                gmc_msg("%s: its rows were scored on the units in another order (%s), this layer's "
                        "is %s: run it with the unit layer it was started with, or delete %s and %s "
                        "to start again",
                        r->part, a, b, r->part, r->record);
                rc = GMC_EDATA;
                goto out;
            }
            r->has_meta = true;
            good = ftello(r->f);
            continue;
        }
        if (csv && !r->has_header && lineno == 1 + (r->has_meta ? 1 : 0)) {
            long hk = gm_ens_rows_header_k(line);
            if (hk < 1 || (k && hk != (long)k)) {
                gmc_msg("%s: line 1 is not the header of this run's rows; delete %s and %s to start again",
                        r->part, r->part, r->record);
                rc = GMC_EDATA;
                goto out;
            }
            r->k = hk;
            r->has_header = true;
            good = ftello(r->f);
            continue;
        }
        if (!r->k && (r->k = gm_ens_rows_jsonl_k(line)) < 1) goto cut;
        if (!*sum && gm_ens_summary_create((size_t)r->k, n_edges, sum, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto out;
        }
        if (!sh && !(sh = malloc((size_t)r->k * sizeof *sh))) {
            gmc_msg("out of memory");
            rc = GMC_EDATA;
            goto out;
        }
        int64_t plan;
        gm_plan_scores sc;
        if (gm_ens_row_parse(line, csv ? GM_ROWS_CSV : GM_ROWS_JSONL, (size_t)r->k, &plan, &sc, sh) != GM_OK)
            goto cut;
        if (plan < 0) {
            if (r->has_ref || r->rows) goto cut; /* the reference row comes first, once */
            gm_ens_summary_set_reference(*sum, &sc, sh);
            r->has_ref = true;
        } else {
            /* every plan of the shard has its row, in order: a gap means lost rows */
            if (plan != (r->last < 0 ? r->shard_k - 1 : r->last + r->shard_n)) goto cut;
            gm_ens_summary_add(*sum, &sc, sh);
            r->last = plan;
            r->rows++;
        }
        good = ftello(r->f);
    }
    goto keep;
cut:
    /* Not the row that should come next (a write that failed part-way, a damaged file):
     * what came before is sound; this line and the rest are scored again. */
    gmc_msg("%s: line %llu is not the next row of this run; it and the lines after it are "
            "dropped and scored again", r->part, lineno);
    if (!r->rows && !r->has_ref) { /* nothing kept: k is not known from the rows */
        gm_ens_summary_destroy(*sum);
        *sum = NULL;
        if (!r->has_header) r->k = (long)k;
    }
keep:
    if (ferror(r->f) || good < 0 || ftruncate(fileno(r->f), good) != 0 ||
        fseeko(r->f, good, SEEK_SET) != 0) {
        gmc_msg("%s: cannot read or cut it: %s", r->part, strerror(errno));
        rc = GMC_EDATA;
    }
    r->flushed = good;
out:
    free(line);
    free(sh);
    return rc;
}

int gmc_resume_open(gmc_resume *r, const char *output, const char *key, bool csv, size_t k,
                    long shard_k, long shard_n, size_t n_edges, const gm_unit_order *order,
                    gm_warnings *w, gm_ens_summary **sum)
{
    memset(r, 0, sizeof *r);
    r->last = -1;
    r->shard_k = shard_k;
    r->shard_n = shard_n;
    /* the file the rows replace (through links; a read-only one is refused now, not at
     * the end), with the partial rows and the record beside it */
    gm_error err;
    gm_error_clear(&err);
    if (gm_atomic_target(output, &r->output, &err) != GM_OK) return gmc_fail(&err);
    r->part = with_ext(r->output, ".partial");
    r->record = with_ext(r->output, ".resume");
    if (!r->output || !r->part || !r->record) {
        gmc_msg("out of memory");
        return GMC_EDATA;
    }
    bool rec_exists, part_exists;
    char *was = slurp(r->record, &rec_exists);
    struct stat st;
    part_exists = stat(r->part, &st) == 0;
    if (rec_exists && !was) {
        gmc_msg("cannot read %s: %s", r->record, strerror(errno));
        return GMC_EDATA;
    }
    if (part_exists && !rec_exists) {
        gmc_msg("%s exists but %s, which says what run wrote it, does not: delete %s to start again",
                r->part, r->record, r->part);
        return GMC_EDATA;
    }
    if (part_exists && strcmp(was, key) != 0) {
        char *old = strstr(was, "\n" GMC_RESUME_ORDER) ? NULL : without_order(key);
        if (old && !strcmp(was, old)) { /* a record from before records held the order */
            gm_warn(w, "unit_order_unchecked",
                    "%s: no unit fingerprint: unit order cannot be checked (a checkpoint of an "
                    "older gerrymeter); the rows kept are taken as scored on this unit layer",
                    r->record);
            free(old);
        } else {
            free(old);
            say_mismatch(r, was, key);
            free(was);
            return GMC_EDATA;
        }
    }
    bool fresh = !part_exists && !rec_exists;
    free(was);
    int rc;
    /* the record first: a partial file never exists without one */
    if (!part_exists && (rc = write_record(r, key)) != 0) return rc;
    int fd = open(r->part, O_RDWR | O_CREAT, 0644);
    if (fd < 0 || !(r->f = fdopen(fd, "r+b"))) {
        gmc_msg("cannot open %s: %s", r->part, strerror(errno));
        if (fd >= 0) close(fd);
        return GMC_EDATA;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        gmc_msg("%s: another run is writing it (same -o and --resume); wait for it to end", r->part);
        return GMC_EDATA;
    }
    r->fresh = fresh; /* only the run holding the lock may remove what it made */
    return scan_part(r, csv, k, n_edges, order, sum);
}

void gmc_resume_discard(gmc_resume *r)
{
    if (!r || !r->fresh || !r->part) return;
    if (r->f) {
        fclose(r->f);
        r->f = NULL;
    }
    unlink(r->part);
    unlink(r->record);
}

int gmc_resume_flush(gmc_resume *r)
{
    off_t at;
    if (fflush(r->f) != 0 || ferror(r->f) || (at = ftello(r->f)) < 0) {
        /* a failed write may leave a hole before later rows: close cuts back to the last
         * flush that wrote everything */
        r->failed = true;
        gmc_msg("cannot write %s: %s", r->part, strerror(errno));
        return GMC_EDATA;
    }
    r->flushed = at;
    return GMC_OK;
}

int gmc_resume_finish(gmc_resume *r)
{
    if (fflush(r->f) != 0 || ferror(r->f) || fsync(fileno(r->f)) != 0) {
        r->failed = true; /* gmc_resume_close cuts back to the last good flush */
        gmc_msg("cannot write %s: %s", r->part, strerror(errno));
        return GMC_EDATA;
    }
    int bad = fclose(r->f) != 0;
    r->f = NULL;
    if (bad) {
        gmc_msg("cannot write %s: %s", r->output, strerror(errno));
        return GMC_EDATA;
    }
    gm_error err;
    gm_error_clear(&err);
    if (gm_atomic_tmpcommit(r->part, r->output, &err) != GM_OK) return gmc_fail(&err);
    unlink(r->record);
    return GMC_OK;
}

void gmc_resume_close(gmc_resume *r)
{
    if (!r) return;
    if (r->f) {
        if (r->failed) {
            /* drop what is still buffered: it follows the failed write */
            int fd = dup(fileno(r->f));
            fclose(r->f);
            if (fd >= 0) {
                if (ftruncate(fd, r->flushed) != 0) gmc_msg("cannot cut %s back: %s", r->part, strerror(errno));
                close(fd);
            }
        } else {
            fclose(r->f);
        }
    }
    free(r->part);
    free(r->record);
    free(r->output);
    memset(r, 0, sizeof *r);
}
