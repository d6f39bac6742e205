/* warn.c: how the CLI shows warnings (out.h): standard error, JSON, text. */
#include "opts.h"
#include "out.h"

void gmc_warnings_stderr(const gm_warnings *w)
{
    for (size_t i = 0; w && i < w->n; i++) gmc_msg("warning: %s", w->msg[i]);
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
    for (size_t i = 0; i < w->n; i++) fprintf(f, "  - %s\n", w->msg[i]);
}
