/* atomic.c: write-to-temp-then-rename output files. */
#include "gerrymeter/gm_io.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "<dir>/.<base>.gm-XXXXXX" beside the target. */
static char *tmp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dl;
    size_t n = strlen(path) + 16;
    char *t = malloc(n);
    if (!t) return NULL;
    memcpy(t, path, dl);
    t[dl] = '\0';
    strcat(t, ".");
    strcat(t, base);
    strcat(t, ".gm-XXXXXX");
    return t;
}

static gm_tmp_hook g_created, g_finished; /* set once by the program, main thread */

/* SIGINT and SIGTERM are held while a temporary file and its registration with the
 * hooks change together, so an interrupt handler never sees a file that exists but is
 * not registered (it would be left behind) or a registration whose file was renamed. */
static void hold_signals(sigset_t *old)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &s, old);
}

static void release_signals(const sigset_t *old) { pthread_sigmask(SIG_SETMASK, old, NULL); }

void gm_set_tmp_hooks(gm_tmp_hook created, gm_tmp_hook finished)
{
    g_created = created;
    g_finished = finished;
}

/* SQLite (GeoPackage) writes these beside the database while a transaction is open. */
static const char *const side_ext[] = {"-journal", "-wal", "-shm", NULL};

/* Call hook on tmp and on its SQLite side files. */
static void each_side(gm_tmp_hook hook, const char *tmp)
{
    if (!hook) return;
    hook(tmp);
    size_t n = strlen(tmp);
    char *b = malloc(n + 16);
    if (!b) return;
    for (int i = 0; side_ext[i]; i++) {
        memcpy(b, tmp, n);
        strcpy(b + n, side_ext[i]);
        hook(b);
    }
    free(b);
}

void gm_atomic_tmpdone(const char *tmp)
{
    if (tmp) each_side(g_finished, tmp);
}

gm_status gm_atomic_tmpname(const char *path, char **tmp, gm_error *err)
{
    *tmp = tmp_template(path);
    if (!*tmp) return gm_fail(err, GM_E_NOMEM, "out of memory");
    sigset_t old;
    hold_signals(&old);
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        release_signals(&old);
        gm_status rc = gm_fail(err, GM_E_IO, "cannot create a file beside '%s': %s", path,
                               strerror(errno));
        free(*tmp);
        *tmp = NULL;
        return rc;
    }
    close(fd);
    each_side(g_created, *tmp); /* before the name is released to the writer */
    unlink(*tmp); /* the writer creates it; we only reserved a unique name */
    release_signals(&old);
    return GM_OK;
}

gm_status gm_atomic_open(gm_atomic *a, const char *path, gm_error *err)
{
    memset(a, 0, sizeof *a);
    a->target = strdup(path);
    a->tmp = tmp_template(path);
    if (!a->target || !a->tmp) {
        gm_atomic_abort(a);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    sigset_t old;
    hold_signals(&old);
    int fd = mkstemp(a->tmp);
    if (fd >= 0 && g_created) g_created(a->tmp);
    release_signals(&old);
    if (fd < 0) {
        gm_status rc = gm_fail(err, GM_E_IO, "cannot write '%s': %s", path, strerror(errno));
        free(a->tmp);
        a->tmp = NULL;
        gm_atomic_abort(a);
        return rc;
    }
    fchmod(fd, 0644);
    a->f = fdopen(fd, "w");
    if (!a->f) {
        close(fd);
        gm_atomic_abort(a);
        return gm_fail(err, GM_E_IO, "cannot write '%s': %s", path, strerror(errno));
    }
    return GM_OK;
}

gm_status gm_atomic_commit(gm_atomic *a, gm_error *err)
{
    gm_status rc = GM_OK;
    if (!a->f) return gm_fail(err, GM_E_ARG, "output already closed");
    if (fflush(a->f) != 0 || ferror(a->f) || fsync(fileno(a->f)) != 0) {
        rc = gm_fail(err, GM_E_IO, "cannot write '%s': %s", a->target, strerror(errno));
        gm_atomic_abort(a);
        return rc;
    }
    fclose(a->f);
    a->f = NULL;
    sigset_t old;
    hold_signals(&old);
    if (rename(a->tmp, a->target) != 0) {
        release_signals(&old);
        rc = gm_fail(err, GM_E_IO, "cannot replace '%s': %s", a->target, strerror(errno));
        gm_atomic_abort(a);
        return rc;
    }
    if (g_finished) g_finished(a->tmp);
    release_signals(&old);
    free(a->tmp);
    free(a->target);
    a->tmp = a->target = NULL;
    return GM_OK;
}

void gm_atomic_abort(gm_atomic *a)
{
    if (a->f) fclose(a->f);
    a->f = NULL;
    if (a->tmp) {
        unlink(a->tmp);
        if (g_finished) g_finished(a->tmp);
    }
    free(a->tmp);
    free(a->target);
    a->tmp = a->target = NULL;
}

bool gm_same_file(const char *x, const char *y)
{
    struct stat a, b;
    if (stat(x, &a) != 0 || stat(y, &b) != 0) return false;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}
