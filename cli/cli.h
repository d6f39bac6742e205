/* cli.h: the subcommands. Each lives in cmd_<name>.c and has the signature of
 * main(): it parses its own options and returns the exit code. */
#ifndef GM_CLI_H
#define GM_CLI_H

int gmc_main(int argc, char **argv);

typedef struct gmc_command {
    const char *name;                   /* "score" */
    int (*run)(int argc, char **argv);  /* argv[0] is the command name */
    const char *summary;                /* one line for `gerrymeter --help` */
} gmc_command;

int gmc_cmd_score(int argc, char **argv);
int gmc_cmd_partisan(int argc, char **argv);
int gmc_cmd_check(int argc, char **argv);
int gmc_cmd_compactness(int argc, char **argv);
int gmc_cmd_graph(int argc, char **argv);
int gmc_cmd_ensemble(int argc, char **argv);
int gmc_cmd_control(int argc, char **argv);
int gmc_cmd_report(int argc, char **argv);
int gmc_cmd_metrics(int argc, char **argv);
int gmc_cmd_compare(int argc, char **argv);

#endif
