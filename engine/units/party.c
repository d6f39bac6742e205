/* party.c: what a party label and a vote field's name say about the party, and the
 * check every vote source runs on the fields it is given for the parties (one field for
 * two parties is refused; fields whose names look like the other party's are warned
 * about). */
#include "units/units_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Names of the two major US parties, upper case, without blanks or punctuation. */
static const char *const dem_words[] = {"D",          "DEM",        "DEMS", "DEMOCRAT",
                                        "DEMOCRATS",  "DEMOCRATIC", "DFL",  "DEMOCRATICFARMERLABOR",
                                        "DEMOCRATICNPL", "DEMNPL",  NULL};
static const char *const rep_words[] = {"R",         "REP",         "REPS", "REPUBLICAN",
                                        "REPUBLICANS", "GOP",       NULL};

static bool in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(s, list[i])) return true;
    return false;
}

/* s[0..n) upper-cased, letters and digits only, into buf (cap > 0). */
static void normalise(const char *s, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && s[i] && o + 1 < cap; i++)
        if (isalnum((unsigned char)s[i])) buf[o++] = (char)toupper((unsigned char)s[i]);
    buf[o] = '\0';
}

/* The kind of a party word (s[0..n)) when it is exactly one of the names above. */
static gm_party_kind word_kind(const char *s, size_t n)
{
    char b[64];
    if (n == 0 || n >= sizeof b) return GM_PARTY_OTHER;
    normalise(s, n, b, sizeof b);
    if (in_list(b, dem_words)) return GM_PARTY_DEM;
    if (in_list(b, rep_words)) return GM_PARTY_REP;
    return GM_PARTY_OTHER;
}

gm_party_kind gm_party_kind_of(const char *label)
{
    return label ? word_kind(label, strlen(label)) : GM_PARTY_OTHER;
}

/* VEST's names (G16PREDCli, G18USHRSmi): a letter for the election, two digits for the
 * year, three capitals for the office, the party letter, and three letters of the
 * candidate's name with the last two in lower case. */
static bool vest_name(const char *f, char *party)
{
    if (strlen(f) != 10) return false;
    if (!isupper((unsigned char)f[0]) || !isdigit((unsigned char)f[1]) || !isdigit((unsigned char)f[2]))
        return false;
    for (int i = 3; i < 8; i++)
        if (!isupper((unsigned char)f[i])) return false;
    if (!islower((unsigned char)f[8]) || !islower((unsigned char)f[9])) return false;
    *party = f[6];
    return true;
}

/* What a vote field's name alone says about its party: GM_PARTY_DEM or GM_PARTY_REP when
 * one convention reads it clearly, else GM_PARTY_OTHER (another party, or nothing
 * clear). Conventions: VEST's party letter (G16PREDCli); a party code after the last
 * digit (MGGG's USH16D, PRES16R); or exactly one party word among the name's parts split
 * at anything but letters and digits (dem_votes, REP). A name that holds words of both
 * parties (US_REP_DEM: "REP" may mean representative) says nothing. */
static gm_party_kind field_kind(const char *f)
{
    char v;
    if (vest_name(f, &v)) return v == 'D' ? GM_PARTY_DEM : v == 'R' ? GM_PARTY_REP : GM_PARTY_OTHER;
    const char *last_digit = NULL;
    for (const char *c = f; *c; c++)
        if (isdigit((unsigned char)*c)) last_digit = c;
    if (last_digit && last_digit[1]) {
        const char *t = last_digit + 1;
        bool letters = true;
        for (const char *c = t; *c; c++) letters = letters && isalpha((unsigned char)*c);
        if (letters) {
            gm_party_kind k = word_kind(t, strlen(t));
            if (k != GM_PARTY_OTHER) return k;
        }
    }
    bool dem = false, rep = false;
    for (const char *c = f; *c;) {
        while (*c && !isalnum((unsigned char)*c)) c++;
        const char *s = c;
        while (*c && isalnum((unsigned char)*c)) c++;
        if (c > s) {
            gm_party_kind k = word_kind(s, (size_t)(c - s));
            dem = dem || k == GM_PARTY_DEM;
            rep = rep || k == GM_PARTY_REP;
        }
    }
    return dem == rep ? GM_PARTY_OTHER : dem ? GM_PARTY_DEM : GM_PARTY_REP;
}

/* The parts of two names that tell them apart (their common prefix and suffix taken
 * off), read as party words: USREPDFL / USREPR -> DFL / R, dem_votes / rep_votes ->
 * dem / rep. Both must be party words, else both kinds are GM_PARTY_OTHER. */
static void pair_kinds(const char *x, const char *y, gm_party_kind *kx, gm_party_kind *ky)
{
    size_t nx = strlen(x), ny = strlen(y), p = 0, s = 0;
    *kx = *ky = GM_PARTY_OTHER;
    while (p < nx && p < ny && toupper((unsigned char)x[p]) == toupper((unsigned char)y[p])) p++;
    while (s < nx - p && s < ny - p &&
           toupper((unsigned char)x[nx - 1 - s]) == toupper((unsigned char)y[ny - 1 - s]))
        s++;
    gm_party_kind a = word_kind(x + p, nx - p - s), b = word_kind(y + p, ny - p - s);
    if (a != GM_PARTY_OTHER && b != GM_PARTY_OTHER) {
        *kx = a;
        *ky = b;
    }
}

static const char *kind_word(gm_party_kind k)
{
    return k == GM_PARTY_DEM ? "Democratic" : "Republican";
}

gm_status gmi_party_fields_check(const char *source, const char *what, const char *const *party,
                                 const char *const *field, const int *idx, size_t n,
                                 gm_warnings *w, gm_error *err)
{
    for (size_t p = 0; p < n; p++)
        for (size_t q = p + 1; q < n; q++)
            if (idx[p] == idx[q])
                return gm_fail(err, GM_E_ARG,
                               "%s: %s '%s' is given for two parties (%s and %s); give each "
                               "party the %s that holds its own votes",
                               source, what, field[p], party[p], party[q], what);
    /* each field's kind: the pair rule for the two compared parties, else the name alone */
    gm_party_kind fk[GM_MAX_PARTIES];
    for (size_t p = 0; p < n && p < GM_MAX_PARTIES; p++) fk[p] = field_kind(field[p]);
    if (n >= 2) {
        gm_party_kind a, b;
        pair_kinds(field[0], field[1], &a, &b);
        if (a != GM_PARTY_OTHER) {
            fk[0] = a;
            fk[1] = b;
        }
    }
    char msg[768];
    size_t used = 0, hits = 0;
    msg[0] = '\0';
    for (size_t p = 0; p < n && p < GM_MAX_PARTIES; p++) {
        gm_party_kind lk = gm_party_kind_of(party[p]);
        if (lk == GM_PARTY_OTHER || fk[p] == GM_PARTY_OTHER || fk[p] == lk) continue;
        int m = snprintf(msg + used, sizeof msg - used, "%s%s%s'%s' is given for %s but its name looks %s",
                         hits ? ", and " : "", hits ? "" : what, hits ? "" : " ", field[p], party[p], kind_word(fk[p]));
        if (m > 0) used += (size_t)m < sizeof msg - used ? (size_t)m : sizeof msg - used - 1;
        hits++;
    }
    if (hits &&
        gm_warn(w, "vote_fields_look_swapped",
                "%s: %s; check which %s holds which party's votes (every share, seat and sign "
                "depends on it)",
                source, msg, what) != GM_OK)
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    return GM_OK;
}
