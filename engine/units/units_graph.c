/* units_graph.c: units read from a networkx graph file (gm_units_is_graph_file): its
 * nodes are the units, in order, and their columns the node attributes. The file is read
 * with the engine's one JSON scanner (io/json_scan.h), the one gm_graph_load reads its
 * edges with; nothing here calls GDAL. Units loaded so re-read their columns from the
 * file (gmi_nodes_reread, behind gmi_units_reread), as units from a layer re-read it. */
#include "units/units_int.h"
#include "core/sbuf.h"
#include "core/str.h"
#include "io/json_scan.h"
#include "io/path.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SNIFF_BYTES 65536

/* The kinds of an attribute value. */
enum { V_NULL, V_TEXT, V_INTEGER, V_NUMBER, V_OTHER };

/* ---- recognising a graph file --------------------------------------------------------- */

static int sniff_member(gmi_json *c, const char *key, size_t i, void *ud)
{
    (void)i;
    int *verdict = ud;
    static const char *const graph_keys[] = {"nodes", "adjacency", "links", "directed",
                                             "multigraph"};
    for (size_t k = 0; k < sizeof graph_keys / sizeof *graph_keys; k++)
        if (!strcmp(key, graph_keys[k])) {
            *verdict = 1;
            return -1; /* decided: stop */
        }
    if (!strcmp(key, "type") || !strcmp(key, "features")) { /* GeoJSON */
        *verdict = 0;
        return -1;
    }
    return gmi_json_skip(c);
}

bool gm_units_is_graph_file(const char *path)
{
    if (!path || gmi_path_is_pg(path) || gmi_path_is_network(path)) return false;
    FILE *f = fopen(path, "rb");
    if (!f) return false; /* not a plain file (a layer suffix, a /vsi path): GDAL's */
    char *buf = malloc(SNIFF_BYTES);
    size_t got = buf ? fread(buf, 1, SNIFF_BYTES, f) : 0;
    fclose(f);
    int verdict = 0;
    gm_error e;
    gmi_json c;
    gmi_json_init(&c, buf ? buf : "", got, path, &e);
    if (got && gmi_json_peek(&c) == '{') gmi_json_object(&c, sniff_member, &verdict);
    free(buf);
    return verdict == 1;
}

/* ---- the file ------------------------------------------------------------------------- */

typedef struct gfile {
    const char *path;
    char *text;
    size_t len;
    const char *nodes;     /* the "nodes" array, or NULL */
    size_t n_nodes;
    bool edges;            /* an "adjacency" or "links" list */
    char unit_key[128];    /* the unit order key the graph records, or "" */
    size_t n_attr;         /* the first node's attributes, in order: */
    char **attr;           /* [n_attr] names */
    unsigned char *kind;   /* [n_attr] V_* of their values */
} gfile;

static void gfile_close(gfile *F)
{
    for (size_t j = 0; j < F->n_attr; j++) free(F->attr[j]);
    free(F->attr);
    free(F->kind);
    free(F->text);
    memset(F, 0, sizeof *F);
}

/* Read one attribute value: its kind, its text into b (reset first; a number as
 * a layer's column reads: gmi_real_text) and, for cells, its number. */
static int value(gmi_json *c, gmi_sbuf *b, gmi_cell *cell, int *kind)
{
    char ch = gmi_json_peek(c);
    b->len = 0;
    gmi_sbuf_add(b, "", 0);
    cell->num = 0;
    cell->num_rc = -1;
    cell->is_text = ch == '"';
    if (ch == '"') {
        *kind = V_TEXT;
        if (gmi_json_str_sbuf(c, b)) return -1;
        /* a number in a string reads as a number, as from a text field */
        const char *s = b->s;
        while (*s == ' ' || *s == '\t') s++;
        char *end;
        double v = *s ? strtod(s, &end) : 0;
        if (!*s) cell->num_rc = 0;
        else {
            while (*end == ' ' || *end == '\t') end++;
            if (end != s && !*end && isfinite(v)) {
                cell->num = v;
                cell->num_rc = 1;
            }
        }
    } else if (ch == '-' || ch == 'N' || ch == 'I' || (ch >= '0' && ch <= '9')) {
        const char *start = c->s;
        double v;
        if (gmi_json_num(c, &v)) return -1;
        size_t len = (size_t)(c->s - start);
        bool integer = len < 40 && strspn(start + (*start == '-'), "0123456789") == len - (*start == '-');
        *kind = integer ? V_INTEGER : V_NUMBER;
        if (integer) gmi_sbuf_add(b, start, len);
        else gmi_sbuf_puts(b, gmi_real_text(v, (char[32]){0}, 32));
        cell->num = v;
        cell->num_rc = 1;
    } else if (ch == 'n') {
        *kind = V_NULL;
        cell->num_rc = 0;
        if (gmi_json_skip(c)) return -1;
    } else {
        *kind = V_OTHER; /* true, false, an object or a list: its text as written */
        const char *start = c->s;
        if (gmi_json_skip(c)) return -1;
        size_t len = (size_t)(c->s - start);
        gmi_sbuf_add(b, start, len > 80 ? 80 : len);
        if (len > 80) gmi_sbuf_puts(b, "...");
    }
    if (b->oom) return gmi_json_fail(c, "a value that fits in memory");
    cell->text = b->s ? b->s : "";
    return 0;
}

