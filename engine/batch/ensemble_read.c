/* ensemble_read.c: streaming ensemble readers (JSONL, CSV, GMEN), ".xz" through xz -dc,
 * and the check of an ensemble's unit order against the units it is scored on.
 *
 * One record is decoded at a time into the caller's array; a line buffer is reused, so
 * memory stays flat whatever the number of plans. */
#include "gerrymeter/gm_ensemble.h"
#include "batch/ensemble_int.h"
#include "core/strmap.h"
#include "io/path.h"
#include "units/units_int.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void free_ids(gm_ens_reader *r);
static gm_status read_sidecar(gm_ens_reader *r, gm_error *err);

struct gm_ens_reader {
    FILE *f;            /* input stream */
    pid_t xz_pid;       /* decompressor, or 0 */
    bool is_stdin;
    gm_ens_format fmt;
    char *path;         /* for messages */
    size_t n_units;     /* 0 until known */
    char *line;         /* getline buffer (JSONL, CSV) */
    size_t line_cap;
    uint64_t rec;       /* records read or skipped so far */
    uint64_t lineno;    /* text line number of the last line read */
    bool line_end;      /* the last line read ended with a line break (else: end of file) */
    bool csv_has_sample;
    unsigned width;     /* GMEN bytes per district */
    unsigned char *raw; /* GMEN record / BEN payload buffer */
    size_t raw_len;
    bool ben_mkv;       /* BEN MkvChain variant: frames carry a repeat count */
    unsigned ben_left;  /* BEN: repeats of the current frame still to emit */
    int32_t *ben_last;  /* BEN MkvChain: the current frame's assignment */
    int32_t *scratch;   /* skip target */
    gm_ens_source_fn src; /* plans from a function (gm_ens_open_source), or NULL */
    void *src_ctx;
    gm_unit_order order; /* the unit order the file records (GMEN 2, sidecar); n 0: none */
    bool gmen_no_order; /* a GMEN file without one (version 1, or not stamped) */
    char **ids;         /* CSV: the unit ids its header names (n_ids), NULL: none */
    size_t n_ids;
    size_t *perm;       /* CSV realigned to the units: unit i is column perm[i]; NULL: as read */
    int32_t *row;       /* the row as read, before realignment */
    bool checked;       /* gm_ens_check_units compared the order with the units' */
};

gm_status gm_ens_format_parse(const char *name, gm_ens_format *out, gm_error *err)
{
    if (!strcasecmp(name, "jsonl")) *out = GM_ENS_JSONL;
    else if (!strcasecmp(name, "csv")) *out = GM_ENS_CSV;
    else if (!strcasecmp(name, "gmen")) *out = GM_ENS_GMEN;
    else if (!strcasecmp(name, "ben")) *out = GM_ENS_BEN;
    else return gm_fail(err, GM_E_ARG, "unknown ensemble format '%s'; use jsonl, csv, gmen or ben", name);
    return GM_OK;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcasecmp(s + a - b, suf) == 0;
}

gm_ens_format gm_ens_format_guess(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    if (ends_with(buf, ".xz")) buf[strlen(buf) - 3] = '\0';
    if (ends_with(buf, ".csv")) return GM_ENS_CSV;
    if (ends_with(buf, ".gmen")) return GM_ENS_GMEN;
    if (ends_with(buf, ".ben")) return GM_ENS_BEN;
    return GM_ENS_JSONL;
}

/* Start `xz -dc -- path` with its stdout on a pipe (no shell: the path is not quoted
 * through anything). */
