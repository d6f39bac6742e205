/* fuzz_opts.c: option values (cli/opts.c) and the path/label helpers they feed.
 *
 * The input is split at NUL bytes into up to eight strings, each handed to every
 * value parser. Properties checked: a parser either fills its output with a value in
 * range or fails; a network-looking path is never accepted while the network is off;
 * gm_label_cmp is antisymmetric and transitive on the strings given. */
#include "opts.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* The parsers print usage messages to stderr; scripts/fuzz.sh runs this target
     * with -close_fd_mask=2 (libFuzzer still prints its own reports). */
    gm_set_allow_network(false);
    return 0;
}

static int sgn(int x) { return (x > 0) - (x < 0); }

static void one(const char *s)
{
    double d = NAN;
    if (gmc_parse_double("--x", s, -1.0, 1.0, &d) == 0 && !(d >= -1.0 && d <= 1.0)) abort();
    long l = 0;
    if (gmc_parse_long("--n", s, 1, 65536, &l) == 0 && (l < 1 || l > 65536)) abort();
    gmc_format fm;
    if (gmc_parse_format(s, 0x7f, &fm) == 0 && (unsigned)fm > GMC_SVG) abort();
    gm_units_spec spec;
    memset(&spec, 0, sizeof spec);
    char store[256];
    if (gmc_parse_votes(s, &spec, store, sizeof store) == 0) {
        if (spec.n_parties < 1 || spec.n_parties > GM_MAX_PARTIES) abort();
        for (size_t p = 0; p < spec.n_parties; p++)
            if (!spec.party[p][0] || !spec.vote_field[p][0]) abort();
    }
    gmc_source src;
    memset(&src, 0, sizeof src);
    (void)gmc_source_opt(&src, 1011, s);
    char *path = NULL, *layer = NULL;
    gm_error err;
    if (gm_split_path_layer(s, &path, &layer, &err) == GM_OK) {
        if (!path) abort();
        free(path);
        free(layer);
    }
    char *g = NULL;
    gm_status rc = gm_resolve_source(s, &g, &err);
    if (rc == GM_OK) {
        /* a PostgreSQL connection string ("PG:key=value ...") is a URL only when it is
         * written as one; "://" inside a keyword's value is not (libpq reads no host from it) */
        bool pg = !strncasecmp(s, "PG:", 3);
        bool pg_uri = pg && (!strncasecmp(s + 3, "postgresql://", 13) || !strncasecmp(s + 3, "postgres://", 11));
        if ((!pg && strstr(s, "://")) || pg_uri || strstr(s, "/vsicurl") || strstr(s, "/vsis3") ||
            strstr(s, "/vsiaz"))
            abort();
        free(g);
    }
    (void)gm_plan_detect(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    const char *str[8];
    size_t n = 0;
    for (size_t i = 0; i <= size && n < 8;) {
        str[n++] = buf + i;
        i += strlen(buf + i) + 1;
    }
    for (size_t i = 0; i < n; i++) one(str[i]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int ab = sgn(gm_label_cmp(str[i], str[j])), ba = sgn(gm_label_cmp(str[j], str[i]));
            if (ab != -ba) abort();
            for (size_t k = 0; k < n; k++) {
                int bc = sgn(gm_label_cmp(str[j], str[k])), ac = sgn(gm_label_cmp(str[i], str[k]));
                if (ab <= 0 && bc <= 0 && ac > 0) abort(); /* a <= b <= c but a > c */
            }
        }
    free(buf);
    return 0;
}