static int count_item(gmi_json *c, size_t i, void *ud)
{
    *(size_t *)ud = i + 1;
    return gmi_json_skip(c);
}

static int graph_member(gmi_json *c, const char *key, size_t i, void *ud)
{
    (void)i;
    gfile *F = ud;
    if (!strcmp(key, "unit_key") && gmi_json_peek(c) == '"')
        return gmi_json_str(c, F->unit_key, sizeof F->unit_key);
    return gmi_json_skip(c);
}

static int top_member(gmi_json *c, const char *key, size_t i, void *ud)
{
    (void)i;
    gfile *F = ud;
    if (!strcmp(key, "nodes")) {
        if (gmi_json_peek(c) != '[') return gmi_json_fail(c, "a list of nodes");
        F->nodes = c->s;
        return gmi_json_array(c, count_item, &F->n_nodes);
    }
    if (!strcmp(key, "adjacency") || !strcmp(key, "links")) F->edges = true;
    if (!strcmp(key, "graph") && gmi_json_peek(c) == '{') return gmi_json_object(c, graph_member, F);
    return gmi_json_skip(c);
}

static int attr_member(gmi_json *c, const char *key, size_t i, void *ud)
{
    (void)i;
    gfile *F = ud;
    gmi_sbuf b = {0};
    gmi_cell cell;
    int kind = V_OTHER;
    int r = value(c, &b, &cell, &kind);
    gmi_sbuf_free(&b);
    if (r) return -1;
    char **a = realloc(F->attr, (F->n_attr + 1) * sizeof *a);
    if (a) F->attr = a;
    unsigned char *k = realloc(F->kind, F->n_attr + 1);
    if (k) F->kind = k;
    if (!a || !k || !(F->attr[F->n_attr] = strdup(key))) return gmi_json_fail(c, "memory");
    F->kind[F->n_attr++] = (unsigned char)kind;
    return 0;
}

/* Read the file at path: where its nodes are, how many, the first one's attributes. */
static gm_status gfile_open(const char *path, gfile *F, gm_error *err)
{
    memset(F, 0, sizeof *F);
    F->path = path;
    gm_status rc = gmi_path_check_local(path, err);
    if (rc != GM_OK) return rc;
    gmi_sbuf text = {0};
    if ((rc = gmi_sbuf_read_file(&text, path, "graph ", err)) != GM_OK) {
        gmi_sbuf_free(&text);
        return rc;
    }
    F->len = text.len;
    F->text = gmi_sbuf_take(&text);
    gmi_json c;
    gmi_json_init(&c, F->text ? F->text : "", F->text ? F->len : 0, path, err);
    if (gmi_json_peek(&c) != '{') gmi_json_fail(&c, "'{'");
    else gmi_json_object(&c, top_member, F);
    if (c.bad) {
        gfile_close(F);
        return GM_E_FORMAT;
    }
    if (!F->nodes || !F->edges) {
        rc = gm_fail(err, GM_E_FORMAT,
                          "%s: not a networkx graph: it has no %s list; units from a graph file "
                          "need its \"nodes\" (with their attributes) and its \"adjacency\" (or "
                          "\"links\"), as gerrymeter graph and GerryChain's Graph.to_json write "
                          "them",
                          path, !F->nodes ? "\"nodes\"" : "\"adjacency\" or \"links\"");
        gfile_close(F);
        return rc;
    }
    if (F->n_nodes == 0) {
        rc = gm_fail(err, GM_E_DATA, "%s: the graph has no nodes, so there are no units", path);
        gfile_close(F);
        return rc;
    }
    c.s = F->nodes + 1;
    if (gmi_json_peek(&c) != '{') gmi_json_fail(&c, "a node object");
    else gmi_json_object(&c, attr_member, F);
    if (c.bad) {
        gfile_close(F);
        return GM_E_FORMAT;
    }
    return GM_OK;
}

