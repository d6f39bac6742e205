/* names.h: what one-line messages name: the first few names of a list ("unit ids: a,
 * b, c, ...") and areas in square metres written for people. Engine-internal.
 * A gmi_names is zero-initialised (gmi_names l = {0}); nothing is allocated. */
#ifndef GM_NAMES_H
#define GM_NAMES_H

#include <stddef.h>

#define GMI_NAMES_MAX 5 /* names written out; the rest are counted */

typedef struct gmi_names {
    size_t n;       /* names added, written out or not */
    char text[480]; /* the first GMI_NAMES_MAX, ", "-separated (cut short if very long) */
} gmi_names;

/* Count one more name and, among the first GMI_NAMES_MAX, write it (printf-style). */
void gmi_names_add(gmi_names *l, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ", ..." when names were counted but not written, else "". */
const char *gmi_names_more(const gmi_names *l);

/* An area in square metres for a message, into buf (>= 32 bytes), which is returned:
 * whole square metres with thousands separators from 100 ("2,941,760"), one decimal
 * from 1 ("271.8" is "272"; "12.3"), two significant digits below ("0.0016"). */
#define GMI_M2_BUF 32
const char *gmi_fmt_m2(char *buf, double m2);

#endif
