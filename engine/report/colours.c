/* colours.c: the one rule for which colour a party is drawn in, and the map's diverging
 * margin scale built from it.
 *
 * A party's colour depends on its name, never on the order the parties were given:
 * Democratic names (D, DEM, DFL, Democrat...) are blue, Republican names (R, REP, GOP,
 * Republican...) red. A party with any other name gets a hue of a neutral pair, purple
 * or orange (ColorBrewer PuOr), chosen so the two parties of a page never share a hue:
 * against blue it is orange, against red purple, and of two unknown names the first is
 * purple and the second orange. Blue/red (RdBu), purple/orange (PuOr), blue/orange and
 * red/purple stay apart for the common forms of colour blindness. Every ramp has four
 * steps from light to dark, the halves of the ColorBrewer diverging schemes. */
#include "report/report.h"

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

/* Four steps per hue, light to dark. */
static const char *const ramps[GMI_HUE_N][4] = {
    [GMI_HUE_BLUE] = {"#d1e5f0", "#92c5de", "#4393c3", "#2166ac"},
    [GMI_HUE_RED] = {"#fddbc7", "#f4a582", "#d6604d", "#b2182b"},
    [GMI_HUE_PURPLE] = {"#d8daeb", "#b2abd2", "#8073ac", "#542788"},
    [GMI_HUE_ORANGE] = {"#fee0b6", "#fdb863", "#e08214", "#b35806"},
};

void gmi_party_hues(const char *a, const char *b, gmi_hue *ha, gmi_hue *hb)
{
    /* which party a name is: the one rule of gm_party_kind_of (units/party.c) */
    gm_party_kind ka = a ? gm_party_kind_of(a) : GM_PARTY_OTHER,
                  kb = b ? gm_party_kind_of(b) : GM_PARTY_OTHER;
    if (ka == kb) ka = kb = GM_PARTY_OTHER; /* two Democratic names: neither is "the" D */
    gmi_hue h[2];
    gm_party_kind k[2] = {ka, kb};
    for (int i = 0; i < 2; i++) {
        gm_party_kind other = k[1 - i];
        h[i] = k[i] == GM_PARTY_DEM   ? GMI_HUE_BLUE
               : k[i] == GM_PARTY_REP ? GMI_HUE_RED
               : other == GM_PARTY_DEM ? GMI_HUE_ORANGE
               : other == GM_PARTY_REP ? GMI_HUE_PURPLE
               : i == 0                 ? GMI_HUE_PURPLE
                                        : GMI_HUE_ORANGE;
    }
    *ha = h[0];
    *hb = h[1];
}

const char *gmi_hue_colour(gmi_hue h, int step)
{
    if ((int)h < 0 || h >= GMI_HUE_N) return "#cccccc";
    return ramps[h][step < 0 ? 0 : step > 3 ? 3 : step];
}

const char *gmi_party_colour(const char *name, const char *other)
{
    gmi_hue h, ho;
    gmi_party_hues(name, other, &h, &ho);
    return gmi_hue_colour(h, 3);
}

/* ---- the margin scale ---------------------------------------------------------------- */

/* Share cut points: below 35 % is m0 (safe b) ... 65 % and over m7 (safe a). */
static const double cuts[7] = {0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65};
static const char *const classes[8] = {"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"};

const char *gmi_margin_class(double share)
{
    if (!isfinite(share)) return "mn";
    if (share == 0.5) return "mt";
    int i = 0;
    while (i < 7 && share >= cuts[i]) i++;
    /* share in (0.5, 0.55) lands in m4, (0.45, 0.5) in m3: the tie point splits them. */
    return classes[i];
}

const char *gmi_margin_fill(const char *a, const char *b, int i)
{
    if (i < 0 || i > 7) return "#cccccc";
    gmi_hue ha, hb;
    gmi_party_hues(a, b, &ha, &hb);
    /* m0..m3: b's ramp from dark to light; m4..m7: a's from light to dark. */
    return i < 4 ? gmi_hue_colour(hb, 3 - i) : gmi_hue_colour(ha, i - 4);
}

void gmi_margin_range(int i, double *lo, double *hi)
{
    *lo = i == 0 ? 0.0 : cuts[i - 1];
    *hi = i == 7 ? 1.0 : cuts[i];
}

void gmi_margin_css(gm_sink *f, const char *scope, const char *a, const char *b)
{
    for (int i = 0; i < 8; i++)
        gm_sink_printf(f, "%s .%s{fill:%s}", scope ? scope : "", classes[i],
                       gmi_margin_fill(a, b, i));
}
