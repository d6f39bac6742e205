/* graph_io.c: the adjacency graph as a CSV edge list and as networkx adjacency JSON,
 * and reading that JSON back. */
#include "gerrymeter/gm_graph.h"
#include "io/path.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "gerrymeter/gm_sink.h"

/* A unit id as a JSON string: escape quotes, backslashes and control characters. */
static void json_str(gm_sink *f, const char *s)
{
    gm_sink_putc(f, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') gm_sink_printf(f, "\\%c", *p);
        else if (*p < 0x20) gm_sink_printf(f, "\\u%04x", *p);
        else gm_sink_putc(f, *p);
    }
    gm_sink_putc(f, '"');
}

/* A unit id as a CSV field (quoted when it holds a separator, quote or line break). */
static void csv_str(gm_sink *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        gm_sink_puts(f, s);
        return;
    }
    gm_sink_putc(f, '"');
    for (; *s; s++) {
        if (*s == '"') gm_sink_putc(f, '"');
        gm_sink_putc(f, *s);
    }
    gm_sink_putc(f, '"');
}

static void write_csv(gm_sink *f, const gm_graph *g)
{
    gm_sink_puts(f, "source,target,source_id,target_id,shared_perim_m\n");
    for (size_t e = 0; e < g->n_edges; e++) {
        gm_sink_printf(f, "%u,%u,", g->edge_u[e], g->edge_v[e]);
        csv_str(f, g->id[g->edge_u[e]]);
        gm_sink_putc(f, ',');
        csv_str(f, g->id[g->edge_v[e]]);
        gm_sink_printf(f, ",%.17g\n", g->edge_len_m[e]);
    }
}

static void write_json(gm_sink *f, const gm_graph *g)
{
    gm_sink_printf(f,
                   "{\"directed\": false, \"multigraph\": false, \"graph\": {\"components\": %zu, "
                   "\"queen\": %s, \"islands\": [",
                   g->n_components, g->queen ? "true" : "false");
    bool first = true;
    for (size_t i = 0; i < g->n; i++)
        if (g->adj_off[i + 1] == g->adj_off[i]) {
            if (!first) gm_sink_puts(f, ", ");
            json_str(f, g->id[i]);
            first = false;
        }
    gm_sink_putc(f, ']');
    if (g->order.n) { /* the unit order the node indices refer to (gm_units.h) */
        gm_sink_printf(f, ", \"units\": %zu, \"unit_fingerprint\": \"%016" PRIx64 "\", \"unit_key\": ",
                       g->order.n, g->order.fp);
        if (g->order.positional) gm_sink_puts(f, "null");
        else json_str(f, g->order.key);
        gm_sink_puts(f, ", \"unit_id_field\": ");
        if (g->id_field) json_str(f, g->id_field);
        else gm_sink_puts(f, "null");
    }
    gm_sink_puts(f, "},\n\"nodes\": [\n");
    /* GerryChain's node attributes: area, boundary_node, boundary_perim (only on
     * boundary nodes); unit_id is ours. */
    for (size_t i = 0; i < g->n; i++) {
        bool bnd = g->ext_len_m[i] > 0;
        gm_sink_printf(f, "{\"id\": %zu, \"unit_id\": ", i);
        json_str(f, g->id[i]);
        gm_sink_printf(f, ", \"area\": %.17g, \"boundary_node\": %s", g->area_m2[i],
                       bnd ? "true" : "false");
        if (bnd) gm_sink_printf(f, ", \"boundary_perim\": %.17g", g->ext_len_m[i]);
        gm_sink_printf(f, ", \"component\": %u}%s\n", g->component[i], i + 1 < g->n ? "," : "");
    }
    gm_sink_puts(f, "],\n\"adjacency\": [\n");
    for (size_t i = 0; i < g->n; i++) {
        gm_sink_putc(f, '[');
        for (size_t j = g->adj_off[i]; j < g->adj_off[i + 1]; j++)
            gm_sink_printf(f, "%s{\"id\": %u, \"shared_perim\": %.17g}",
                           j > g->adj_off[i] ? ", " : "", g->adj[j], g->edge_len_m[g->adj_edge[j]]);
        gm_sink_printf(f, "]%s\n", i + 1 < g->n ? "," : "");
    }
    gm_sink_puts(f, "]}\n");
}

