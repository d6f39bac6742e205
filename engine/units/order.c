/* order.c: the unit-order fingerprint (gm_units.h, "Unit order"): how the loader picks
 * the order key, the fingerprint, its text form and the one check every reader of a
 * positional file (graph, ensemble, per-plan rows, checkpoint) makes.
 *
 * The fingerprint is FNV-1a 64 over the ids in order, each followed by a 0 byte, then
 * the number of ids as 8 little-endian bytes: a function of the sequence and its length
 * only, computed as the ids stream past (the loader never keeps the key's values). */
#include "units/units_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FNV_BASIS 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < len; i++) {
        h ^= b[i];
        h *= FNV_PRIME;
    }
    return h;
}

/* One id into a running fingerprint: its bytes and the 0 byte that ends it. */
static uint64_t fp_add(uint64_t h, const char *id)
{
    return fnv(h, id, strlen(id) + 1);
}

static uint64_t fp_end(uint64_t h, size_t n)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)((uint64_t)n >> (8 * i));
    return fnv(h, b, 8);
}

uint64_t gm_ids_fingerprint(const char *const *ids, size_t n)
{
    uint64_t h = FNV_BASIS;
    char b[32];
    for (size_t i = 0; i < n; i++) {
        const char *s = ids ? ids[i] : NULL;
        if (!s) { /* no ids: positions */
            snprintf(b, sizeof b, "%zu", i);
            s = b;
        }
        h = fp_add(h, s);
    }
    return fp_end(h, n);
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

/* ---- the loader's pick of the order key -------------------------------------------------
 * Every text and integer field of the layer is a candidate. As features stream past, each
 * candidate keeps a running fingerprint of its values and a set of their hashes; a null,
 * empty or repeated value drops it. At the end the first text candidate left standing,
 * else the first integer one, is the order key. Most fields drop out within the first
 * features (counties, districts, votes), so the sets that grow are those of true ids. */

#define MAX_CANDIDATES 64

typedef struct cand {
    int field;
    bool text;           /* a text field (preferred), else an integer one */
    bool alive;
    uint64_t fp;         /* running fingerprint */
    uint64_t *set;       /* open addressing, 0 = empty slot */
    size_t cap, n;
} cand;

struct gmi_order_track {
    size_t n_cand;
    cand c[MAX_CANDIDATES];
};

static void drop(cand *c)
{
    c->alive = false;
    free(c->set);
    c->set = NULL;
}

/* Insert hash h (not 0). 1 inserted, 0 present, -1 out of memory. */
static int set_put(cand *c, uint64_t h)
{
    if (2 * (c->n + 1) > c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        uint64_t *t = calloc(cap, sizeof *t);
        if (!t) return -1;
        for (size_t i = 0; i < c->cap; i++) {
            if (!c->set[i]) continue;
            size_t j = (size_t)c->set[i] & (cap - 1);
            while (t[j]) j = (j + 1) & (cap - 1);
            t[j] = c->set[i];
        }
        free(c->set);
        c->set = t;
        c->cap = cap;
    }
    size_t j = (size_t)h & (c->cap - 1);
    while (c->set[j]) {
        if (c->set[j] == h) return 0;
        j = (j + 1) & (c->cap - 1);
    }
    c->set[j] = h;
    c->n++;
    return 1;
}

gm_status gmi_order_track_start(OGRFeatureDefnH d, gmi_order_track **out, gm_error *err)
{
    gmi_order_track *t = calloc(1, sizeof *t);
    *out = NULL;
    if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory");
    int nf = OGR_FD_GetFieldCount(d);
    for (int i = 0; i < nf && t->n_cand < MAX_CANDIDATES; i++) {
        OGRFieldType ty = OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, i));
        if (ty != OFTString && ty != OFTInteger && ty != OFTInteger64) continue;
        cand *c = &t->c[t->n_cand++];
        c->field = i;
        c->text = ty == OFTString;
        c->alive = true;
        c->fp = FNV_BASIS;
    }
    *out = t;
    return GM_OK;
}

gm_status gmi_order_track_add(gmi_order_track *t, OGRFeatureH f, gm_error *err)
{
    for (size_t k = 0; t && k < t->n_cand; k++) {
        cand *c = &t->c[k];
        if (!c->alive) continue;
        if (!OGR_F_IsFieldSetAndNotNull(f, c->field)) {
            drop(c);
            continue;
        }
        const char *s = OGR_F_GetFieldAsString(f, c->field);
        if (!*s) {
            drop(c);
            continue;
        }
        uint64_t h = fnv(FNV_BASIS, s, strlen(s));
        int r = set_put(c, h ? h : 1);
        if (r < 0) return gm_fail(err, GM_E_NOMEM, "out of memory");
        if (r == 0) {
            drop(c);
            continue;
        }
        c->fp = fp_add(c->fp, s);
    }
    return GM_OK;
}

gm_status gmi_order_track_finish(gmi_order_track *t, OGRFeatureDefnH d, gm_units *u, gm_error *err)
{
    gm_status rc = GM_OK;
    if (!t) return GM_OK;
    const cand *pick = NULL;
    for (int pass = 0; pass < 2 && !pick; pass++)
        for (size_t k = 0; k < t->n_cand && !pick; k++)
            if (t->c[k].alive && t->c[k].text == (pass == 0)) pick = &t->c[k];
    if (pick && u->n > 0) {
        u->order_key = strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, pick->field)));
        u->order_fp = fp_end(pick->fp, u->n);
        if (!u->order_key) rc = gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    gmi_order_track_free(t);
    return rc;
}

void gmi_order_track_free(gmi_order_track *t)
{
    if (!t) return;
    for (size_t k = 0; k < t->n_cand; k++) free(t->c[k].set);
    free(t);
}
