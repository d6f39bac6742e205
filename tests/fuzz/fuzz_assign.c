/* fuzz_assign.c: assignment CSVs (engine/plan/assign_csv.c) against a fixed unit table.
 *
 * The unit table has eight units with ids "a".."g" and "10". The input is written to a
 * file (the reader takes a path) and parsed as a plan; on success every unit must have
 * a district in 0..k-1, the labels must be strictly increasing in natural order, and
 * the tally must conserve the population. */
#include "gerrymeter/gerrymeter.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char path[64];
static gm_units units;
static char *ids[8] = {"a", "b", "c", "d", "e", "f", "g", "10"};
static double pop[8] = {1, 2, 3, 4, 5, 6, 7, 8};
static int64_t fid[8] = {0, 1, 2, 3, 4, 5, 6, 7};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(path, sizeof path, "/tmp/gm-fuzz-assign-%ld.csv", (long)getpid());
    units.n = 8;
    units.pop = pop;
    units.id = ids;
    units.fid = fid;
    units.source = "units.geojson";
    units.id_field = "GEOID";
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    gm_plan *p = NULL;
    gm_error err;
    gm_error_clear(&err);
    gm_status rc = gm_plan_from_csv(&units, path, &p, &err);
    if (rc != GM_OK) {
        if (p || !err.msg[0]) abort(); /* failure: no plan, and a message */
        return 0;
    }
    if (!p || p->n_units != 8 || p->k == 0) abort();
    for (size_t i = 0; i < 8; i++)
        if (p->district[i] < 0 || (size_t)p->district[i] >= p->k) abort();
    for (size_t d = 1; d < p->k; d++)
        if (gm_label_cmp(p->label[d - 1], p->label[d]) >= 0) abort();
    gm_tally *t = NULL;
    if (gm_tally_compute(&units, p, &t, &err) != GM_OK) abort();
    double s = 0;
    for (size_t d = 0; d < t->k; d++) s += t->pop[d];
    if (s != 36) abort();
    gm_tally_destroy(t);
    gm_plan_destroy(p);
    return 0;
}