/* Run a writer over a sink on f; what names the output in the error. */
static gm_status write_to(FILE *f, void (*w)(gm_sink *, const gm_graph *), const gm_graph *g,
                          const char *what, gm_error *err)
{
    gm_sink s;
    gm_sink_file(&s, f);
    w(&s, g);
    if (gm_sink_status(&s) != GM_OK)
        return gm_fail(err, GM_E_IO, "cannot write the %s: %s", what, strerror(errno));
    return GM_OK;
}

gm_status gm_graph_write_csv(const gm_graph *g, FILE *f, gm_error *err)
{
    return write_to(f, write_csv, g, "edge list", err);
}

gm_status gm_graph_write_json(const gm_graph *g, FILE *f, gm_error *err)
{
    return write_to(f, write_json, g, "graph", err);
}

/* ---- reading ------------------------------------------------------------------------
 * A small recursive-descent scanner over the whole file: values we need are decoded, the
 * rest (other attributes) are skipped whatever their type. */

typedef struct scan {
    const char *s, *end, *base, *path;
    gm_error *err;
    int bad;
} scan;

static void ws(scan *c)
{
    while (c->s < c->end && isspace((unsigned char)*c->s)) c->s++;
}

static int fail_at(scan *c, const char *what)
{
    if (!c->bad)
        gm_fail_hint(c->err, GM_E_FORMAT, GM_HINT_GRAPH_FILE,
                     "%s: byte %ld: expected %s; is this a unit graph in gerrymeter's JSON "
                     "(networkx adjacency) format?",
                c->path, (long)(c->s - c->base), what);
    c->bad = 1;
    return -1;
}

static int expect(scan *c, char ch)
{
    ws(c);
    if (c->s < c->end && *c->s == ch) {
        c->s++;
        return 0;
    }
    char w[4] = {'\'', ch, '\'', 0};
    return fail_at(c, w);
}

/* Read a string into buf (escapes other than \" and \\ are kept as is; ids and keys here
 * are plain). */
static int str(scan *c, char *buf, size_t cap)
{
    ws(c);
    if (c->s >= c->end || *c->s != '"') return fail_at(c, "a string");
    c->s++;
    size_t n = 0;
    while (c->s < c->end && *c->s != '"') {
        char ch = *c->s++;
        if (ch == '\\' && c->s < c->end) ch = *c->s++;
        if (n + 1 < cap) buf[n++] = ch;
    }
    if (c->s >= c->end) return fail_at(c, "the end of a string");
    c->s++;
    buf[n] = '\0';
    return 0;
}

static int num(scan *c, double *v)
{
    ws(c);
    char *e;
    errno = 0;
    *v = strtod(c->s, &e);
    if (e == c->s) return fail_at(c, "a number");
    c->s = e;
    return 0;
}

static int skip(scan *c)
{
    ws(c);
    if (c->s >= c->end) return fail_at(c, "a value");
    char ch = *c->s;
    if (ch == '"') {
        char tmp[8];
        return str(c, tmp, sizeof tmp);
    }
    if (ch == '{' || ch == '[') {
        char close = ch == '{' ? '}' : ']';
        c->s++;
        ws(c);
        if (c->s < c->end && *c->s == close) {
            c->s++;
            return 0;
        }
        for (;;) {
            if (ch == '{') {
                char key[8];
                if (str(c, key, sizeof key) || expect(c, ':')) return -1;
            }
            if (skip(c)) return -1;
            ws(c);
            if (c->s < c->end && *c->s == ',') {
                c->s++;
                continue;
            }
            return expect(c, close);
        }
    }
    while (c->s < c->end && (isalnum((unsigned char)*c->s) || strchr("+-.", *c->s))) c->s++;
    return 0;
}

