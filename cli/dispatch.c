#include "cli.h"
#include <stdio.h>
int gmc_main(int argc, char **argv) { (void)argc; (void)argv; puts("gerrymeter"); return 0; }
