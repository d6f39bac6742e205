/* ens_dispatch.c: `gerrymeter ensemble COMMAND`: the subcommands score, generate, convert
 * and merge. */
#include "cli.h"
#include "cmd_ensemble.h"
#include "opts.h"

#include <stdio.h>
#include <string.h>

static const char help_top[] =
    "Usage: gerrymeter ensemble score|generate|convert|merge [OPTIONS]\n\n"
    "  score     score every plan of an ensemble (per-plan rows, summary, reference plan)\n"
    "  generate  generate an ensemble with ReCom or reversible ReCom from a start plan\n"
    "  convert   convert an ensemble between JSONL, CSV, GMEN and BEN\n"
    "  merge     combine the outputs of --shard runs into one, with its summary\n\n"
    "'gerrymeter ensemble COMMAND --help' for the options of each.\n";

int gmc_cmd_ensemble(int argc, char **argv)
{
    if (argc < 2) {
        fputs(help_top, stderr);
        return GMC_EUSAGE;
    }
    const char *c = argv[1];
    if (!strcmp(c, "-h") || !strcmp(c, "--help")) {
        fputs(help_top, stdout);
        return GMC_OK;
    }
    if (!strcmp(c, "score")) return gmc_ens_score(argc - 1, argv + 1);
    if (!strcmp(c, "generate")) return gmc_ens_generate(argc - 1, argv + 1);
    if (!strcmp(c, "convert")) return gmc_ens_convert(argc - 1, argv + 1);
    if (!strcmp(c, "merge")) return gmc_ens_merge(argc - 1, argv + 1);
    return gmc_usage_error("ensemble", "unknown ensemble command '%s' (score, generate, convert, merge)", c);
}
