/* opts.h: options shared by the subcommands, usage/data error reporting, and the
 * sources -> units -> plan step every scoring command starts with. */
#ifndef GM_CLI_OPTS_H
#define GM_CLI_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_graph.h"

/* Exit codes: 0 ok, 1 data/runtime error, 2 usage error, 130/143 signals. */
enum { GMC_OK = 0, GMC_EDATA = 1, GMC_EUSAGE = 2 };

/* Output formats. */
typedef enum gmc_format { GMC_TEXT = 0, GMC_JSON, GMC_CSV, GMC_MD, GMC_HTML, GMC_GPKG, GMC_SVG } gmc_format;

/* Elections one command takes (--election, repeatable): two parties each. */
#define GMC_MAX_ELECTIONS (GM_MAX_PARTIES / 2)

/* Units + plan options (--units ... --plan ...). */
typedef struct gmc_source {
    const char *cmd;            /* command named in usage errors ("partisan"); NULL: none */
    const char *units;          /* --units PATH[:LAYER] */
    const char *layer;          /* --layer */
    const char *where;          /* --where */
    const char *pop;            /* --pop */
    const char *id;             /* --id */
    const char *votes;          /* --votes D=F1,R=F2 (raw) */
    const char *crs;            /* --crs */
    const char *plan;           /* --plan COLUMN | FILE.csv | LAYER */
    const char *district_id;    /* --district-id (plan layer) */
    const char *plan_where;     /* --plan-where */
    const char *join;           /* --join (assignment CSV: unit id field) */
    int negative_votes;         /* --negative-votes error|zero */
    bool at_large;              /* --at-large: every unit in one district "0" */
    bool need_geometry;         /* set by commands that need unit geometry */
    bool want_geometry;         /* set by commands that use unit geometry when the layer has
                                   it (a geometry column and a CRS); u->no_geometry says why
                                   not */
    const char *election[GMC_MAX_ELECTIONS]; /* --election NAME:D=F,R=F of commands that take
                                   it (repeatable; instead of --votes): the units are loaded
                                   with two parties per election, election e's being parties
                                   2e and 2e+1 */
    size_t n_elections;
} gmc_source;

/* Options with an id in [GMC_OPT_REPEATABLE, GMC_OPT_REPEATABLE_END) may be given more
 * than once, each time one more value of a list (--split NAME=FIELD, --group
 * NAME=FIELD); gmc_getopt_next refuses a second value of any other option. */
#define GMC_OPT_REPEATABLE 1900
#define GMC_OPT_REPEATABLE_END 2000
/* the repeatable options' ids (1901, 1902: splits_opts.h) */
#define GMC_OPT_ELECTION 1903 /* --election NAME:D=F,R=F */

/* Long options for gmc_source, to append to a command's getopt table. The ids are
 * >= 1000 so they never collide with short options. */
#define GMC_SOURCE_LONGOPTS                                                            \
    {"units", required_argument, 0, 1000}, {"layer", required_argument, 0, 1001},      \
        {"where", required_argument, 0, 1002}, {"pop", required_argument, 0, 1003},    \
        {"id", required_argument, 0, 1004}, {"votes", required_argument, 0, 1005},     \
        {"crs", required_argument, 0, 1006}, {"plan", required_argument, 0, 1007},     \
        {"district-id", required_argument, 0, 1008},                                   \
        {"plan-where", required_argument, 0, 1009}, {"join", required_argument, 0, 1010}, \
        {"negative-votes", required_argument, 0, 1011}, {"at-large", no_argument, 0, 1012}

/* Take a getopt result for one of GMC_SOURCE_LONGOPTS. Returns 1 if consumed, 0 if
 * not a source option, -1 on a bad value (message printed, caller exits 2). */
int gmc_source_opt(gmc_source *s, int opt, const char *arg);

/* Help text for the source options (for command --help). */
extern const char gmc_source_help[];

/* One command's option parsing: getopt_long plus the cases every command treats alike.
 * Fill the first fields, then loop while gmc_getopt_next() returns an option; once it
 * returns -1, exit with `rc` when rc >= 0, else go on with argv[optind ...]. */
typedef struct gmc_getopt {
    const char *cmd;                 /* command name for messages: "score", "ensemble merge" */
    const char *shortopts;           /* getopt string, starting with ':' (e.g. ":ho:f:") */
    const struct option *longopts;
    const char *help;                /* printed for -h/--help */
    bool help_fmt;                   /* help is a printf format with one %s: gmc_source_help,
                                        or two: then help2 (NULL: "") */
    const char *help2;
    gmc_source *src;                 /* takes GMC_SOURCE_LONGOPTS when not NULL; its cmd
                                      * is set to this cmd when unset */
    int max_args;                    /* operands allowed after the options; -1 for any */
    int rc;                          /* set when the options end: exit code, or -1 to go on */
    bool started;                    /* internal: optind was reset */
    int seen[64];                    /* internal: options with a value taken so far */
    const char *seen_arg[64];        /*           and their values */
    unsigned n_seen;
} gmc_getopt;

