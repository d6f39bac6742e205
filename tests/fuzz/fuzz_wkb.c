/* fuzz_wkb.c: compactness from raw WKB polygons (gm_compact_from_wkb: WKB parsing,
 * make-valid repair, projection, area/perimeter, hull, minimum bounding circle and
 * rectangle). The input is up to four WKB blobs, each prefixed by one length byte
 * (a prefix of 0 takes the rest of the input).
 * Properties: on success one result per blob; for district-sized shapes each
 * ratio-type score lies in [0, 1] (with a small tolerance) or is NaN. */
#include "gerrymeter/gm_compact.h"

#include <ogr_api.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gm_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const unsigned char *wkb[4];
    size_t len[4], k = 0, i = 0;
    while (i < size && k < 4) {
        size_t n = data[i++];
        if (n == 0 || n > size - i) n = size - i;
        wkb[k] = data + i;
        len[k++] = n;
        i += n;
    }
    if (k == 0) return 0;
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    gm_compact *c = NULL;
    gm_error err;
    gm_error_clear(&err);
    if (gm_compact_from_wkb(k, wkb, len, NULL, NULL, &o, &c, &err) != GM_OK) {
        if (c || !err.msg[0]) abort();
        return 0;
    }
    if (c->k != k) abort();
    static const gm_compact_metric ratio[] = {GM_CM_POLSBY_POPPER, GM_CM_REOCK, GM_CM_CONVEX_HULL,
                                              GM_CM_LENGTH_WIDTH, GM_CM_BOUNDING_BOX};
    for (size_t d = 0; d < k; d++) {
        /* The bounds hold for district-sized shapes. Continental ones need not obey them
         * (on the sphere 4 pi A may exceed P^2), so check only shapes within 5 degrees. */
        OGRGeometryH og = NULL;
        OGREnvelope env;
        if (OGR_G_CreateFromWkbEx(wkb[d], NULL, &og, len[d]) != OGRERR_NONE || !og) continue;
        OGR_G_GetEnvelope(og, &env);
        OGR_G_DestroyGeometry(og);
        if (!(env.MaxX - env.MinX < 5 && env.MaxY - env.MinY < 5 && fabs(env.MinY) < 80 &&
              fabs(env.MaxY) < 80 && fabs(env.MinX) < 180 && fabs(env.MaxX) < 180))
            continue;
        for (size_t m = 0; m < sizeof ratio / sizeof ratio[0]; m++) {
            double v = c->m[ratio[m]][d];
            if (!isnan(v) && !(v >= -1e-9 && v <= 1 + 1e-6)) {
                fprintf(stderr, "district %zu: %s = %.17g, outside [0, 1]\n", d,
                        gm_compact_metric_name(ratio[m]), v);
                abort();
            }
        }
    }
    gm_compact_destroy(c);
    return 0;
}
