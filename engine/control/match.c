/* match.c: the map in force for a state's election in a given year. */
#include "control/control.h"

#include <stdio.h>
#include <string.h>

/* Day of week, 0 = Sunday (Sakamoto's method, Gregorian calendar). */
static int weekday(int y, int m, int d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3) y -= 1;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

void gmi_election_day(int y, char *buf)
{
    /* The Tuesday after the first Monday of November falls on November 2..8. */
    int d = 2;
    while (weekday(y, 11, d) != 2) d++;
    snprintf(buf, 11, "%04d-11-%02d", y % 10000, d);
}

long gmi_control_map_in_force(const gm_control_table *ct, const char *state, const char *chamber,
                              int year)
{
    long best = -1;
    char day[16];
    gmi_election_day(year, day);
    for (size_t i = 0; i < ct->n; i++) {
        const gm_control_row *r = &ct->row[i];
        if (strcmp(r->state, state)) continue;
        if (ct->has_chamber && strcmp(r->chamber, chamber ? chamber : "")) continue;
        if (ct->dated) {
            /* In force on election day: start_date <= day < end_date (ISO dates compare as
             * strings). Of several, the one that started last (a redraw replaces a map). */
            if (strcmp(r->start_date, day) > 0) continue;
            if (*r->end_date && strcmp(r->end_date, day) <= 0) continue;
            if (best < 0 || strcmp(r->start_date, ct->row[best].start_date) >= 0) best = (long)i;
        } else {
            /* The map first used at or before this election, latest first; a map replaced
             * mid-decade (last_year) no longer applies after its last election. */
            if (r->cycle > year) continue;
            if (best >= 0 && ct->row[best].cycle >= r->cycle) continue;
            best = (long)i;
        }
    }
    if (best >= 0 && !ct->dated && ct->row[best].last_year && ct->row[best].last_year < year)
        return -1;
    return best;
}
