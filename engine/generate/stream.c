/* stream.c: several chains on worker threads, their samples in a fixed order
 * (gm_gen_stream, gm_generate.h).
 *
 * Work is cut into jobs: job j is block r = j / C of chain c = j % C (GM_GEN_BLOCK
 * samples). Each chain has NBUF buffers; job j fills buffer r % NBUF of its chain. A
 * worker takes, of the chains that are idle, the one whose next block is the earliest job
 * whose buffer is free (the caller has taken job j - NBUF*C): a chain that runs faster
 * than the others for a while goes on into its spare buffers instead of waiting. The
 * caller takes jobs in order, so the samples come out in the same order for any number
 * of threads, and a chain's plans depend only on its own random stream. */
#include "generate/gen_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NBUF 4 /* buffers per chain: how far a chain may run ahead of the reader */

struct gm_gen_stream {
    gm_gen_run_spec spec;
    size_t C, n;
    uint64_t per_chain;   /* samples per chain */
    uint64_t blocks;      /* blocks per chain */
    uint64_t jobs;        /* C * blocks */
    gm_chain **chain;     /* [C] */
    int32_t *buf;         /* [C][NBUF][GM_GEN_BLOCK * n] */
    uint64_t *done;       /* [C][NBUF] job index the buffer holds + 1 (0: none yet) */
    uint64_t *samples;    /* [C][NBUF] samples in the buffer */
    bool *busy;           /* [C] a worker is on this chain */
    uint64_t *next_block; /* [C] the chain's next block to compute */
    uint64_t taken_job;   /* the job the caller reads */
    uint64_t taken_in;    /* samples of it already handed out */
    gm_status rc;         /* the first error of a worker */
    gm_error err;
    bool stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t *th;
    size_t n_th;
};

static int32_t *slot(gm_gen_stream *s, size_t c, size_t b)
{
    return s->buf + ((c * NBUF + b) * GM_GEN_BLOCK) * s->n;
}

/* Fill job j's buffer: the samples of block r of chain c. */
static gm_status run_job(gm_gen_stream *s, uint64_t j, uint64_t *count, gm_error *err)
{
    size_t c = (size_t)(j % s->C);
    uint64_t r = j / s->C, first = r * GM_GEN_BLOCK;
    uint64_t last = first + GM_GEN_BLOCK < s->per_chain ? first + GM_GEN_BLOCK : s->per_chain;
    gm_chain *ch = s->chain[c];
    int32_t *out = slot(s, c, (size_t)(r % NBUF));
    for (uint64_t i = first; i < last; i++) {
        uint64_t want = i == 0 ? s->spec.burn_in : s->spec.thin;
        while (want) {
            uint64_t taken = 0;
            gm_status rc = gm_chain_advance(ch, want, &taken, err);
            if (rc) return rc;
            want -= taken;
        }
        if (!s->spec.no_plans)
            memcpy(out + (i - first) * s->n, gm_chain_assignment(ch), s->n * sizeof *out);
    }
    *count = last - first;
    return GM_OK;
}

/* The earliest job a worker may start now: an idle chain's next block whose buffer the
 * caller has freed. UINT64_MAX: none (all done, or all waiting). */
static uint64_t runnable(const gm_gen_stream *s)
{
    uint64_t best = UINT64_MAX;
    for (size_t c = 0; c < s->C; c++) {
        if (s->busy[c] || s->next_block[c] >= s->blocks) continue;
        uint64_t j = s->next_block[c] * s->C + c;
        if (j < s->taken_job + (uint64_t)NBUF * s->C && j < best) best = j;
    }
    return best;
}

static bool all_started(const gm_gen_stream *s)
{
    for (size_t c = 0; c < s->C; c++)
        if (s->next_block[c] < s->blocks) return false;
    return true;
}

