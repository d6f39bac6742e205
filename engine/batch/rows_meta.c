/* rows_meta.c: what a rows file says about itself (gm_rows_info, gm_driver.h): the
 * metadata before the rows, the CSV header, the end line after them, and reading all
 * three back (docs/ensembles.md, "Per-plan metrics").
 *
 * CSV:
 *     # gerrymeter ensemble rows 2
 *     # districts: 8
 *     # parties: D,R
 *     # votes: USH16D,USH16R
 *     # units: mn_precincts.gpkg, 4120 units
 *     # unit order: units=4120 unit_fingerprint=0e5f41caef69f413 unit_key=VTD
 *     ...
 *     plan,sample,seats_D,vote_share_D,vote_share_R,efficiency_gap,...,share_1,...,share_8
 *     <rows>
 *     # end: 10001 plans read, 10001 scored
 * JSONL:
 *     {"gerrymeter_rows": 2, "meta": [["districts", "8"], ["parties", "D,R"], ...]}
 *     <rows>
 *     {"gerrymeter_rows_end": {"read": 10001, "scored": 10001}}
 * A version-1 file (older gerrymeter) starts with its header (CSV) or its first row
 * (JSONL): no metadata, parties "a" and "b", no vote-share columns, no end line. */
#include "batch/rows.h"
#include "gerrymeter/gm_sink.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_LINE "# gerrymeter ensemble rows "
#define JSON_HEAD "{\"gerrymeter_rows\": "
#define JSON_END "{\"gerrymeter_rows_end\": "

/* ---- the metadata table ------------------------------------------------------------ */

static gm_status set_party(gm_rows_info *ri, int q, const char *name, gm_error *err)
{
    if (!name) name = q ? "b" : "a";
    size_t n = strlen(name);
    if (n == 0 || n >= GM_ROWS_NAME)
        return gm_fail(err, GM_E_ARG, "party name '%.80s' is empty or longer than %d characters",
                       name, GM_ROWS_NAME - 1);
    memcpy(ri->party[q], name, n + 1);
    return GM_OK;
}

gm_status gm_rows_info_init(gm_rows_info *ri, gm_rows_format fmt, size_t k, const char *party_a,
                            const char *party_b, gm_error *err)
{
    memset(ri, 0, sizeof *ri);
    ri->fmt = fmt;
    ri->k = k;
    ri->version = GM_ROWS_VERSION;
    gm_status rc;
    if ((rc = set_party(ri, 0, party_a, err)) != GM_OK || (rc = set_party(ri, 1, party_b, err)) != GM_OK)
        return rc;
    if ((rc = gm_rows_info_add(ri, err, "districts", "%zu", k)) != GM_OK) return rc;
    return gm_rows_info_add(ri, err, "parties", "%s,%s", ri->party[0], ri->party[1]);
}

static bool key_ok(const char *key)
{
    if (!*key || !strcmp(key, "end")) return false;
    for (const char *c = key; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == ' '))
            return false;
    return true;
}

/* Add key/value (copied; line breaks in the value become spaces). */
static gm_status add(gm_rows_info *ri, const char *key, const char *value, gm_error *err)
{
    if (ri->n_meta == GM_ROWS_META_MAX)
        return gm_fail(err, GM_E_ARG, "more than %d metadata lines", GM_ROWS_META_MAX);
    char *k = strdup(key), *v = strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    for (char *c = v; *c; c++)
        if (*c == '\n' || *c == '\r') *c = ' ';
    ri->key[ri->n_meta] = k;
    ri->value[ri->n_meta++] = v;
    return GM_OK;
}

gm_status gm_rows_info_add(gm_rows_info *ri, gm_error *err, const char *key, const char *fmt, ...)
{
    if (!key_ok(key)) return gm_fail(err, GM_E_ARG, "'%s' is not a metadata key", key);
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return add(ri, key, buf, err);
}

const char *gm_rows_info_get(const gm_rows_info *ri, const char *key)
{
    for (size_t i = 0; i < ri->n_meta; i++)
        if (!strcmp(ri->key[i], key)) return ri->value[i];
    return NULL;
}

