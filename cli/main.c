/* main.c: the gerrymeter program: subcommand dispatch. */
#include "cli.h"

int main(int argc, char **argv) { return gmc_main(argc, argv); }
