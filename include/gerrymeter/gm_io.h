/* gm_io.h: source paths, and output files that are never half-written.
 *
 * gm_split_path_layer() and gm_resolve_source() turn a path as a user writes it into the
 * path GDAL opens (engine/io/path.c).
 *
 * gm_atomic_open() creates a temporary file beside the target (same directory, so
 * the final rename is atomic); gm_atomic_commit() flushes, fsyncs and renames it over
 * the target; gm_atomic_abort() removes it. A crash or signal between the two leaves
 * the previous target untouched. */
#ifndef GM_IO_H
#define GM_IO_H

#include <stdio.h>

#include "gm_core.h"

GM_BEGIN_DECLS

/* Split "PATH:LAYER" into path and layer when PATH exists as written up to the last
 * ':' and the remainder is not a Windows drive letter. Writes malloc'd strings the
 * caller frees; *layer is NULL when no layer suffix is present. */
gm_status gm_split_path_layer(const char *arg, char **path, char **layer, gm_error *err);

/* Turn a user path into the GDAL path to open: "x.zip" -> "/vsizip/<abs>/x.zip".
 * Refuses network paths unless gm_set_allow_network(true). Returns a malloc'd string. */
gm_status gm_resolve_source(const char *path, char **gdal_path, gm_error *err);

typedef struct gm_atomic {
    FILE *f;             /* stream to write to */
    char *target;        /* final path (owned) */
    char *tmp;           /* temporary path (owned) */
} gm_atomic;

/* Open a temporary file beside `path`. GM_E_IO names the directory on failure. */
gm_status gm_atomic_open(gm_atomic *a, const char *path, gm_error *err);
/* Close, fsync and rename over the target. Frees the record's strings. */
gm_status gm_atomic_commit(gm_atomic *a, gm_error *err);
/* Close and delete the temporary file. Safe to call twice and after commit. */
void gm_atomic_abort(gm_atomic *a);

/* Reserve a temporary path beside `path` for writers that create the file themselves
 * (GDAL). Writes a malloc'd path into *tmp. The writer calls gm_atomic_tmpdone(*tmp)
 * once the file is renamed into place or removed. */
gm_status gm_atomic_tmpname(const char *path, char **tmp, gm_error *err);
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