/* The first node's attribute named so (case as the layer loader: exact, else any case):
 * its index, or GM_E_FIELD listing the attributes. */
static gm_status gfile_field(const gfile *F, const char *name, const char *what, int *idx,
                             gm_error *err)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t j = 0; j < F->n_attr; j++)
            if (pass ? !strcasecmp(F->attr[j], name) : !strcmp(F->attr[j], name)) {
                *idx = (int)j;
                return GM_OK;
            }
    char list[700] = "";
    size_t l = 0;
    for (size_t j = 0; j < F->n_attr && l + 1 < sizeof list; j++)
        l += (size_t)snprintf(list + l, sizeof list - l, "%s%s", j ? ", " : "", F->attr[j]);
    return gm_fail(err, GM_E_FIELD, "%s: the graph's nodes have no %s attribute '%s'; attributes are: %s",
                   F->path, what, name, list);
}

/* ---- walking the nodes ------------------------------------------------------------------ */

typedef struct walk {
    const gfile *F;
    size_t nf;
    const char *const *fields;
    int *slot;             /* [n_attr] the field read from attribute j, or -1 */
    gmi_cell *cells;       /* [nf] */
    gmi_sbuf *text;        /* [nf] their text */
    bool *got;             /* [nf] set for the current node */
    gmi_sbuf scratch;      /* a value only the order tracker looks at */
    gmi_order_track *ot;
    gmi_units_row_fn row;
    void *ctx;
    double id;             /* the node's "id" */
    gm_status rc;          /* row's status, when it stopped the walk */
    gm_error *err;
} walk;

static int node_member(gmi_json *c, const char *key, size_t k, void *ud)
{
    walk *W = ud;
    const gfile *F = W->F;
    int j = -1;
    if (k < F->n_attr && !strcmp(F->attr[k], key)) j = (int)k; /* the usual: same order */
    for (size_t a = 0; j < 0 && a < F->n_attr; a++)
        if (!strcmp(F->attr[a], key)) j = (int)a;
    bool is_id = !strcmp(key, "id");
    int s = j >= 0 ? W->slot[j] : -1;
    /* not asked for and no longer a candidate for the order key: not decoded */
    if (s < 0 && !is_id && (j < 0 || !gmi_order_track_wants(W->ot, j))) return gmi_json_skip(c);
    gmi_cell cell;
    int kind;
    gmi_sbuf *b = s >= 0 ? &W->text[s] : &W->scratch;
    if (value(c, b, &cell, &kind)) return -1;
    if (is_id) W->id = kind == V_INTEGER || kind == V_NUMBER ? cell.num : -1;
    if (s >= 0) {
        W->cells[s] = cell;
        W->got[s] = true;
    }
    if (W->ot && j >= 0 && !is_id &&
        (W->rc = gmi_order_track_value(W->ot, j, kind == V_TEXT || kind == V_INTEGER ? cell.text : NULL,
                                       kind == V_TEXT, W->err)) != GM_OK)
        return -1;
    return 0;
}

static int node_item(gmi_json *c, size_t i, void *ud)
{
    walk *W = ud;
    W->id = -1;
    for (size_t f = 0; f < W->nf; f++) W->got[f] = false;
    if (gmi_json_peek(c) != '{') return gmi_json_fail(c, "a node object");
    if (gmi_json_object(c, node_member, W)) return -1;
    if (W->id != (double)i) return gmi_json_fail(c, "node ids 0, 1, 2, ... in order");
    for (size_t f = 0; f < W->nf; f++)
        if (!W->got[f]) {
            W->rc = gm_fail(W->err, GM_E_DATA,
                            "%s: node %zu has no attribute '%s' (the first node has it); give "
                            "every node the attribute",
                            W->F->path, i, W->fields[f]);
            return -1;
        }
    gmi_order_track_next(W->ot);
    return (W->rc = W->row(W->ctx, W->cells, i, W->F->path, W->err)) != GM_OK ? -1 : 0;
}

/* Walk the nodes of F: row gets the values of the attributes idx[0..nf) (named fields[]
 * in messages) of each node, then cells NULL after the last; ot (may be NULL) every
 * attribute's value. */
