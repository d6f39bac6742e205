/* splits_opts.c: --county, --municipality, --split, --vap and --group (splits_opts.h). */
#include "splits_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char gmc_splits_help[] =
    "Splits and demographics (docs/metrics.md \"Splits\", \"Minority opportunity\"):\n"
    "  --county FIELD           county of each unit: counties split, DRA splitting scores\n"
    "  --municipality FIELD     the same for municipalities\n"
    "  --split NAME=FIELD       the same for any administrative field (repeatable)\n"
    "  --vap FIELD              voting-age population, the denominator of group shares\n"
    "  --group NAME=FIELD       a group of the VAP (repeatable): black=BVAP, hispanic=HVAP;\n"
    "                           majority-minority and DRA opportunity districts. A group\n"
    "                           named white makes the coalition VAP - white (DRA's minority)\n";

static int add_admin(gmc_splits_opts *s, const char *cmd, const char *name, size_t nl,
                     const char *field, const char *given)
{
    if (s->n_admin == GM_ADMIN_MAX) {
        gmc_usage_error(cmd, "at most %d administrative layers (--county, --municipality, --split); '%s' is one too many",
                        GM_ADMIN_MAX, given);
        return -1;
    }
    for (size_t i = 0; i < s->n_admin; i++)
        if (strlen(s->name[i]) == nl && !strncmp(s->name[i], name, nl)) {
            gmc_usage_error(cmd, "the administrative layer '%.*s' is given twice; name each once",
                            (int)nl, name);
            return -1;
        }
    if (nl >= sizeof s->name[0]) {
        gmc_usage_error(cmd, "the administrative layer name '%.*s' is too long", (int)nl, name);
        return -1;
    }
    memcpy(s->name[s->n_admin], name, nl);
    s->name[s->n_admin][nl] = '\0';
    s->field[s->n_admin++] = field;
    return 1;
}

int gmc_splits_opt(gmc_splits_opts *s, const char *cmd, int opt, const char *arg)
{
    switch (opt) {
    case 1100: return add_admin(s, cmd, "county", 6, arg, arg);
    case 1101: return add_admin(s, cmd, "municipality", 12, arg, arg);
    case 1901: {
        const char *eq = strchr(arg, '=');
        if (!eq || eq == arg || !eq[1]) {
            gmc_usage_error(cmd, "--split takes NAME=FIELD (e.g. school=SCHDIST), not '%s'", arg);
            return -1;
        }
        return add_admin(s, cmd, arg, (size_t)(eq - arg), eq + 1, arg);
    }
    case 1103: s->vap = arg; return 1;
    case 1902:
        if (s->n_group == GM_GROUP_MAX) {
            gmc_usage_error(cmd, "at most %d groups (--group); '%s' is one too many", GM_GROUP_MAX, arg);
            return -1;
        }
        if (!strchr(arg, '=') || arg[0] == '=' || !strchr(arg, '=')[1]) {
            gmc_usage_error(cmd, "--group takes NAME=FIELD (e.g. black=BVAP), not '%s'", arg);
            return -1;
        }
        s->group[s->n_group++] = arg;
        return 1;
    default: return 0;
    }
}

bool gmc_splits_any(const gmc_splits_opts *s)
{
    return s->n_admin || s->vap || s->n_group;
}

int gmc_splits_plan(gmc_splits *s, const gm_plan *p, const double *dpop)
{
    if (!s->x) return 0;
    gm_error err;
    gm_extras_work *w = NULL;
    if (gm_extras_work_create(s->x, p->k, &w, &err) != GM_OK) return gmc_fail(&err);
    gm_plan_extras_plan(s->x, w, p->district, dpop, s->aux);
    gm_extras_work_destroy(w);
    return 0;
}

void gmc_splits_free(gmc_splits *s)
{
    gm_plan_extras_destroy(s->x);
    for (size_t i = 0; i < s->n_admin; i++) gm_admin_destroy(s->admin[i]);
    gm_demo_destroy(s->demo);
    memset(s, 0, sizeof *s);
}

