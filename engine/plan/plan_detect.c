/* plan_detect.c: decide what kind of plan source a --plan argument names. */
#include "gerrymeter/gm_plan.h"
#include "gerrymeter/gm_io.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool is_table(const char *p)
{
    const char *dot = strrchr(p, '.');
    return dot && (!strcasecmp(dot, ".csv") || !strcasecmp(dot, ".tsv") || !strcasecmp(dot, ".txt"));
}

gm_plan_kind gm_plan_detect(const char *arg)
{
    struct stat st;
    if (stat(arg, &st) == 0) return is_table(arg) ? GM_PLAN_CSV : GM_PLAN_LAYER;
    char *path = NULL, *layer = NULL;
    gm_plan_kind k = GM_PLAN_COLUMN;
    if (gm_split_path_layer(arg, &path, &layer, NULL) == GM_OK && layer &&
        stat(path, &st) == 0)
        k = GM_PLAN_LAYER;
    else if (strchr(arg, '/') || is_table(arg))
        k = is_table(arg) ? GM_PLAN_CSV : GM_PLAN_LAYER; /* a path that does not exist: let the loader say so */
    free(path);
    free(layer);
    return k;
}
