/* order_key.c: the hash of the unit-order fingerprint (FNV-1a 64 over the ids in order,
 * each followed by a 0 byte, then the number of ids as 8 little-endian bytes: a function
 * of the sequence and its length only, taken as the ids stream past) and the loader's
 * pick of the order key (gm_units.h, "Unit order"). */
#include "units/units_int.h"

#include <stdlib.h>
#include <string.h>

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

uint64_t gmi_fp_add(uint64_t h, const char *id)
{
    return fnv(h, id, strlen(id) + 1);
}

uint64_t gmi_fp_end(uint64_t h, size_t n)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)((uint64_t)n >> (8 * i));
    return fnv(h, b, 8);
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
    OGRFeatureDefnH defn;   /* the features' definition (the layer's) */
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
    t->defn = d;
    int nf = OGR_FD_GetFieldCount(d);
    for (int i = 0; i < nf && t->n_cand < MAX_CANDIDATES; i++) {
        OGRFieldType ty = OGR_Fld_GetType(OGR_FD_GetFieldDefn(d, i));
        if (ty != OFTString && ty != OFTInteger && ty != OFTInteger64) continue;
        cand *c = &t->c[t->n_cand++];
        c->field = i;
        c->text = ty == OFTString;
        c->alive = true;
        c->fp = GMI_FP_START;
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
        uint64_t h = fnv(GMI_FP_START, s, strlen(s));
        int r = set_put(c, h ? h : 1);
        if (r < 0) return gm_fail(err, GM_E_NOMEM, "out of memory");
        if (r == 0) {
            drop(c);
            continue;
        }
        c->fp = gmi_fp_add(c->fp, s);
    }
    return GM_OK;
}

gm_status gmi_order_track_finish(gmi_order_track *t, gm_units *u, gm_error *err)
{
    gm_status rc = GM_OK;
    if (!t) return GM_OK;
    const cand *pick = NULL;
    for (int pass = 0; pass < 2 && !pick; pass++)
        for (size_t k = 0; k < t->n_cand && !pick; k++)
            if (t->c[k].alive && t->c[k].text == (pass == 0)) pick = &t->c[k];
    if (pick && u->n > 0) {
        u->order_key = strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(t->defn, pick->field)));
        u->order_fp = gmi_fp_end(pick->fp, u->n);
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