gm_status gm_rows_info_add_order(gm_rows_info *ri, const gm_unit_order *o, gm_error *err)
{
    char t[400];
    gm_unit_order_format(o, t, sizeof t);
    return add(ri, GM_ROWS_UNIT_ORDER, t, err);
}

bool gm_rows_info_order(const gm_rows_info *ri, gm_unit_order *o)
{
    const char *v = gm_rows_info_get(ri, GM_ROWS_UNIT_ORDER);
    if (v && gm_unit_order_parse(v, o)) return true;
    memset(o, 0, sizeof *o);
    return false;
}

void gm_rows_info_free(gm_rows_info *ri)
{
    if (!ri) return;
    for (size_t i = 0; i < ri->n_meta; i++) {
        free(ri->key[i]);
        free(ri->value[i]);
    }
    memset(ri, 0, sizeof *ri);
}

gm_status gm_rows_info_add_warnings(gm_rows_info *ri, const gm_warnings *w, gm_error *err)
{
    for (size_t i = 0; w && i < w->n; i++) {
        char key[80];
        snprintf(key, sizeof key, "warning %s", w->code[i]);
        if (!key_ok(key)) snprintf(key, sizeof key, "warning other");
        gm_status rc = add(ri, key, w->msg[i], err);
        if (rc != GM_OK) return rc;
    }
    return GM_OK;
}

gm_status gm_rows_info_warnings(const gm_rows_info *ri, gm_warnings *w)
{
    for (size_t i = 0; i < ri->n_meta; i++) {
        if (strncmp(ri->key[i], "warning ", 8) != 0) continue;
        gm_status rc = gm_warn(w, ri->key[i] + 8, "%s", ri->value[i]);
        if (rc != GM_OK) return rc;
    }
    return GM_OK;
}

uint64_t gm_ens_plan_fingerprint(const int32_t *district, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i <= n; i++) {
        uint32_t v = i < n ? (uint32_t)district[i] : (uint32_t)n;
        for (int b = 0; b < 4; b++) {
            h ^= (v >> (8 * b)) & 0xffu;
            h *= 1099511628211ull;
        }
    }
    return h;
}

/* ---- writing ----------------------------------------------------------------------- */

static gm_status write_status(FILE *f, gm_error *err)
{
    return ferror(f) ? gm_fail(err, GM_E_IO, "cannot write the per-plan rows: %s", strerror(errno))
                     : GM_OK;
}

gm_status gm_ens_rows_header(FILE *f, const gm_rows_info *ri, gm_error *err)
{
    if (ri->fmt == GM_ROWS_JSONL) {
        gm_sink sk;
        gm_sink_file(&sk, f);
        gm_sink_printf(&sk, JSON_HEAD "%d, \"meta\": [", GM_ROWS_VERSION);
        for (size_t i = 0; i < ri->n_meta; i++) {
            gm_sink_puts(&sk, i ? ", [" : "[");
            gm_sink_json_string(&sk, ri->key[i]);
            gm_sink_puts(&sk, ", ");
            gm_sink_json_string(&sk, ri->value[i]);
            gm_sink_putc(&sk, ']');
        }
        gm_sink_puts(&sk, "]}\n");
        return write_status(f, err);
    }
    fprintf(f, FIRST_LINE "%d\n", GM_ROWS_VERSION);
    for (size_t i = 0; i < ri->n_meta; i++) fprintf(f, "# %s: %s\n", ri->key[i], ri->value[i]);
    gmi_rows_csv_header(f, ri);
    fputc('\n', f);
    return write_status(f, err);
}

gm_status gm_ens_rows_end(FILE *f, const gm_rows_info *ri, uint64_t read, uint64_t scored,
                          gm_error *err)
{
    if (ri->fmt == GM_ROWS_JSONL)
        fprintf(f, JSON_END "{\"read\": %llu, \"scored\": %llu}}\n", (unsigned long long)read,
                (unsigned long long)scored);
    else
        fprintf(f, "# end: %llu plans read, %llu scored\n", (unsigned long long)read,
                (unsigned long long)scored);
    return write_status(f, err);
}

/* ---- reading ----------------------------------------------------------------------- */

