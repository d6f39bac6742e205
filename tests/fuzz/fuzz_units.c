/* fuzz_units.c: unit layers and district layers as GeoJSON, through the whole load
 * path: OGR read, field typing, reprojection to the working equal-area CRS, GEOS
 * conversion and make-valid repair (engine/units/units_load.c, engine/geo/geo.c), then
 * the plan from the CD column, the tally and the partisan summary; when the input
 * holds a second document after a line "#DISTRICTS", that document is a district
 * polygon layer overlaid on the units (engine/plan/overlay.c).
 *
 * Properties: a load either fails with a message or gives finite, non-negative
 * population and votes and one geometry per unit; plans place every unit in 0..k-1;
 * the tally conserves the population. */
#include "gerrymeter/gerrymeter.h"
#include "geo/geo.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gm_init();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    return 0;
}

static void put(const char *name, const uint8_t *d, size_t n)
{
    /* VSIFileFromMemBuffer takes ownership when asked; give it its own copy */
    GByte *b = CPLMalloc(n ? n : 1);
    memcpy(b, d, n);
    VSILFILE *f = VSIFileFromMemBuffer(name, b, (vsi_l_offset)n, TRUE);
    if (f) VSIFCloseL(f);
}

static void check_plan(const gm_units *u, const gm_plan *p)
{
    if (p->n_units != u->n || p->k == 0) abort();
    for (size_t i = 0; i < u->n; i++)
        if (p->district[i] < 0 || (size_t)p->district[i] >= p->k) abort();
    gm_tally *t = NULL;
    gm_error err;
    if (gm_tally_compute(u, p, &t, &err) != GM_OK) abort();
    double s = 0, total = 0;
    for (size_t d = 0; d < t->k; d++) s += t->pop[d];
    for (size_t i = 0; i < u->n; i++) total += u->pop[i];
    if (fabs(s - total) > 1e-9 * fmax(1.0, total)) abort();
    gm_partisan ps;
    if (gm_partisan_score(gm_tally_party(t, 0), gm_tally_party(t, 1), t->k, NULL, &ps, &err) !=
        GM_OK)
        abort();
    gm_tally_destroy(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char mark[] = "\n#DISTRICTS\n";
    const uint8_t *second = NULL;
    size_t n1 = size;
    for (size_t i = 0; i + sizeof mark - 1 <= size; i++)
        if (memcmp(data + i, mark, sizeof mark - 1) == 0) {
            n1 = i;
            second = data + i + sizeof mark - 1;
            break;
        }
    put("/vsimem/units.geojson", data, n1);
    if (second) put("/vsimem/districts.geojson", second, (size_t)(data + size - second));

    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = "/vsimem/units.geojson";
    s.pop_field = "POP";
    s.id_field = "ID";
    s.plan_field = "CD";
    s.n_parties = 2;
    s.party[0] = "D";
    s.party[1] = "R";
    s.vote_field[0] = "D";
    s.vote_field[1] = "R";
    s.load_geometry = true;
    gm_units *u = NULL;
    gm_error err;
    gm_error_clear(&err);
    if (gm_units_load(&s, &u, &err) != GM_OK) {
        if (u || !err.msg[0]) abort();
        goto done;
    }
    if (u->n == 0 || !u->geom || u->geom->n != u->n) abort();
    for (size_t i = 0; i < u->n; i++) {
        if (!isfinite(u->pop[i]) || u->pop[i] < 0) abort();
        if (!u->geom->g[i]) abort();
        for (size_t p = 0; p < 2; p++)
            if (!isfinite(u->votes[p * u->n + i]) || u->votes[p * u->n + i] < 0) abort();
    }
    gm_plan *p = NULL;
    if (gm_plan_from_column(u, &p, &err) == GM_OK) {
        check_plan(u, p);
        gm_plan_destroy(p);
    } else if (p || !err.msg[0]) {
        abort();
    }
    if (second) {
        gm_plan_layer_spec ls = {"/vsimem/districts.geojson", NULL, "DIST", NULL, 0};
        p = NULL;
        gm_error_clear(&err);
        if (gm_plan_from_layer(u, &ls, &p, &err) == GM_OK) {
            check_plan(u, p);
            gm_plan_destroy(p);
        } else if (p || !err.msg[0]) {
            abort();
        }
    }
    gm_units_destroy(u);
done:
    VSIUnlink("/vsimem/units.geojson");
    if (second) VSIUnlink("/vsimem/districts.geojson");
    return 0;
}
