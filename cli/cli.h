#ifndef GM_CLI_H
#define GM_CLI_H
int gmc_main(int argc, char **argv);
#endif