static gm_status gfile_walk(const gfile *F, const int *idx, const char *const *fields, size_t nf,
                            gmi_order_track *ot, gmi_units_row_fn row, void *ctx, gm_error *err)
{
    walk W = {.F = F, .nf = nf, .fields = fields, .ot = ot, .row = row, .ctx = ctx, .err = err};
    W.slot = malloc((F->n_attr ? F->n_attr : 1) * sizeof *W.slot);
    W.cells = calloc(nf ? nf : 1, sizeof *W.cells);
    W.text = calloc(nf ? nf : 1, sizeof *W.text);
    W.got = calloc(nf ? nf : 1, sizeof *W.got);
    gm_status rc = GM_OK;
    if (!W.slot || !W.cells || !W.text || !W.got) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < F->n_attr; j++) W.slot[j] = -1;
    for (size_t f = 0; f < nf; f++) W.slot[idx[f]] = (int)f;
    gmi_json c;
    gmi_json_init(&c, F->text, F->len, F->path, err);
    c.s = F->nodes;
    if (gmi_json_array(&c, node_item, &W)) {
        rc = W.rc != GM_OK ? W.rc : GM_E_FORMAT;
        goto done;
    }
    rc = row(ctx, NULL, F->n_nodes, F->path, err);
done:
    for (size_t f = 0; W.text && f < nf; f++) gmi_sbuf_free(&W.text[f]);
    gmi_sbuf_free(&W.scratch);
    free(W.slot);
    free(W.cells);
    free(W.text);
    free(W.got);
    return rc;
}

/* ---- re-reading columns ---------------------------------------------------------------- */

typedef struct dup_row {
    size_t nf;
    const int *map;          /* [nf] the distinct field each asked field is */
    gmi_units_row_fn row;
    void *ctx;
} dup_row;

/* Hands row the cells in the order asked, a field asked twice twice. */
static gm_status dup_cells(void *ctx, const gmi_cell *cells, size_t i, const char *path,
                           gm_error *err)
{
    dup_row *d = ctx;
    if (!cells) return d->row(d->ctx, NULL, i, path, err);
    gmi_cell all[GM_MAX_PARTIES + 16];
    for (size_t f = 0; f < d->nf; f++) all[f] = cells[d->map[f]];
    return d->row(d->ctx, all, i, path, err);
}

/* Walk F for the fields named (any number up to GM_MAX_PARTIES + 16, repeats allowed). */
static gm_status walk_fields(const gfile *F, const char *const *fields, const char *const *what,
                             size_t nf, gmi_order_track *ot, gmi_units_row_fn row, void *ctx,
                             int *idx_out, gm_error *err)
{
    enum { MAXF = GM_MAX_PARTIES + 16 };
    int idx[MAXF], uniq[MAXF], map[MAXF];
    const char *uname[MAXF];
    size_t nu = 0;
    if (nf > MAXF) return gm_fail(err, GM_E_ARG, "at most %d fields at once", MAXF);
    for (size_t f = 0; f < nf; f++) {
        gm_status rc = gfile_field(F, fields[f], what[f], &idx[f], err);
        if (rc != GM_OK) return rc;
        if (idx_out) idx_out[f] = idx[f];
        size_t u = 0;
        while (u < nu && uniq[u] != idx[f]) u++;
        if (u == nu) {
            uniq[nu] = idx[f];
            uname[nu++] = fields[f];
        }
        map[f] = (int)u;
    }
    dup_row d = {nf, map, row, ctx};
    return gfile_walk(F, uniq, uname, nu, ot, dup_cells, &d, err);
}

gm_status gmi_nodes_reread(const gm_units *u, const char *const *fields, size_t nf,
                           const char *what, gmi_units_row_fn row, void *ctx, gm_error *err)
{
    gfile F;
    gm_status rc = gfile_open(u->source, &F, err);
    if (rc != GM_OK) return rc;
    if (F.n_nodes != u->n) {
        rc = gm_fail(err, GM_E_DATA, "%s holds %zu nodes, the units %zu; load the units again",
                     u->source, F.n_nodes, u->n);
    } else {
        const char *w[GM_MAX_PARTIES + 16];
        for (size_t f = 0; f < nf && f < GM_MAX_PARTIES + 16; f++) w[f] = what;
        rc = walk_fields(&F, fields, w, nf, NULL, row, ctx, NULL, err);
    }
    gfile_close(&F);
    return rc;
}

/* ---- loading units -------------------------------------------------------------------- */

