/* assign_csv.c: plans from block-assignment files ("id,district"). */
#include "core/str.h"
#include "core/strmap.h"
#include "io/csv.h"
#include "plan/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append s to a short example list (at most five). */
static void note(char *buf, size_t cap, size_t count, const char *s)
{
    if (count >= 5) return;
    size_t l = strlen(buf);
    snprintf(buf + l, cap - l, "%s'%s'", count ? ", " : "", s);
}

gm_status gm_plan_from_csv(const gm_units *u, const char *path, gm_plan **out, gm_error *err)
{
    gmi_csv c;
    gmi_strmap map = {0};
    const char **lab = NULL;
    size_t *row_of = NULL;
    gm_status rc;
    char unk[200] = "", dup[200] = "", mis[200] = "";
    size_t n_unk = 0, n_dup = 0, n_mis = 0, rows = 0;
    long i_id = 0, i_dist = 1;

    *out = NULL;
    if ((rc = gmi_csv_open(&c, path, 0, err))) return rc;
    if (gmi_strmap_init(&map, u->n)) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < u->n; i++) {
        size_t old;
        if (gmi_strmap_put(&map, u->id[i], i, &old) == 0) {
            rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_JOIN,
                         "%s: unit id '%s' is not unique (features %lld and %lld); join on a "
                         "unique id field",
                         u->source, u->id[i], (long long)u->fid[old], (long long)u->fid[i]);
            goto done;
        }
    }
    lab = calloc(u->n ? u->n : 1, sizeof *lab);
    row_of = calloc(u->n ? u->n : 1, sizeof *row_of);
    if (!lab || !row_of) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    bool first = true;
    int r;
    while ((r = gmi_csv_next(&c, err)) == 1) {
        if (c.nf < 2) {
            rc = gm_fail(err, GM_E_FORMAT,
                         "%s: line %zu has %zu field; an assignment file has two columns, unit "
                         "id and district",
                         path, c.line, c.nf);
            goto done;
        }
        if (first) {
            first = false;
            size_t tmp;
            char *id0 = gmi_trim(c.field[0]);
            if (!gmi_strmap_get(&map, id0, strlen(id0), &tmp)) {
                /* A header: pick the id column by the join name, the district column
                 * by common names, else the first two columns. */
                long j = u->id_field ? gmi_csv_find(c.field, c.nf, u->id_field) : -1;
                if (j >= 0) i_id = j;
                static const char *const dn[] = {"district", "DISTRICT", "CD", "dist", "plan", NULL};
                for (int q = 0; dn[q]; q++) {
                    long d = gmi_csv_find(c.field, c.nf, dn[q]);
                    if (d >= 0 && d != i_id) {
                        i_dist = d;
                        break;
                    }
                }
                if (i_dist == i_id) i_dist = i_id == 0 ? 1 : 0;
                continue;
            }
        }
        if ((size_t)i_id >= c.nf || (size_t)i_dist >= c.nf) {
            rc = gm_fail(err, GM_E_FORMAT, "%s: line %zu has too few fields", path, c.line);
            goto done;
        }
        rows++;
        char *id = gmi_trim(c.field[i_id]), *d = gmi_trim(c.field[i_dist]);
        size_t ui;
        if (!gmi_strmap_get(&map, id, strlen(id), &ui)) {
            note(unk, sizeof unk, n_unk++, id);
            continue;
        }
        if (lab[ui]) {
            note(dup, sizeof dup, n_dup++, id);
            continue;
        }
        lab[ui] = d; /* points into the CSV buffer, alive until close */
        row_of[ui] = c.line;
    }
    if (r < 0) {
        rc = err ? err->code : GM_E_FORMAT;
        goto done;
    }
    for (size_t i = 0; i < u->n; i++)
        if (!lab[i]) note(mis, sizeof mis, n_mis++, u->id[i]);
    if (n_unk || n_dup || n_mis) {
        char m[800] = "";
        size_t l = 0;
        if (n_unk)
            l += (size_t)snprintf(m + l, sizeof m - l, "%zu id%s not in the unit layer (%s%s)",
                                  n_unk, n_unk == 1 ? "" : "s", unk, n_unk > 5 ? ", ..." : "");
        if (n_dup)
            l += (size_t)snprintf(m + l, sizeof m - l, "%s%zu duplicate id%s (%s%s)",
                                  l ? "; " : "", n_dup, n_dup == 1 ? "" : "s", dup,
                                  n_dup > 5 ? ", ..." : "");
        if (n_mis)
            snprintf(m + l, sizeof m - l, "%s%zu unit%s missing from the file (%s%s)",
                     l ? "; " : "", n_mis, n_mis == 1 ? "" : "s", mis, n_mis > 5 ? ", ..." : "");
        rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_JOIN,
                          "%s: %s; the first column must hold the unit ids of the join field %s",
                          path, m, u->id_field ? u->id_field : "(feature ids)");
        goto done;
    }
    if (rows == 0) {
        rc = gm_fail(err, GM_E_FORMAT, "%s: no assignment rows", path);
        goto done;
    }
    rc = gmi_plan_from_labels(u, lab, path, out, err);
done:
    free(lab);
    free(row_of);
    gmi_strmap_free(&map);
    gmi_csv_close(&c);
    return rc;
}
