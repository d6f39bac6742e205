/* str.h: small string helpers shared by the table readers. Engine-internal.
 *
 * "Blank" is a space or a tab: the padding CSV writers and people put around fields.
 * Other whitespace (line breaks inside quoted fields, non-breaking spaces) is data. */
#ifndef GM_STR_H
#define GM_STR_H

#include <stddef.h>

/* Start of s after its leading blanks; *n (may be NULL) receives the length of the
 * rest without its trailing blanks. s is not changed. */
const char *gmi_trim_span(const char *s, size_t *n);

/* Trim s in place: the trailing blanks are cut with a NUL, and the first character
 * after the leading blanks is returned. */
char *gmi_trim(char *s);

/* A trimmed copy of s (the caller frees it), or NULL when out of memory. */
char *gmi_trim_dup(const char *s);

/* The key of a district label for equality: s with the leading zeros of each run of
 * digits dropped ("01" -> "1", "CD007" -> "CD7", "0" stays "0"), written to out, which
 * holds strlen(s) + 1 bytes. Two labels have one key exactly when gm_label_cmp (the
 * natural order of plans, gm_plan.h) finds them equal: "1" and "01" are one district. */
void gmi_label_key(const char *s, char *out);

/* A real number as a label or id reads in text: a whole number below 2^53 without a
 * decimal point ("7", -0 as "0"), anything else with 15 significant digits. Writes buf
 * (at least 32 bytes) and returns it. Columns from layers and graph files alike. */
const char *gmi_real_text(double v, char *buf, size_t cap);

#endif