int gmc_splits_load(const gmc_splits_opts *o, const char *cmd, const gm_units *u, gmc_splits *out)
{
    memset(out, 0, sizeof *out);
    if (!gmc_splits_any(o)) return 0;
    if (o->n_group && !o->vap) return gmc_usage_error(cmd, "--group needs --vap FIELD, the voting-age population its shares are of");
    if (o->vap && !o->n_group) return gmc_usage_error(cmd, "--vap is the denominator of --group shares: name at least one --group NAME=FIELD");
    gm_error err;
    gm_error_clear(&err);
    for (size_t i = 0; i < o->n_admin; i++) {
        if (gm_admin_open(u, o->name[i], o->field[i], &out->admin[i], &err) != GM_OK) {
            gmc_splits_free(out);
            return gmc_fail(&err);
        }
        out->n_admin++;
    }
    if (o->n_group) {
        char names[GM_GROUP_MAX][64];
        const char *nm[GM_GROUP_MAX], *fd[GM_GROUP_MAX];
        for (size_t g = 0; g < o->n_group; g++) {
            const char *eq = strchr(o->group[g], '=');
            snprintf(names[g], sizeof names[g], "%.*s", (int)(eq - o->group[g]), o->group[g]);
            nm[g] = names[g];
            fd[g] = eq + 1;
        }
        if (gm_demo_open(u, o->vap, o->n_group, nm, fd, &out->demo, &err) != GM_OK) {
            gmc_splits_free(out);
            return gmc_fail(&err);
        }
    }
    if (gm_plan_extras_create(u->n, u->pop_field ? u->pop : NULL,
                              (const gm_admin *const *)out->admin, out->n_admin, out->demo, &out->x,
                              &err) != GM_OK ||
        gm_plan_extras_register(out->x, &err) != GM_OK) {
        gmc_splits_free(out);
        return gmc_fail(&err);
    }
    return 0;
}

/* The value after key in a CSV metadata line "# key: VALUE", copied into buf. */
static bool meta_value(const char *line, const char *key, char *buf, size_t cap)
{
    size_t kl = strlen(key);
    if (line[0] == '#') {
        const char *s = line + 1;
        while (*s == ' ') s++;
        if (strncmp(s, key, kl) || s[kl] != ':') return false;
        s += kl + 1;
        while (*s == ' ') s++;
        snprintf(buf, cap, "%.*s", (int)strcspn(s, "\r\n"), s);
        return true;
    }
    return false;
}

int gmc_splits_register_rows(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char *line = NULL;
    size_t cap = 0;
    size_t na = 0, ng = 0;
    char an[GM_ADMIN_MAX][64], gn[GM_GROUP_MAX][64];
    while (getline(&line, &cap, f) > 0) {
        char v[256];
        if (line[0] == '{') { /* JSON Lines: the first line's "meta" pairs */
            for (const char *s = line; (s = strstr(s, "[\"")) != NULL; s++) {
                const char *k = s + 2, *ke = strchr(k, '"');
                if (!ke) break;
                const char *q = strchr(ke + 1, '"'), *qe = q ? strchr(q + 1, '"') : NULL;
                if (!qe) break;
                bool is_split = (size_t)(ke - k) == 5 && !strncmp(k, "split", 5);
                bool is_group = (size_t)(ke - k) == 5 && !strncmp(k, "group", 5);
                const char *eq = memchr(q + 1, '=', (size_t)(qe - q - 1));
                if ((is_split || is_group) && eq) {
                    if (is_split && na < GM_ADMIN_MAX)
                        snprintf(an[na++], sizeof an[0], "%.*s", (int)(eq - q - 1), q + 1);
                    if (is_group && ng < GM_GROUP_MAX)
                        snprintf(gn[ng++], sizeof gn[0], "%.*s", (int)(eq - q - 1), q + 1);
                }
            }
            break;
        }
        if (line[0] != '#') break; /* CSV: the header after the metadata */
        if (meta_value(line, "split", v, sizeof v) && strchr(v, '=') && na < GM_ADMIN_MAX)
            snprintf(an[na++], sizeof an[0], "%.*s", (int)(strchr(v, '=') - v), v);
        if (meta_value(line, "group", v, sizeof v) && strchr(v, '=') && ng < GM_GROUP_MAX)
            snprintf(gn[ng++], sizeof gn[0], "%.*s", (int)(strchr(v, '=') - v), v);
    }
    free(line);
    fclose(f);
    if (!na && !ng) return 0;
    /* the layers and groups by name only (no units): what the rows need */
    gm_admin ad[GM_ADMIN_MAX];
    const gm_admin *adp[GM_ADMIN_MAX];
    memset(ad, 0, sizeof ad);
    for (size_t i = 0; i < na; i++) {
        ad[i].name = an[i];
        adp[i] = &ad[i];
    }
    gm_demo d;
    memset(&d, 0, sizeof d);
    d.white = -1;
    d.n_groups = ng;
    for (size_t g = 0; g < ng; g++) {
        d.name[g] = gn[g];
        if (!strcmp(gn[g], "white")) d.white = (int)g;
    }
    gm_error err;
    gm_plan_extras *x = NULL;
    if (gm_plan_extras_create(0, NULL, adp, na, ng ? &d : NULL, &x, &err) != GM_OK ||
        gm_plan_extras_register(x, &err) != GM_OK) {
        gm_plan_extras_destroy(x);
        return gmc_fail(&err);
    }
    gm_plan_extras_destroy(x);
    return 0;
}
