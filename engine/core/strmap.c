/* strmap.c: FNV-1a hashed, linearly probed string -> index map. */
#include "core/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV offset basis */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL; /* FNV prime */
    }
    return h;
}

int gmi_strmap_init(gmi_strmap *m, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 1) cap <<= 1; /* load factor <= 1/2 */
    m->cap = cap;
    m->n = 0;
    m->key = calloc(cap, sizeof *m->key);
    m->val = malloc(cap * sizeof *m->val);
    if (!m->key || !m->val) {
        gmi_strmap_free(m);
        return -1;
    }
    return 0;
}

void gmi_strmap_free(gmi_strmap *m)
{
    free(m->key);
    free(m->val);
    m->key = NULL;
    m->val = NULL;
    m->cap = m->n = 0;
}

int gmi_strmap_put(gmi_strmap *m, const char *key, size_t val, size_t *old)
{
    if (2 * (m->n + 1) > m->cap) return -1;
    size_t len = strlen(key), i = (size_t)fnv1a(key, len) & (m->cap - 1);
    while (m->key[i]) {
        if (strcmp(m->key[i], key) == 0) {
            if (old) *old = m->val[i];
            return 0;
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->key[i] = key;
    m->val[i] = val;
    m->n++;
    return 1;
}

int gmi_strmap_get(const gmi_strmap *m, const char *key, size_t len, size_t *val)
{
    if (!m->cap) return 0;
    size_t i = (size_t)fnv1a(key, len) & (m->cap - 1);
    while (m->key[i]) {
        if (strncmp(m->key[i], key, len) == 0 && m->key[i][len] == '\0') {
            *val = m->val[i];
            return 1;
        }
        i = (i + 1) & (m->cap - 1);
    }
    return 0;
}
