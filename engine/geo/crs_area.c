/* crs_area.c: does a CRS fit the data? Every CRS of the EPSG (and ESRI) registry states
 * the area it is made for (PROJ's proj_get_area_of_use, read here through GDAL's
 * OSRGetAreaOfUse on the same PROJ database). A projected CRS maps any coordinates to
 * some place, so a wrong one (a State Plane zone of another state, feet read as metres)
 * gives no absurd coordinates: it puts the data somewhere else, and every area and length
 * is off (New Hampshire's feet read as North Carolina's metres: areas x10.8). The data
 * then lies mostly outside the CRS's area of use, which is what is tested. */
#include "geo/geo.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Keep the first part of an area name: the registry lists every county of a State
 * Plane zone ("United States (USA) - North Carolina - counties of Alamance; ...") and
 * every state of a national CRS ("... - CONUS onshore - Alabama; Arizona; ..."). */
static void short_name(const char *in, char *out, size_t cap)
{
    snprintf(out, cap, "%s", in ? in : "");
    char *cut = strstr(out, ". ");
    if (cut) *cut = '\0';
    size_t n = strcspn(out, ";:");
    if (out[n]) { /* a list: drop its first item and what introduces it */
        out[n] = '\0';
        char *dash = NULL;
        for (char *p = strstr(out, " - "); p; p = strstr(p + 1, " - ")) dash = p;
        if (dash) *dash = '\0';
    }
    n = strlen(out);
    while (n && (out[n - 1] == '.' || out[n - 1] == ' ')) out[--n] = '\0';
    if (n > 90) memcpy(out + 86, "...", 4);
}

bool gmi_crs_area_of_use(OGRSpatialReferenceH s, double aou[4], char *name, size_t cap)
{
    const char *an = NULL;
    double w, so, e, n;
    bool ok = s && OSRGetAreaOfUse(s, &w, &so, &e, &n, &an);
    OGRSpatialReferenceH t = NULL;
    if (!ok && s) {
        /* A CRS read from a .prj or a WKT carries its registry code but not the usage
         * of the registry's entry: look the code up (a CRS with no code is not guessed
         * at: a near match is no proof of the area the data was made for). */
        const char *auth = OSRGetAuthorityName(s, NULL), *code = OSRGetAuthorityCode(s, NULL);
        char id[96];
        if (auth && code && snprintf(id, sizeof id, "%s:%s", auth, code) < (int)sizeof id) {
            t = OSRNewSpatialReference(NULL);
            ok = t && OSRSetFromUserInput(t, id) == OGRERR_NONE &&
                 OSRGetAreaOfUse(t, &w, &so, &e, &n, &an);
        }
    }
    if (ok && !(isfinite(w) && isfinite(so) && isfinite(e) && isfinite(n) && so <= n &&
                w >= -180 && w <= 180 && e >= -180 && e <= 180))
        ok = false;
    if (ok) {
        aou[0] = w;
        aou[1] = so;
        aou[2] = e;
        aou[3] = n;
        if (name && cap) short_name(an, name, cap);
    }
    if (t) OSRRelease(t);
    return ok;
}

/* Length of [a0, a1] inside [b0, b1], as a share of [a0, a1] (a point: 1 or 0). */
static double overlap(double a0, double a1, double b0, double b1)
{
    if (a1 <= a0) return a0 >= b0 && a0 <= b1 ? 1.0 : 0.0;
    double lo = fmax(a0, b0), hi = fmin(a1, b1);
    return hi > lo ? (hi - lo) / (a1 - a0) : 0.0;
}

double gmi_aou_share(const double aou[4], const double ll[4], double margin)
{
    double w = aou[0] - margin, e = aou[2] + margin;
    double s = aou[1] - margin, n = aou[3] + margin;
    double x0 = ll[0], x1 = ll[2];
    if (aou[0] > aou[2]) { /* the area crosses the antimeridian: unwrap it and the box */
        e += 360;
        if (x1 < w) {
            x0 += 360;
            x1 += 360;
        }
    }
    if (e - w >= 360) return overlap(ll[1], ll[3], s, n);
    return overlap(x0, x1, w, e) * overlap(ll[1], ll[3], s, n);
}

void gmi_crs_describe(OGRSpatialReferenceH s, char *out, size_t cap)
{
    const char *nm = s ? OSRGetName(s) : NULL, *auth = s ? OSRGetAuthorityName(s, NULL) : NULL,
               *code = s ? OSRGetAuthorityCode(s, NULL) : NULL;
    if (auth && code)
        snprintf(out, cap, "'%.120s' (%s:%s)", nm ? nm : "?", auth, code);
    else
        snprintf(out, cap, "'%.120s'", nm ? nm : "?");
}
