/* lazy_libs.c: GDAL, GEOS and PROJ loaded on their first use (the build option
 * GERRYMETER_LAZY_LIBS; core/lazy_stubs.S holds the stubs every engine call goes
 * through). A run that never calls GDAL never loads it: reading units and their graph
 * from a graph file, say, starts in milliseconds instead of a tenth of a second.
 *
 * gmi_lazy_resolve(i) is entered from a stub's first call: it loads the function's
 * library (once per library, by the soname the build linked against), looks the
 * function up and stores its address in the stub's slot, so later calls jump straight
 * to it. The first time GDAL is loaded, the engine's deferred GDAL set-up runs
 * (gmi_lazy_on_gdal; core/init.c's drivers, error handler and network lock-down), on
 * the loading thread and before any other thread may call into GDAL. A library that
 * cannot be loaded ends the process as the dynamic linker would have at start-up, with
 * its message and status 127: the engine has no caller to return an error to from
 * inside someone else's function call. */
#include "core/lazy.h"

#if GM_LAZY_LIBS

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/lazy_syms.h"

enum { GDAL, GEOS, PROJ, N_LIBS };

static const char *const lib_soname[N_LIBS] = {GM_SONAME_GDAL, GM_SONAME_GEOS, GM_SONAME_PROJ};

#define NAME_OF(lib, name) #name,
#define LIB_OF(lib, name) lib,
static const char *const sym_name[] = {GMI_LAZY_SYMS(NAME_OF)};
static const unsigned char sym_lib[] = {GMI_LAZY_SYMS(LIB_OF)};
#define N_SYMS (sizeof sym_lib / sizeof sym_lib[0])

extern void *gmi_lazy_slots[];            /* lazy_stubs.S, one per function */
void *gmi_lazy_resolve(size_t i);         /* called from lazy_stubs.S only */

static void *g_handle[N_LIBS];
static int g_gdal_ready;                  /* GDAL loaded and its set-up run */
static void (*g_on_gdal)(void);           /* that set-up */
static pthread_once_t g_once[N_LIBS] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};
static _Thread_local int t_loading;      /* inside GDAL's set-up on this thread */

static void fatal(const char *what, const char *name)
{
    const char *why = dlerror();
    char msg[512];
    int n = snprintf(msg, sizeof msg, "gerrymeter: cannot load %s%s%s: %s\n", what,
                     name ? ", function " : "", name ? name : "", why ? why : "not found");
    if (n > 0) {
        ssize_t w = write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
        (void)w;
    }
    _exit(127);
}

static void open_lib(int lib)
{
    g_handle[lib] = dlopen(lib_soname[lib], RTLD_LAZY | RTLD_LOCAL);
    if (!g_handle[lib]) fatal(lib_soname[lib], NULL);
    if (lib == GDAL) {
        t_loading = 1;
        if (g_on_gdal) g_on_gdal();
        t_loading = 0;
        __atomic_store_n(&g_gdal_ready, 1, __ATOMIC_RELEASE);
    }
}
static void open_gdal(void) { open_lib(GDAL); }
static void open_geos(void) { open_lib(GEOS); }
static void open_proj(void) { open_lib(PROJ); }
static void (*const opener[N_LIBS])(void) = {open_gdal, open_geos, open_proj};

void *gmi_lazy_resolve(size_t i)
{
    if (i >= N_SYMS) fatal("a library", "(unknown stub)");
    int lib = sym_lib[i];
    /* GDAL's set-up calls GDAL: on the thread running it, the handle is already open */
    if (!(lib == GDAL && t_loading)) pthread_once(&g_once[lib], opener[lib]);
    void *p = dlsym(g_handle[lib], sym_name[i]);
    if (!p) fatal(lib_soname[lib], sym_name[i]);
    __atomic_store_n(&gmi_lazy_slots[i], p, __ATOMIC_RELEASE);
    return p;
}

bool gmi_lazy_gdal_loaded(void)
{
    return __atomic_load_n(&g_gdal_ready, __ATOMIC_ACQUIRE) != 0;
}

void gmi_lazy_on_gdal(void (*fn)(void)) { g_on_gdal = fn; }

#else

bool gmi_lazy_gdal_loaded(void) { return true; }

void gmi_lazy_on_gdal(void (*fn)(void)) { (void)fn; }

#endif