static void *worker(void *arg)
{
    gm_gen_stream *s = arg;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        uint64_t j = UINT64_MAX;
        while (!s->stop && s->rc == GM_OK && !all_started(s) && (j = runnable(s)) == UINT64_MAX)
            pthread_cond_wait(&s->cv, &s->mu);
        if (s->stop || s->rc != GM_OK || all_started(s)) break;
        size_t c = (size_t)(j % s->C);
        s->busy[c] = true;
        s->next_block[c]++;
        pthread_mutex_unlock(&s->mu);
        uint64_t count = 0;
        gm_error err;
        gm_error_clear(&err);
        gm_status rc = run_job(s, j, &count, &err);
        pthread_mutex_lock(&s->mu);
        s->busy[c] = false;
        size_t b = (size_t)((j / s->C) % NBUF);
        if (rc && s->rc == GM_OK) {
            s->rc = rc;
            s->err = err;
        }
        s->samples[c * NBUF + b] = count;
        s->done[c * NBUF + b] = j + 1;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

void gm_gen_stream_close(gm_gen_stream *s)
{
    if (!s) return;
    if (s->th) {
        pthread_mutex_lock(&s->mu);
        s->stop = true;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        for (size_t i = 0; i < s->n_th; i++) pthread_join(s->th[i], NULL);
        pthread_mutex_destroy(&s->mu);
        pthread_cond_destroy(&s->cv);
    }
    if (s->chain)
        for (size_t c = 0; c < s->C; c++) gm_chain_destroy(s->chain[c]);
    free(s->chain);
    free(s->buf);
    free(s->done);
    free(s->samples);
    free(s->busy);
    free(s->next_block);
    free(s->th);
    free(s);
}

gm_status gm_gen_stream_open(const gm_gen_run_spec *spec, gm_gen_stream **out, gm_error *err)
{
    *out = NULL;
    if (!spec || !spec->chain || spec->chains < 1 || spec->thin < 1)
        return gm_fail(err, GM_E_ARG, "a run needs a chain spec, at least one chain and thin >= 1");
    gm_gen_stream *s = calloc(1, sizeof *s);
    if (!s) return gm_fail(err, GM_E_NOMEM, "out of memory");
    s->spec = *spec;
    s->C = spec->chains;
    s->n = spec->chain->graph->n;
    s->per_chain = spec->steps / spec->thin + 1;
    s->blocks = (s->per_chain + GM_GEN_BLOCK - 1) / GM_GEN_BLOCK;
    s->jobs = s->blocks * s->C;
    s->chain = calloc(s->C, sizeof *s->chain);
    s->buf = malloc((spec->no_plans ? 1 : s->C * NBUF * GM_GEN_BLOCK * s->n) * sizeof *s->buf);
    s->done = calloc(NBUF * s->C, sizeof *s->done);
    s->samples = calloc(NBUF * s->C, sizeof *s->samples);
    s->busy = calloc(s->C, sizeof *s->busy);
    s->next_block = calloc(s->C, sizeof *s->next_block);
    if (!s->chain || !s->buf || !s->done || !s->samples || !s->busy || !s->next_block) {
        gm_gen_stream_close(s);
        return gm_fail(err, GM_E_NOMEM, "out of memory for %zu chains", spec->chains);
    }
    for (size_t c = 0; c < s->C; c++) {
        gm_status rc = gm_chain_create(spec->chain, c, &s->chain[c], err);
        if (rc) {
            gm_gen_stream_close(s);
            return rc;
        }
    }
    size_t th = spec->threads;
    if (!th) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        th = cpus > 0 ? (size_t)cpus : 1;
    }
    if (th > s->C) th = s->C;
    s->th = calloc(th, sizeof *s->th);
    if (!s->th) {
        gm_gen_stream_close(s);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    for (size_t i = 0; i < th; i++) {
        if (pthread_create(&s->th[i], NULL, worker, s) != 0) {
            s->n_th = i;
            gm_gen_stream_close(s);
            return gm_fail(err, GM_E_NOMEM, "cannot start a generator thread");
        }
        s->n_th = i + 1;
    }
    *out = s;
    return GM_OK;
}

gm_status gm_gen_stream_next(gm_gen_stream *s, int32_t *district, size_t *chain, uint64_t *sample,
                             bool *got, gm_error *err)
{
    *got = false;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        if (s->taken_job >= s->jobs) {
            pthread_mutex_unlock(&s->mu);
            return GM_OK;
        }
        uint64_t j = s->taken_job;
        size_t c = (size_t)(j % s->C), b = (size_t)((j / s->C) % NBUF);
        while (s->rc == GM_OK && s->done[c * NBUF + b] != j + 1) pthread_cond_wait(&s->cv, &s->mu);
        if (s->rc != GM_OK) {
            gm_status rc = s->rc;
            if (err) *err = s->err;
            pthread_mutex_unlock(&s->mu);
            return rc;
        }
        if (s->taken_in < s->samples[c * NBUF + b]) {
            uint64_t i = s->taken_in++;
            pthread_mutex_unlock(&s->mu);
            if (district && !s->spec.no_plans)
                memcpy(district, slot(s, c, b) + i * s->n, s->n * sizeof *district);
            *chain = c;
            *sample = (j / s->C) * GM_GEN_BLOCK + i;
            *got = true;
            return GM_OK;
        }
        /* this job is used up: its buffer is free for job j + NBUF*C */
        s->taken_job++;
        s->taken_in = 0;
        pthread_cond_broadcast(&s->cv);
    }
}

uint64_t gm_gen_stream_total(const gm_gen_stream *s) { return s->per_chain * s->C; }

const gm_chain_stats *gm_gen_stream_stats(const gm_gen_stream *s, size_t c)
{
    return gm_chain_get_stats(s->chain[c]);
}
