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

/* Symbolic links followed before giving up (a loop), as the kernel's own limit. */
#define MAX_LINKS 40

/* Where a chain of symbolic links that starts at path ends: a path that is not a link
 * (it may not exist: a dangling link names the file to create). malloc'd, or NULL with
 * errno set. */
static char *follow_links(const char *path)
{
    char *cur = strdup(path);
    for (int hop = 0; cur && hop < MAX_LINKS; hop++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode)) return cur;
        char to[4096];
        ssize_t n = readlink(cur, to, sizeof to - 1);
        if (n < 0) {
            free(cur);
            return NULL;
        }
        to[n] = '\0';
        char *next;
        const char *slash = strrchr(cur, '/');
        if (to[0] == '/' || !slash) {
            next = strdup(to);
        } else { /* relative to the link's directory */
            size_t dl = (size_t)(slash - cur) + 1;
            next = malloc(dl + (size_t)n + 1);
            if (next) {
                memcpy(next, cur, dl);
                memcpy(next + dl, to, (size_t)n + 1);
            }
        }
        free(cur);
        cur = next;
    }
    free(cur);
    errno = ELOOP;
    return NULL;
}

/* What a write to path replaces (gm_atomic_target), and how: *direct when path is a
 * device or pipe that is written in place (/dev/stdout, /dev/null); *st the replaced
 * file's status when *exists. */
static gm_status resolve(const char *path, bool allow_direct, char **target, bool *direct,
                         bool *exists, struct stat *st, gm_error *err)
{
    *target = NULL;
    *direct = *exists = false;
    if (stat(path, st) == 0) {
        if (S_ISDIR(st->st_mode))
            return gm_fail(err, GM_E_IO, "cannot write '%s': it is a directory", path);
        if (!S_ISREG(st->st_mode)) {
            if (!allow_direct)
                return gm_fail(err, GM_E_IO, "cannot write '%s': not a regular file", path);
            *direct = true;
            return (*target = strdup(path)) ? GM_OK : gm_fail(err, GM_E_NOMEM, "out of memory");
        }
        *exists = true;
    } else if (errno != ENOENT) {
        return gm_fail(err, GM_E_IO, "cannot write '%s': %s", path, strerror(errno));
    }
    /* the file itself, through any links, so that the link stays a link */
    char *t = follow_links(path);
    if (!t) return gm_fail(err, GM_E_IO, "cannot write '%s': %s", path, strerror(errno));
    /* read-only: no write bit at all (even root keeps off such a file), or not writable
     * by this user */
    if (*exists && ((st->st_mode & 0222) == 0 || access(t, W_OK) != 0)) {
        gm_status rc;
        if (strcmp(t, path) != 0)
            rc = gm_fail(err, GM_E_IO,
                         "cannot write '%s': the file it links to, '%s', is read-only; make it "
                         "writable or write elsewhere",
                         path, t);
        else
            rc = gm_fail(err, GM_E_IO,
                         "cannot write '%s': the file is read-only; make it writable or write "
                         "elsewhere",
                         path);
        free(t);
        return rc;
    }
    *target = t;
    return GM_OK;
}

gm_status gm_atomic_target(const char *path, char **target, gm_error *err)
{
    bool direct, exists;
    struct stat st;
    return resolve(path, false, target, &direct, &exists, &st, err);
}

/* Give the new file (fd) the mode and, where allowed, the owner of the file it replaces;
 * a new file gets 0644. */
