/* units.c: what every gm_units has, wherever it was read from: freeing it, a party's
 * total, and the warnings of numbers that cannot be what their field claims. The
 * loaders are units_load.c (a layer, through GDAL) and units_graph.c (a graph file). */
#include "units/units_int.h"
#include "core/plausible.h"
#include "geo/geo.h"

#include <stdlib.h>

void gm_units_destroy(gm_units *u)
{
    if (!u) return;
    for (size_t p = 0; p < u->n_parties; p++) {
        free(u->party[p]);
        free(u->vote_field[p]);
    }
    if (u->id)
        for (size_t i = 0; i < u->n; i++) free(u->id[i]);
    if (u->plan_label)
        for (size_t i = 0; i < u->n; i++) free(u->plan_label[i]);
    free(u->id);
    free(u->plan_label);
    free(u->plan_field);
    free(u->pop);
    free(u->votes);
    free(u->fid);
    gmi_geoms_destroy(u->geom);
    free(u->source);
    free(u->layer);
    free(u->pop_field);
    free(u->id_field);
    free(u->where);
    free(u->order_key);
    free(u->no_geometry);
    gm_warnings_free(&u->warnings);
    free(u);
}

double gm_units_party_total(const gm_units *u, size_t p)
{
    double s = 0;
    const double *v = u->votes + p * u->n;
    for (size_t i = 0; i < u->n; i++) s += v[i];
    return s;
}

/* Numbers that cannot be what their field claims, read anyway and named: a population
 * of 0 everywhere (no balance can be measured: every deviation would read 0), more
 * votes than people, a vote field of shares. Few and sure: none fires on real data. */
gm_status gmi_units_plausibility(gm_units *u, const char *path, size_t election_parties)
{
    gm_status rc = GM_OK;
    size_t n = u->n;
    double pop = 0, votes = 0;
    for (size_t i = 0; i < n; i++) pop += u->pop[i];
    /* several elections: the largest election's votes (each is cast by the same people) */
    size_t per = election_parties ? election_parties : u->n_parties;
    for (size_t e = 0; per && e < u->n_parties; e += per) {
        double sum = 0;
        for (size_t p = e; p < e + per && p < u->n_parties; p++) sum += gm_units_party_total(u, p);
        if (sum > votes) votes = sum;
    }
    if (u->pop_field && pop == 0)
        rc = gm_warn(&u->warnings, "population_all_zero",
                     "%s: the population field '%s' is 0 for every unit, so no population "
                     "balance can be measured (every deviation would read 0); check the field",
                     path, u->pop_field);
    if (rc == GM_OK && u->pop_field && pop > 0 && votes > pop)
        rc = gm_warn(&u->warnings, "votes_exceed_population",
                     "%s: the vote fields%s hold %.15g votes in all, more than the %.15g people "
                     "of the population field '%s': a vote field holds something else (a "
                     "population, a total over elections), or the population field does",
                     path, election_parties ? " of one election" : "", votes, pop, u->pop_field);
    for (size_t p = 0; p < u->n_parties && rc == GM_OK; p++) {
        size_t at = 0;
        if (gmi_looks_like_shares(u->votes + p * n, n, 1, &at))
            rc = gm_warn(&u->warnings, "votes_look_like_shares",
                         "%s: every value of the votes field '%s' (party %s) lies between 0 "
                         "and 1 (%g for unit %s): those look like vote shares, not counts; "
                         "district totals and every two-party metric need the counts",
                         path, u->vote_field[p], u->party[p], u->votes[p * n + at], u->id[at]);
    }
    return rc;
}
