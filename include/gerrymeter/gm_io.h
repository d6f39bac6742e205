/* gm_io.h: source paths, and output files that are never half-written.
 *
 * gm_split_path_layer() and gm_resolve_source() turn a path as a user writes it into the
 * path GDAL opens (engine/io/path.c).
 *
 * gm_atomic_open() creates a temporary file beside the target (same directory, so
 * the final rename is atomic); gm_atomic_commit() flushes, fsyncs and renames it over
 * the target; gm_atomic_abort() removes it. A crash or signal between the two leaves
 * the previous target untouched.
 *
 * The target is the file the path leads to: through symbolic links (a link stays a
 * link; its file is replaced, and a dangling link's file created), with the replaced
 * file's mode (and owner, where allowed); a new file gets 0644. A read-only file (no
 * write bit, or not writable by this user), a directory, or a loop of links is refused
 * with GM_E_IO naming the path. A device or a pipe (/dev/stdout, /dev/null) is written
 * in place, without a temporary file. Every output of the engine and of the CLI goes
 * through here: gm_atomic_open/commit for streams, gm_atomic_tmpname/tmpcommit for
 * writers that create their file themselves (GDAL). */
#ifndef GM_IO_H
#define GM_IO_H

#include <stdio.h>

#include "gm_core.h"

GM_BEGIN_DECLS

/* Split "PATH:LAYER" into path and layer when PATH exists as written up to the last
 * ':' and the remainder is not a Windows drive letter. A PostgreSQL connection string
 * "PG:dbname=x host=/tmp:TABLE" (or ":SCHEMA.TABLE") is split at its last ':' when
 * what follows starts with a letter, '_' or '"' and holds no blank, '=', quote, '/' or
 * backslash. Writes malloc'd strings the caller frees; *layer is NULL when no layer
 * suffix is present. */
gm_status gm_split_path_layer(const char *arg, char **path, char **layer, gm_error *err);

/* Turn a user path into the GDAL path to open: "x.zip" -> "/vsizip/<abs>/x.zip".
 * Refuses network paths unless gm_set_allow_network(true); a "PG:" connection string
 * to a server on this machine (a Unix socket, localhost, a loopback address, or no
 * host) is not one. Returns a malloc'd string. */
gm_status gm_resolve_source(const char *path, char **gdal_path, gm_error *err);

typedef struct gm_atomic {
    FILE *f;             /* stream to write to */
    char *target;        /* the file replaced: the path through its links (owned) */
    char *tmp;           /* temporary path (owned); NULL when written in place */
} gm_atomic;

/* The file a write to path replaces: path itself, or the file its symbolic links lead
 * to (which may not exist yet). *target is malloc'd. Errors (GM_E_IO, naming path): a
 * read-only file, a directory, anything but a regular file, a loop of links. */
gm_status gm_atomic_target(const char *path, char **target, gm_error *err);

/* Open a temporary file beside `path`. GM_E_IO names the directory on failure. */
gm_status gm_atomic_open(gm_atomic *a, const char *path, gm_error *err);
/* Close, fsync and rename over the target. Frees the record's strings. */
gm_status gm_atomic_commit(gm_atomic *a, gm_error *err);
/* Close and delete the temporary file. Safe to call twice and after commit. */
void gm_atomic_abort(gm_atomic *a);

/* Reserve a temporary path beside the file `path` leads to (gm_atomic_target: refused
 * when read-only), for writers that create the file themselves (GDAL). Writes a
 * malloc'd path into *tmp. The writer moves the finished file into place with
 * gm_atomic_tmpcommit (or removes it), then calls gm_atomic_tmpdone(*tmp). */
gm_status gm_atomic_tmpname(const char *path, char **tmp, gm_error *err);
/* The same, with the temporary name ending in ext (".fgb"): for a writer that picks
 * what it writes from the name's extension (GDAL's FlatGeobuf driver makes a folder of
 * layers for a name without ".fgb"). */
gm_status gm_atomic_tmpname_ext(const char *path, const char *ext, char **tmp, gm_error *err);
/* Move the finished file tmp over the file `path` leads to, with that file's mode. */
gm_status gm_atomic_tmpcommit(const char *tmp, const char *path, gm_error *err);
void gm_atomic_tmpdone(const char *tmp);

/* Temporary files in flight, for a program that removes them when it is interrupted
 * (the CLI's SIGINT/SIGTERM handler). When set, `created` is called with every
 * temporary path the engine creates (gm_atomic_open; for gm_atomic_tmpname also the
 * SQLite side files "-journal", "-wal", "-shm" a GeoPackage writer makes) and
 * `finished` with each once it is renamed or removed. SIGINT and SIGTERM are held
 * while a file and its hook call change together, so a handler never misses a file.
 * Either hook may be NULL. Process-wide; set before any output is opened. */
typedef void (*gm_tmp_hook)(const char *path);
void gm_set_tmp_hooks(gm_tmp_hook created, gm_tmp_hook finished);

/* True when the two paths name the same existing file (device + inode). */
bool gm_same_file(const char *a, const char *b);

GM_END_DECLS
#endif
