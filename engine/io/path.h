/* path.h: which paths reach the network (io/path.c). Engine-internal, no GDAL types. */
#ifndef GM_IO_PATH_H
#define GM_IO_PATH_H

#include <stdbool.h>

#include "gerrymeter/gm_core.h"

/* True when a path (or any text holding one) names a network location: a URL, a
 * /vsicurl/-family file system anywhere in it, or a server driver's connection string. */
bool gmi_path_is_network(const char *p);

/* For files the engine reads with the C library (CSV, graph, ensemble files): GM_OK
 * for a local path; a network path is GM_E_ARG (GM_HINT_ALLOW_NETWORK while the network
 * is not allowed; such files cannot be read remotely even when it is). */
gm_status gmi_path_check_local(const char *path, gm_error *err);

#endif /* GM_IO_PATH_H */
