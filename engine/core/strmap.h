/* strmap.h: an open-addressing hash map from strings to indices. The map does not
 * copy keys: they must outlive it (they usually live in gm_units). Engine-internal. */
#ifndef GM_STRMAP_H
#define GM_STRMAP_H

#include <stddef.h>

typedef struct gmi_strmap {
    size_t cap;          /* slots, a power of two */
    size_t n;            /* keys stored */
    const char **key;    /* [cap] borrowed keys, NULL = empty */
    size_t *val;         /* [cap] values */
} gmi_strmap;

/* Create a map sized for n keys. Returns 0 on success, -1 on out of memory. */
int gmi_strmap_init(gmi_strmap *m, size_t n);
void gmi_strmap_free(gmi_strmap *m);

/* Insert key -> val. Returns 1 if inserted, 0 if the key was present (its value is
 * put in *old when old is non-NULL and nothing changes), -1 when full. */
int gmi_strmap_put(gmi_strmap *m, const char *key, size_t val, size_t *old);

/* Look up key. Returns 1 and sets *val when found, else 0. len = strlen(key). */
int gmi_strmap_get(const gmi_strmap *m, const char *key, size_t len, size_t *val);

#endif