/* Iterate an array: calls item(c, i, ud) for each element. */
static int array(scan *c, int (*item)(scan *, size_t, void *), void *ud)
{
    if (expect(c, '[')) return -1;
    ws(c);
    if (c->s < c->end && *c->s == ']') {
        c->s++;
        return 0;
    }
    for (size_t i = 0;; i++) {
        if (item(c, i, ud)) return -1;
        ws(c);
        if (c->s < c->end && *c->s == ',') {
            c->s++;
            continue;
        }
        return expect(c, ']');
    }
}

/* The "graph" object: queen and the unit order; other attributes are skipped. */
static int graph_attrs(scan *c, gm_graph *g)
{
    double n = 0;
    char fp[32] = "", key[sizeof g->order.key] = "", key2[sizeof g->order.key] = "";
    bool have_fp = false, have_key = false, null_key = false;
    if (expect(c, '{')) return -1;
    ws(c);
    if (c->s < c->end && *c->s == '}') {
        c->s++;
        return 0;
    }
    for (;;) {
        char k[64];
        if (str(c, k, sizeof k) || expect(c, ':')) return -1;
        ws(c);
        if (!strcmp(k, "queen")) {
            g->queen = c->s < c->end && *c->s == 't';
            if (skip(c)) return -1;
        } else if (!strcmp(k, "units")) {
            if (num(c, &n)) return -1;
        } else if (!strcmp(k, "unit_fingerprint")) {
            if (str(c, fp, sizeof fp)) return -1;
            have_fp = true;
        } else if (!strcmp(k, "unit_id_field")) {
            if (c->s < c->end && *c->s == '"') {
                if (str(c, key2, sizeof key2)) return -1;
                free(g->id_field);
                if (!(g->id_field = strdup(key2))) return fail_at(c, "memory");
            } else if (skip(c)) {
                return -1;
            }
        } else if (!strcmp(k, "unit_key")) {
            if (c->s < c->end && *c->s == '"') {
                if (str(c, key, sizeof key)) return -1;
                have_key = true;
            } else {
                null_key = true;
                if (skip(c)) return -1;
            }
        } else if (skip(c)) {
            return -1;
        }
        ws(c);
        if (c->s < c->end && *c->s == ',') {
            c->s++;
            continue;
        }
        if (expect(c, '}')) return -1;
        break;
    }
    if (!have_fp || (!have_key && !null_key)) return 0; /* no unit order recorded */
    char text[sizeof g->order.key + 96];
    snprintf(text, sizeof text, "units=%.0f unit_fingerprint=%s unit_key=%s", n, fp,
             null_key ? "(feature ids)" : key);
    if (!(n >= 1 && n == floor(n)) || !gm_unit_order_parse(text, &g->order))
        return fail_at(c, "a unit count and a 16-digit unit fingerprint");
    return 0;
}

typedef struct load_ctx {
    gm_graph *g;
    size_t cap_nodes;
    size_t node;      /* current adjacency row */
    size_t cap_edges;
} load_ctx;

