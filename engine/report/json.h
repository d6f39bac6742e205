/* json.h: a small streaming JSON writer with pretty printing (two-space indent), for the
 * engine's JSON outputs. Keys and strings are escaped (quotes, backslash, control
 * characters, and "</" so JSON embedded in HTML stays inert). Numbers: NaN and
 * infinities are null, whole numbers below 1e15 are written without a decimal point,
 * everything else with %.17g (so it reads back exactly). The layout is that of the
 * CLI's writer (cli/out.c), byte for byte. Engine-internal. */
#ifndef GM_REPORT_JSON_H
#define GM_REPORT_JSON_H

#include <stdbool.h>

#include "gerrymeter/gm_sink.h"

#define GMI_JSON_DEPTH 32

typedef struct gmi_json {
    gm_sink *f; /* borrowed */
    int depth;
    bool first[GMI_JSON_DEPTH];
} gmi_json;

void gmi_json_init(gmi_json *j, gm_sink *f);
/* key NULL inside arrays and at the top */
void gmi_json_obj(gmi_json *j, const char *key);
void gmi_json_end_obj(gmi_json *j);
void gmi_json_arr(gmi_json *j, const char *key);
void gmi_json_end_arr(gmi_json *j);
void gmi_json_str(gmi_json *j, const char *key, const char *v); /* v NULL: null */
void gmi_json_num(gmi_json *j, const char *key, double v);
void gmi_json_int(gmi_json *j, const char *key, long long v);
/* The closing newline. */
void gmi_json_finish(gmi_json *j);

#endif
