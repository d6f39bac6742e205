/* testutil.c: shared-data lookup and small helpers for the cmocka suites. */
#include "testutil.h"

#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_units.h"

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *tu_shared_data(void)
{
    static char buf[4096];
    const char *env = getenv("GM_SHARED_DATA");
    const char *d = (env && *env) ? env : GM_DEFAULT_SHARED_DATA;
    struct stat st;
    if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode)) return NULL;
    snprintf(buf, sizeof buf, "%s", d);
    return buf;
}

const char *tu_shared_path(const char *rel)
{
    static char buf[4][4096];
    static int slot;
    const char *d = tu_shared_data();
    if (!d) {
        const char *req = getenv("GM_REQUIRE_SHARED_DATA");
        if (req && strcmp(req, "1") == 0) fail_msg("shared data not found (set GM_SHARED_DATA)");
        print_message("NOTICE: ../shared/data not found (set GM_SHARED_DATA); SKIPPING a real-data test\n");
        skip();
    }
    slot = (slot + 1) % 4;
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", d, rel);
    return buf[slot];
}

const char *tu_testdata(const char *rel)
{
    static char buf[4][4096];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(buf[slot], sizeof buf[slot], "%s/%s", GM_TESTDATA_DIR, rel);
    return buf[slot];
}

static char tmpdir_path[64];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tmpdir(void)
{
    nftw(tmpdir_path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

const char *tu_tmpdir(void)
{
    if (!tmpdir_path[0]) {
        snprintf(tmpdir_path, sizeof tmpdir_path, "/tmp/gm_test_XXXXXX");
        if (!mkdtemp(tmpdir_path)) {
            tmpdir_path[0] = '\0';
            fail_msg("cannot make a temporary directory in /tmp: %s", strerror(errno));
        }
        atexit(remove_tmpdir);
    }
    return tmpdir_path;
}

const char *tu_write_tmp(const char *name, const char *text)
{
    static char path[4][512];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "%s/%s", tu_tmpdir(), name);
    FILE *f = fopen(path[slot], "w");
    if (!f) fail_msg("cannot write %s: %s", path[slot], strerror(errno));
    size_t n = strlen(text);
    bool ok = fwrite(text, 1, n, f) == n;
    if (fclose(f) != 0 || !ok) fail_msg("cannot write %s", path[slot]);
    return path[slot];
}

void tu_mn_load(tu_mn *m, size_t np, unsigned flags)
{
    memset(m, 0, sizeof *m);
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = tu_shared_path("mggg_MN/mn_08_16.zip");
    const char *ens = tu_shared_path("ensembles/mn_congdist_recom_10000.jsonl.xz");
    s.pop_field = "TOTPOP";
    if (flags & TU_MN_VOTES) {
        s.n_parties = 2;
        s.party[0] = "D";
        s.party[1] = "R";
        s.vote_field[0] = "USH16D";
        s.vote_field[1] = "USH16R";
    }
    s.load_geometry = (flags & TU_MN_GEOMETRY) != 0;
    gm_error e;
    if (gm_units_load(&s, &m->u, &e) != GM_OK) fail_msg("%s", e.msg);
    m->n = m->u->n;
    m->k = 8;
    gm_ens_reader *r = NULL;
    if (gm_ens_open(ens, GM_ENS_AUTO, m->n, &r, &e) != GM_OK) fail_msg("%s", e.msg);
    m->plan = malloc((np ? np : 1) * m->n * sizeof *m->plan);
    m->sample = malloc((np ? np : 1) * sizeof *m->sample);
    if (!m->plan || !m->sample) fail_msg("out of memory");
    bool got = true;
    while (m->np < np) {
        if (gm_ens_next(r, m->plan + m->np * m->n, &m->sample[m->np], &got, &e) != GM_OK)
            fail_msg("%s", e.msg);
        if (!got) break;
        m->np++;
    }
    if (m->np != np) fail_msg("the Minnesota ensemble holds %zu plans, not %zu", m->np, np);
    if (gm_ens_close(r, &e) != GM_OK) fail_msg("%s", e.msg);
}

void tu_mn_free(tu_mn *m)
{
    gm_units_destroy(m->u);
    free(m->plan);
    free(m->sample);
    memset(m, 0, sizeof *m);
}

bool tu_near(double a, double b, double rel)
{
    return fabs(a - b) <= rel * fmax(1.0, fmax(fabs(a), fabs(b)));
}

char *tu_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

gm_units *tu_load_shared_units(const char *rel, const char *pop, const char *plan_field)
{
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = tu_shared_path(rel);
    s.pop_field = pop;
    s.plan_field = plan_field;
    s.load_geometry = true;
    gm_error e;
    gm_units *u = NULL;
    if (gm_units_load(&s, &u, &e) != GM_OK) fail_msg("%s: %s", rel, e.msg);
    return u;
}