/* Next option for the command to take, or -1 when the options end. On the way it takes
 * the source options (a bad value ends with rc 2), prints the help (rc 0), and turns a
 * missing value, an unknown option or an operand beyond max_args into a usage error
 * naming g->cmd (rc 2). So are an abbreviated long option ("--vote" for "--votes": the
 * message names the full option) and an option that takes a value given twice (every
 * such option holds one value: the second would silently replace the first). */
int gmc_getopt_next(gmc_getopt *g, int argc, char **argv);

/* Take one --election value for s: "NAME:D=FIELD,R=FIELD" (two parties). Returns 0 or
 * -1 (message printed: a bad form, a name given twice, too many elections). */
int gmc_election_add(gmc_source *s, const char *arg);
/* The name of --election value arg ("PRES16" of "PRES16:D=...") into buf. */
const char *gmc_election_name(const char *arg, char *buf, size_t cap);

/* Parse "D=F1,R=F2" into the spec's parties: two or more, each named once. Returns 0 or
 * -1 (message printed). */
int gmc_parse_votes(const char *arg, gm_units_spec *spec, char *storage, size_t cap);

/* The sources -> units -> plan step: options into a gm_units_spec and gm_plan_specs, then
 * the engine (gm_plan_spec_prepare, gm_units_load, gm_plan_open). Each prints the error
 * and returns 1 (data) or 2 (usage, naming s->cmd) on failure, 0 on success; what they
 * return is then owned by the caller. */
/* The units and the plan of --plan (or --at-large). */
int gmc_load(const gmc_source *s, gm_units **u, gm_plan **p);
/* The units alone (no plan: graph, check, an ensemble without a reference). */
int gmc_load_units(const gmc_source *s, gm_units **u);
/* The units, read once, and n plans over them: plans[i] is a --plan argument (a column,
 * an assignment CSV or a district layer) or NULL for at large; p[i] receives each. */
#define GMC_MAX_PLANS 2
int gmc_load_plans(const gmc_source *s, const char *const *plans, size_t n, gm_units **u,
                   gm_plan **p);

/* The unit graph of a --graph argument: "auto" builds it from the units' geometry, any
 * other value is a graph file from 'gerrymeter graph' (JSON), which must have one node
 * per unit in the units' order (gm_graph_check_units; a graph that records no order adds
 * its warning to w). Prints the error and returns 1 (data) or 2; 0 with *g owned by the
 * caller. */
int gmc_load_graph(const char *arg, const gm_units *u, gm_graph **g, gm_warnings *w);

/* Parse numbers strictly. Return 0 or print "gerrymeter: OPT: ..." and return -1. */
int gmc_parse_double(const char *opt, const char *arg, double lo, double hi, double *out);
int gmc_parse_long(const char *opt, const char *arg, long lo, long hi, long *out);
int gmc_parse_format(const char *arg, unsigned allowed_mask, gmc_format *out);

/* Print "gerrymeter: <msg>" to stderr. */
void gmc_msg(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Usage error: message + "try 'gerrymeter CMD --help'"; returns 2. */
int gmc_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Error from the engine: prints err->msg and, when the error has a hint, the option
 * that changes it ("; pass it with --crs"); returns 2 for GM_E_ARG, else 1. */
int gmc_fail(const gm_error *err);
/* The CLI's advice for an engine hint (NULL for GM_HINT_NONE), in terms of the running
 * command's own options: an option the command does not have is never suggested (the
 * advice then says what to change without a flag, or nothing). Static buffer. */
const char *gmc_hint_advice(gm_hint h);
/* The option of the running command (the one gmc_getopt_next parses) that sets the input
 * hint h names ("--district-id"), or NULL when it has none. */
const char *gmc_hint_option_name(gm_hint h);
/* The running command names the input of hint h with opt instead of the usual option
 * (compactness: "--id" for the district id field), or has none (opt NULL). */
void gmc_hint_option(gm_hint h, const char *opt);
/* True when the running command takes this long option ("--where"; the global
 * --allow-network and --help count). */
bool gmc_has_option(const char *flag);

/* Check the outputs a command will write, before it reads anything: none is one of the
 * inputs, no two name the same file, and each one's folder exists and can be written.
 * opt[i] names output i's option in the message; NULL, "-" and "none" are skipped.
 * Returns 0, GMC_EUSAGE or GMC_EDATA (message printed). */
int gmc_check_outputs(const char *const *opt, const char *const *out, size_t nout,
                      const char *const *inputs, size_t n);
/* The same for a command's one output, -o (--output). */
int gmc_check_output(const char *out, const char *const *inputs, size_t n);

/* True for an output (or input) that names a database: "PG:..." (any case). */
bool gmc_is_database(const char *path);
/* The options of a database output agree: -o PG:... needs --table NAME (not a
 * ":TABLE" suffix); --table and --overwrite need a database output. 0, or the usage
 * error's exit code (the message printed) for cmd. */
int gmc_check_db_output(const char *cmd, const char *out, const char *table, bool overwrite);

#endif
