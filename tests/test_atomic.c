/* test_atomic.c: outputs that are never half-written (engine/io/atomic.c): the
 * temporary file sits beside the target, a commit replaces the target whole, an abort
 * leaves the previous target untouched and no temporary file, and the hooks the CLI's
 * signal handler relies on see every temporary path. */
#include "testutil.h"

#include "gerrymeter/gerrymeter.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];
static char seen[8][512];
static int n_created, n_finished;

static void on_created(const char *p)
{
    if (n_created < 8) snprintf(seen[n_created], sizeof seen[0], "%s", p);
    n_created++;
}
static void on_finished(const char *p)
{
    (void)p;
    n_finished++;
}

/* Number of directory entries other than . and .. */
static int entries(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    assert_non_null(d);
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void slurp(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

static void test_commit_and_abort(void **st)
{
    (void)st;
    char target[512], buf[64];
    gm_atomic a;
    gm_error e;
    snprintf(target, sizeof target, "%s/out put ü.json", dir);
    FILE *f = fopen(target, "w");
    fputs("old", f);
    fclose(f);
    /* abort: the old content stays, the temporary file is gone */
    n_created = n_finished = 0;
    gm_set_tmp_hooks(on_created, on_finished);
    assert_int_equal(gm_atomic_open(&a, target, &e), GM_OK);
    assert_int_equal(n_created, 1); /* registered as it was created */
    assert_string_equal(seen[0], a.tmp);
    assert_non_null(strstr(a.tmp, "/.out put ü.json.gm-")); /* beside the target */
    fputs("half", a.f);
    assert_int_equal(entries(), 2);
    gm_atomic_abort(&a);
    gm_atomic_abort(&a); /* twice is harmless */
    assert_int_equal(n_finished, 1);
    slurp(target, buf, sizeof buf);
    assert_string_equal(buf, "old");
    assert_int_equal(entries(), 1);
    /* commit: the new content, whole */
    assert_int_equal(gm_atomic_open(&a, target, &e), GM_OK);
    fputs("new content", a.f);
    assert_int_equal(gm_atomic_commit(&a, &e), GM_OK);
    assert_int_equal(n_created, 2);
    assert_int_equal(n_finished, 2); /* unregistered once renamed */
    gm_set_tmp_hooks(NULL, NULL);
    slurp(target, buf, sizeof buf);
    assert_string_equal(buf, "new content");
    assert_int_equal(entries(), 1);
    /* a directory that does not exist: an error naming the path, nothing created */
    char bad[600];
    snprintf(bad, sizeof bad, "%s/no such dir/x.json", dir);
    assert_int_equal(gm_atomic_open(&a, bad, &e), GM_E_IO);
    assert_non_null(strstr(e.msg, "no such dir/x.json"));
    unlink(target);
}

static void test_tmpname_hooks(void **st)
{
    (void)st;
    char target[512], *tmp = NULL;
    gm_error e;
    snprintf(target, sizeof target, "%s/plan.gpkg", dir);
    n_created = n_finished = 0;
    gm_set_tmp_hooks(on_created, on_finished);
    assert_int_equal(gm_atomic_tmpname(target, &tmp, &e), GM_OK);
    /* the name is reserved and released: the writer creates the file */
    assert_int_equal(access(tmp, F_OK), -1);
    assert_int_equal(n_created, 4);
    assert_string_equal(seen[0], tmp);
    char j[600];
    snprintf(j, sizeof j, "%s-journal", tmp);
    assert_string_equal(seen[1], j);
    gm_atomic_tmpdone(tmp);
    assert_int_equal(n_finished, 4);
    gm_set_tmp_hooks(NULL, NULL);
    free(tmp);
    assert_int_equal(entries(), 0);
}

static void test_same_file(void **st)
{
    (void)st;
    char a[512], b[512], c[512];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(c, sizeof c, "%s/../%s/a", dir, strrchr(dir, '/') + 1);
    FILE *f = fopen(a, "w");
    fclose(f);
    assert_int_equal(link(a, b), 0);
    assert_true(gm_same_file(a, b)); /* hard link */
    assert_true(gm_same_file(a, c)); /* another spelling */
    assert_false(gm_same_file(a, dir));
    assert_false(gm_same_file(a, "/no/such/file"));
    unlink(a);
    unlink(b);
}


/* A link stays a link: the file it leads to is replaced, with its mode; a read-only
 * file (directly or through a link) and a directory are refused and left as they were;
 * a link loop is refused; a dangling link's file is created; a GDAL-style writer's
 * temporary file goes beside the linked file and is moved over it. */
static void test_links_and_modes(void **st)
{
    (void)st;
    char real[512], lnk[512], ro[512], rolnk[512], loop[512], dang[512], made[512], buf[64];
    struct stat sb;
    gm_atomic a;
    gm_error e;
    snprintf(real, sizeof real, "%s/real.csv", dir);
    snprintf(lnk, sizeof lnk, "%s/link.csv", dir);
    snprintf(ro, sizeof ro, "%s/ro.csv", dir);
    snprintf(rolnk, sizeof rolnk, "%s/ro_link.csv", dir);
    snprintf(loop, sizeof loop, "%s/loop", dir);
    snprintf(dang, sizeof dang, "%s/dangling", dir);
    snprintf(made, sizeof made, "%s/made.csv", dir);
    FILE *f = fopen(real, "w");
    fputs("old", f);
    fclose(f);
    chmod(real, 0640);
    assert_int_equal(symlink("real.csv", lnk), 0);
    assert_int_equal(gm_atomic_open(&a, lnk, &e), GM_OK);
    fputs("new", a.f);
    assert_int_equal(gm_atomic_commit(&a, &e), GM_OK);
    assert_int_equal(lstat(lnk, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    slurp(real, buf, sizeof buf);
    assert_string_equal(buf, "new");
    assert_int_equal(stat(real, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0640);

    f = fopen(ro, "w");
    fputs("keep", f);
    fclose(f);
    chmod(ro, 0444);
    assert_int_equal(symlink("ro.csv", rolnk), 0);
    assert_int_equal(gm_atomic_open(&a, ro, &e), GM_E_IO);
    assert_non_null(strstr(e.msg, "the file is read-only"));
    assert_int_equal(gm_atomic_open(&a, rolnk, &e), GM_E_IO);
    assert_non_null(strstr(e.msg, "the file it links to"));
    char *tmp = NULL;
    assert_int_equal(gm_atomic_tmpname(rolnk, &tmp, &e), GM_E_IO);
    assert_null(tmp);
    slurp(ro, buf, sizeof buf);
    assert_string_equal(buf, "keep");
    assert_int_equal(gm_atomic_open(&a, dir, &e), GM_E_IO);
    assert_non_null(strstr(e.msg, "it is a directory"));
    assert_int_equal(symlink("loop", loop), 0);
    assert_int_equal(gm_atomic_open(&a, loop, &e), GM_E_IO);

    /* a writer that creates its file itself */
    assert_int_equal(gm_atomic_tmpname(lnk, &tmp, &e), GM_OK);
    assert_non_null(strstr(tmp, "/.real.csv.gm-"));
    f = fopen(tmp, "w");
    fputs("gdal", f);
    fclose(f);
    assert_int_equal(gm_atomic_tmpcommit(tmp, lnk, &e), GM_OK);
    gm_atomic_tmpdone(tmp);
    free(tmp);
    assert_int_equal(lstat(lnk, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    slurp(real, buf, sizeof buf);
    assert_string_equal(buf, "gdal");
    assert_int_equal(stat(real, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0640);

    assert_int_equal(symlink("made.csv", dang), 0);
    assert_int_equal(gm_atomic_open(&a, dang, &e), GM_OK);
    fputs("x", a.f);
    assert_int_equal(gm_atomic_commit(&a, &e), GM_OK);
    slurp(made, buf, sizeof buf);
    assert_string_equal(buf, "x");

    const char *all[] = {real, lnk, ro, rolnk, loop, dang, made};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) unlink(all[i]);
    assert_int_equal(entries(), 0);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/gm-test-atomic-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_commit_and_abort),
        cmocka_unit_test(test_tmpname_hooks),
        cmocka_unit_test(test_same_file),
        cmocka_unit_test(test_links_and_modes),
    };
    int rc = cmocka_run_group_tests(t, NULL, NULL);
    rmdir(dir);
    return rc;
}
