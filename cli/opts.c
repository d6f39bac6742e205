/* opts.c: shared option parsing and the load step of the scoring commands. */
#include "opts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

void gmc_msg(const char *fmt, ...)
{
    va_list ap;
    fputs("gerrymeter: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int gmc_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("gerrymeter: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try 'gerrymeter %s%s--help')\n", cmd ? cmd : "", cmd ? " " : "");
    return GMC_EUSAGE;
}

/* The running command: its options (set by gmc_getopt_next) and the options it names
 * an engine hint's input with when they are not the usual ones (gmc_hint_option). */
static const struct option *g_opts;
static struct {
    gm_hint h;
    const char *opt; /* "--id", or NULL: the command has no option for it */
} g_alias[8];
static size_t g_n_alias;

bool gmc_has_option(const char *flag)
{
    if (!flag || strncmp(flag, "--", 2) != 0) return false;
    if (!strcmp(flag, "--allow-network") || !strcmp(flag, "--help")) return true; /* global */
    for (const struct option *o = g_opts; o && o->name; o++)
        if (!strcmp(o->name, flag + 2)) return true;
    return false;
}

void gmc_hint_option(gm_hint h, const char *opt)
{
    for (size_t i = 0; i < g_n_alias; i++)
        if (g_alias[i].h == h) {
            g_alias[i].opt = opt;
            return;
        }
    if (g_n_alias < sizeof g_alias / sizeof g_alias[0]) {
        g_alias[g_n_alias].h = h;
        g_alias[g_n_alias++].opt = opt;
    }
}

/* Each hint: the usual option for its input, the advice (%s: that option), and the
 * advice when the command has no option for it (NULL: none; the engine's message says
 * what to change). */
static const struct {
    gm_hint h;
    const char *opt;
    const char *advice;
    const char *without;
} hints[] = {
    {GM_HINT_CRS, "--crs", "pass it with %s", NULL},
    {GM_HINT_WHERE, "--where", "see %s", NULL},
    {GM_HINT_PLAN_WHERE, "--plan-where", "see %s", NULL},
    {GM_HINT_DISTRICT_ID, "--district-id", "pass %s FIELD", NULL},
    {GM_HINT_JOIN, "--join", "pass %s FIELD", NULL},
    {GM_HINT_ALLOW_NETWORK, "--allow-network",
     "gerrymeter reads only local files unless %s is given", NULL},
    {GM_HINT_NEGATIVE_VOTES_ZERO, "--negative-votes", "pass %s zero", NULL},
    {GM_HINT_POP, "--pop", "see %s", NULL},
    {GM_HINT_GROUP, "--group", "see %s", NULL},
    {GM_HINT_CONVENTION, "--convention", "see %s", NULL},
    {GM_HINT_DRAWS, "--draws", "see --swing-sd, --district-sd and %s", NULL},
    {GM_HINT_UNIT_ID, "--id", "pass the id field with %s FIELD", NULL},
    {GM_HINT_POP_DEV_LIMIT, "--pop-dev-limit",
     "for plans drawn unbalanced on purpose, raise the limit with %s FRACTION or turn it off with --pop-dev-limit none", NULL},
    {GM_HINT_DISTRICTS, "--districts", "see %s", NULL},
    {GM_HINT_OVERWRITE, "--overwrite", "replace it with %s", NULL},
};

const char *gmc_hint_option_name(gm_hint h)
{
    for (size_t i = 0; i < g_n_alias; i++)
        if (g_alias[i].h == h) return g_alias[i].opt;
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++)
        if (hints[i].h == h) return gmc_has_option(hints[i].opt) ? hints[i].opt : NULL;
    return NULL;
}

const char *gmc_hint_advice(gm_hint h)
{
    static char buf[256];
    switch (h) {
    case GM_HINT_NONE: return NULL;
    /* another command writes what is missing */
    case GM_HINT_GRAPH_FILE: return "write one with 'gerrymeter graph --format json'";
    case GM_HINT_ENSEMBLE_GMEN: return "convert with 'gerrymeter ensemble convert --to gmen'";
    case GM_HINT_ENSEMBLE_SCORE: return "score an ensemble with 'gerrymeter ensemble score --plans FILE'";
    default: break;
    }
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        if (hints[i].h != h) continue;
        const char *opt = gmc_hint_option_name(h);
        if (!opt) return hints[i].without;
        snprintf(buf, sizeof buf, hints[i].advice, opt);
        return buf;
    }
    return NULL;
}

