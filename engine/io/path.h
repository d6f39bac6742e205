/* path.h: which paths reach the network (io/path.c). Engine-internal, no GDAL types. */
#ifndef GM_IO_PATH_H
#define GM_IO_PATH_H

#include <stdbool.h>

#include "gerrymeter/gm_core.h"

/* True when a path (or any text holding one) names a network location: a URL, a
 * /vsicurl/-family file system anywhere in it, or a server driver's connection string
 * (but a PostgreSQL server on this machine: gmi_pg_is_local). */
bool gmi_path_is_network(const char *p);

/* True for a PostgreSQL connection string, "PG:..." (any case). */
bool gmi_path_is_pg(const char *p);

/* True for a "PG:" connection string whose server is on this machine: every host and
 * hostaddr it names (or, when it names none, PGHOST and PGHOSTADDR) is a Unix socket
 * directory, "localhost" or a loopback address (127.0.0.0/8, ::1), or there is none
 * (libpq's default socket). A service (service=, PGSERVICE), whose host is in a file,
 * and a URI ("PG:postgresql://...") are not known to be local. */
bool gmi_pg_is_local(const char *conn);

/* For files the engine reads with the C library (CSV, graph, ensemble files): GM_OK
 * for a local path; a network path is GM_E_ARG (GM_HINT_ALLOW_NETWORK while the network
 * is not allowed; such files cannot be read remotely even when it is). */
gm_status gmi_path_check_local(const char *path, gm_error *err);

#endif /* GM_IO_PATH_H */