/* Parties from a "parties" value "A,B" (names never hold a comma: gm_metric_column). */
static void parties_from(gm_rows_info *ri, const char *v)
{
    const char *c = strchr(v, ',');
    if (!c || c == v || !c[1] || (size_t)(c - v) >= GM_ROWS_NAME || strlen(c + 1) >= GM_ROWS_NAME)
        return;
    memcpy(ri->party[0], v, (size_t)(c - v));
    ri->party[0][c - v] = '\0';
    strcpy(ri->party[1], c + 1);
}

static bool parse_end(const char *p, const char *fmt, gm_rows_info *ri)
{
    unsigned long long r, s;
    if (sscanf(p, fmt, &r, &s) != 2) return false;
    ri->ended = true;
    ri->end_read = r;
    ri->end_scored = s;
    return true;
}

bool gm_ens_rows_end_parse(const char *line, gm_rows_info *ri)
{
    if (!strncmp(line, "# end: ", 7)) return parse_end(line + 7, "%llu plans read, %llu scored", ri);
    if (!strncmp(line, JSON_END, strlen(JSON_END)))
        return parse_end(line + strlen(JSON_END), "{\"read\": %llu, \"scored\": %llu}", ri);
    return false;
}

bool gmi_rows_meta_line(gm_rows_info *ri, const char *line)
{
    if (line[0] != '#') return false;
    if (gm_ens_rows_end_parse(line, ri)) return true;
    if (!strncmp(line, FIRST_LINE, strlen(FIRST_LINE))) {
        ri->version = atoi(line + strlen(FIRST_LINE));
        return true;
    }
    if (line[1] != ' ') return true;
    const char *sep = strstr(line + 2, ": ");
    if (!sep) return true;
    char key[64];
    size_t kl = (size_t)(sep - line - 2);
    if (kl == 0 || kl >= sizeof key) return true;
    memcpy(key, line + 2, kl);
    key[kl] = '\0';
    if (!key_ok(key)) return true;
    char *v = strdup(sep + 2);
    if (!v) return true;
    size_t vl = strlen(v);
    while (vl && (v[vl - 1] == '\n' || v[vl - 1] == '\r')) v[--vl] = '\0';
    if (add(ri, key, v, NULL) == GM_OK && !strcmp(key, "parties")) parties_from(ri, v);
    free(v);
    return true;
}

/* A JSON string at *q into out (cap bytes; longer strings are cut); *q moves past it.
 * The escapes gm_sink_json_string writes are undone (\n, \r and \t read as a space, as
 * the CSV form's "# key: value" lines hold one line each); \uXXXX above 0x7f reads '?'. */
static bool json_str_read(const char **q, char *out, size_t cap)
{
    const char *p = *q;
    size_t n = 0;
    if (*p++ != '"') return false;
    for (; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            p++;
            if (*p == 'u') {
                unsigned x;
                if (sscanf(p + 1, "%4x", &x) != 1) return false;
                c = x < 0x80 ? (char)x : '?';
                p += 4;
            } else if (*p == 'n' || *p == 't' || *p == 'r') {
                c = ' ';
            } else if (*p) {
                c = *p;
            } else {
                return false;
            }
        }
        if (n + 1 < cap) out[n++] = c;
    }
    if (*p != '"') return false;
    out[n] = '\0';
    *q = p + 1;
    return true;
}

/* The JSONL metadata line into ri. */
static bool json_meta(gm_rows_info *ri, const char *line)
{
    const char *q = line + strlen(JSON_HEAD);
    char *e;
    long v = strtol(q, &e, 10);
    if (e == q) return false;
    ri->version = (int)v;
    q = e;
    if (strncmp(q, ", \"meta\": [", 11)) return false;
    q += 11;
    for (;;) {
        char key[64], val[2048];
        while (*q == ' ' || *q == ',') q++;
        if (*q == ']') return true;
        if (*q++ != '[' || !json_str_read(&q, key, sizeof key)) return false;
        while (*q == ' ' || *q == ',') q++;
        if (!json_str_read(&q, val, sizeof val)) return false;
        while (*q == ' ') q++;
        if (*q++ != ']') return false;
        if (key_ok(key) && add(ri, key, val, NULL) == GM_OK && !strcmp(key, "parties"))
            parties_from(ri, val);
    }
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = '\0';
}