int gmc_fail(const gm_error *err)
{
    const char *advice = gmc_hint_advice(err->hint);
    gmc_msg("%s%s%s", err->msg[0] ? err->msg : gm_status_str(err->code), advice ? "; " : "",
            advice ? advice : "");
    return err->code == GM_E_ARG ? GMC_EUSAGE : GMC_EDATA;
}

int gmc_parse_double(const char *opt, const char *arg, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (end == arg || *end || errno == ERANGE || !(v >= lo && v <= hi)) {
        gmc_msg("%s: expected a number between %g and %g, got '%s'", opt, lo, hi, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int gmc_parse_long(const char *opt, const char *arg, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (end == arg || *end || errno == ERANGE || v < lo || v > hi) {
        gmc_msg("%s: expected an integer between %ld and %ld, got '%s'", opt, lo, hi, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int gmc_parse_format(const char *arg, unsigned allowed, gmc_format *out)
{
    static const char *const names[] = {"text", "json", "csv", "md", "html", "gpkg", "svg"};
    char list[128] = "";
    for (unsigned i = 0; i < 7; i++) {
        if (!(allowed & (1u << i))) continue;
        if (strcasecmp(arg, names[i]) == 0 || (i == GMC_MD && strcasecmp(arg, "markdown") == 0)) {
            *out = (gmc_format)i;
            return 0;
        }
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", l ? "|" : "", names[i]);
    }
    gmc_msg("--format: expected %s, got '%s'", list, arg);
    return -1;
}

const char gmc_source_help[] =
    "Units and plan:\n"
    "  --units PATH[:LAYER]     unit layer (.shp, .zip, .gpkg, .geojson, any OGR source), or\n"
    "                           a networkx graph JSON whose node attributes are the fields\n"
    "  --layer NAME             layer in a multi-layer source\n"
    "  --where EXPR             OGR attribute filter on the units (\"STATE='NH'\")\n"
    "  --pop FIELD              population field\n"
    "  --votes P=FIELD,...      votes per party; the first two are compared (D=USH12D,R=USH12R)\n"
    "  --id FIELD               unit id field (for joins and messages)\n"
    "  --negative-votes error|zero   treat negative votes as an error (default) or as 0\n"
    "  --crs AUTH:CODE          CRS of a unit layer that has none (or is mislabelled)\n"
    "  --plan SPEC              district of each unit: a field of the unit layer (CD),\n"
    "                           an assignment CSV (id,district), or a district polygon layer\n"
    "  --district-id FIELD      district id field of a plan layer\n"
    "  --plan-where EXPR        attribute filter on the plan layer\n"
    "  --join FIELD             unit id field the assignment CSV's first column matches\n"
    "  --at-large               one district holding every unit (instead of --plan)\n";

int gmc_source_opt(gmc_source *s, int opt, const char *arg)
{
    switch (opt) {
    case 1000: s->units = arg; return 1;
    case 1001: s->layer = arg; return 1;
    case 1002: s->where = arg; return 1;
    case 1003: s->pop = arg; return 1;
    case 1004: s->id = arg; return 1;
    case 1005: s->votes = arg; return 1;
    case 1006: s->crs = arg; return 1;
    case 1007: s->plan = arg; return 1;
    case 1008: s->district_id = arg; return 1;
    case 1009: s->plan_where = arg; return 1;
    case 1010: s->join = arg; return 1;
    case 1011:
        if (!strcmp(arg, "error")) s->negative_votes = GM_NEG_ERROR;
        else if (!strcmp(arg, "zero")) s->negative_votes = GM_NEG_ZERO;
        else {
            gmc_msg("--negative-votes: expected 'error' or 'zero', got '%s'", arg);
            return -1;
        }
        return 1;
    case 1012: s->at_large = true; return 1;
    default: return 0;
    }
}

/* The long name of option value o ("output" for 'o'), or NULL when it has none. */
static const char *long_name(const gmc_getopt *g, int o)
{
    for (const struct option *l = g->longopts; l && l->name; l++)
        if (l->val == o) return l->name;
    return NULL;
}

/* Does option o take a value? idx: its long option when getopt matched one, else -1. */
static bool takes_value(const gmc_getopt *g, int o, int idx)
{
    if (idx >= 0) return g->longopts[idx].has_arg == required_argument;
    const char *p = o > 0 && o < 256 ? strchr(g->shortopts, o) : NULL;
    return p && p[1] == ':';
}

/* "--name" of an argument ("--name=value" or "--name"), its length in *n. */
static const char *arg_name(const char *el, size_t *n)
{
    const char *s = el + 2, *eq = strchr(s, '=');
    *n = eq ? (size_t)(eq - s) : strlen(s);
    return s;
}

/* Suggestions for an unknown long option: every option it abbreviates, else the one
 * option within two edits of it. Written as " (did you mean --a or --b?)" into buf. */
static void suggest(const gmc_getopt *g, const char *el, char *buf, size_t cap)
{
    size_t n, used = 0, hits = 0;
    const char *s = arg_name(el, &n);
    buf[0] = '\0';
    if (strncmp(el, "--", 2) != 0 || n == 0) return;
    size_t total = 0;
    for (const struct option *l = g->longopts; l && l->name; l++) total += !strncmp(l->name, s, n);
    for (const struct option *l = g->longopts; l && l->name; l++) {
        if (strncmp(l->name, s, n) != 0) continue;
        const char *sep = !hits ? " (did you mean " : hits + 1 == total ? " or " : ", ";
        int w = snprintf(buf + used, cap - used, "%s--%s", sep, l->name);
        if (w < 0 || (size_t)w >= cap - used) break;
        used += (size_t)w;
        hits++;
    }
    if (!hits) { /* a typo: the closest name by edits (insertions, deletions, changes) */
        const char *best = NULL;
        size_t best_d = 3;
        for (const struct option *l = g->longopts; l && l->name; l++) {
            size_t m = strlen(l->name), row[64];
            if (m >= 63 || n >= 64) continue;
            for (size_t j = 0; j <= m; j++) row[j] = j;
            for (size_t i = 1; i <= n; i++) {
                size_t diag = row[0];
                row[0] = i;
                for (size_t j = 1; j <= m; j++) {
                    size_t up = row[j], c = diag + (s[i - 1] != l->name[j - 1]);
                    if (up + 1 < c) c = up + 1;
                    if (row[j - 1] + 1 < c) c = row[j - 1] + 1;
                    row[j] = c;
                    diag = up;
                }
            }
            if (row[m] < best_d) {
                best_d = row[m];
                best = l->name;
            }
        }
        if (!best) return;
        snprintf(buf, cap, " (did you mean --%s?)", best);
        return;
    }
    if (used + 2 < cap) memcpy(buf + used, "?)", 3);
}

int gmc_getopt_next(gmc_getopt *g, int argc, char **argv)
{
    int o, idx;
    if (!g->started) {
        g->started = true;
        optind = 1;
        opterr = 0;
        g_opts = g->longopts; /* the advice of every later message names these only */
        g_n_alias = 0;
        g->n_seen = 0;
        if (g->src && !g->src->cmd) g->src->cmd = g->cmd;
    }
    g->rc = GMC_EUSAGE;
    while ((idx = -1, o = getopt_long(argc, argv, g->shortopts, g->longopts, &idx)) != -1) {
        if (o == '?' || o == ':') {
            const char *el = argv[optind - 1];
            if (o == ':') {
                gmc_usage_error(g->cmd, "option '%s' needs a value", el);
            } else {
                char hint[200];
                suggest(g, el, hint, sizeof hint);
                gmc_usage_error(g->cmd, "unknown option '%s'%s", el, hint);
            }
            return -1;
        }
        bool val = takes_value(g, o, idx);
        if (idx >= 0) {
            /* getopt_long takes any unambiguous prefix ("--vote" for "--votes"); a
             * prefix that is a typo would then silently set another option */
            const char *el = val && optarg == argv[optind - 1] ? argv[optind - 2] : argv[optind - 1];
            size_t n;
            const char *s = arg_name(el, &n);
            const char *full = g->longopts[idx].name;
            if (strlen(full) != n || strncmp(s, full, n) != 0) {
                gmc_usage_error(g->cmd, "unknown option '--%.*s' (did you mean --%s?)", (int)n, s,
                                full);
                return -1;
            }
        }
        bool list = o >= GMC_OPT_REPEATABLE && o < GMC_OPT_REPEATABLE_END;
        if (val && !list) { /* one value per option: a second would replace the first unseen */
            const char *ln = long_name(g, o);
            for (unsigned i = 0; i < g->n_seen; i++) {
                if (g->seen[i] != o) continue;
                char nm[80];
                if (ln && o > 0 && o < 256) snprintf(nm, sizeof nm, "-%c/--%s", o, ln);
                else if (ln) snprintf(nm, sizeof nm, "--%s", ln);
                else snprintf(nm, sizeof nm, "-%c", o);
                gmc_usage_error(g->cmd,
                                "%s is given twice ('%s', then '%s'); it takes one value: give it "
                                "once",
                                nm, g->seen_arg[i], optarg);
                return -1;
            }
            if (g->n_seen < sizeof g->seen / sizeof g->seen[0]) {
                g->seen[g->n_seen] = o;
                g->seen_arg[g->n_seen++] = optarg;
            }
        }
        if (g->src) {
            int r = gmc_source_opt(g->src, o, optarg);
            if (r < 0) return -1;
            if (r) continue;
        }
        switch (o) {
        case 'h':
            if (g->help_fmt) printf(g->help, gmc_source_help, g->help2 ? g->help2 : "");
            else fputs(g->help, stdout);
            g->rc = GMC_OK;
            return -1;
        default: return o;
        }
    }
    if (g->max_args >= 0 && argc - optind > g->max_args) {
        gmc_usage_error(g->cmd, "unexpected argument '%s'", argv[optind + g->max_args]);
        return -1;
    }
    g->rc = -1;
    return -1;
}

int gmc_parse_votes(const char *arg, gm_units_spec *spec, char *storage, size_t cap)
{
    if (strlen(arg) + 1 > cap) {
        gmc_msg("--votes: argument too long");
        return -1;
    }
    strcpy(storage, arg);
    spec->n_parties = 0;
    char *save = NULL;
    for (char *tok = strtok_r(storage, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq || eq == tok || !eq[1]) {
            gmc_msg("--votes: expected PARTY=FIELD pairs like D=USH12D,R=USH12R, got '%s'", tok);
            return -1;
        }
        if (spec->n_parties == GM_MAX_PARTIES) {
            gmc_msg("--votes: at most %d parties", GM_MAX_PARTIES);
            return -1;
        }
        *eq = '\0';
        for (size_t p = 0; p < spec->n_parties; p++)
            if (!strcmp(spec->party[p], tok)) {
                gmc_msg("--votes: party '%s' is named twice", tok);
                return -1;
            }
        spec->party[spec->n_parties] = tok;
        spec->vote_field[spec->n_parties] = eq + 1;
        spec->n_parties++;
    }
    if (spec->n_parties < 2) {
        /* One party has no one to beat: every district it has votes in would be "won"
         * and no two-party metric (shares, efficiency gap, ...) exists. */
        gmc_msg("--votes: name two parties, e.g. D=USH12D,R=USH12R; with %s no district has a "
                "winner and no two-party metric (vote share, efficiency gap, ...) can be computed",
                spec->n_parties ? "one party" : "none");
        return -1;
    }
    return 0;
}

const char *gmc_election_name(const char *arg, char *buf, size_t cap)
{
    const char *colon = strchr(arg, ':');
    size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
    snprintf(buf, cap, "%.*s", (int)n, arg);
    return buf;
}

int gmc_election_add(gmc_source *s, const char *arg)
{
    const char *colon = strchr(arg, ':');
    if (!colon || colon == arg || !colon[1]) {
        gmc_msg("--election: expected NAME:D=FIELD,R=FIELD like PRES16:D=PRES16D,R=PRES16R, got '%s'", arg);
        return -1;
    }
    char name[256], other[256];
    gmc_election_name(arg, name, sizeof name);
    for (size_t e = 0; e < s->n_elections; e++)
        if (!strcmp(gmc_election_name(s->election[e], other, sizeof other), name)) {
            gmc_msg("--election: '%s' is named twice; give each election its own name", name);
            return -1;
        }
    gm_units_spec one;
    char buf[4096];
    memset(&one, 0, sizeof one);
    if (gmc_parse_votes(colon + 1, &one, buf, sizeof buf)) return -1;
    if (one.n_parties != 2) {
        gmc_msg("--election %s: name two parties (D=FIELD,R=FIELD), not %zu", name, one.n_parties);
        return -1;
    }
    if (s->n_elections == GMC_MAX_ELECTIONS) {
        gmc_msg("--election: at most %d elections", GMC_MAX_ELECTIONS);
        return -1;
    }
    s->election[s->n_elections++] = arg;
    return 0;
}

/* The elections of s as the spec's parties, two each (after gmc_election_add checked
 * every one). */
static int elections_spec(const gmc_source *s, gm_units_spec *us, char *storage, size_t cap)
{
    us->n_parties = 0;
    size_t used = 0;
    for (size_t e = 0; e < s->n_elections; e++) {
        gm_units_spec one;
        memset(&one, 0, sizeof one);
        const char *votes = strchr(s->election[e], ':') + 1;
        if (used >= cap || gmc_parse_votes(votes, &one, storage + used, cap - used)) return -1;
        used += strlen(votes) + 1;
        for (size_t q = 0; q < 2; q++) {
            us->party[us->n_parties] = one.party[q];
            us->vote_field[us->n_parties++] = one.vote_field[q];
        }
    }
    return 0;
}

/* An election's field missing from the layer: the engine's message (which lists the
 * layer's fields) said of the election that names it. */
static int election_fail(const gmc_source *s, const gm_error *err)
{
    if (err->code != GM_E_FIELD || !s->n_elections) return gmc_fail(err);
    for (size_t e = 0; e < s->n_elections; e++) {
        char name[256], storage[4096];
        gm_units_spec one;
        memset(&one, 0, sizeof one);
        if (gmc_parse_votes(strchr(s->election[e], ':') + 1, &one, storage, sizeof storage)) continue;
        for (size_t q = 0; q < 2; q++) {
            char quoted[300];
            snprintf(quoted, sizeof quoted, "'%s'", one.vote_field[q]);
            if (!strstr(err->msg, quoted)) continue;
            gm_error e2 = *err;
            snprintf(e2.msg, sizeof e2.msg, "election %s: %s", gmc_election_name(s->election[e], name, sizeof name),
                     err->msg);
            return gmc_fail(&e2);
        }
    }
    return gmc_fail(err);
}

/* "--district-id and --plan-where apply only ...", in the running command's options. */
static int layer_only(const gmc_source *s)
{
    const char *di = gmc_hint_option_name(GM_HINT_DISTRICT_ID);
    const char *pw = gmc_hint_option_name(GM_HINT_PLAN_WHERE);
    return gmc_usage_error(s->cmd, "%s%s%s appl%s only when the plan is a district layer",
                           s->district_id && di ? di : "", s->district_id && di && s->plan_where && pw ? " and " : "",
                           s->plan_where && pw ? pw : "", s->district_id && s->plan_where ? "y" : "ies");
}

int gmc_load_plans(const gmc_source *s, const char *const *plans, size_t n, gm_units **u,
                   gm_plan **p)
{
    char votebuf[4096];
    gm_units_spec us;
    gm_plan_spec ps[GMC_MAX_PLANS];
    gm_error err;
    gm_error_clear(&err);
    memset(&us, 0, sizeof us);
    *u = NULL;
    for (size_t i = 0; i < n; i++) p[i] = NULL;
    if (!s->units) return gmc_usage_error(s->cmd, "name the unit layer with --units PATH");
    if (n > GMC_MAX_PLANS) return gmc_usage_error(s->cmd, "at most %d plans", GMC_MAX_PLANS);
    if (s->votes && s->n_elections)
        return gmc_usage_error(s->cmd, "--votes names one election and --election each of several; "
                                       "give one or the other");
    if (s->votes && gmc_parse_votes(s->votes, &us, votebuf, sizeof votebuf)) return GMC_EUSAGE;
    if (s->n_elections && elections_spec(s, &us, votebuf, sizeof votebuf)) return GMC_EUSAGE;
    if (s->n_elections) us.election_parties = 2;
    if (n == 0 && (s->district_id || s->plan_where)) return layer_only(s);
    us.path = s->units;
    us.layer = s->layer;
    us.where = s->where;
    us.pop_field = s->pop;
    us.id_field = s->id;
    us.negative_votes = s->negative_votes;
    us.crs = s->crs;
    us.load_geometry = s->need_geometry;
    for (size_t i = 0; i < n; i++) {
        memset(&ps[i], 0, sizeof ps[i]);
        ps[i].kind = plans[i] ? gm_plan_detect(plans[i]) : GM_PLAN_AT_LARGE;
        ps[i].source = plans[i];
        ps[i].join_field = s->join;
        ps[i].district_id = s->district_id;
        ps[i].where = s->plan_where;
        /* the engine refuses these too; here they are said in terms of the options */
        if (ps[i].kind == GM_PLAN_CSV && !s->join && !s->id)
            return gmc_usage_error(s->cmd, "an assignment CSV needs %s%s: the unit id field its first column holds",
                                   gmc_hint_option_name(GM_HINT_JOIN) ? gmc_hint_option_name(GM_HINT_JOIN) : "a join field",
                                   gmc_hint_option_name(GM_HINT_JOIN) ? " FIELD" : "");
        if (ps[i].kind != GM_PLAN_LAYER && (s->district_id || s->plan_where)) return layer_only(s);
        if (gm_plan_spec_prepare(&ps[i], &us, &err) != GM_OK) {
            const char *advice = gmc_hint_advice(err.hint);
            return gmc_usage_error(s->cmd, "%s%s%s", err.msg, advice ? "; " : "", advice ? advice : "");
        }
    }
    if (!us.load_geometry && s->want_geometry) us.load_geometry = us.geometry_optional = true;
    if (gm_units_load(&us, u, &err) != GM_OK) return election_fail(s, &err);
    for (size_t i = 0; i < n; i++)
        if (gm_plan_open(*u, &ps[i], &p[i], &err) != GM_OK) {
            for (size_t j = 0; j < i; j++) {
                gm_plan_destroy(p[j]);
                p[j] = NULL;
            }
            gm_units_destroy(*u);
            *u = NULL;
            return gmc_fail(&err);
        }
    return GMC_OK;
}

int gmc_load_units(const gmc_source *s, gm_units **u)
{
    return gmc_load_plans(s, NULL, 0, u, NULL);
}

int gmc_load(const gmc_source *s, gm_units **u, gm_plan **p)
{
    *u = NULL;
    *p = NULL;
    if (!s->units) return gmc_usage_error(s->cmd, "name the unit layer with --units PATH");
    if (!s->plan && !s->at_large)
        return gmc_usage_error(s->cmd, "name the plan with --plan (a column, a CSV or a layer) or give --at-large");
    if (s->plan && s->at_large) return gmc_usage_error(s->cmd, "--plan and --at-large exclude each other");
    const char *plan = s->plan; /* NULL: at large */
    return gmc_load_plans(s, &plan, 1, u, p);
}

int gmc_load_graph(const char *arg, const gm_units *u, gm_graph **g, gm_warnings *w)
{
    gm_error err;
    gm_error_clear(&err);
    *g = NULL;
    /* units from a graph file: its own graph (nothing to build, nothing to check) */
    bool own = u->from_graph &&
               (!strcmp(arg, "auto") || !strcmp(arg, u->source) || gm_same_file(arg, u->source));
    bool built = !own && !strcmp(arg, "auto");
    gm_status st = built ? gm_graph_build(u, NULL, g, &err) : gm_graph_load(own ? u->source : arg, g, &err);
    if (st == GM_OK && !built && !own) st = gm_graph_check_units(*g, u, arg, w, NULL, &err);
    if (st == GM_OK && own && (*g)->n != u->n)
        st = gm_fail(&err, GM_E_DATA, "%s changed while it was read (%zu nodes, %zu units); run again",
                     u->source, (*g)->n, u->n);
    if (st != GM_OK) {
        gm_graph_destroy(*g);
        *g = NULL;
        return gmc_fail(&err);
    }
    return GMC_OK;
}

/* True when out is one of the files that make up the shapefile `shp` (its .dbf, .shx,
 * .prj, ...): writing it would destroy part of the input. */
static bool is_sidecar(const char *out, const char *shp)
{
    static const char *const ext[] = {".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx",
                                      ".shp.xml", ".SHX", ".DBF", ".PRJ", ".CPG", NULL};
    size_t n = strlen(shp);
    if (n < 4 || strcasecmp(shp + n - 4, ".shp") != 0) return false;
    char buf[4096];
    if (n - 4 + 9 > sizeof buf) return false;
    for (int i = 0; ext[i]; i++) {
        memcpy(buf, shp, n - 4);
        strcpy(buf + n - 4, ext[i]);
        if (strcmp(out, buf) == 0 || gm_same_file(out, buf)) return true;
    }
    return false;
}

/* The folder a file goes in exists and can be written (devices and pipes are written
 * in place: their folder does not matter). */
static int check_folder(const char *opt, const char *out)
{
    struct stat st;
    if (stat(out, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return 0;
    char dir[4096];
    const char *sl = strrchr(out, '/');
    if (!sl) snprintf(dir, sizeof dir, ".");
    else if (sl == out) snprintf(dir, sizeof dir, "/");
    else snprintf(dir, sizeof dir, "%.*s", (int)(sl - out), out);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        gmc_msg("%s '%s': the folder '%s' does not exist; create it or write elsewhere", opt, out,
                dir);
        return GMC_EDATA;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        gmc_msg("%s '%s': the folder '%s' cannot be written (%s); write elsewhere", opt, out, dir,
                strerror(errno));
        return GMC_EDATA;
    }
    return 0;
}

int gmc_check_outputs(const char *const *opt, const char *const *out, size_t nout,
                      const char *const *inputs, size_t n)
{
    for (size_t o = 0; o < nout; o++) {
        if (!out[o] || !strcmp(out[o], "-") || !strcmp(out[o], "none")) continue;
        for (size_t i = 0; i < n; i++) {
            if (!inputs[i]) continue;
            char *path = NULL, *layer = NULL;
            bool same = false;
            if (gm_split_path_layer(inputs[i], &path, &layer, NULL) == GM_OK) {
                same = gm_same_file(out[o], path) || strcmp(out[o], path) == 0;
                if (!same) same = is_sidecar(out[o], path);
            }
            free(path);
            free(layer);
            if (same) {
                gmc_msg("%s '%s' is also an input; write the output to another file", opt[o],
                        out[o]);
                return GMC_EUSAGE;
            }
        }
        for (size_t p = 0; p < o; p++) {
            if (!out[p] || !strcmp(out[p], "-") || !strcmp(out[p], "none")) continue;
            if (strcmp(out[o], out[p]) == 0 || gm_same_file(out[o], out[p])) {
                gmc_msg("%s and %s name the same file '%s'; give each output its own file",
                        opt[p], opt[o], out[o]);
                return GMC_EUSAGE;
            }
        }
        int rc = check_folder(opt[o], out[o]);
        if (rc) return rc;
    }
    return 0;
}

bool gmc_is_database(const char *path) { return path && strncasecmp(path, "PG:", 3) == 0; }

int gmc_check_db_output(const char *cmd, const char *out, const char *table, bool overwrite)
{
    if (!gmc_is_database(out)) {
        if (table)
            return gmc_usage_error(cmd, "--table names the table of a database output; write "
                                        "to one with -o PG:CONNECTION --table NAME");
        if (overwrite)
            return gmc_usage_error(cmd, "--overwrite replaces a database table (-o PG:... "
                                        "--table NAME); an output file is always replaced");
        return 0;
    }
    char *path = NULL, *layer = NULL;
    gm_split_path_layer(out, &path, &layer, NULL);
    bool suffix = layer != NULL;
    free(path);
    free(layer);
    if (suffix)
        return gmc_usage_error(cmd, "name the table of a database output with --table NAME, "
                                    "not after the connection string ('%s')", out);
    if (!table || !*table)
        return gmc_usage_error(cmd, "-o %s writes a database table: name it with --table NAME "
                                    "(or SCHEMA.TABLE)", out);
    /* a server elsewhere without --allow-network: refused now, not after the work */
    char *g = NULL;
    gm_error err;
    gm_error_clear(&err);
    if (gm_resolve_source(out, &g, &err) != GM_OK) return gmc_fail(&err);
    free(g);
    return 0;
}

int gmc_check_output(const char *out, const char *const *inputs, size_t n)
{
    const char *opt[] = {"--output"};
    const char *o[] = {out};
    return gmc_check_outputs(opt, o, 1, inputs, n);
}
