/* ensemble_write.c: ensemble writers (JSONL, CSV, GMEN) to a caller's stream. */
#include "gerrymeter/gm_ensemble.h"
#include "batch/ensemble_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct gm_ens_writer {
    FILE *f;
    gm_ens_format fmt;
    size_t n_units;
    unsigned width;     /* GMEN bytes per district */
    unsigned char *raw; /* GMEN record */
    size_t raw_len;
    char *buf;          /* text record */
    size_t buf_cap;
};

/* A unit id as a CSV header field (quoted when it holds a separator, quote or line break). */
static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

gm_status gm_ens_writer_open(FILE *f, gm_ens_format fmt, size_t n_units, size_t k_max,
                             const char *const *unit_ids, const gm_unit_order *order,
                             gm_ens_writer **out, gm_error *err)
{
    *out = NULL;
    if (fmt == GM_ENS_AUTO) fmt = GM_ENS_JSONL;
    gm_ens_writer *w = calloc(1, sizeof *w);
    if (!w) return gm_fail(err, GM_E_NOMEM, "out of memory");
    w->f = f;
    w->fmt = fmt;
    w->n_units = n_units;
    /* Longest text record: 7 bytes per unit (", 65535") plus the frame. */
    w->buf_cap = 8 * n_units + 96;
    w->buf = malloc(w->buf_cap);
    if (!w->buf) goto nomem;
    if (fmt == GM_ENS_GMEN) {
        unsigned char h[GMI_GMEN_HEADER] = {0};
        w->width = (k_max > 0 && k_max <= 256) ? 1 : 2;
        memcpy(h, GMI_GMEN_MAGIC, 4);
        gmi_put_u16(h + 4, GMI_GMEN_VERSION);
        gmi_put_u16(h + 6, w->width);
        gmi_put_u32(h + 8, (uint32_t)n_units);
        if (order && order->n) {
            if (order->n != n_units) {
                gm_ens_writer_close(w, NULL);
                return gm_fail(err, GM_E_ARG, "the unit order is of %zu units, the plans have %zu",
                               order->n, n_units);
            }
            gmi_put_u64(h + 12, order->fp);
            h[20] = (unsigned char)(GMI_GMEN_HAS_ORDER | (order->positional ? GMI_GMEN_POSITIONAL : 0));
        }
        w->raw_len = 8 + n_units * w->width;
        w->raw = malloc(w->raw_len);
        if (!w->raw) goto nomem;
        if (fwrite(h, 1, sizeof h, f) != sizeof h) goto ioerr;
    } else if (fmt == GM_ENS_BEN) {
        /* Runs of at most n entries of (value, length) bit-packed, at most 4 bytes each. */
        w->raw_len = 4 * n_units + 16;
        w->raw = malloc(w->raw_len);
        if (!w->raw) goto nomem;
        if (fwrite("STANDARD BEN FILE", 1, 17, f) != 17) goto ioerr;
    } else if (fmt == GM_ENS_CSV) {
        if (fputs("sample", f) == EOF) goto ioerr;
        for (size_t i = 0; i < n_units; i++) {
            fputc(',', f);
            if (unit_ids) csv_field(f, unit_ids[i]);
            else fprintf(f, "u%zu", i);
        }
        if (fputc('\n', f) == EOF) goto ioerr;
    }
    *out = w;
    return GM_OK;
nomem:
    gm_ens_writer_close(w, NULL);
    return gm_fail(err, GM_E_NOMEM, "out of memory");
ioerr:
    gm_ens_writer_close(w, NULL);
    return gm_fail(err, GM_E_IO, "cannot write the ensemble: %s", strerror(errno));
}

/* Decimal digits of v (0..65535) at p; returns the new end. */
static char *put_dec(char *p, unsigned v)
{
    char t[8];
    int n = 0;
    do {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) *p++ = t[--n];
    return p;
}

static unsigned bit_width(uint32_t v)
{
    unsigned b = 1;
    while (v >> b) b++;
    return b;
}

