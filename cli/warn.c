/* warn.c: how the CLI shows warnings (out.h): standard error, JSON, text. */
#include "opts.h"
#include "out.h"

#include <string.h>

/* The option that changes what a warning is about, for people (stderr and text): the
 * engine names the condition, the CLI its flag, as gmc_hint_advice does for errors. */
static const char *advice(const char *code)
{
    static const struct {
        const char *code, *advice;
    } map[] = {
        {"districts_outside_units", "see --plan-where"},
        {"duplicate_district_ids", "see --district-id and --plan-where"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(code, map[i].code)) return map[i].advice;
    return NULL;
}

void gmc_warnings_stderr(const gm_warnings *w)
{
    for (size_t i = 0; w && i < w->n; i++) {
        const char *a = advice(w->code[i]);
        gmc_msg("warning: %s%s%s", w->msg[i], a ? "; " : "", a ? a : "");
    }
}

void gmc_json_warnings(gmc_json *j, const gm_warnings *w)
{
    gmc_json_arr(j, "warnings");
    for (size_t i = 0; w && i < w->n; i++) {
        gmc_json_obj(j, NULL);
        gmc_json_str(j, "code", w->code[i]);
        gmc_json_str(j, "message", w->msg[i]);
        gmc_json_end_obj(j);
    }
    gmc_json_end_arr(j);
}

void gmc_text_warnings(FILE *f, const gm_warnings *w)
{
    if (!w || !w->n) return;
    fputs("\nWarnings:\n", f);
    for (size_t i = 0; i < w->n; i++) {
        const char *a = advice(w->code[i]);
        fprintf(f, "  - %s%s%s\n", w->msg[i], a ? "; " : "", a ? a : "");
    }
}
