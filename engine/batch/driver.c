/* driver.c: score an ensemble as a stream (gm_ens_run, gm_driver.h).
 *
 * Plans are read in blocks of GM_ENS_BLOCK. Two blocks alternate: while the batch kernel
 * scores one on the worker threads, a reader thread fills the other, so reading (a pipe,
 * xz, JSON parsing) and scoring overlap. Memory is two blocks of plans and one of
 * scores, whatever the ensemble's size. Rows reach the caller in plan order, block by
 * block, and each block's rows are delivered before the run waits for the next block
 * (so a checkpoint holds them even when the next plans are slow to come). */
#include "batch/batch.h"
#include "gerrymeter/gm_driver.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void gm_batch_spec_init(gm_batch_spec *bs, const gm_units *u, const gm_graph *g)
{
    memset(bs, 0, sizeof *bs);
    bs->n_units = u->n;
    bs->pop = u->pop;
    if (u->n_parties >= 2) {
        bs->votes_a = u->votes;
        bs->votes_b = u->votes + u->n;
    }
    bs->graph = g;
}

/* Which plans the run scores, resolved from the spec. */
typedef struct select_ {
    uint64_t shard_k, shard_n;   /* 1/1: all */
    bool use_range;
    uint64_t range_hi;
    uint64_t start;
} select_;

/* One block of plans read from the ensemble: this run's next (up to) GM_ENS_BLOCK plans. */
typedef struct block {
    gm_ens_reader *rd;
    const select_ *sel;
    size_t n;              /* units per plan */
    uint64_t *plan_no;     /* next plan index of the file (shared; one reader at a time) */
    int32_t *A;            /* [GM_ENS_BLOCK * n] */
    int64_t *smp;          /* [GM_ENS_BLOCK] sample numbers */
    uint64_t *idx;         /* [GM_ENS_BLOCK] plan indices */
    size_t np;             /* plans read */
    bool more;             /* false once the input is exhausted */
    gm_status st;          /* reading error */
    gm_error err;
} block;

/* Read the next block (the body of the reader thread). Plans outside the selection are
 * skipped without being decoded. */
