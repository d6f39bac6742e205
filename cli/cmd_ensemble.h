/* cmd_ensemble.h: the subcommands of `gerrymeter ensemble` that live in
 * cmd_ensemble_io.c (`score` is in cmd_ensemble.c, which dispatches all three). */
#ifndef GM_CLI_CMD_ENSEMBLE_H
#define GM_CLI_CMD_ENSEMBLE_H

/* `gerrymeter ensemble convert` and `gerrymeter ensemble merge`: argv[0] is the
 * subcommand; each returns the exit code. */
int gmc_ens_convert(int argc, char **argv);
int gmc_ens_merge(int argc, char **argv);
/* `gerrymeter ensemble generate` (cmd_generate.c). */
int gmc_ens_generate(int argc, char **argv);

#endif
