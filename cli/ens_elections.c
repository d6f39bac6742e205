/* ens_elections.c: the several elections of `ensemble score --election`. */
#include "ens_elections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_tally.h"

int gmc_ens_elections_load(const gmc_source *src, const gm_units *u, gmc_ens_elections *out)
{
    memset(out, 0, sizeof *out);
    if (!src->n_elections) return 0;
    char name[GMC_MAX_ELECTIONS][128];
    const char *names[GMC_MAX_ELECTIONS];
    const char *party[2 * GMC_MAX_ELECTIONS];
    for (size_t e = 0; e < src->n_elections; e++) {
        names[e] = gmc_election_name(src->election[e], name[e], sizeof name[e]);
        party[2 * e] = u->party[2 * e];
        party[2 * e + 1] = u->party[2 * e + 1];
        out->col[2 * e] = u->votes + 2 * e * u->n;
        out->col[2 * e + 1] = u->votes + (2 * e + 1) * u->n;
    }
    gm_error err;
    gm_error_clear(&err);
    if (gm_elections_register(src->n_elections, names, party, &err) != GM_OK) return gmc_fail(&err);
    out->n = src->n_elections;
    return 0;
}

/* The value of an "election" metadata line: "# election: V" (CSV), or NULL. */
static const char *csv_election(const char *line)
{
    const char *s = line + 1;
    while (*s == ' ') s++;
    if (strncmp(s, "election:", 9)) return NULL;
    s += 9;
    while (*s == ' ') s++;
    return s;
}

/* Add one recorded election "NAME:A=F,B=F" (up to len bytes): its name and parties. */
static void take(const char *v, size_t len, char (*name)[128], char (*party)[2][64], size_t *n)
{
    const char *colon = memchr(v, ':', len);
    if (!colon || *n == GMC_MAX_ELECTIONS) return;
    snprintf(name[*n], sizeof name[*n], "%.*s", (int)(colon - v), v);
    /* "A=FIELD,B=FIELD": the party names are before each '=' */
    const char *p = colon + 1, *end = v + len;
    for (int q = 0; q < 2; q++) {
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (!eq) return;
        snprintf(party[*n][q], sizeof party[*n][q], "%.*s", (int)(eq - p), p);
        const char *comma = memchr(eq, ',', (size_t)(end - eq));
        p = comma ? comma + 1 : end;
    }
    (*n)++;
}

/* The elections path records (n 0: none, or the file cannot be read). */
static void read_elections(const char *path, char (*name)[128], char (*party)[2][64], size_t *n)
{
    *n = 0;
    FILE *f = fopen(path, "r");
    if (!f) return;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        if (line[0] == '{') { /* JSON Lines: the first line's "meta" pairs */
            static const char key[] = "[\"election\", \"";
            for (const char *s = line; (s = strstr(s, key)) != NULL; s++) {
                const char *v = s + sizeof key - 1, *ve = strchr(v, '"');
                if (ve) take(v, (size_t)(ve - v), name, party, n);
            }
            break;
        }
        if (line[0] != '#') break; /* CSV: the header after the metadata */
        const char *v = csv_election(line);
        if (v) take(v, strcspn(v, "\r\n"), name, party, n);
    }
    free(line);
    fclose(f);
}

int gmc_ens_elections_register_rows(const char *path)
{
    size_t n;
    char name[GMC_MAX_ELECTIONS][128], party[GMC_MAX_ELECTIONS][2][64];
    read_elections(path, name, party, &n);
    if (!n) return 0;
    const char *names[GMC_MAX_ELECTIONS], *parties[2 * GMC_MAX_ELECTIONS];
    for (size_t e = 0; e < n; e++) {
        names[e] = name[e];
        parties[2 * e] = party[e][0];
        parties[2 * e + 1] = party[e][1];
    }
    gm_error err;
    gm_error_clear(&err);
    if (gm_elections_register(n, names, parties, &err) != GM_OK) return gmc_fail(&err);
    return 0;
}

/* "USH16, PRES16" or "one election (--votes)". */
static void list(char (*name)[128], size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    if (!n) snprintf(buf, cap, "one election (--votes)");
    for (size_t e = 0; e < n && o < cap; e++)
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", e ? ", " : "the elections ", name[e]);
}

int gmc_ens_elections_check_rows(const char *const *paths, size_t n_paths)
{
    size_t n0, n;
    char name0[GMC_MAX_ELECTIONS][128], name[GMC_MAX_ELECTIONS][128];
    char party0[GMC_MAX_ELECTIONS][2][64], party[GMC_MAX_ELECTIONS][2][64];
    if (!n_paths) return 0;
    read_elections(paths[0], name0, party0, &n0);
    for (size_t i = 1; i < n_paths; i++) {
        read_elections(paths[i], name, party, &n);
        bool same = n == n0;
        for (size_t e = 0; same && e < n; e++)
            same = !strcmp(name[e], name0[e]) && !strcmp(party[e][0], party0[e][0]) &&
                   !strcmp(party[e][1], party0[e][1]);
        if (same) continue;
        char a[1200], b[1200];
        list(name, n, a, sizeof a);
        list(name0, n0, b, sizeof b);
        gmc_msg("%s was scored with %s and %s with %s: merge the parts of one run (the same "
                "--election options)",
                paths[i], a, paths[0], b + (n0 ? strlen("the elections ") : 0));
        return GMC_EDATA;
    }
    return 0;
}
