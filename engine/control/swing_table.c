/* swing_table.c: a swing written for people ("3", "-2.5", "D+3", "R+1.5": points of the
 * Democratic two-party share) and a table of swings per state (docs/control.md). */
#include "control/control.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

gm_status gm_swing_parse(const char *text, double *share, gm_error *err)
{
    const char *p = text;
    double sign = 1;
    if (*p == 'D' || *p == 'd' || *p == 'R' || *p == 'r') {
        sign = (*p == 'R' || *p == 'r') ? -1 : 1;
        p++;
        if (*p != '+' && *p != '-')
            return gm_fail(err, GM_E_ARG, "swing '%s': write D+3 or R+3 (points), or a signed "
                                          "number of points towards D (3, -2.5)", text);
    }
    errno = 0;
    char *end;
    double v = strtod(p, &end);
    if (end == p || *end || errno || !isfinite(v) || !(fabs(v) < 100))
        return gm_fail(err, GM_E_ARG, "swing '%s' is not a number of points between -100 and 100 "
                                      "(e.g. 3, -2.5, D+3 or R+1.5)", text);
    *share = sign * v / 100.0;
    return GM_OK;
}

void gm_swing_table_destroy(gm_swing_table *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n; i++) free(t->state[i]);
    free(t->state);
    free(t->swing);
    free(t);
}

gm_status gm_swing_table_load(const char *path, gm_swing_table **out, gm_error *err)
{
    gm_status rc;
    gmi_csv csv;
    size_t cap = 0;
    long col[2];
    static const char *const names[2] = {"state", "swing"};
    *out = NULL;
    gm_swing_table *t = calloc(1, sizeof *t);
    if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
    if ((rc = gmi_csv_open(&csv, path, ',', err)) != GM_OK) {
        free(t);
        return rc;
    }
    bool header = false;
    int r;
    while ((r = gmi_csv_next(&csv, err)) == 1) {
        char **f = csv.field;
        if (f[0][0] == '#') continue;
        if (!header) {
            if ((rc = gmi_csv_columns(&csv, names, 2, NULL, NULL, col, err)) != GM_OK) goto done;
            header = true;
            continue;
        }
        char *st = (size_t)col[0] < csv.nf ? gmi_trim(f[col[0]]) : (char *)"";
        char *sw = (size_t)col[1] < csv.nf ? gmi_trim(f[col[1]]) : (char *)"";
        if (!*st && !*sw) continue; /* a blank line */
        for (char *p = st; *p; p++) *p = (char)toupper((unsigned char)*p);
        if (!*st || strlen(st) > 7) {
            rc = gm_fail(err, GM_E_DATA, "%s: line %zu: state '%s' is not a postal code (e.g. PA)",
                         path, csv.line, st);
            goto done;
        }
        double v;
        if (gm_swing_parse(sw, &v, NULL) != GM_OK) {
            rc = gm_fail(err, GM_E_DATA, "%s: line %zu: swing '%s' of %s is not a number of "
                                         "points (e.g. 3, -2.5, D+3 or R+1.5)",
                         path, csv.line, sw, st);
            goto done;
        }
        for (size_t i = 0; i < t->n; i++)
            if (!strcmp(t->state[i], st)) {
                rc = gm_fail(err, GM_E_DATA, "%s: line %zu: %s is listed twice; keep one swing "
                                             "per state", path, csv.line, st);
                goto done;
            }
        if (t->n == cap) {
            size_t nc = cap ? 2 * cap : 64;
            char **ns = realloc(t->state, nc * sizeof *ns);
            if (ns) t->state = ns;
            double *nv = ns ? realloc(t->swing, nc * sizeof *nv) : NULL;
            if (nv) t->swing = nv;
            if (!ns || !nv) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
                goto done;
            }
            cap = nc;
        }
        if (!(t->state[t->n] = strdup(st))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
            goto done;
        }
        t->swing[t->n++] = v;
    }
    if (r < 0) {
        rc = err ? err->code : GM_E_FORMAT;
        goto done;
    }
    if (t->n == 0) {
        rc = gm_fail(err, GM_E_DATA, "%s: no swing; write a header 'state,swing' and one row per "
                                     "state (points towards D, e.g. PA,3 or PA,R+2)", path);
        goto done;
    }
    *out = t;
    t = NULL;
    rc = GM_OK;
done:
    gmi_csv_close(&csv);
    gm_swing_table_destroy(t);
    return rc;
}