static gm_status open_xz(gm_ens_reader *r, const char *path, gm_error *err)
{
    int fd[2];
    if (pipe(fd) != 0) return gm_fail(err, GM_E_IO, "%s: cannot create a pipe: %s", path, strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addclose(&fa, fd[1]);
    char *argv[] = {"xz", "-dc", "--", (char *)path, NULL};
    int e = posix_spawnp(&r->xz_pid, "xz", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    if (e != 0) {
        close(fd[0]);
        r->xz_pid = 0;
        return gm_fail(err, GM_E_IO, "%s: cannot run xz to decompress it (%s); install xz-utils",
                       path, strerror(e));
    }
    r->f = fdopen(fd[0], "rb");
    if (!r->f) {
        close(fd[0]);
        return gm_fail(err, GM_E_IO, "%s: %s", path, strerror(errno));
    }
    return GM_OK;
}

/* Read one text line; 1 = got one, 0 = end. Blank lines are skipped. */
static int next_line(gm_ens_reader *r)
{
    for (;;) {
        ssize_t n = getline(&r->line, &r->line_cap, r->f);
        if (n < 0) return 0;
        r->lineno++;
        r->line_end = r->line[n - 1] == '\n';
        while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r')) r->line[--n] = '\0';
        if (n > 0) return 1;
    }
}

static gm_status open_gmen(gm_ens_reader *r, gm_error *err)
{
    unsigned char h[GMI_GMEN_HEADER];
    if (fread(h, 1, sizeof h, r->f) != sizeof h || memcmp(h, GMI_GMEN_MAGIC, 4) != 0)
        return gm_fail(err, GM_E_FORMAT, "%s: not a GMEN ensemble (bad header)", r->path);
    unsigned version = gmi_get_u16(h + 4), width = gmi_get_u16(h + 6);
    uint32_t nu = gmi_get_u32(h + 8);
    if (version < 1 || version > GMI_GMEN_VERSION || (width != 1 && width != 2))
        return gm_fail(err, GM_E_FORMAT, "%s: GMEN version %u width %u is not supported", r->path,
                       version, width);
    if (r->n_units && nu != r->n_units)
        return gm_fail(err, GM_E_FORMAT, "%s: plans have %u units but the unit layer has %zu",
                       r->path, nu, r->n_units);
    r->n_units = nu;
    r->width = width;
    r->gmen_no_order = version < 2 || !(h[20] & GMI_GMEN_HAS_ORDER);
    if (!r->gmen_no_order) {
        r->order.n = nu;
        r->order.fp = gmi_get_u64(h + 12);
        r->order.positional = (h[20] & GMI_GMEN_POSITIONAL) != 0;
    }
    r->raw_len = 8 + (size_t)nu * width;
    r->raw = malloc(r->raw_len);
    if (!r->raw) return gm_fail(err, GM_E_NOMEM, "out of memory");
    return GM_OK;
}

/* BEN: a 17-byte banner fixes the variant. */
static gm_status open_ben(gm_ens_reader *r, gm_error *err)
{
    char b[17];
    if (fread(b, 1, sizeof b, r->f) != sizeof b)
        return gm_fail(err, GM_E_FORMAT, "%s: not a BEN stream (no banner)", r->path);
    if (!memcmp(b, "STANDARD BEN FILE", 17)) r->ben_mkv = false;
    else if (!memcmp(b, "MKVCHAIN BEN FILE", 17)) r->ben_mkv = true;
    else
        return gm_fail(err, GM_E_FORMAT, "%s: not a Standard or MkvChain BEN stream (banner '%.17s'); "
                                         "TwoDelta and .xben are not read",
                       r->path, b);
    return GM_OK;
}

/* Split a CSV header line into fields (double quotes as in RFC 4180). */
static gm_status split_header(gm_ens_reader *r, const char *s, gm_error *err)
{
    size_t cap = 0;
    for (;;) {
        if (r->n_ids == cap) {
            cap = cap ? 2 * cap : 1024;
            char **t = realloc(r->ids, cap * sizeof *t);
            if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory");
            r->ids = t;
        }
        const char *e = s; /* the field's end: a comma outside quotes */
        if (*e == '"')
            for (e++; *e; e++) {
                if (*e == '"' && e[1] == '"') e++;
                else if (*e == '"') break;
            }
        while (*e && *e != ',') e++;
        char *f = malloc((size_t)(e - s) + 1), *o = f;
        if (!f) return gm_fail(err, GM_E_NOMEM, "out of memory");
        if (*s == '"') {
            for (s++; s < e; s++) {
                if (*s == '"' && s + 1 < e && s[1] == '"') *o++ = *s++;
                else if (*s != '"') *o++ = *s;
            }
        } else {
            while (s < e) *o++ = *s++;
        }
        *o = '\0';
        s = e;
        r->ids[r->n_ids++] = f;
        if (*s != ',') return GM_OK;
        s++;
    }
}

static gm_status open_csv(gm_ens_reader *r, gm_error *err)
{
    /* The header is optional: a first field that is not an integer marks one. */
    int c = fgetc(r->f);
    if (c == EOF) return GM_OK;
    ungetc(c, r->f);
    if ((c >= '0' && c <= '9') || c == '-') return GM_OK; /* no header: d0,d1,... */
    if (!next_line(r)) return GM_OK;
    const char *s = r->line;
    if (!strncmp(s, "\xEF\xBB\xBF", 3)) s += 3;
    r->csv_has_sample = !strncasecmp(s, "sample,", 7) || !strcasecmp(s, "sample");
    if (r->csv_has_sample) s += 6 + (s[6] == ',');
    if (!*s) return GM_OK;
    gm_status rc = split_header(r, s, err);
    if (rc) return rc;
    /* "u0,u1,...": the names gerrymeter writes when it knows no ids */
    bool placeholders = true;
    for (size_t i = 0; placeholders && i < r->n_ids; i++) {
        char b[32];
        snprintf(b, sizeof b, "u%zu", i);
        placeholders = !strcmp(r->ids[i], b);
    }
    if (placeholders) free_ids(r);
    return GM_OK;
}

gm_status gm_ens_open(const char *path, gm_ens_format fmt, size_t n_units, gm_ens_reader **out,
                      gm_error *err)
{
    *out = NULL;
    gm_ens_reader *r = calloc(1, sizeof *r);
    gm_status rc = GM_OK;
    if (!r || !(r->path = strdup(path))) {
        free(r);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    r->n_units = n_units;
    r->fmt = fmt == GM_ENS_AUTO ? gm_ens_format_guess(path) : fmt;
    if (!strcmp(path, "-")) {
        r->f = stdin;
        r->is_stdin = true;
    } else if ((rc = gmi_path_check_local(path, err))) {
        goto fail;
    } else if (ends_with(path, ".xz")) {
        if (access(path, R_OK) != 0) {
            rc = gm_fail(err, GM_E_IO, "cannot read ensemble '%s': %s", path, strerror(errno));
            goto fail;
        }
        if ((rc = open_xz(r, path, err))) goto fail;
    } else {
        r->f = fopen(path, "rb");
        if (!r->f) {
            rc = gm_fail(err, GM_E_IO, "cannot open ensemble '%s': %s", path, strerror(errno));
            goto fail;
        }
    }
    if (r->fmt == GM_ENS_GMEN) rc = open_gmen(r, err);
    else if (r->fmt == GM_ENS_BEN) rc = open_ben(r, err);
    else if (r->fmt == GM_ENS_CSV) rc = open_csv(r, err);
    if (rc) goto fail;
    if (r->fmt != GM_ENS_GMEN && !r->n_ids && !r->is_stdin && (rc = read_sidecar(r, err))) goto fail;
    *out = r;
    return GM_OK;
fail:
    gm_ens_close(r, NULL);
    return rc;
}

size_t gm_ens_n_units(const gm_ens_reader *r)
{
    return r->n_units;
}

/* Parse a non-negative decimal integer at *p; advances *p. -1 when none or too large. */
static long parse_uint(const char **p)
{
    const char *s = *p;
    long v = 0;
    if (*s < '0' || *s > '9') return -1;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s - '0');
        if (v > 1L << 40) return -1;
        s++;
    }
    *p = s;
    return v;
}

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

/* Store district v at index i after checking the bounds. */
static gm_status put(gm_ens_reader *r, int32_t *d, size_t i, long v, gm_error *err)
{
    if (r->n_units && i >= r->n_units)
        return gm_fail(err, GM_E_FORMAT, "%s: line %llu: the plan has more than %zu units (the unit layer's count)",
                       r->path, (unsigned long long)r->lineno, r->n_units);
    if (v < 0 || v > 65535)
        return gm_fail(err, GM_E_FORMAT, "%s: line %llu: unit %zu: district is not an integer in 0..65535",
                       r->path, (unsigned long long)r->lineno, i);
    d[i] = (int32_t)v;
    return GM_OK;
}

static gm_status check_len(gm_ens_reader *r, size_t n, gm_error *err)
{
    if (r->n_units == 0) r->n_units = n;
    if (n != r->n_units)
        return gm_fail(err, GM_E_FORMAT, "%s: line %llu: the plan has %zu units, expected %zu",
                       r->path, (unsigned long long)r->lineno, n, r->n_units);
    return GM_OK;
}

/* JSONL: find the "assignment" array and the optional "sample" number. The scan is
 * specialised (not a general JSON parser): keys are located by their quoted names at
 * the top level of the object, which is all GerryChain and frcw write. */
/* The line stops inside the "assignment" array after n units: a file cut off (no line
 * break after it), or a plan broken over two lines. */
static gm_status cut_line(const gm_ens_reader *r, size_t n, gm_error *err)
{
    char of[40] = "";
    if (r->n_units) snprintf(of, sizeof of, " of %zu", r->n_units);
    return gm_fail(err, GM_E_FORMAT,
                   "%s: line %llu is cut off: it ends inside the \"assignment\" array, after "
                   "%zu%s units%s",
                   r->path, (unsigned long long)r->lineno, n, of,
                   r->line_end ? "; a plan must be one whole line"
                               : ", and the file ends there: it is incomplete (still being "
                                 "written, or copied in part); use a complete copy");
}

static gm_status next_jsonl(gm_ens_reader *r, int32_t *d, int64_t *sample, bool *got, gm_error *err)
{
    size_t i = 0;
    *got = false;
    if (!next_line(r)) return GM_OK;
    const char *a = strstr(r->line, "\"assignment\"");
    if (!a && !r->line_end && r->line[0] == '{' && !strchr(r->line, '}'))
        return gm_fail(err, GM_E_FORMAT,
                       "%s: line %llu is cut off: the file ends inside it, before its "
                       "\"assignment\" array; the file is incomplete (still being written, or "
                       "copied in part); use a complete copy",
                       r->path, (unsigned long long)r->lineno);
    if (!a)
        return gm_fail(err, GM_E_FORMAT, "%s: line %llu: no \"assignment\" array; each line must be "
                                         "{\"assignment\": [d0, d1, ...]}",
                       r->path, (unsigned long long)r->lineno);
    const char *s = skip_ws(a + 12);
    if (*s != ':') goto bad;
    s = skip_ws(s + 1);
    if (*s != '[') goto bad;
    s = skip_ws(s + 1);
    if (*s != ']') {
        for (;;) {
            if (!*s) goto cut;
            long v = parse_uint(&s);
            if (v >= 0 && !*s) goto cut; /* a number the line ends in: maybe cut short */
            gm_status rc = put(r, d, i, v, err);
            if (rc) return rc;
            i++;
            s = skip_ws(s);
            if (*s == ',') {
                s = skip_ws(s + 1);
                continue;
            }
            if (*s == ']') break;
            if (!*s) goto cut;
            goto bad;
        }
    }
    gm_status rc = check_len(r, i, err);
    if (rc) return rc;
    *sample = (int64_t)r->rec;
    const char *k = strstr(r->line, "\"sample\"");
    if (k) {
        const char *t = skip_ws(k + 8);
        if (*t == ':') {
            t = skip_ws(t + 1);
            long v = parse_uint(&t);
            if (v >= 0) *sample = v;
        }
    }
    r->rec++;
    *got = true;
    return GM_OK;
bad:
    if (!*s) return cut_line(r, i, err);
    return gm_fail(err, GM_E_FORMAT, "%s: line %llu: \"assignment\" must be an array of non-negative integers",
                   r->path, (unsigned long long)r->lineno);
cut:
    return cut_line(r, i, err);
}

static gm_status next_csv(gm_ens_reader *r, int32_t *d, int64_t *sample, bool *got, gm_error *err)
{
    *got = false;
    if (!next_line(r)) return GM_OK;
    const char *s = r->line;
    *sample = (int64_t)r->rec;
    if (r->csv_has_sample) {
        long v = parse_uint(&s);
        if (v < 0 || (*s != ',' && *s != '\0'))
            return gm_fail(err, GM_E_FORMAT, "%s: line %llu: the sample column is not an integer",
                           r->path, (unsigned long long)r->lineno);
        *sample = v;
        if (*s == ',') s++;
    }
    size_t i = 0;
    while (*s) {
        long v = parse_uint(&s);
        gm_status rc = put(r, d, i, v, err);
        if (rc) return rc;
        i++;
        if (*s == ',') s++;
        else if (*s) return put(r, d, i - 1, -1, err);
    }
    gm_status rc = check_len(r, i, err);
    if (rc) return rc;
    if (r->perm) { /* columns in another order than the units: realign */
        memcpy(r->row, d, r->n_units * sizeof *d);
        for (size_t u = 0; u < r->n_units; u++) d[u] = r->row[r->perm[u]];
    }
    r->rec++;
    *got = true;
    return GM_OK;
}

static gm_status next_gmen(gm_ens_reader *r, int32_t *d, int64_t *sample, bool *got, gm_error *err)
{
    *got = false;
    size_t n = fread(r->raw, 1, r->raw_len, r->f);
    if (n == 0) return GM_OK;
    if (n != r->raw_len)
        return gm_fail(err, GM_E_FORMAT, "%s: record %llu is truncated", r->path,
                       (unsigned long long)r->rec);
    *sample = (int64_t)gmi_get_u64(r->raw);
    const unsigned char *p = r->raw + 8;
    if (r->width == 1)
        for (size_t i = 0; i < r->n_units; i++) d[i] = p[i];
    else
        for (size_t i = 0; i < r->n_units; i++) d[i] = (int32_t)gmi_get_u16(p + 2 * i);
    r->rec++;
    *got = true;
    return GM_OK;
}

/* BEN frame: u8 value bits, u8 length bits, u32 BE payload bytes, payload of (value,
 * length) runs bit-packed MSB first, then (MkvChain) a u16 BE repeat count. The plan's
 * length is the sum of the run lengths. */
static gm_status next_ben(gm_ens_reader *r, int32_t *d, int64_t *sample, bool *got, gm_error *err)
{
    *got = false;
    if (r->ben_left > 0) { /* MkvChain: the same assignment again */
        memcpy(d, r->ben_last, r->n_units * sizeof *d);
        r->ben_left--;
        *sample = (int64_t)r->rec++;
        *got = true;
        return GM_OK;
    }
    unsigned char h[6];
    size_t got_h = fread(h, 1, sizeof h, r->f);
    if (got_h == 0) return GM_OK;
    unsigned long long fr = (unsigned long long)r->rec;
    if (got_h != sizeof h)
        return gm_fail(err, GM_E_FORMAT, "%s: frame of sample %llu: truncated header", r->path, fr);
    unsigned vb = h[0], lb = h[1];
    uint32_t nb = (uint32_t)h[2] << 24 | (uint32_t)h[3] << 16 | (uint32_t)h[4] << 8 | h[5];
    if (vb < 1 || vb > 16 || lb < 1 || lb > 16)
        return gm_fail(err, GM_E_FORMAT, "%s: frame of sample %llu: bit widths %u/%u outside 1..16",
                       r->path, fr, vb, lb);
    if (nb > r->raw_len) {
        void *t = realloc(r->raw, nb);
        if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory");
        r->raw = t;
        r->raw_len = nb;
    }
    if (fread(r->raw, 1, nb, r->f) != nb)
        return gm_fail(err, GM_E_FORMAT, "%s: frame of sample %llu: truncated payload", r->path, fr);
    unsigned count = 1;
    if (r->ben_mkv) {
        unsigned char c[2];
        if (fread(c, 1, 2, r->f) != 2)
            return gm_fail(err, GM_E_FORMAT, "%s: frame of sample %llu: truncated count", r->path, fr);
        count = (unsigned)c[0] << 8 | c[1];
        if (count == 0)
            return gm_fail(err, GM_E_FORMAT, "%s: frame of sample %llu: repeat count 0", r->path, fr);
    }
    /* Unpack runs: a 64-bit bit buffer fed byte by byte, MSB first. */
    unsigned w = vb + lb;
    uint64_t total_bits = (uint64_t)nb * 8, used = 0, acc = 0;
    unsigned have = 0;
    size_t pos = 0, i = 0;
    while (used + w <= total_bits) {
        while (have < w) {
            acc = acc << 8 | r->raw[pos++];
            have += 8;
        }
        uint64_t run = (acc >> (have - w)) & ((1ULL << w) - 1); /* w <= 32 */
        have -= w;
        used += w;
        uint32_t val = (uint32_t)(run >> lb), len = (uint32_t)(run & ((1ULL << lb) - 1));
        if (len == 0) break; /* zero padding at the end */
        if (r->n_units && i + len > r->n_units)
            return gm_fail(err, GM_E_FORMAT, "%s: sample %llu: more than %zu units", r->path, fr, r->n_units);
        if (!r->n_units && i + len > ((size_t)1 << 24))
            return gm_fail(err, GM_E_FORMAT, "%s: sample %llu: implausibly long plan", r->path, fr);
        for (uint32_t j = 0; j < len; j++) d[i++] = (int32_t)val;
    }
    gm_status rc = check_len(r, i, err);
    if (rc) return rc;
    if (count > 1) {
        if (!r->ben_last && !(r->ben_last = malloc(r->n_units * sizeof *r->ben_last)))
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        memcpy(r->ben_last, d, r->n_units * sizeof *d);
        r->ben_left = count - 1;
    }
    *sample = (int64_t)r->rec++;
    *got = true;
    return GM_OK;
}

gm_status gm_ens_open_source(size_t n_units, const char *name, gm_ens_source_fn next, void *ctx,
                             gm_ens_reader **out, gm_error *err)
{
    *out = NULL;
    gm_ens_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->path = strdup(name ? name : "plans"))) {
        free(r);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    r->n_units = n_units;
    r->fmt = GM_ENS_AUTO;
    r->src = next;
    r->src_ctx = ctx;
    *out = r;
    return GM_OK;
}

