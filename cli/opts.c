/* opts.c: shared option parsing and the load step of the scoring commands. */
#include "opts.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

const char *gmc_hint_advice(gm_hint h)
{
    switch (h) {
    case GM_HINT_NONE: return NULL;
    case GM_HINT_CRS: return "pass it with --crs";
    case GM_HINT_WHERE: return "see --where";
    case GM_HINT_PLAN_WHERE: return "see --plan-where";
    case GM_HINT_DISTRICT_ID: return "pass --district-id FIELD";
    case GM_HINT_JOIN: return "pass --join FIELD";
    case GM_HINT_ALLOW_NETWORK: return "gerrymeter reads only local files unless --allow-network is given";
    case GM_HINT_NEGATIVE_VOTES_ZERO: return "pass --negative-votes zero";
    case GM_HINT_POP: return "see --pop";
    case GM_HINT_GROUP: return "see --group";
    case GM_HINT_CONVENTION: return "see --convention";
    case GM_HINT_DRAWS: return "see --swing-sd, --district-sd and --draws";
    case GM_HINT_GRAPH_FILE: return "write one with 'gerrymeter graph --format json'";
    case GM_HINT_ENSEMBLE_GMEN: return "convert with 'gerrymeter ensemble convert --to gmen'";
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
    "  --units PATH[:LAYER]     unit layer (.shp, .zip, .gpkg, .geojson, any OGR source)\n"
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

int gmc_getopt_next(gmc_getopt *g, int argc, char **argv)
{
    int o;
    if (!g->started) {
        g->started = true;
        optind = 1;
        opterr = 0;
        if (g->src && !g->src->cmd) g->src->cmd = g->cmd;
    }
    g->rc = GMC_EUSAGE;
    while ((o = getopt_long(argc, argv, g->shortopts, g->longopts, NULL)) != -1) {
        if (g->src) {
            int r = gmc_source_opt(g->src, o, optarg);
            if (r < 0) return -1;
            if (r) continue;
        }
        switch (o) {
        case 'h':
            if (g->help_fmt) printf(g->help, gmc_source_help);
            else fputs(g->help, stdout);
            g->rc = GMC_OK;
            return -1;
        case ':':
            gmc_usage_error(g->cmd, "option '%s' needs a value", argv[optind - 1]);
            return -1;
        case '?':
            gmc_usage_error(g->cmd, "unknown option '%s'", argv[optind - 1]);
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
    if (spec->n_parties == 0) {
        gmc_msg("--votes: name at least one party, e.g. D=USH12D,R=USH12R");
        return -1;
    }
    return 0;
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
    if (s->votes && gmc_parse_votes(s->votes, &us, votebuf, sizeof votebuf)) return GMC_EUSAGE;
    if (n == 0 && (s->district_id || s->plan_where))
        return gmc_usage_error(s->cmd, "--district-id and --plan-where apply only when --plan is a district layer");
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
            return gmc_usage_error(s->cmd, "an assignment CSV needs --join FIELD: the unit id field its first column holds");
        if (ps[i].kind != GM_PLAN_LAYER && (s->district_id || s->plan_where))
            return gmc_usage_error(s->cmd, "--district-id and --plan-where apply only when --plan is a district layer");
        if (gm_plan_spec_prepare(&ps[i], &us, &err) != GM_OK)
            return gmc_usage_error(s->cmd, "%s", err.msg);
    }
    if (!us.load_geometry && s->want_geometry) us.load_geometry = us.geometry_optional = true;
    if (gm_units_load(&us, u, &err) != GM_OK) return gmc_fail(&err);
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

int gmc_load_graph(const char *arg, const gm_units *u, gm_graph **g)
{
    gm_error err;
    gm_error_clear(&err);
    *g = NULL;
    gm_status st = !strcmp(arg, "auto") ? gm_graph_build(u, NULL, g, &err) : gm_graph_load(arg, g, &err);
    if (st != GM_OK) return gmc_fail(&err);
    if ((*g)->n != u->n) {
        gmc_msg("--graph %s has %zu nodes but the unit layer has %zu units; build it from the same layer",
                arg, (*g)->n, u->n);
        gm_graph_destroy(*g);
        *g = NULL;
        return GMC_EDATA;
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

int gmc_check_output(const char *out, const char *const *inputs, size_t n)
{
    if (!out) return 0;
    for (size_t i = 0; i < n; i++) {
        if (!inputs[i]) continue;
        char *path = NULL, *layer = NULL;
        bool same = false;
        if (gm_split_path_layer(inputs[i], &path, &layer, NULL) == GM_OK) {
            same = gm_same_file(out, path) || strcmp(out, path) == 0;
            if (!same) same = is_sidecar(out, path);
        }
        free(path);
        free(layer);
        if (same) {
            gmc_msg("--output '%s' is also an input; write the output to another file", out);
            return GMC_EUSAGE;
        }
    }
    return 0;
}