static void take_mode(int fd, bool exists, const struct stat *st)
{
    if (!exists) {
        fchmod(fd, 0644);
        return;
    }
    if (fchown(fd, st->st_uid, st->st_gid) != 0 && fchown(fd, (uid_t)-1, st->st_gid) != 0) {
        /* not ours to give: the new file keeps this user's ownership */
    }
    fchmod(fd, st->st_mode & 07777);
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
    char *target = NULL;
    *tmp = NULL;
    gm_status r0 = gm_atomic_target(path, &target, err);
    if (r0 != GM_OK) return r0;
    *tmp = tmp_template(target);
    free(target);
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

gm_status gm_atomic_tmpname_ext(const char *path, const char *ext, char **tmp, gm_error *err)
{
    char *target = NULL, *base = NULL;
    *tmp = NULL;
    gm_status r0 = gm_atomic_target(path, &target, err);
    if (r0 != GM_OK) return r0;
    base = tmp_template(target);
    free(target);
    size_t nb = base ? strlen(base) : 0, ne = strlen(ext);
    if (!base || !(*tmp = malloc(nb + ne + 1))) {
        free(base);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    sigset_t old;
    hold_signals(&old);
    /* mkstemp makes the name unique; the name with the extension is then taken with
     * O_EXCL (mkstemps, which would do both, is not POSIX) */
    int fd = mkstemp(base), fd2 = -1;
    if (fd >= 0) {
        close(fd);
        memcpy(*tmp, base, nb);
        memcpy(*tmp + nb, ext, ne + 1);
        fd2 = open(*tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
        unlink(base);
    }
    if (fd2 < 0) {
        release_signals(&old);
        gm_status rc = gm_fail(err, GM_E_IO, "cannot create a file beside '%s': %s", path,
                               strerror(errno));
        free(base);
        free(*tmp);
        *tmp = NULL;
        return rc;
    }
    close(fd2);
    each_side(g_created, *tmp); /* before the name is released to the writer */
    unlink(*tmp);
    release_signals(&old);
    free(base);
    return GM_OK;
}

gm_status gm_atomic_open(gm_atomic *a, const char *path, gm_error *err)
{
    memset(a, 0, sizeof *a);
    bool direct, exists;
    struct stat st;
    gm_status rc = resolve(path, true, &a->target, &direct, &exists, &st, err);
    if (rc != GM_OK) return rc;
    if (direct) { /* a device or a pipe: written in place, nothing to rename */
        if (!(a->f = fopen(a->target, "w"))) {
            rc = gm_fail(err, GM_E_IO, "cannot write '%s': %s", path, strerror(errno));
            gm_atomic_abort(a);
        }
        return rc;
    }
    a->tmp = tmp_template(a->target);
    if (!a->tmp) {
        gm_atomic_abort(a);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    sigset_t old;
    hold_signals(&old);
    int fd = mkstemp(a->tmp);
    if (fd >= 0 && g_created) g_created(a->tmp);
    release_signals(&old);
    if (fd < 0) {
        rc = gm_fail(err, GM_E_IO, "cannot write '%s': %s", path, strerror(errno));
        free(a->tmp);
        a->tmp = NULL;
        gm_atomic_abort(a);
        return rc;
    }
    take_mode(fd, exists, &st);
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
    if (!a->tmp) { /* written in place */
        bool bad = fflush(a->f) != 0 || ferror(a->f);
        bad = (fclose(a->f) != 0) || bad;
        a->f = NULL;
        if (bad) rc = gm_fail(err, GM_E_IO, "cannot write '%s': %s", a->target, strerror(errno));
        gm_atomic_abort(a);
        return rc;
    }
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

gm_status gm_atomic_tmpcommit(const char *tmp, const char *path, gm_error *err)
{
    bool direct, exists;
    struct stat st;
    char *target = NULL;
    gm_status rc = resolve(path, false, &target, &direct, &exists, &st, err);
    if (rc != GM_OK) return rc;
    int fd = open(tmp, O_RDONLY);
    if (fd >= 0) {
        take_mode(fd, exists, &st);
        close(fd);
    }
    sigset_t old;
    hold_signals(&old);
    if (rename(tmp, target) != 0)
        rc = gm_fail(err, GM_E_IO, "cannot move the finished file into '%s': %s", path,
                     strerror(errno));
    release_signals(&old);
    free(target);
    return rc;
}

bool gm_same_file(const char *x, const char *y)
{
    struct stat a, b;
    if (stat(x, &a) != 0 || stat(y, &b) != 0) return false;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}
