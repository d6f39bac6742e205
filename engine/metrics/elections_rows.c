/* elections_rows.c: the registry rows of several elections per plan of an ensemble.
 *
 * An ensemble run scored with several elections carries, besides the first election's
 * own columns, every vote-based ensemble row (GM_MF_PLAN rows with GM_MD_VOTES) once
 * per election and once for their composite, keyed "NAME.KEY" with the election's party
 * names ("PRES16.seats_D"). The rows are registered like any other (gm_metric_register)
 * and read their values from gm_metric_in.elections, which the batch kernel fills
 * (engine/batch/pelections.c). docs/cli.md, "Several elections", names the columns. */
#include "gerrymeter/gm_tally.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Rows per election: at most this many built-in rows are vote-based. */
#define MAX_VALUES 8

size_t gm_election_values(void)
{
    size_t n = 0;
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++) {
        const gm_metric_def *d = gm_metric_get(GM_MF_PLAN, m);
        if (!d->fn && (d->flags & GM_MD_VOTES)) n++;
    }
    return n < MAX_VALUES ? n : MAX_VALUES;
}

const gm_metric_def *gm_election_value_row(size_t j)
{
    size_t n = 0;
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++) {
        const gm_metric_def *d = gm_metric_get(GM_MF_PLAN, m);
        if (d->fn || !(d->flags & GM_MD_VOTES)) continue;
        if (n++ == j) return d;
    }
    return NULL;
}

/* Value ud - 1 of the plan's election values (NaN without them: a run scored with fewer
 * elections than are registered). */
static double election_value(const gm_metric_in *in, void *ud)
{
    size_t i = (size_t)(uintptr_t)ud;
    return in && in->elections && i > 0 && i <= in->n_elections ? in->elections[i - 1] : NAN;
}

/* Keys and labels of the rows (the registry borrows its strings). A key keeps its slot
 * when registered again. */
enum { N_ROWS = (GM_ELECTIONS_MAX + 1) * MAX_VALUES };
static char key_buf[N_ROWS][160];
static char label_buf[N_ROWS][200];
static size_t n_buf;

/* A name as a key part: what gm_metric_column keeps (letters, digits, '_', '-', '.'). */
static void clean(char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            *s = '_';
}

static gm_status add_row(const gm_metric_def *t, const char *name, const char *pa,
                         const char *pb, bool composite, size_t value, gm_error *err)
{
    char col[128], key[160], label[200];
    gm_metric_column(t, pa, pb, col, sizeof col);
    snprintf(key, sizeof key, "%s.%s", name, col);
    clean(key);
    snprintf(label, sizeof label, "%s (%s)", t->label, name);
    void *ud = (void *)(uintptr_t)(value + 1);
    const gm_metric_def *have = gm_metric_find(GM_MF_PLAN, key, NULL);
    if (have && have->fn == election_value && have->ud == ud) return GM_OK;
    if (have)
        return gm_fail(err, GM_E_ARG, "metric '%s' is already in the registry: name the election "
                       "otherwise", key);
    size_t b = 0;
    while (b < n_buf && strcmp(key_buf[b], key)) b++;
    if (b == N_ROWS) return gm_fail(err, GM_E_ARG, "metric '%s': too many election rows", key);
    gm_metric_def d = *t;
    snprintf(key_buf[b], sizeof key_buf[b], "%s", key);
    snprintf(label_buf[b], sizeof label_buf[b], "%s", label);
    d.key = key_buf[b];
    d.label = label_buf[b];
    d.abbrev = NULL;
    /* the party names are in the key already */
    d.flags &= ~(GM_MD_PARTY_A | GM_MD_PARTY_B);
    /* the composite's vote share is its mean district share: it changes with the plan */
    if (composite) d.flags &= ~GM_MD_RUN;
    d.fn = election_value;
    d.ud = ud;
    gm_status rc = gm_metric_register(GM_MF_PLAN, &d, err);
    if (rc == GM_OK && b == n_buf) n_buf++;
    return rc;
}

gm_status gm_elections_register(size_t n, const char *const *name, const char *const *party,
                                gm_error *err)
{
    if (n == 0 || n > GM_ELECTIONS_MAX)
        return gm_fail(err, GM_E_ARG, "%zu elections: an ensemble run scores 1 to %d", n,
                       GM_ELECTIONS_MAX);
    for (size_t e = 0; e < n; e++) {
        if (!name[e] || !*name[e] || !strcmp(name[e], "composite"))
            return gm_fail(err, GM_E_ARG, "election %zu: name it (not empty, not 'composite')",
                           e + 1);
        for (size_t f = 0; f < e; f++)
            if (!strcmp(name[e], name[f]))
                return gm_fail(err, GM_E_ARG, "two elections are named '%s'", name[e]);
    }
    size_t nv = gm_election_values();
    gm_status rc = GM_OK;
    for (size_t e = 0; e <= n && rc == GM_OK; e++) {
        const char *nm = e < n ? name[e] : "composite";
        const char *pa = e < n ? party[2 * e] : party[0];
        const char *pb = e < n ? party[2 * e + 1] : party[1];
        for (size_t j = 0; j < nv && rc == GM_OK; j++)
            rc = add_row(gm_election_value_row(j), nm, pa, pb, e == n, e * nv + j, err);
    }
    return rc;
}