static int node_item(scan *c, size_t i, void *ud)
{
    load_ctx *L = ud;
    gm_graph *g = L->g;
    if (i >= L->cap_nodes) {
        size_t cap = L->cap_nodes ? 2 * L->cap_nodes : 1024;
        void *a = realloc(g->area_m2, cap * sizeof *g->area_m2);
        if (a) g->area_m2 = a;
        void *b = realloc(g->ext_len_m, cap * sizeof *g->ext_len_m);
        if (b) g->ext_len_m = b;
        void *d = realloc(g->id, cap * sizeof *g->id);
        if (d) g->id = d;
        if (!a || !b || !d) return fail_at(c, "memory");
        L->cap_nodes = cap;
    }
    g->area_m2[i] = 0;
    g->ext_len_m[i] = 0;
    g->id[i] = NULL;
    g->n = i + 1;
    double id = -1;
    char buf[256];
    if (expect(c, '{')) return -1;
    ws(c);
    if (c->s < c->end && *c->s == '}') return fail_at(c, "a node with an \"id\"");
    for (;;) {
        char key[64];
        if (str(c, key, sizeof key) || expect(c, ':')) return -1;
        if (!strcmp(key, "id")) {
            if (num(c, &id)) return -1;
        } else if (!strcmp(key, "area")) {
            if (num(c, &g->area_m2[i])) return -1;
        } else if (!strcmp(key, "boundary_perim")) {
            if (num(c, &g->ext_len_m[i])) return -1;
        } else if (!strcmp(key, "unit_id")) {
            if (str(c, buf, sizeof buf)) return -1;
            free(g->id[i]);
            g->id[i] = strdup(buf);
        } else if (skip(c)) {
            return -1;
        }
        ws(c);
        if (c->s < c->end && *c->s == ',') {
            c->s++;
            continue;
        }
        if (expect(c, '}')) return -1;
        break;
    }
    if (id != (double)i) return fail_at(c, "node ids 0, 1, 2, ... in order");
    if (!g->id[i]) {
        snprintf(buf, sizeof buf, "%zu", i);
        g->id[i] = strdup(buf);
    }
    return g->id[i] ? 0 : fail_at(c, "memory");
}

static int nbr_item(scan *c, size_t i, void *ud)
{
    (void)i;
    load_ctx *L = ud;
    gm_graph *g = L->g;
    double id = -1, len = 0;
    if (expect(c, '{')) return -1;
    for (;;) {
        char key[64];
        if (str(c, key, sizeof key) || expect(c, ':')) return -1;
        if (!strcmp(key, "id")) {
            if (num(c, &id)) return -1;
        } else if (!strcmp(key, "shared_perim")) {
            if (num(c, &len)) return -1;
        } else if (skip(c)) {
            return -1;
        }
        ws(c);
        if (c->s < c->end && *c->s == ',') {
            c->s++;
            continue;
        }
        if (expect(c, '}')) return -1;
        break;
    }
    if (!(id >= 0 && id < (double)g->n) || id != floor(id)) return fail_at(c, "a neighbour id of a node");
    uint32_t j = (uint32_t)id;
    if (j <= L->node) return 0; /* each undirected edge once, from its lower end */
    if (g->n_edges == L->cap_edges) {
        size_t cap = L->cap_edges ? 2 * L->cap_edges : 4096;
        void *a = realloc(g->edge_u, cap * sizeof *g->edge_u);
        if (a) g->edge_u = a;
        void *b = realloc(g->edge_v, cap * sizeof *g->edge_v);
        if (b) g->edge_v = b;
        void *d = realloc(g->edge_len_m, cap * sizeof *g->edge_len_m);
        if (d) g->edge_len_m = d;
        if (!a || !b || !d) return fail_at(c, "memory");
        L->cap_edges = cap;
    }
    g->edge_u[g->n_edges] = (uint32_t)L->node;
    g->edge_v[g->n_edges] = j;
    g->edge_len_m[g->n_edges] = len;
    g->n_edges++;
    return 0;
}

static int adj_item(scan *c, size_t i, void *ud)
{
    load_ctx *L = ud;
    if (i >= L->g->n) return fail_at(c, "no more adjacency rows than nodes");
    L->node = i;
    return array(c, nbr_item, ud);
}

