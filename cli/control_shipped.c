/* control_shipped.c: where `gerrymeter control` finds the tables it ships with. */
#include "cmd_control.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The shipped tables: $GERRYMETER_DATA, the source tree, then the install prefix. */
const char *gmc_control_shipped(const char *name, char *buf, size_t cap)
{
    const char *env = getenv("GERRYMETER_DATA");
    const char *dirs[] = {env && *env ? env : NULL, GM_SOURCE_DATA_DIR, GM_DATA_DIR};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (!dirs[i]) continue;
        snprintf(buf, cap, "%s/control/%s", dirs[i], name);
        if (access(buf, R_OK) == 0) return buf;
    }
    return NULL;
}