/* One Standard BEN frame (sample numbers are not stored: BEN numbers plans by position). */
static gm_status write_ben(gm_ens_writer *w, const int32_t *d, gm_error *err)
{
    size_t n = w->n_units;
    uint32_t maxv = 0, maxl = 0;
    for (size_t i = 0; i < n;) { /* pass 1: widths */
        size_t j = i;
        while (j < n && d[j] == d[i] && j - i < 65535) j++;
        if ((uint32_t)d[i] > maxv) maxv = (uint32_t)d[i];
        if (j - i > maxl) maxl = (uint32_t)(j - i);
        i = j;
    }
    unsigned vb = bit_width(maxv), lb = bit_width(maxl), wd = vb + lb;
    unsigned char *p = w->raw + 6;
    uint64_t acc = 0;
    unsigned have = 0;
    size_t nb = 0;
    for (size_t i = 0; i < n;) { /* pass 2: pack MSB first */
        size_t j = i;
        while (j < n && d[j] == d[i] && j - i < 65535) j++;
        acc = acc << wd | ((uint64_t)(uint32_t)d[i] << lb | (uint64_t)(j - i));
        have += wd;
        while (have >= 8) {
            p[nb++] = (unsigned char)(acc >> (have - 8));
            have -= 8;
        }
        i = j;
    }
    if (have) p[nb++] = (unsigned char)(acc << (8 - have));
    w->raw[0] = (unsigned char)vb;
    w->raw[1] = (unsigned char)lb;
    for (int b = 0; b < 4; b++) w->raw[2 + b] = (unsigned char)(nb >> (8 * (3 - b)));
    if (fwrite(w->raw, 1, 6 + nb, w->f) != 6 + nb)
        return gm_fail(err, GM_E_IO, "cannot write the ensemble: %s", strerror(errno));
    return GM_OK;
}

gm_status gm_ens_write(gm_ens_writer *w, const int32_t *d, int64_t sample, gm_error *err)
{
    return gm_ens_write_chain(w, d, sample, -1, err);
}

gm_status gm_ens_write_chain(gm_ens_writer *w, const int32_t *d, int64_t sample, int chain,
                             gm_error *err)
{
    size_t n = w->n_units;
    for (size_t i = 0; i < n; i++)
        if (d[i] < 0 || d[i] > (w->width == 1 ? 255 : 65535))
            return gm_fail(err, GM_E_ARG, "plan %lld: unit %zu has district %d, outside the format's range",
                           (long long)sample, i, (int)d[i]);
    if (w->fmt == GM_ENS_BEN) return write_ben(w, d, err);
    if (w->fmt == GM_ENS_GMEN) {
        gmi_put_u64(w->raw, (uint64_t)sample);
        unsigned char *p = w->raw + 8;
        if (w->width == 1)
            for (size_t i = 0; i < n; i++) p[i] = (unsigned char)d[i];
        else
            for (size_t i = 0; i < n; i++) gmi_put_u16(p + 2 * i, (unsigned)d[i]);
        if (fwrite(w->raw, 1, w->raw_len, w->f) != w->raw_len) goto ioerr;
        return GM_OK;
    }
    char *p = w->buf;
    if (w->fmt == GM_ENS_JSONL) {
        if (chain >= 0)
            p += snprintf(p, 96, "{\"sample\": %lld, \"chain\": %d, \"assignment\": [",
                          (long long)sample, chain);
        else
            p += snprintf(p, 64, "{\"sample\": %lld, \"assignment\": [", (long long)sample);
        for (size_t i = 0; i < n; i++) {
            if (i) {
                *p++ = ',';
                *p++ = ' ';
            }
            p = put_dec(p, (unsigned)d[i]);
        }
        *p++ = ']';
        *p++ = '}';
    } else {
        p += snprintf(p, 64, "%lld", (long long)sample);
        for (size_t i = 0; i < n; i++) {
            *p++ = ',';
            p = put_dec(p, (unsigned)d[i]);
        }
    }
    *p++ = '\n';
    if (fwrite(w->buf, 1, (size_t)(p - w->buf), w->f) != (size_t)(p - w->buf)) goto ioerr;
    return GM_OK;
ioerr:
    return gm_fail(err, GM_E_IO, "cannot write the ensemble: %s", strerror(errno));
}

gm_status gm_ens_writer_close(gm_ens_writer *w, gm_error *err)
{
    if (!w) return GM_OK;
    gm_status rc = GM_OK;
    if (w->f && fflush(w->f) != 0)
        rc = gm_fail(err, GM_E_IO, "cannot write the ensemble: %s", strerror(errno));
    free(w->raw);
    free(w->buf);
    free(w);
    return rc;
}
