/* constants.h: mathematical constants and angle conversions shared by the engine.
 * Engine-internal (tests include it too).
 *
 * The conversions are written once so that every caller rounds alike: degrees to
 * radians multiplies by pi first and divides by 180 last, radians to degrees
 * multiplies by the folded constant 180 / pi. Changing either form changes the last
 * bits of compactness and declination figures. */
#ifndef GM_CONSTANTS_H
#define GM_CONSTANTS_H

/* pi to the precision of a double (and beyond). */
#define GM_PI 3.14159265358979323846

/* Degrees to radians: d * pi / 180. */
static inline double gmi_deg2rad(double d)
{
    return d * GM_PI / 180;
}

/* Radians to degrees: r * (180 / pi). */
static inline double gmi_rad2deg(double r)
{
    return r * (180.0 / GM_PI);
}

#endif
