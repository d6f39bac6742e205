/* json_scan.c: the engine's small JSON scanner (json_scan.h): recursive descent over a
 * file held in memory, values decoded only where the caller asks. */
#include "io/json_scan.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void gmi_json_init(gmi_json *c, const char *text, size_t len, const char *path, gm_error *err)
{
    c->s = c->base = text;
    c->end = text + len;
    c->path = path;
    c->err = err;
    c->bad = false;
    /* a UTF-8 byte order mark, as some editors write one */
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) c->s += 3;
}

void gmi_json_ws(gmi_json *c)
{
    while (c->s < c->end && isspace((unsigned char)*c->s)) c->s++;
}

char gmi_json_peek(gmi_json *c)
{
    gmi_json_ws(c);
    return c->s < c->end ? *c->s : '\0';
}

int gmi_json_fail(gmi_json *c, const char *what)
{
    if (!c->bad)
        gm_fail_hint(c->err, GM_E_FORMAT, GM_HINT_GRAPH_FILE,
                     "%s: byte %ld: expected %s; is this a unit graph in gerrymeter's JSON "
                     "(networkx adjacency) format?",
                     c->path, (long)(c->s - c->base), what);
    c->bad = true;
    return -1;
}

int gmi_json_expect(gmi_json *c, char ch)
{
    if (c->bad) return -1;
    if (gmi_json_peek(c) == ch) {
        c->s++;
        return 0;
    }
    char w[4] = {'\'', ch, '\'', 0};
    return gmi_json_fail(c, w);
}

bool gmi_json_accept(gmi_json *c, char ch)
{
    if (c->bad || gmi_json_peek(c) != ch) return false;
    c->s++;
    return true;
}

/* Where decoded bytes go: buf (cut at cap-1) or, when b is set, the builder. */
typedef struct out {
    char *buf;
    size_t cap, n;
    gmi_sbuf *b;
} out;

static void put(out *o, const char *p, size_t n)
{
    if (o->b) {
        gmi_sbuf_add(o->b, p, n);
        return;
    }
    size_t room = o->cap > o->n + 1 ? o->cap - 1 - o->n : 0;
    if (n > room) n = room;
    memcpy(o->buf + o->n, p, n);
    o->n += n;
}

static int hex4(gmi_json *c, unsigned *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++) {
        if (c->s >= c->end || !isxdigit((unsigned char)*c->s))
            return gmi_json_fail(c, "four hex digits after \\u");
        char h = *c->s++;
        *v = *v << 4 | (unsigned)(isdigit((unsigned char)h) ? h - '0' : (tolower((unsigned char)h) - 'a' + 10));
    }
    return 0;
}

