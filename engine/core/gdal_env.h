/* gdal_env.h: the engine's GDAL settings, scoped to the calling thread, and the list
 * of GDAL drivers that reach the network. Engine-internal (core/init.c).
 *
 * gm_init() changes nothing in GDAL but its driver list. Engine code that calls GDAL
 * brackets the work with gmi_gdal_enter()/gmi_gdal_leave() on one thread (an open
 * layer holds the bracket from gmi_layer_open() to gmi_layer_close()): inside it GDAL
 * is quiet (a pushed CPLQuietErrorHandler; messages are read back with
 * CPLGetLastErrorMsg()) and, while the network is not allowed, thread-local config
 * options make the /vsicurl/ family refuse every path, GDAL's HTTP fetches fail
 * without a request (a pushed fetch callback) and GML schemas are not downloaded.
 * Brackets nest; the outermost one applies and restores the settings. */
#ifndef GM_GDAL_ENV_H
#define GM_GDAL_ENV_H

#include <stdbool.h>

void gmi_gdal_enter(void);
void gmi_gdal_leave(void);

/* True for a driver that talks to servers (web services, databases) or runs another
 * program instead of reading a local file (WFS, PostgreSQL, GPSBabel, ...). */
bool gmi_driver_is_network(const char *short_name);

/* The drivers a source may be opened with under the current network policy: NULL
 * (every driver) when the network is allowed, else every registered driver but the
 * network ones, as a GDAL string list for GDALOpenEx (free with CSLDestroy). */
char **gmi_gdal_allowed_drivers(void);

#endif /* GM_GDAL_ENV_H */
