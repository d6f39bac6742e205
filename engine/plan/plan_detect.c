/* plan_detect.c: decide what kind of plan source a --plan argument names. */
#include "gerrymeter/gm_plan.h"
#include "gerrymeter/gm_io.h"
#include "plan/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool is_table(const char *p)
{
    const char *dot = strrchr(p, '.');
    return dot && (!strcasecmp(dot, ".csv") || !strcasecmp(dot, ".tsv") || !strcasecmp(dot, ".txt"));
}

bool gmi_plan_is_ensemble(const char *path)
{
    size_t n = strlen(path);
    static const char *const ext[] = {".jsonl", ".jsonl.xz", ".gmen", ".ben", ".ben.xz"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t m = strlen(ext[i]);
        if (n > m && strcasecmp(path + n - m, ext[i]) == 0) return true;
    }
    /* under another name: the first line of a GerryChain-style JSONL ensemble */
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char buf[4097];
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[got] = '\0';
    if (got >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) memmove(buf, buf + 3, got - 2);
    char *nl = strchr(buf, '\n');
    if (nl) *nl = '\0';
    const char *s = buf + strspn(buf, " \t\r");
    return *s == '{' && strstr(s, "\"assignment\"") && !strstr(s, "\"Feature") &&
           !strstr(s, "\"type\"");
}

gm_plan_kind gm_plan_detect(const char *arg)
{
    struct stat st;
    if (strncasecmp(arg, "PG:", 3) == 0) return GM_PLAN_LAYER; /* a database table */
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