gm_status gm_ens_next(gm_ens_reader *r, int32_t *district, int64_t *sample, bool *got,
                      gm_error *err)
{
    if (r->src) {
        gm_status rc = r->src(r->src_ctx, district, sample, got, err);
        if (rc == GM_OK && *got) r->rec++;
        return rc;
    }
    switch (r->fmt) {
    case GM_ENS_BEN: return next_ben(r, district, sample, got, err);
    case GM_ENS_CSV: return next_csv(r, district, sample, got, err);
    case GM_ENS_GMEN: return next_gmen(r, district, sample, got, err);
    default: return next_jsonl(r, district, sample, got, err);
    }
}

gm_status gm_ens_skip(gm_ens_reader *r, bool *got, gm_error *err)
{
    (void)err;
    if (r->src) {
        if (!r->scratch && !(r->scratch = malloc((r->n_units ? r->n_units : 1) * sizeof *r->scratch)))
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        int64_t s;
        return gm_ens_next(r, r->scratch, &s, got, err);
    }
    if (r->fmt == GM_ENS_BEN) {
        /* frames are decoded (cheap) into a scratch plan: the plan length and MkvChain
         * repeats need it */
        if (!r->scratch) {
            size_t n = r->n_units ? r->n_units : (size_t)1 << 24;
            if (!(r->scratch = malloc(n * sizeof *r->scratch)))
                return gm_fail(err, GM_E_NOMEM, "out of memory");
        }
        int64_t s;
        return next_ben(r, r->scratch, &s, got, err);
    } else if (r->fmt == GM_ENS_GMEN) {
        *got = fread(r->raw, 1, r->raw_len, r->f) == r->raw_len;
    } else {
        *got = next_line(r) == 1;
    }
    if (*got) r->rec++;
    return GM_OK;
}