static void *fill_block(void *arg)
{
    block *bk = arg;
    const select_ *s = bk->sel;
    bk->np = 0;
    while (bk->np < GM_ENS_BLOCK) {
        bool got;
        if (s->use_range && *bk->plan_no >= s->range_hi) {
            bk->more = false;
            break;
        }
        if (*bk->plan_no < s->start || *bk->plan_no % s->shard_n != s->shard_k - 1) {
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

/* Districts per plan from plans in memory: the largest id + 1. */
static size_t infer_k(const int32_t *A, size_t count)
{
    int32_t mx = 0;
    for (size_t i = 0; i < count; i++) mx = A[i] > mx ? A[i] : mx;
    return (size_t)mx + 1;
}

gm_status gm_ens_guess_k(const char *plans, gm_ens_format fmt, size_t *k, gm_error *err)
{
    gm_ens_reader *r = NULL;
    int32_t *d = NULL;
    size_t kk = 1;
    gm_status rc = gm_ens_open(plans, fmt, 0, &r, err);
    bool got = true;
    for (int p = 0; rc == GM_OK && p < GM_ENS_BLOCK && got; p++) {
        int64_t smp;
        size_t n = gm_ens_n_units(r);
        /* before the first plan its length is unknown: room for a large plan */
        if (!d && !(d = malloc((n ? n : (size_t)1 << 24) * sizeof *d))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            break;
        }
        if ((rc = gm_ens_next(r, d, &smp, &got, err)) != GM_OK || !got) break;
        size_t m = infer_k(d, gm_ens_n_units(r));
        kk = m > kk ? m : kk;
    }
    free(d);
    gm_status crc = gm_ens_close(r, rc == GM_OK ? err : NULL);
    if (rc == GM_OK) rc = crc;
    *k = rc == GM_OK ? kk : 0;
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Plans whose unit order nothing showed (JSONL, BEN, a CSV without unit ids, GMEN without
 * a fingerprint): the median plan of the first block must be within the limit of the
 * ideal population. Plans read on units in another order are far off: Minnesota's
 * congressional ReCom plans are within 2 %, the same plans on the precincts sorted by
 * VTD are 87 % or more off (docs/ensembles.md, "Unit order"). */
static gm_status balance_check(const gm_ens_run_spec *spec, const char *plans,
                               const gm_plan_scores *sc, size_t np, gm_error *err)
{
    double limit = spec->pop_dev_limit > 0 ? spec->pop_dev_limit : GM_ENS_POP_DEV_LIMIT;
    double *v = malloc((np ? np : 1) * sizeof *v);
    size_t m = 0;
    if (!v) return gm_fail(err, GM_E_NOMEM, "out of memory");
    for (size_t p = 0; p < np; p++)
        if (!isnan(sc[p].pop_dev)) v[m++] = sc[p].pop_dev;
    double med = 0;
    if (m) {
        qsort(v, m, sizeof *v, cmp_double);
        med = v[(m - 1) / 2];
    }
    free(v);
    if (!(med > limit)) return GM_OK;
    return gm_fail_hint(err, GM_E_DATA, GM_HINT_POP_DEV_LIMIT,
                        "%s: the median of its first %zu plans is %.1f %% off the ideal district "
                        "population (%s; real plans are within a few percent, the limit is %.0f %%): "
                        "the plans were most likely drawn on the units in another order, and the "
                        "file holds no unit ids to check it; score them with the unit layer they "
                        "were drawn on, in its order",
                        plans, m, 100 * med, spec->units->pop_field, 100 * limit);
}

gm_status gm_ens_run(const gm_ens_run_spec *spec, const gm_ens_run_cb *cb, gm_ens_summary **sum,
                     gm_ens_run_stats *stats, gm_error *err)
{
    static const gm_ens_run_cb none = {0};
    gm_ens_summary *mine = NULL; /* the summary when the caller wants none */
    const gm_plan *ref = spec->reference;
    const char *plans = spec->plans ? spec->plans : "the ensemble";
    size_t n = spec->batch.n_units, k = spec->batch.k;
    gm_batch_spec bs = spec->batch;
    gm_ens_reader *own = NULL, *rd = spec->reader;
    gm_batch *b = NULL;
    gm_plan_scores *sc = NULL;
    double *sh = NULL;
    block blk[2];
    uint64_t plan_no = 0, scored = 0;
    bool inferred = false, stopped = false;
    bool order_checked = true; /* no balance check unless units with a population say so */
    gm_status rc = GM_OK;
    select_ sel = {spec->shard_n ? spec->shard_k : 1, spec->shard_n ? spec->shard_n : 1,
                   spec->use_range, spec->range_hi, spec->start};

    memset(blk, 0, sizeof blk);
    if (!cb) cb = &none;
    if (!sum) sum = &mine;
    if (stats) memset(stats, 0, sizeof *stats);
    if (n == 0) return gm_fail(err, GM_E_ARG, "no units to score the plans of %s over", plans);
    if (!rd && !spec->plans) return gm_fail(err, GM_E_ARG, "no ensemble to read: name a path or give a reader");
    if (sel.shard_k < 1 || sel.shard_k > sel.shard_n)
        return gm_fail(err, GM_E_ARG, "shard %llu of %llu does not exist",
                       (unsigned long long)sel.shard_k, (unsigned long long)sel.shard_n);
    if (ref && ref->n_units != n)
        return gm_fail(err, GM_E_ARG, "the reference plan has %zu units, the ensemble's units %zu",
                       ref->n_units, n);
    if (!k && ref) k = ref->k;
    if (!k && *sum) k = gm_ens_summary_k(*sum);
    if (k && *sum && gm_ens_summary_k(*sum) != k)
        return gm_fail(err, GM_E_ARG, "the summary has %zu districts, the run %zu",
                       gm_ens_summary_k(*sum), k);
    if (!rd) {
        if ((rc = gm_ens_open(spec->plans, spec->format, n, &own, err)) != GM_OK) return rc;
        rd = own;
    }
    if (spec->units) {
        if (spec->units->n != n) {
            rc = gm_fail(err, GM_E_ARG, "the run's units number %zu, its batch spec %zu",
                         spec->units->n, n);
            goto done;
        }
        if ((rc = gm_ens_check_units(rd, spec->units, spec->warnings, err)) != GM_OK) goto done;
        order_checked = gm_ens_order_checked(rd) || !spec->units->pop_field ||
                        !(spec->pop_dev_limit >= 0) || spec->pop_dev_limit == INFINITY;
    }
    if (spec->use_range && (rc = gm_ens_seek(rd, spec->range_lo, err)) != GM_OK) goto done;
    plan_no = spec->use_range ? spec->range_lo : 0;
    if (spec->start > plan_no) {
        /* a GMEN file goes straight to the plan; other inputs are read past it */
        if (gm_ens_seek(rd, spec->start, NULL) == GM_OK) plan_no = spec->start;
    }
    for (int i = 0; i < 2; i++) {
        blk[i].rd = rd;
        blk[i].sel = &sel;
        blk[i].n = n;
        blk[i].plan_no = &plan_no;
        blk[i].more = true;
        blk[i].A = malloc((size_t)GM_ENS_BLOCK * n * sizeof *blk[i].A);
        blk[i].smp = malloc(GM_ENS_BLOCK * sizeof *blk[i].smp);
        blk[i].idx = malloc(GM_ENS_BLOCK * sizeof *blk[i].idx);
        gm_error_clear(&blk[i].err);
        if (!blk[i].A || !blk[i].smp || !blk[i].idx) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory for a block of plans");
            goto done;
        }
    }
    if (!(sc = malloc(GM_ENS_BLOCK * sizeof *sc))) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    /* Read block 0 here; then, while block c is scored, read the other on a thread. */
    fill_block(&blk[0]);
    bool first = true;
    int c = 0;
    for (;;) {
        block *cur = &blk[c], *nxt = &blk[1 - c];
        if (cur->st != GM_OK) {
            if (err) *err = cur->err;
            rc = cur->st;
            goto done;
        }
        size_t np = cur->np;
        if (first) {
            if (!k) {
                k = infer_k(cur->A, np * n);
                inferred = true;
            }
            bs.k = k;
            if (ref && ref->k != k) {
                rc = gm_fail(err, GM_E_DATA,
                             "the reference plan (%s) has %zu districts but the plans of %s "
                             "have %zu",
                             ref->source ? ref->source : "given", ref->k, plans, k);
                goto done;
            }
            if ((rc = gm_batch_create(&bs, spec->threads, &b, err)) != GM_OK) goto done;
            if (!*sum &&
                (rc = gm_ens_summary_create(k, bs.graph ? bs.graph->n_edges : 0, sum, err)) != GM_OK)
                goto done;
            if (!(sh = malloc((GM_ENS_BLOCK + 1) * k * sizeof *sh))) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                goto done;
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
        gm_status st = np ? gm_batch_score(b, cur->A, cur->smp, np, sc, sh, err) : GM_OK;
        if (st == GM_OK && first) {
            /* The first block passed the kernel: check its balance when the unit order is
             * unknown, then tell the caller k and give it the reference row. */
            first = false;
            if (!order_checked) st = balance_check(spec, plans, sc, np, err);
            if (st == GM_OK && cb->begin && cb->begin(cb->ctx, k)) stopped = true;
            if (st == GM_OK && !stopped && ref) {
                gm_plan_scores refs;
                double *rsh = sh + GM_ENS_BLOCK * k;
                st = gm_score_one(&bs, ref->district, -1, &refs, rsh, err);
                if (st == GM_OK) {
                    gm_ens_summary_set_reference(*sum, &refs, rsh);
                    if (cb->row && cb->row(cb->ctx, -1, &refs, rsh, k)) stopped = true;
                }
            }
            if (st != GM_OK) { /* not a kernel error: reported as it is */
                if (reading) pthread_join(reader, NULL);
                rc = st;
                goto done;
            }
        }
        if (st == GM_OK && !stopped) {
            for (size_t p = 0; p < np && !stopped; p++) {
                if (cb->row && cb->row(cb->ctx, (int64_t)cur->idx[p], &sc[p], sh + p * k, k))
                    stopped = true;
                else
                    gm_ens_summary_add(*sum, &sc[p], sh + p * k);
            }
            if (!stopped) scored += np;
            /* the rows reach the caller before waiting for the next block, which may be
             * slow to arrive (a pipe) */
            if (!stopped && cb->block && cb->block(cb->ctx, scored)) stopped = true;
        }
        if (reading) pthread_join(reader, NULL);
        if (stopped) goto done;
        if (st != GM_OK) {
            char m[sizeof err->msg];
            snprintf(m, sizeof m, "%s", err ? err->msg : "");
            if (inferred)
                rc = gm_fail(err, st,
                             "%s: %.700s; the number of districts, %zu, was taken from the "
                             "first plans: set it when later plans have more",
                             plans, m, k);
            else
                rc = gm_fail(err, st, "%s: %.900s", plans, m);
            goto done;
        }
        if (!cur->more || np == 0) break;
        if (cb->stop && cb->stop(cb->ctx)) {
            stopped = true;
            goto done;
        }
        c = 1 - c;
    }
    if (own) {
        rc = gm_ens_close(own, err);
        own = NULL;
        if (rc != GM_OK) goto done;
    }
    if (scored == 0 && spec->start == 0 && sel.shard_n == 1 && !spec->use_range)
        rc = gm_fail(err, GM_E_DATA, "%s: no plans in this ensemble", plans);
done:
    if (stopped) rc = gm_fail(err, GM_E_INTERRUPTED, "%s: the run was stopped after %llu plans",
                              plans, (unsigned long long)scored);
    if (stats) {
        stats->k = k;
        stats->scored = scored;
        stats->next_plan = plan_no;
    }
    gm_ens_close(own, NULL);
    gm_ens_summary_destroy(mine);
    gm_batch_destroy(b);
    for (int i = 0; i < 2; i++) {
        free(blk[i].A);
        free(blk[i].smp);
        free(blk[i].idx);
    }
    free(sc);
    free(sh);
    return rc;
}