gm_status gm_graph_load(const char *path, gm_graph **out, gm_error *err)
{
    *out = NULL;
    gm_status rc0 = gmi_path_check_local(path, err);
    if (rc0) return rc0;
    gmi_sbuf text = {0};
    if ((rc0 = gmi_sbuf_read_file(&text, path, "graph ", err)) != GM_OK) {
        gmi_sbuf_free(&text);
        return rc0;
    }
    size_t len = text.len;
    char *buf = gmi_sbuf_take(&text);
    gm_graph *g = calloc(1, sizeof *g);
    load_ctx L = {g, 0, 0, 0};
    scan c = {buf, buf + len, buf, path, err, 0};
    bool have_nodes = false, have_adj = false;
    gm_status rc = GM_E_FORMAT;
    if (!g) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    if (expect(&c, '{')) goto done;
    for (;;) {
        char key[64];
        if (str(&c, key, sizeof key) || expect(&c, ':')) goto done;
        if (!strcmp(key, "nodes")) {
            if (have_nodes) { /* a second list would leak the first one's ids */
                fail_at(&c, "one \"nodes\" list");
                goto done;
            }
            if (array(&c, node_item, &L)) goto done;
            have_nodes = true;
        } else if (!strcmp(key, "adjacency")) {
            if (!have_nodes) {
                fail_at(&c, "\"nodes\" before \"adjacency\"");
                goto done;
            }
            if (have_adj) {
                fail_at(&c, "one \"adjacency\" list");
                goto done;
            }
            if (array(&c, adj_item, &L)) goto done;
            have_adj = true;
        } else if (!strcmp(key, "graph")) {
            ws(&c);
            if (c.s < c.end && *c.s == '{' ? graph_attrs(&c, g) : skip(&c)) goto done;
        } else if (skip(&c)) {
            goto done;
        }
        ws(&c);
        if (c.s < c.end && *c.s == ',') {
            c.s++;
            continue;
        }
        if (expect(&c, '}')) goto done;
        break;
    }
    if (!have_adj) {
        rc = gm_fail(err, GM_E_FORMAT, "%s: no \"adjacency\" list: not a networkx adjacency graph", path);
        goto done;
    }
    g->perim_m = calloc(g->n ? g->n : 1, sizeof *g->perim_m);
    if (!g->perim_m) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    if ((rc = gm_graph_finish(g, err)) != GM_OK) goto done;
    for (size_t i = 0; i < g->n; i++) g->perim_m[i] = g->ext_len_m[i];
    for (size_t e = 0; e < g->n_edges; e++) {
        g->perim_m[g->edge_u[e]] += g->edge_len_m[e];
        g->perim_m[g->edge_v[e]] += g->edge_len_m[e];
    }
    rc = GM_OK;
done:
    free(buf);
    if (rc != GM_OK) {
        gm_graph_destroy(g);
        return rc;
    }
    *out = g;
    return GM_OK;
}

gm_status gm_graph_check_units(const gm_graph *g, const gm_units *u, const char *path,
                               gm_warnings *w, bool *verified, gm_error *err)
{
    char what[1200];
    snprintf(what, sizeof what, "graph %.1000s", path);
    if (verified) *verified = false;
    if (g->n != u->n)
        return gm_fail(err, GM_E_DATA,
                       "%s has %zu nodes but the unit layer has %zu units: build the graph from "
                       "this unit layer, or use the layer it was built from",
                       what, g->n, u->n);
    /* node ids name the first unit that differs when they are values of the same field */
    bool same_field = g->id_field && u->id_field && !strcmp(g->id_field, u->id_field);
    if (g->order.n)
        return gm_units_check_order(u, &g->order, what, same_field ? (const char *const *)g->id : NULL,
                                    verified, err);
    /* No recorded order: node ids that are an id field's values, equal one by one, still
     * show the order. */
    bool same = u->id_field != NULL && u->id && g->id && (!g->id_field || same_field);
    for (size_t i = 0; same && i < g->n; i++) same = g->id[i] && u->id[i] && !strcmp(g->id[i], u->id[i]);
    if (same) {
        if (verified) *verified = true;
        return GM_OK;
    }
    if (gm_warn(w, "unit_order_unchecked",
                "%s: no unit fingerprint: unit order cannot be checked (built by another program "
                "or an older gerrymeter); build it again from this unit layer to have it checked",
                what) != GM_OK)
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    return GM_OK;
}