static gm_status need_gmen_file(const gm_ens_reader *r, gm_error *err)
{
    if (r->fmt != GM_ENS_GMEN || r->is_stdin || r->xz_pid)
        return gm_fail_hint(err, GM_E_ARG, GM_HINT_ENSEMBLE_GMEN,
                            "%s: only a GMEN file can be split by position; convert the plans "
                            "to GMEN first",
                       r->path);
    return GM_OK;
}

gm_status gm_ens_count(gm_ens_reader *r, uint64_t *n_plans, gm_error *err)
{
    gm_status rc = need_gmen_file(r, err);
    if (rc) return rc;
    off_t here = ftello(r->f);
    if (here < 0 || fseeko(r->f, 0, SEEK_END) != 0)
        return gm_fail(err, GM_E_IO, "%s: cannot seek: %s", r->path, strerror(errno));
    off_t end = ftello(r->f);
    if (fseeko(r->f, here, SEEK_SET) != 0 || end < GMI_GMEN_HEADER)
        return gm_fail(err, GM_E_IO, "%s: cannot seek: %s", r->path, strerror(errno));
    *n_plans = (uint64_t)(end - GMI_GMEN_HEADER) / r->raw_len;
    return GM_OK;
}

gm_status gm_ens_seek(gm_ens_reader *r, uint64_t index, gm_error *err)
{
    gm_status rc = need_gmen_file(r, err);
    if (rc) return rc;
    off_t pos = (off_t)GMI_GMEN_HEADER + (off_t)index * (off_t)r->raw_len;
    if (fseeko(r->f, pos, SEEK_SET) != 0)
        return gm_fail(err, GM_E_IO, "%s: cannot seek to plan %llu: %s", r->path,
                       (unsigned long long)index, strerror(errno));
    r->rec = index;
    return GM_OK;
}

