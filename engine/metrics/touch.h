/* touch.h: which districts each administrative unit (county, ...) touches, kept up to
 * date as units change district. Engine-internal.
 *
 * The one count of split administrative units: the plan extras (splits.c) count a plan
 * from scratch with it, and the generator's county limit (engine/generate) keeps it
 * current move by move. cell[a * k + d] is the number of units of administrative unit a
 * in district d; an administrative unit touches a district while that number is
 * positive. */
#ifndef GM_TOUCH_H
#define GM_TOUCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct gmi_touch {
    size_t n_admin, k;
    uint32_t *cell;          /* [n_admin * k] units of a in district d */
    uint32_t *ndist;         /* [n_admin] districts a touches */
    size_t split;            /* administrative units touching >= 2 districts */
    size_t multi;            /* touching >= 3 */
    size_t pieces;           /* sum over touched units of (districts touching - 1) */
} gmi_touch;

/* A unit of administrative unit a enters district d. */
static inline void gmi_touch_add(gmi_touch *t, size_t a, size_t d)
{
    if (t->cell[a * t->k + d]++ == 0) {
        uint32_t n = ++t->ndist[a];
        t->split += n == 2;
        t->multi += n == 3;
        t->pieces += n >= 2;
    }
}

/* A unit of administrative unit a leaves district d. */
static inline void gmi_touch_remove(gmi_touch *t, size_t a, size_t d)
{
    if (--t->cell[a * t->k + d] == 0) {
        uint32_t n = t->ndist[a]--;
        t->split -= n == 2;
        t->multi -= n == 3;
        t->pieces -= n >= 2;
    }
}

#endif /* GM_TOUCH_H */