/* Next line into *line ("" at the end). */
static bool next(FILE *f, char **line, size_t *cap, unsigned long long *lineno)
{
    if (getline(line, cap, f) < 0) {
        if (*line) (*line)[0] = '\0';
        return false;
    }
    (*lineno)++;
    return true;
}

gm_status gm_ens_rows_read_head(FILE *f, const char *path, gm_rows_info *ri, char **line,
                                size_t *cap, unsigned long long *lineno, gm_error *err)
{
    memset(ri, 0, sizeof *ri);
    ri->version = 1;
    strcpy(ri->party[0], "a");
    strcpy(ri->party[1], "b");
    if (!next(f, line, cap, lineno)) {
        if (!*line && !(*line = calloc(1, *cap = 1)))
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        return ferror(f) ? gm_fail(err, GM_E_IO, "cannot read %s: %s", path, strerror(errno)) : GM_OK;
    }
    gm_status rc = GM_OK;
    if (!strncmp(*line, JSON_HEAD, strlen(JSON_HEAD))) {
        ri->fmt = GM_ROWS_JSONL;
        if (!json_meta(ri, *line)) {
            rc = gm_fail(err, GM_E_FORMAT, "%s: line %llu: damaged metadata line", path, *lineno);
            goto fail;
        }
    } else if (!strncmp(*line, FIRST_LINE, strlen(FIRST_LINE))) {
        ri->fmt = GM_ROWS_CSV;
        gmi_rows_meta_line(ri, *line);
        while (next(f, line, cap, lineno) && (*line)[0] == '#') gmi_rows_meta_line(ri, *line);
    } else if ((*line)[0] == '{') {
        ri->fmt = GM_ROWS_JSONL; /* version 1: the first row; k from its shares */
        long k = gmi_rows_jsonl_k(*line);
        if (k < 0) {
            rc = gm_fail(err, GM_E_FORMAT, "%s: line %llu is not a row of per-plan scores", path, *lineno);
            goto fail;
        }
        ri->k = (size_t)k;
        return GM_OK;
    } else {
        ri->fmt = GM_ROWS_CSV; /* version 1: the header */
    }
    if (ri->version < 1 || ri->version > GM_ROWS_VERSION) {
        rc = gm_fail(err, GM_E_FORMAT,
                     "%s: rows of version %d; this gerrymeter reads versions 1 to %d (a newer "
                     "gerrymeter wrote them)",
                     path, ri->version, GM_ROWS_VERSION);
        goto fail;
    }
    const char *dk = gm_rows_info_get(ri, "districts");
    if (ri->fmt == GM_ROWS_JSONL) {
        if (!dk) {
            rc = gm_fail(err, GM_E_FORMAT, "%s: line 1: metadata without \"districts\"", path);
            goto fail;
        }
        ri->k = (size_t)strtoul(dk, NULL, 10);
        next(f, line, cap, lineno);
        return GM_OK;
    }
    if (!(*line)[0]) {
        rc = gm_fail(err, GM_E_FORMAT, "%s: no header line after the metadata", path);
        goto fail;
    }
    chomp(*line);
    long k = gmi_rows_csv_header_k(*line, ri);
    if (k < 0 || (dk && strtoul(dk, NULL, 10) != (unsigned long)k)) {
        rc = gm_fail(err, GM_E_FORMAT,
                     "%s: line %llu is not the header of per-plan rows%s%s (expected 'plan,sample,"
                     "seats_%s,...,share_1,...')",
                     path, *lineno, ri->version == 1 ? "" : " of parties ",
                     ri->version == 1 ? "" : ri->party[0], ri->party[0]);
        goto fail;
    }
    ri->k = (size_t)k;
    next(f, line, cap, lineno);
    if (ferror(f)) {
        rc = gm_fail(err, GM_E_IO, "cannot read %s: %s", path, strerror(errno));
        goto fail;
    }
    return GM_OK;
fail:
    gm_rows_info_free(ri);
    return rc;
}