gm_status gm_ens_close(gm_ens_reader *r, gm_error *err)
{
    if (!r) return GM_OK;
    gm_status rc = GM_OK;
    free(r->ben_last);
    free(r->scratch);
    if (r->f && !r->is_stdin) fclose(r->f);
    if (r->xz_pid > 0) {
        int st = 0;
        waitpid(r->xz_pid, &st, 0);
        /* A reader that stopped early closes the pipe and xz dies of SIGPIPE: fine. */
        bool ok = (WIFEXITED(st) && WEXITSTATUS(st) == 0) || (WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
        if (!ok) rc = gm_fail(err, GM_E_IO, "%s: xz failed to decompress it (corrupt or not .xz)", r->path);
    }
    free(r->line);
    free(r->raw);
    free(r->path);
    free_ids(r);
    free(r->perm);
    free(r->row);
    free(r);
    return rc;
}

static void free_ids(gm_ens_reader *r)
{
    for (size_t i = 0; i < r->n_ids; i++) free(r->ids[i]);
    free(r->ids);
    r->ids = NULL;
    r->n_ids = 0;
}

/* ---- unit order ------------------------------------------------------------------- */

/* Read the sidecar PATH.units into r->order when there is one. */
static gm_status read_sidecar(gm_ens_reader *r, gm_error *err)
{
    char side[4200];
    snprintf(side, sizeof side, "%s%s", r->path, GMI_ORDER_SIDECAR);
    FILE *f = fopen(side, "rb");
    if (!f) return GM_OK;
    char line[512];
    bool ok = fgets(line, sizeof line, f) != NULL && gm_unit_order_parse(line, &r->order);
    fclose(f);
    if (!ok)
        return gm_fail(err, GM_E_FORMAT,
                       "%s: not a unit-order record (\"units=N unit_fingerprint=HEX unit_key=FIELD\"); "
                       "write it again or delete it",
                       side);
    return GM_OK;
}

/* How header ids compare with one list of the units' ids. */
typedef struct id_match {
    size_t unknown, missing;        /* header ids not among the units', units' ids not in the header */
    const char *first_unknown, *first_missing;
    bool identity;                  /* the same ids in the same order */
} id_match;

/* Match the header ids against ids[n]; fills perm (unit i -> column) when the header is a
 * permutation of them. -1 out of memory. */
static int match_ids(const gm_ens_reader *r, char *const *ids, size_t n, size_t *perm, id_match *m)
{
    memset(m, 0, sizeof *m);
    unsigned char *seen = calloc(n ? n : 1, 1);
    gmi_strmap units;
    if (!seen || gmi_strmap_init(&units, n) != 0) {
        free(seen);
        return -1;
    }
    /* a repeated id of the units keeps its first unit: the second is then missing */
    for (size_t i = 0; i < n; i++)
        if (ids[i] && gmi_strmap_put(&units, ids[i], i, NULL) < 0) {
            gmi_strmap_free(&units);
            free(seen);
            return -1;
        }
    m->identity = r->n_ids == n;
    for (size_t j = 0; j < r->n_ids; j++) {
        size_t i;
        if (!gmi_strmap_get(&units, r->ids[j], strlen(r->ids[j]), &i) || seen[i]) {
            if (!m->unknown++) m->first_unknown = r->ids[j];
            m->identity = false;
            continue;
        }
        seen[i] = 1;
        if (i != j) m->identity = false;
        perm[i] = j;
    }
    for (size_t i = 0; i < n; i++)
        if (!seen[i] && !m->missing++) m->first_missing = ids[i];
    gmi_strmap_free(&units);
    free(seen);
    return 0;
}

/* A CSV whose header names unit ids: realigned to the units, or refused. */
static gm_status check_csv_ids(gm_ens_reader *r, const gm_units *u, gm_error *err)
{
    /* The units' ids to compare with, most specific first: the id field the units were
     * loaded with, the order key's values, the feature ids. */
    char **key_vals = NULL;
    const char *name[3];
    char *const *list[3];
    bool real[3];
    size_t nl = 0;
    gm_status rc = GM_OK;
    if (u->id_field) {
        name[nl] = u->id_field;
        real[nl] = true;
        list[nl++] = u->id;
    }
    if (u->order_key && (!u->id_field || strcmp(u->order_key, u->id_field)) &&
        gmi_units_read_column(u, u->order_key, false, &key_vals, NULL) == GM_OK) {
        name[nl] = u->order_key;
        real[nl] = true;
        list[nl++] = key_vals;
    }
    if (!u->id_field) {
        name[nl] = "feature ids";
        real[nl] = false;
        list[nl++] = u->id;
    }
    size_t *perm = malloc((u->n ? u->n : 1) * sizeof *perm);
    id_match m0, m;
    memset(&m0, 0, sizeof m0);
    if (!perm) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    for (size_t c = 0; c < nl; c++) {
        if (match_ids(r, list[c], u->n, perm, &m) != 0) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        if (c == 0) m0 = m;
        if (m.unknown || m.missing) continue;
        r->checked = real[c];
        if (!m.identity) { /* realign: plans come in the units' order */
            if (!(r->row = malloc(u->n * sizeof *r->row))) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                goto done;
            }
            r->perm = perm;
            perm = NULL;
            for (size_t i = 0; i < u->n; i++) { /* the header in the units' order */
                char *t = strdup(list[c][i]);
                if (!t) {
                    rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                    goto done;
                }
                free(r->ids[i]);
                r->ids[i] = t;
            }
        }
        goto done;
    }
    if (m0.unknown && m0.missing)
        rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_UNIT_ID,
                          "%s: its header names %zu unit ids the unit layer does not have (e.g. '%.60s') "
                          "and lacks %zu of the layer's (e.g. '%.60s'; compared with %s): the plans "
                          "were made for other units; use the unit layer they were made for, or give "
                          "the id field the header names",
                          r->path, m0.unknown, m0.first_unknown ? m0.first_unknown : "a repeated id",
                          m0.missing, m0.first_missing ? m0.first_missing : "?", name[0]);
    else
        rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_UNIT_ID,
                          "%s: its header names %zu unit ids, the unit layer has %zu units (%s%.60s%s; "
                          "compared with %s): use the unit layer the plans were made for",
                          r->path, r->n_ids, u->n, m0.unknown ? "unknown or repeated: '" : "missing: '",
                          m0.unknown ? (m0.first_unknown ? m0.first_unknown : "?")
                                     : (m0.first_missing ? m0.first_missing : "?"),
                          "'", name[0]);
