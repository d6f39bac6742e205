/* graph_io.c: the adjacency graph as a CSV edge list and as networkx adjacency JSON,
 * and reading that JSON back. */
#include "graph/graph_int.h"
#include "io/json_scan.h"
#include "io/path.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "gerrymeter/gm_sink.h"

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

/* The graph with the node attributes a (or none). */
static void write_json_attrs(gm_sink *f, const gm_graph *g, const gmi_graph_attrs *a)
{
    gm_sink_printf(f,
                   "{\"directed\": false, \"multigraph\": false, \"graph\": {\"components\": %zu, "
                   "\"queen\": %s, \"islands\": [",
                   g->n_components, g->queen ? "true" : "false");
    bool first = true;
    for (size_t i = 0; i < g->n; i++)
        if (g->adj_off[i + 1] == g->adj_off[i]) {
            if (!first) gm_sink_puts(f, ", ");
            gm_sink_json_string(f, g->id[i]);
            first = false;
        }
    gm_sink_putc(f, ']');
    if (g->order.n) { /* the unit order the node indices refer to (gm_units.h) */
        gm_sink_printf(f, ", \"units\": %zu, \"unit_fingerprint\": \"%016" PRIx64 "\", \"unit_key\": ",
                       g->order.n, g->order.fp);
        if (g->order.positional) gm_sink_puts(f, "null");
        else gm_sink_json_string(f, g->order.key);
        gm_sink_puts(f, ", \"unit_id_field\": ");
        if (g->id_field) gm_sink_json_string(f, g->id_field);
        else gm_sink_puts(f, "null");
    }
    gm_sink_puts(f, "},\n\"nodes\": [\n");
    /* GerryChain's node attributes: area, boundary_node, boundary_perim (only on
     * boundary nodes); unit_id is ours. */
    for (size_t i = 0; i < g->n; i++) {
        bool bnd = g->ext_len_m[i] > 0;
        gm_sink_printf(f, "{\"id\": %zu, \"unit_id\": ", i);
        gm_sink_json_string(f, g->id[i]);
        gm_sink_printf(f, ", \"area\": %.17g, \"boundary_node\": %s", g->area_m2[i],
                       bnd ? "true" : "false");
        if (bnd) gm_sink_printf(f, ", \"boundary_perim\": %.17g", g->ext_len_m[i]);
        gm_sink_printf(f, ", \"component\": %u", g->component[i]);
        for (size_t c = 0; a && c < a->nf; c++) {
            gm_sink_puts(f, ", ");
            gm_sink_json_string(f, a->name[c]);
            gm_sink_puts(f, ": ");
            size_t at = c * a->n + i;
            if (a->kind[at] == GMI_ATTR_TEXT) gm_sink_json_string(f, a->text[at]);
            else gm_sink_puts(f, a->kind[at] == GMI_ATTR_NUMBER ? a->text[at] : "null");
        }
        gm_sink_printf(f, "}%s\n", i + 1 < g->n ? "," : "");
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

static void write_json(gm_sink *f, const gm_graph *g)
{
    write_json_attrs(f, g, NULL);
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

gm_status gm_graph_write_json_attrs(const gm_graph *g, const gm_units *u,
                                    const char *const *fields, size_t nf, FILE *f, gm_error *err)
{
    if (u->n != g->n)
        return gm_fail(err, GM_E_ARG, "the graph has %zu nodes, the units %zu: not their graph",
                       g->n, u->n);
    gmi_graph_attrs a;
    gm_status rc = gmi_graph_attrs_read(u, fields, nf, &a, err);
    if (rc != GM_OK) return rc;
    gm_sink s;
    gm_sink_file(&s, f);
    write_json_attrs(&s, g, &a);
    gmi_graph_attrs_free(&a);
    if (gm_sink_status(&s) != GM_OK)
        return gm_fail(err, GM_E_IO, "cannot write the graph: %s", strerror(errno));
    return GM_OK;
}

/* ---- reading ------------------------------------------------------------------------
 * Over the engine's JSON scanner (io/json_scan.h): the values needed are decoded, the
 * rest (other attributes) skipped whatever their type. */

typedef struct graph_attrs_ctx {
    gm_graph *g;
    double n;
    char fp[32], key[sizeof ((gm_graph *)0)->order.key];
    bool have_fp, have_key, null_key;
} graph_attrs_ctx;

static int graph_member(gmi_json *c, const char *k, size_t i, void *ud)
{
    (void)i;
    graph_attrs_ctx *a = ud;
    gm_graph *g = a->g;
    char ch = gmi_json_peek(c);
    if (!strcmp(k, "queen")) {
        g->queen = ch == 't';
        return gmi_json_skip(c);
    }
    if (!strcmp(k, "units")) return gmi_json_num(c, &a->n);
    if (!strcmp(k, "unit_fingerprint")) {
        a->have_fp = true;
        return gmi_json_str(c, a->fp, sizeof a->fp);
    }
    if (!strcmp(k, "unit_id_field") && ch == '"') {
        char f[sizeof a->key];
        if (gmi_json_str(c, f, sizeof f)) return -1;
        free(g->id_field);
        return (g->id_field = strdup(f)) ? 0 : gmi_json_fail(c, "memory");
    }
    if (!strcmp(k, "unit_key")) {
        if (ch == '"') {
            a->have_key = true;
            return gmi_json_str(c, a->key, sizeof a->key);
        }
        a->null_key = true;
    }
    return gmi_json_skip(c);
}

/* The "graph" object: queen and the unit order; other attributes are skipped. */
static int graph_attrs(gmi_json *c, gm_graph *g)
{
    graph_attrs_ctx a = {.g = g};
    if (gmi_json_object(c, graph_member, &a)) return -1;
    if (!a.have_fp || (!a.have_key && !a.null_key)) return 0; /* no unit order recorded */
    char text[sizeof g->order.key + 96];
    snprintf(text, sizeof text, "units=%.0f unit_fingerprint=%s unit_key=%s", a.n, a.fp,
             a.null_key ? "(feature ids)" : a.key);
    if (!(a.n >= 1 && a.n == floor(a.n)) || !gm_unit_order_parse(text, &g->order))
        return gmi_json_fail(c, "a unit count and a 16-digit unit fingerprint");
    return 0;
}

typedef struct load_ctx {
    gm_graph *g;
    size_t cap_nodes;
    size_t node;      /* current adjacency row */
    size_t cap_edges;
    double id, len;   /* the member values of the object being read */
    double src, dst;  /* a link's ends */
    char *unit_id;    /* a node's unit_id */
} load_ctx;

static int node_member(gmi_json *c, const char *key, size_t k, void *ud)
{
    (void)k;
    load_ctx *L = ud;
    gm_graph *g = L->g;
    size_t i = g->n - 1;
    if (!strcmp(key, "id")) return gmi_json_num(c, &L->id);
    if (!strcmp(key, "area")) return gmi_json_num(c, &g->area_m2[i]);
    if (!strcmp(key, "boundary_perim")) return gmi_json_num(c, &g->ext_len_m[i]);
    if (!strcmp(key, "unit_id") && gmi_json_peek(c) == '"') {
        char buf[256];
        if (gmi_json_str(c, buf, sizeof buf)) return -1;
        free(g->id[i]);
        return (g->id[i] = strdup(buf)) ? 0 : gmi_json_fail(c, "memory");
    }
    return gmi_json_skip(c);
}

static int node_item(gmi_json *c, size_t i, void *ud)
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
        if (!a || !b || !d) return gmi_json_fail(c, "memory");
        L->cap_nodes = cap;
    }
    g->area_m2[i] = 0;
    g->ext_len_m[i] = 0;
    g->id[i] = NULL;
    g->n = i + 1;
    L->id = -1;
    if (gmi_json_peek(c) != '{') return gmi_json_fail(c, "a node object");
    if (gmi_json_object(c, node_member, L)) return -1;
    if (L->id != (double)i) return gmi_json_fail(c, "node ids 0, 1, 2, ... in order");
    if (!g->id[i]) {
        char buf[32];
        snprintf(buf, sizeof buf, "%zu", i);
        g->id[i] = strdup(buf);
    }
    return g->id[i] ? 0 : gmi_json_fail(c, "memory");
}

/* Add the edge a-b (a < b) as read. */
static int add_edge(gmi_json *c, load_ctx *L, uint32_t a, uint32_t b, double len)
{
    gm_graph *g = L->g;
    if (g->n_edges == L->cap_edges) {
        size_t cap = L->cap_edges ? 2 * L->cap_edges : 4096;
        void *x = realloc(g->edge_u, cap * sizeof *g->edge_u);
        if (x) g->edge_u = x;
        void *y = realloc(g->edge_v, cap * sizeof *g->edge_v);
        if (y) g->edge_v = y;
        void *z = realloc(g->edge_len_m, cap * sizeof *g->edge_len_m);
        if (z) g->edge_len_m = z;
        if (!x || !y || !z) return gmi_json_fail(c, "memory");
        L->cap_edges = cap;
    }
    g->edge_u[g->n_edges] = a;
    g->edge_v[g->n_edges] = b;
    g->edge_len_m[g->n_edges] = len;
    g->n_edges++;
    return 0;
}

static int edge_member(gmi_json *c, const char *key, size_t k, void *ud)
{
    (void)k;
    load_ctx *L = ud;
    if (!strcmp(key, "id")) return gmi_json_num(c, &L->id);
    if (!strcmp(key, "source")) return gmi_json_num(c, &L->src);
    if (!strcmp(key, "target")) return gmi_json_num(c, &L->dst);
    if (!strcmp(key, "shared_perim")) return gmi_json_num(c, &L->len);
    return gmi_json_skip(c);
}

static bool node_index(const gm_graph *g, double id)
{
    return id >= 0 && id < (double)g->n && id == floor(id);
}

static int nbr_item(gmi_json *c, size_t i, void *ud)
{
    (void)i;
    load_ctx *L = ud;
    L->id = -1;
    L->len = 0;
    if (gmi_json_peek(c) != '{') return gmi_json_fail(c, "a neighbour object");
    if (gmi_json_object(c, edge_member, L)) return -1;
    if (!node_index(L->g, L->id)) return gmi_json_fail(c, "a neighbour id of a node");
    uint32_t j = (uint32_t)L->id;
    if (j <= L->node) return 0; /* each undirected edge once, from its lower end */
    return add_edge(c, L, (uint32_t)L->node, j, L->len);
}

static int adj_item(gmi_json *c, size_t i, void *ud)
{
    load_ctx *L = ud;
    if (i >= L->g->n) return gmi_json_fail(c, "no more adjacency rows than nodes");
    L->node = i;
    return gmi_json_array(c, nbr_item, ud);
}

/* A link of the node-link layout: {"source": i, "target": j, ...}. */
static int link_item(gmi_json *c, size_t i, void *ud)
{
    (void)i;
    load_ctx *L = ud;
    L->src = L->dst = -1;
    L->len = 0;
    if (gmi_json_peek(c) != '{') return gmi_json_fail(c, "a link object");
    if (gmi_json_object(c, edge_member, L)) return -1;
    if (!node_index(L->g, L->src) || !node_index(L->g, L->dst))
        return gmi_json_fail(c, "a link whose source and target are node ids");
    uint32_t a = (uint32_t)L->src, b = (uint32_t)L->dst;
    if (a == b) return 0;
    return add_edge(c, L, a < b ? a : b, a < b ? b : a, L->len);
}

typedef struct top_ctx {
    load_ctx L;
    bool have_nodes, have_adj;
} top_ctx;

static int top_member(gmi_json *c, const char *key, size_t i, void *ud)
{
    (void)i;
    top_ctx *t = ud;
    bool adj = !strcmp(key, "adjacency"), links = !strcmp(key, "links");
    if (!strcmp(key, "nodes")) {
        if (t->have_nodes) return gmi_json_fail(c, "one \"nodes\" list"); /* would leak ids */
        t->have_nodes = true;
        return gmi_json_array(c, node_item, &t->L);
    }
    if (adj || links) {
        if (!t->have_nodes) return gmi_json_fail(c, "\"nodes\" before the edges");
        if (t->have_adj) return gmi_json_fail(c, "one \"adjacency\" or \"links\" list");
        t->have_adj = true;
        return gmi_json_array(c, adj ? adj_item : link_item, &t->L);
    }
    if (!strcmp(key, "graph") && gmi_json_peek(c) == '{') return graph_attrs(c, t->L.g);
    return gmi_json_skip(c);
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
    top_ctx t = {.L = {.g = g}};
    gmi_json c;
    gmi_json_init(&c, buf ? buf : "", buf ? len : 0, path, err);
    gm_status rc = GM_E_FORMAT;
    if (!g) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    if (gmi_json_peek(&c) != '{') {
        gmi_json_fail(&c, "'{'");
        goto done;
    }
    if (gmi_json_object(&c, top_member, &t)) goto done;
    if (!t.have_adj) {
        rc = gm_fail_hint(err, GM_E_FORMAT, GM_HINT_GRAPH_FILE,
                          "%s: no \"%s\" list: not a networkx graph (it needs \"nodes\" and "
                          "\"adjacency\", or \"links\")",
                          path, t.have_nodes ? "adjacency\" or \"links" : "nodes");
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
