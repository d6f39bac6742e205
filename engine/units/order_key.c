/* order_key.c: the hash of the unit-order fingerprint (FNV-1a 64 over the ids in order,
 * each followed by a 0 byte, then the number of ids as 8 little-endian bytes: a function
 * of the sequence and its length only, taken as the ids stream past) and the loader's
 * pick of the order key (gm_units.h, "Unit order"). */
#include "units/units_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    char *name;
    bool text;           /* a text field (preferred), else an integer one */
    bool alive;
    bool seen;           /* given a value for the current unit */
    uint64_t fp;         /* running fingerprint */
    uint64_t *set;       /* open addressing, 0 = empty slot */
    size_t cap, n;
} cand;

struct gmi_order_track {
    size_t n_cand;
    size_t hint;           /* the candidate after the last one given a value */
    char *prefer;          /* the candidate preferred, or NULL */
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

gm_status gmi_order_track_new(gmi_order_track **out, gm_error *err)
{
    *out = calloc(1, sizeof **out);
    return *out ? GM_OK : gm_fail(err, GM_E_NOMEM, "out of memory");
}

gm_status gmi_order_track_field(gmi_order_track *t, int field, const char *name, bool text,
                                gm_error *err)
{
    if (t->n_cand == MAX_CANDIDATES) return GM_OK;
    cand *c = &t->c[t->n_cand];
    if (!(c->name = strdup(name))) return gm_fail(err, GM_E_NOMEM, "out of memory");
    t->n_cand++;
    c->field = field;
    c->text = text;
    c->alive = true;
    c->fp = GMI_FP_START;
    return GM_OK;
}

/* The candidate of a field: fields come in the same order for every unit, so the one
 * after the last is tried first. */
static cand *find(gmi_order_track *t, int field)
{
    if (t->hint < t->n_cand && t->c[t->hint].field == field) return &t->c[t->hint++];
    for (size_t k = 0; k < t->n_cand; k++)
        if (t->c[k].field == field) {
            t->hint = k + 1;
            return &t->c[k];
        }
    return NULL;
}

bool gmi_order_track_wants(const gmi_order_track *t, int field)
{
    if (!t) return false;
    if (t->hint < t->n_cand && t->c[t->hint].field == field) return t->c[t->hint].alive;
    for (size_t k = 0; k < t->n_cand; k++)
        if (t->c[k].field == field) return t->c[k].alive;
    return false;
}

gm_status gmi_order_track_value(gmi_order_track *t, int field, const char *s, bool text,
                                gm_error *err)
{
    cand *c = t ? find(t, field) : NULL;
    if (!c || !c->alive) return GM_OK;
    c->seen = true;
    if (!s || !*s || text != c->text) {
        drop(c);
        return GM_OK;
    }
    uint64_t h = fnv(GMI_FP_START, s, strlen(s));
    int r = set_put(c, h ? h : 1);
    if (r < 0) return gm_fail(err, GM_E_NOMEM, "out of memory");
    if (r == 0) drop(c);
    else c->fp = gmi_fp_add(c->fp, s);
    return GM_OK;
}

void gmi_order_track_next(gmi_order_track *t)
{
    for (size_t k = 0; t && k < t->n_cand; k++) {
        if (t->c[k].alive && !t->c[k].seen) drop(&t->c[k]);
        t->c[k].seen = false;
    }
    if (t) t->hint = 0;
}

void gmi_order_track_prefer(gmi_order_track *t, const char *name)
{
    if (!t) return;
    free(t->prefer);
    t->prefer = name ? strdup(name) : NULL; /* out of memory: no preference */
}

gm_status gmi_order_track_start(OGRFeatureDefnH d, gmi_order_track **out, gm_error *err)
{
    gm_status rc = gmi_order_track_new(out, err);
    int nf = OGR_FD_GetFieldCount(d);
    for (int i = 0; i < nf && rc == GM_OK; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(d, i);
        OGRFieldType ty = OGR_Fld_GetType(fd);
        if (ty == OFTString || ty == OFTInteger || ty == OFTInteger64)
            rc = gmi_order_track_field(*out, i, OGR_Fld_GetNameRef(fd), ty == OFTString, err);
    }
    if (rc != GM_OK) {
        gmi_order_track_free(*out);
        *out = NULL;
    }
    return rc;
}

gm_status gmi_order_track_add(gmi_order_track *t, OGRFeatureH f, gm_error *err)
{
    for (size_t k = 0; t && k < t->n_cand; k++) {
        cand *c = &t->c[k];
        if (!c->alive) continue;
        const char *s =
            OGR_F_IsFieldSetAndNotNull(f, c->field) ? OGR_F_GetFieldAsString(f, c->field) : NULL;
        gm_status rc = gmi_order_track_value(t, c->field, s, c->text, err);
        if (rc != GM_OK) return rc;
    }
    gmi_order_track_next(t);
    return GM_OK;
}

gm_status gmi_order_track_finish(gmi_order_track *t, gm_units *u, gm_error *err)
{
    gm_status rc = GM_OK;
    if (!t) return GM_OK;
    const cand *pick = NULL;
    for (size_t k = 0; t->prefer && k < t->n_cand && !pick; k++)
        if (t->c[k].alive && !strcasecmp(t->c[k].name, t->prefer)) pick = &t->c[k];
    for (int pass = 0; pass < 2 && !pick; pass++)
        for (size_t k = 0; k < t->n_cand && !pick; k++)
            if (t->c[k].alive && t->c[k].text == (pass == 0)) pick = &t->c[k];
    if (pick && u->n > 0) {
        u->order_key = strdup(pick->name);
        u->order_fp = gmi_fp_end(pick->fp, u->n);
        if (!u->order_key) rc = gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    gmi_order_track_free(t);
    return rc;
}

void gmi_order_track_free(gmi_order_track *t)
{
    if (!t) return;
    for (size_t k = 0; k < t->n_cand; k++) {
        free(t->c[k].set);
        free(t->c[k].name);
    }
    free(t->prefer);
    free(t);
}