done:
    free(perm);
    gmi_units_free_column(key_vals, u->n);
    return rc;
}

gm_status gm_ens_check_units(gm_ens_reader *r, const gm_units *u, gm_warnings *w, gm_error *err)
{
    r->checked = false;
    if (r->n_ids) return check_csv_ids(r, u, err);
    if (r->fmt == GM_ENS_GMEN && r->gmen_no_order) {
        if (gm_warn(w, "unit_order_unchecked",
                    "%s: no unit fingerprint: unit order cannot be checked (a GMEN file written "
                    "without its unit layer, or by an older gerrymeter); convert it again with the "
                    "unit layer to have it checked",
                    r->path) != GM_OK)
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        return GM_OK;
    }
    if (!r->order.n) return GM_OK; /* JSONL, BEN: no ids, nothing recorded */
    char what[8500];
    if (r->fmt == GM_ENS_GMEN) snprintf(what, sizeof what, "%s", r->path);
    else snprintf(what, sizeof what, "%s (unit order in %s%s)", r->path, r->path, GMI_ORDER_SIDECAR);
    return gm_units_check_order(u, &r->order, what, NULL, &r->checked, err);
}

bool gm_ens_order_checked(const gm_ens_reader *r)
{
    return r->checked;
}

void gm_ens_order(const gm_ens_reader *r, gm_unit_order *o)
{
    *o = r->order;
}

const char *const *gm_ens_unit_ids(const gm_ens_reader *r)
{
    return r->n_ids ? (const char *const *)r->ids : NULL;
}
