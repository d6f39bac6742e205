/* lazy.h: whether GDAL is loaded yet (core/lazy_libs.c). Engine-internal.
 *
 * Built with GERRYMETER_LAZY_LIBS (the default on x86-64 Linux), the engine loads GDAL,
 * GEOS and PROJ on its first call into each; without it they are linked as usual and
 * GDAL counts as loaded from the start. */
#ifndef GM_LAZY_H
#define GM_LAZY_H

#include <stdbool.h>

/* True once GDAL is loaded and set up: GDAL calls now are cheap. gm_init() uses it to
 * defer its GDAL set-up until then (gmi_gdal_loaded in core/init.c). */
bool gmi_lazy_gdal_loaded(void);

/* Run fn once, on the loading thread, when GDAL is loaded, before any other thread may
 * call into it (core/init.c: the engine's GDAL set-up). Set before GDAL is loaded;
 * without lazy loading it is never called. */
void gmi_lazy_on_gdal(void (*fn)(void));

#endif /* GM_LAZY_H */
