/* order.c: the unit-order fingerprint (gm_units.h, "Unit order"): the fingerprint of
 * ids, the units' order, its text form and the one check every reader of a positional
 * file (graph, ensemble, per-plan rows, checkpoint) makes. The hash itself and the
 * loader's pick of the order key are in order_key.c. */
#include "units/units_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t gm_ids_fingerprint(const char *const *ids, size_t n)
{
    uint64_t h = GMI_FP_START;
    char b[32];
    for (size_t i = 0; i < n; i++) {
        const char *s = ids ? ids[i] : NULL;
        if (!s) { /* no ids: positions */
            snprintf(b, sizeof b, "%zu", i);
            s = b;
        }
        h = gmi_fp_add(h, s);
    }
    return gmi_fp_end(h, n);
}

uint64_t gm_units_fingerprint(const gm_units *u)
{
    if (u->order_key) return u->order_fp;
    return gm_ids_fingerprint((const char *const *)u->id, u->n);
}

gm_status gm_units_order_ids(const gm_units *u, char ***ids, gm_error *err)
{
    *ids = NULL;
    if (u->order_key) return gmi_units_read_column(u, u->order_key, false, ids, err);
    char **v = calloc(u->n ? u->n : 1, sizeof *v);
    if (!v) return gm_fail(err, GM_E_NOMEM, "out of memory");
    for (size_t i = 0; i < u->n; i++) {
        char b[32];
        snprintf(b, sizeof b, "%zu", i);
        if (!(v[i] = strdup(u->id ? u->id[i] : b))) {
            gm_units_free_ids(v, u->n);
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        }
    }
    *ids = v;
    return GM_OK;
}

void gm_units_free_ids(char **ids, size_t n)
{
    gmi_units_free_column(ids, n);
}

void gm_units_order(const gm_units *u, gm_unit_order *o)
{
    memset(o, 0, sizeof *o);
    o->n = u->n;
    o->fp = gm_units_fingerprint(u);
    const char *key = u->order_key ? u->order_key : u->id_field;
    o->positional = key == NULL;
    snprintf(o->key, sizeof o->key, "%s", key ? key : "");
}

#define POSITIONAL_KEY "(feature ids)"

void gm_unit_order_format(const gm_unit_order *o, char *buf, size_t cap)
{
    snprintf(buf, cap, "units=%zu unit_fingerprint=%016" PRIx64 " unit_key=%s", o->n, o->fp,
             o->positional ? POSITIONAL_KEY : o->key);
}

bool gm_unit_order_parse(const char *s, gm_unit_order *o)
{
    memset(o, 0, sizeof *o);
    char *e;
    if (strncmp(s, "units=", 6) != 0) return false;
    s += 6;
    unsigned long long n = strtoull(s, &e, 10);
    if (e == s || strncmp(e, " unit_fingerprint=", 18) != 0) return false;
    s = e + 18;
    uint64_t fp = 0;
    int digits = 0;
    for (; digits < 16; digits++, s++) {
        int v = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
        if (v < 0) return false;
        fp = fp << 4 | (uint64_t)v;
    }
    if (strncmp(s, " unit_key=", 10) != 0) return false;
    s += 10;
    size_t len = strcspn(s, "\r\n");
    if (s[len] && strspn(s + len, "\r\n") != strlen(s + len)) return false;
    if (len >= sizeof o->key) len = sizeof o->key - 1;
    o->n = (size_t)n;
    o->fp = fp;
    memcpy(o->key, s, len);
    o->key[len] = '\0';
    if (!strcmp(o->key, POSITIONAL_KEY)) {
        o->positional = true;
        o->key[0] = '\0';
    }
    return o->n > 0;
}

/* ", keyed by VTD" for messages ("" when the file does not say). */
static void keyed(const gm_unit_order *o, char *buf, size_t cap)
{
    if (o->positional) snprintf(buf, cap, ", in feature order");
    else if (o->key[0]) snprintf(buf, cap, ", keyed by %s", o->key);
    else buf[0] = '\0';
}

gm_status gm_units_check_order(const gm_units *u, const gm_unit_order *file, const char *what,
                               const char *const *ids, bool *verified, gm_error *err)
{
    gm_unit_order mine;
    gm_units_order(u, &mine);
    if (verified) *verified = false;
    if (!file || file->n == 0) return GM_OK;
    if (file->n != u->n)
        return gm_fail(err, GM_E_DATA,
                       "%s was made for %zu units but the unit layer has %zu: regenerate it from "
                       "this unit layer, or use the layer it was made from",
                       what, file->n, u->n);
    if (file->positional || mine.positional) return GM_OK;
    if (file->fp == mine.fp) {
        if (verified) *verified = true;
        return GM_OK;
    }
    char a[160], b[160], first[400] = "";
    keyed(file, a, sizeof a);
    keyed(&mine, b, sizeof b);
    for (size_t i = 0; ids && u->id && i < u->n; i++)
        if (ids[i] && u->id[i] && strcmp(ids[i], u->id[i]) != 0) {
            snprintf(first, sizeof first, "; first difference: unit %zu is '%.80s' there, '%.80s' here",
                     i, ids[i], u->id[i]);
            break;
        }
    return gm_fail(err, GM_E_DATA,
                   "%s was made for the units in another order: its unit fingerprint is %016" PRIx64
                   " (%zu units%s), this layer's is %016" PRIx64 " (%zu units%s)%s; regenerate it "
                   "from this unit layer, or use the layer it was made from",
                   what, file->fp, file->n, a, mine.fp, u->n, b, first);
}