/* \uXXXX (and a following low surrogate) as UTF-8. */
static int unicode(gmi_json *c, out *o)
{
    unsigned u;
    if (hex4(c, &u)) return -1;
    if (u >= 0xD800 && u < 0xDC00 && c->end - c->s >= 6 && c->s[0] == '\\' && c->s[1] == 'u') {
        unsigned lo;
        c->s += 2;
        if (hex4(c, &lo)) return -1;
        if (lo >= 0xDC00 && lo < 0xE000) u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
    }
    char b[4];
    size_t n;
    if (u < 0x80) {
        b[0] = (char)u;
        n = 1;
    } else if (u < 0x800) {
        b[0] = (char)(0xC0 | u >> 6);
        b[1] = (char)(0x80 | (u & 0x3F));
        n = 2;
    } else if (u < 0x10000) {
        b[0] = (char)(0xE0 | u >> 12);
        b[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        b[2] = (char)(0x80 | (u & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | u >> 18);
        b[1] = (char)(0x80 | ((u >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((u >> 6) & 0x3F));
        b[3] = (char)(0x80 | (u & 0x3F));
        n = 4;
    }
    put(o, b, n);
    return 0;
}

static int string_into(gmi_json *c, out *o)
{
    if (c->bad) return -1;
    if (gmi_json_peek(c) != '"') return gmi_json_fail(c, "a string");
    c->s++;
    for (;;) {
        const char *run = c->s;
        while (c->s < c->end && *c->s != '"' && *c->s != '\\') c->s++;
        put(o, run, (size_t)(c->s - run));
        if (c->s >= c->end) return gmi_json_fail(c, "the end of a string");
        if (*c->s++ == '"') break;
        if (c->s >= c->end) return gmi_json_fail(c, "the end of a string");
        char e = *c->s++, ch;
        switch (e) {
        case 'n': ch = '\n'; break;
        case 't': ch = '\t'; break;
        case 'r': ch = '\r'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'u':
            if (unicode(c, o)) return -1;
            continue;
        default: ch = e; break; /* \" \\ \/ */
        }
        put(o, &ch, 1);
    }
    if (!o->b && o->cap) o->buf[o->n] = '\0';
    return 0;
}

int gmi_json_str(gmi_json *c, char *buf, size_t cap)
{
    out o = {buf, cap, 0, NULL};
    return string_into(c, &o);
}

int gmi_json_str_sbuf(gmi_json *c, gmi_sbuf *b)
{
    out o = {NULL, 0, 0, b};
    gmi_sbuf_add(b, "", 0);
    if (string_into(c, &o)) return -1;
    if (b->oom) return gmi_json_fail(c, "a string that fits in memory");
    return 0;
}

int gmi_json_num(gmi_json *c, double *v)
{
    if (c->bad) return -1;
    gmi_json_ws(c);
    char *e;
    errno = 0;
    *v = c->s < c->end ? strtod(c->s, &e) : 0;
    if (c->s >= c->end || e == c->s || e > c->end) return gmi_json_fail(c, "a number");
    c->s = e;
    return 0;
}

static int skip_member(gmi_json *c, const char *key, size_t i, void *ud)
{
    (void)key, (void)i, (void)ud;
    return gmi_json_skip(c);
}

static int skip_item(gmi_json *c, size_t i, void *ud)
{
    (void)i, (void)ud;
    return gmi_json_skip(c);
}

int gmi_json_skip(gmi_json *c)
{
    char ch = gmi_json_peek(c);
    if (c->bad) return -1;
    if (!ch) return gmi_json_fail(c, "a value");
    if (ch == '"') {
        char tmp[1];
        return gmi_json_str(c, tmp, sizeof tmp);
    }
    if (ch == '{') return gmi_json_object(c, skip_member, NULL);
    if (ch == '[') return gmi_json_array(c, skip_item, NULL);
    const char *start = c->s;
    while (c->s < c->end && (isalnum((unsigned char)*c->s) || strchr("+-.", *c->s))) c->s++;
    return c->s > start ? 0 : gmi_json_fail(c, "a value");
}

int gmi_json_array(gmi_json *c, int (*item)(gmi_json *, size_t, void *), void *ud)
{
    if (gmi_json_expect(c, '[')) return -1;
    if (gmi_json_accept(c, ']')) return 0;
    for (size_t i = 0;; i++) {
        if (item(c, i, ud) || c->bad) return -1;
        if (gmi_json_accept(c, ',')) continue;
        return gmi_json_expect(c, ']');
    }
}

int gmi_json_object(gmi_json *c, int (*member)(gmi_json *, const char *, size_t, void *),
                    void *ud)
{
    if (gmi_json_expect(c, '{')) return -1;
    if (gmi_json_accept(c, '}')) return 0;
    for (size_t i = 0;; i++) {
        char key[256];
        if (gmi_json_str(c, key, sizeof key) || gmi_json_expect(c, ':')) return -1;
        if (member(c, key, i, ud) || c->bad) return -1;
        if (gmi_json_accept(c, ',')) continue;
        return gmi_json_expect(c, '}');
    }
}
