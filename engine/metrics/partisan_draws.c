/* partisan_draws.c: uncertainty of the partisan metrics under random vote swings.
 *
 * Model: for draw j, every district share moves by a common statewide swing
 * s_j ~ N(0, swing_sd) plus its own noise e_dj ~ N(0, district_sd):
 *     v_dj = clamp(v_d + s_j + e_dj, 0, 1),
 * with each district's two-party total kept, so a_dj = v_dj t_d, b_dj = (1 - v_dj) t_d.
 * All draws are scored at once with the batch kernel. Random numbers: the engine's
 * generator (core/rng.h: xoshiro256** seeded through splitmix64 from the user's seed,
 * normals by Box-Muller), so a seed reproduces the draws exactly on every platform with
 * IEEE doubles and the same libm. */
#include "metrics/partisan_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"

#define DRAW_CHUNK 4096

typedef struct acc {
    double sum, sum2, pa, pb, n;
} acc;

static void acc_add(acc *c, double x, double centre, bool positive_favours_a)
{
    if (isnan(x)) return;
    c->sum += x;
    c->sum2 += x * x;
    c->n++;
    double up = (double)(x > centre), dn = (double)(x < centre);
    c->pa += positive_favours_a ? up : dn;
    c->pb += positive_favours_a ? dn : up;
}

static void acc_done(const acc *c, gm_draw_summary *s)
{
    s->n_defined = (size_t)c->n;
    if (c->n == 0) {
        s->mean = s->sd = s->p_favours_a = s->p_favours_b = NAN;
        return;
    }
    s->mean = c->sum / c->n;
    double var = c->n > 1 ? (c->sum2 - c->n * s->mean * s->mean) / (c->n - 1) : 0.0;
    s->sd = sqrt(var > 0 ? var : 0);
    s->p_favours_a = c->pa / c->n;
    s->p_favours_b = c->pb / c->n;
}

gm_status gm_partisan_draws_run(const double *a, const double *b, size_t k,
                                const gm_partisan_draws_opts *o, gm_partisan_draws *out,
                                gm_error *err)
{
    memset(out, 0, sizeof *out);
    if (k == 0) return gm_fail(err, GM_E_ARG, "no districts to draw");
    if (!(o->swing_sd >= 0) || !(o->district_sd >= 0) || o->draws == 0)
        return gm_fail_hint(err, GM_E_ARG, GM_HINT_DRAWS,
                            "seat draws need swing and district standard deviations >= 0 and "
                            "at least one draw");
    gm_status rc = GM_OK;
    gm_partisan_batch *bt = NULL;
    size_t chunk = o->draws < DRAW_CHUNK ? o->draws : DRAW_CHUNK;
    double *buf = malloc((2 * chunk * k + 6 * chunk) * sizeof *buf);
    if (!buf) return gm_fail(err, GM_E_NOMEM, "out of memory for %zu draws", chunk);
    double *da = buf, *db = da + chunk * k, *r = db + chunk * k;
    gm_partisan_batch_out bo = {r, NULL, r + chunk, r + 2 * chunk, r + 3 * chunk, r + 4 * chunk,
                                r + 5 * chunk, NULL};
    if ((rc = gm_partisan_batch_create(k, NULL, &bt, err)) != GM_OK) goto done;

    gmi_rng g;
    gmi_rng_seed(&g, o->seed);
    acc c[6];
    memset(c, 0, sizeof c);
    double half_seats = 0.5 * (double)k;
    for (size_t done_n = 0; done_n < o->draws; done_n += chunk) {
        size_t m = o->draws - done_n < chunk ? o->draws - done_n : chunk;
        for (size_t j = 0; j < m; j++) {
            double s = o->swing_sd * gmi_rng_normal(&g);
            for (size_t d = 0; d < k; d++) {
                double t = a[d] + b[d];
                double v = t > 0 ? a[d] / t : 0.5;
                v += s + o->district_sd * gmi_rng_normal(&g);
                v = v < 0 ? 0 : (v > 1 ? 1 : v);
                da[j * k + d] = v * t;
                db[j * k + d] = (1.0 - v) * t;
            }
        }
        gm_partisan_batch_score(bt, da, db, m, &bo);
        for (size_t j = 0; j < m; j++) {
            acc_add(&c[0], r[j], half_seats, true);     /* seats: a majority favours a */
            for (int q = 1; q < 6; q++) acc_add(&c[q], r[(size_t)q * chunk + j], 0.0, false);
        }
    }
    acc_done(&c[0], &out->seats_a);
    acc_done(&c[1], &out->efficiency_gap);
    acc_done(&c[2], &out->efficiency_gap_equal_turnout);
    acc_done(&c[3], &out->mean_median);
    acc_done(&c[4], &out->partisan_bias);
    acc_done(&c[5], &out->declination);
done:
    gm_partisan_batch_destroy(bt);
    free(buf);
    return rc;
}