typedef struct load {
    gm_units *u;
    const gm_units_spec *spec;
    int s_pop, s_id, s_plan, s_vote; /* the cell of each field, -1 none (votes: s_vote+p) */
} load;

static gm_status load_row(void *ctx, const gmi_cell *cells, size_t i, const char *path,
                          gm_error *err)
{
    load *L = ctx;
    gm_units *u = L->u;
    const gm_units_spec *sp = L->spec;
    if (!cells) return GM_OK;
    if (L->s_pop >= 0) {
        const gmi_cell *c = &cells[L->s_pop];
        if (c->num_rc < 0 || (c->num_rc == 1 && (!isfinite(c->num) || c->num < 0)))
            return gm_fail_hint(err, GM_E_DATA, GM_HINT_POP,
                                "%s: node %zu: population attribute '%s' is '%s', not a "
                                "non-negative number; fix the value or choose another "
                                "population field",
                                path, i, sp->pop_field, c->text);
        u->pop[i] = c->num_rc == 1 ? c->num : 0; /* null: 0 persons */
    }
    for (size_t p = 0; p < u->n_parties; p++) {
        const gmi_cell *c = &cells[L->s_vote + (int)p];
        double x = c->num;
        if (c->num_rc == 0)
            return gm_fail_hint(err, GM_E_DATA, GM_HINT_WHERE,
                                "%s: node %zu: votes attribute '%s' (party %s) is null; fill it "
                                "(0 if no votes were cast)",
                                path, i, sp->vote_field[p], sp->party[p]);
        if (c->num_rc < 0 || !isfinite(x))
            return gm_fail(err, GM_E_DATA, "%s: node %zu: votes attribute '%s' (party %s) is '%s', not a number",
                           path, i, sp->vote_field[p], sp->party[p], c->text);
        if (x < 0 && sp->negative_votes != GM_NEG_ZERO)
            return gm_fail_hint(err, GM_E_DATA, GM_HINT_NEGATIVE_VOTES_ZERO,
                                "%s: node %zu: votes attribute '%s' (party %s) is negative (%g); "
                                "fix the data or read negative votes as 0",
                                path, i, sp->vote_field[p], sp->party[p], x);
        u->votes[p * u->n + i] = x < 0 ? 0 : x;
    }
    char b[32];
    snprintf(b, sizeof b, "%zu", i);
    if (!(u->id[i] = strdup(L->s_id >= 0 ? cells[L->s_id].text : b)))
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    if (L->s_plan >= 0) {
        const char *s = cells[L->s_plan].text;
        while (*s == ' ') s++;
        if (!(u->plan_label[i] = strdup(s))) return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    u->fid[i] = (int64_t)i;
    return GM_OK;
}

static char *dupz(const char *s) { return s ? strdup(s) : NULL; }

/* The units' columns and names, for n units. */
static gm_status units_new(const gm_units_spec *spec, size_t n, gm_units **out, gm_error *err)
{
    gm_units *u = calloc(1, sizeof *u);
    *out = u;
    if (!u) return gm_fail(err, GM_E_NOMEM, "out of memory");
    u->n = n;
    u->from_graph = true;
    u->n_parties = spec->n_parties;
    bool ok = true;
    for (size_t p = 0; p < spec->n_parties; p++) {
        ok &= (u->party[p] = dupz(spec->party[p])) != NULL;
        ok &= (u->vote_field[p] = dupz(spec->vote_field[p])) != NULL;
    }
    u->pop = calloc(n, sizeof *u->pop);
    u->fid = calloc(n, sizeof *u->fid);
    u->id = calloc(n, sizeof *u->id);
    u->votes = spec->n_parties ? calloc(n * spec->n_parties, sizeof *u->votes) : NULL;
    u->plan_label = spec->plan_field ? calloc(n, sizeof *u->plan_label) : NULL;
    u->source = dupz(spec->path);
    u->layer = dupz("nodes");
    u->pop_field = dupz(spec->pop_field);
    u->id_field = dupz(spec->id_field);
    u->plan_field = dupz(spec->plan_field);
    ok &= u->pop && u->fid && u->id && (u->votes || !spec->n_parties) && u->source && u->layer;
    ok &= (u->plan_label && u->plan_field) || !spec->plan_field;
    ok &= (u->pop_field || !spec->pop_field) && (u->id_field || !spec->id_field);
    return ok ? GM_OK : gm_fail(err, GM_E_NOMEM, "out of memory");
}

/* What a load cannot do with a graph file: a layer, a filter, shapes. */
static gm_status refuse(const gm_units_spec *spec, gm_error *err)
{
    if (spec->layer && *spec->layer)
        return gm_fail(err, GM_E_ARG, "%s is a graph file: it has no layers (a layer '%s' was asked for)",
                       spec->path, spec->layer);
    if (spec->where && *spec->where)
        return gm_fail(err, GM_E_ARG,
                       "%s is a graph file: its nodes cannot be filtered (the graph would keep "
                       "them); filter the layer the graph was built from and build it again",
                       spec->path);
    if (spec->load_geometry && !spec->geometry_optional)
        return gm_fail(err, GM_E_ARG,
                       "%s is a graph file, which carries no shapes, and unit shapes are needed "
                       "here (for compactness, a map, the adjacency graph or a district layer's "
                       "overlay); use the shapefile or GeoPackage the graph was built from",
                       spec->path);
    return GM_OK;
}

gm_status gmi_units_load_graph(const gm_units_spec *spec, gm_units **out, gm_error *err)
{
    gfile F;
    gm_units *u = NULL;
    gmi_order_track *ot = NULL;
    *out = NULL;
    gm_status rc = refuse(spec, err);
    if (rc != GM_OK) return rc;
    if ((rc = gfile_open(spec->path, &F, err)) != GM_OK) return rc;

    /* the fields read: population, id, plan, then the votes */
    const char *fields[3 + GM_MAX_PARTIES], *what[3 + GM_MAX_PARTIES];
    int idx[3 + GM_MAX_PARTIES];
    size_t nf = 0;
    load L = {.spec = spec, .s_pop = -1, .s_id = -1, .s_plan = -1};
    if (spec->pop_field) L.s_pop = (int)nf, what[nf] = "population", fields[nf++] = spec->pop_field;
    if (spec->id_field) L.s_id = (int)nf, what[nf] = "id", fields[nf++] = spec->id_field;
    if (spec->plan_field) L.s_plan = (int)nf, what[nf] = "plan", fields[nf++] = spec->plan_field;
    L.s_vote = (int)nf;
    for (size_t p = 0; p < spec->n_parties; p++) what[nf] = "votes", fields[nf++] = spec->vote_field[p];
    for (size_t f = 0; f < nf && rc == GM_OK; f++) rc = gfile_field(&F, fields[f], what[f], &idx[f], err);
    for (size_t p = 0; p < spec->n_parties && rc == GM_OK; p++)
        if (L.s_pop >= 0 && idx[L.s_vote + (int)p] == idx[L.s_pop])
            rc = gm_fail(err, GM_E_ARG,
                         "%s: the votes of party %s would be read from '%s', the population "
                         "attribute; population is not votes: name the party's vote attribute",
                         spec->path, spec->party[p], spec->vote_field[p]);
    if (rc == GM_OK) rc = units_new(spec, F.n_nodes, &u, err);
    if (rc == GM_OK)
        rc = gmi_party_fields_check(spec->path, "votes attribute", spec->party, spec->vote_field,
                                    idx + L.s_vote, spec->n_parties, &u->warnings, err);

    /* the order key's candidates: the text and integer attributes (not the node ids) */
    if (rc == GM_OK) rc = gmi_order_track_new(&ot, err);
    for (size_t j = 0; j < F.n_attr && rc == GM_OK; j++)
        if ((F.kind[j] == V_TEXT || F.kind[j] == V_INTEGER) && strcmp(F.attr[j], "id") != 0)
            rc = gmi_order_track_field(ot, (int)j, F.attr[j], F.kind[j] == V_TEXT, err);
    if (rc == GM_OK && F.unit_key[0]) gmi_order_track_prefer(ot, F.unit_key);

    L.u = u;
    if (rc == GM_OK) rc = walk_fields(&F, fields, what, nf, ot, load_row, &L, NULL, err);
    if (rc == GM_OK) {
        rc = gmi_order_track_finish(ot, u, err);
        ot = NULL;
    }
    if (rc == GM_OK && gmi_units_plausibility(u, spec->path, spec->election_parties) != GM_OK)
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
    if (rc == GM_OK && spec->load_geometry &&
        !(u->no_geometry = strdup("the units come from a graph file, which carries no shapes")))
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
    gmi_order_track_free(ot);
    gfile_close(&F);
    if (rc != GM_OK) {
        gm_units_destroy(u);
        return rc;
    }
    *out = u;
    return GM_OK;
}
