/* dispatch.c: `gerrymeter COMMAND ...`, global --help and --version. */
#include "cli.h"
#include "opts.h"
#include "out.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* One line per subcommand. */
static const gmc_command commands[] = {
    {"score", gmc_cmd_score, "score a plan: population, votes, seats, efficiency gap"},
    {"partisan", gmc_cmd_partisan, "every partisan metric, from a plan or district results"},
    {"check", gmc_cmd_check, "check a unit layer: repaired shapes, overlaps and gaps between units"},
    {"compactness", gmc_cmd_compactness, "compactness of district polygons (Polsby-Popper, Reock, ...)"},
    {"graph", gmc_cmd_graph, "build the unit adjacency graph (networkx JSON or CSV edges)"},
    {"ensemble", gmc_cmd_ensemble, "score, convert and merge ensembles of plans"},
    {"control", gmc_cmd_control, "who drew each map and what it did: metrics grouped by drawer"},
    {"report", gmc_cmd_report, "write a report people read: one HTML page (or Markdown)"},
    {"metrics", gmc_cmd_metrics, "list every metric: key, unit, sign, usual range, where it is defined"},
    {"compare", gmc_cmd_compare, "compare two plans: people moved, core retention, metrics side by side"},
};

static void usage(FILE *f)
{
    fprintf(f, "gerrymeter %s: redistricting and gerrymandering metrics\n\n"
               "Usage: gerrymeter COMMAND [OPTIONS]\n\nCommands:\n",
            gm_version());
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nOptions:\n  -h, --help     show this help (or 'gerrymeter COMMAND --help')\n"
               "  -V, --version  show the version\n"
               "  --allow-network  let GDAL read http(s) URLs, /vsicurl/, /vsis3/ and web or\n"
               "                 database sources (refused by default; accepted anywhere)\n\n"
               "Positive efficiency gap, mean-median, partisan bias and declination favour the\n"
               "second party named in --votes (by default the Republican party).\n"
               "Exit status: 0 ok, 1 data error, 2 usage error, 130/143 interrupted.\n");
}

/* Take every --allow-network out of argv (before a "--"), so it works before or after
 * the command name. Returns the new argc. */
static int take_allow_network(int argc, char **argv, bool *allow)
{
    int o = 1;
    bool end = false;
    for (int i = 1; i < argc; i++) {
        if (!end && !strcmp(argv[i], "--")) end = true;
        if (!end && !strcmp(argv[i], "--allow-network")) {
            *allow = true;
            continue;
        }
        argv[o++] = argv[i];
    }
    argv[o] = NULL;
    return o;
}

int gmc_main(int argc, char **argv)
{
    bool allow = false;
    argc = take_allow_network(argc, argv, &allow);
    gm_set_allow_network(allow);
    if (argc < 2) {
        usage(stderr);
        return GMC_EUSAGE;
    }
    const char *c = argv[1];
    if (!strcmp(c, "-h") || !strcmp(c, "--help") || !strcmp(c, "help")) {
        usage(stdout);
        return GMC_OK;
    }
    if (!strcmp(c, "-V") || !strcmp(c, "--version")) {
        printf("gerrymeter %s (%s)\n", gm_version(), gm_deps_version());
        return GMC_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(c, commands[i].name)) {
            /* the CLI owns the process: GDAL quiet and the network locked down for every
             * thread (the engine checks each open as well) */
            gm_init_ex(GM_INIT_QUIET_GDAL | GM_INIT_NETWORK_LOCKDOWN | GM_INIT_OWN_GDAL);
            gmc_signals_install();
            int rc = commands[i].run(argc - 1, argv + 1);
            gm_shutdown();
            return rc;
        }
    return gmc_usage_error(NULL, "unknown command '%s'", c);
}
