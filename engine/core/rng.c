/* rng.c: xoshiro256** and splitmix64 (rng.h). */
#include "core/rng.h"

#include <math.h>

#include "core/constants.h"

uint64_t gmi_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t gmi_splitmix64(uint64_t *x)
{
    return gmi_mix64(*x += 0x9e3779b97f4a7c15ULL);
}

void gmi_rng_seed(gmi_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) r->s[i] = gmi_splitmix64(&seed);
    r->splitmix = 0;
}

void gmi_rng_seed_splitmix(gmi_rng *r, uint64_t seed)
{
    r->s[0] = seed;
    r->s[1] = r->s[2] = r->s[3] = 0;
    r->splitmix = 1;
}


void gmi_rng_jump(gmi_rng *r)
{
    if (r->splitmix) { /* a counter: jump it 2^48 draws (2^16 disjoint streams) */
        r->s[0] += 0x9e3779b97f4a7c15ULL << 48;
        return;
    }
    static const uint64_t jump[4] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL,
                                     0xa9582618e03fc9aaULL, 0x39abdc4529b1661cULL};
    uint64_t t[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 64; b++) {
            if (jump[i] & (1ULL << b))
                for (int j = 0; j < 4; j++) t[j] ^= r->s[j];
            gmi_rng_next(r);
        }
    for (int j = 0; j < 4; j++) r->s[j] = t[j];
}

void gmi_rng_stream(gmi_rng *r, uint64_t seed, uint64_t k)
{
    gmi_rng_seed(r, seed);
    for (uint64_t i = 0; i < k; i++) gmi_rng_jump(r);
}

double gmi_rng_uniform(gmi_rng *r)
{
    return (double)(gmi_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double gmi_rng_uniform_pos(gmi_rng *r)
{
    return ((double)(gmi_rng_next(r) >> 11) + 1.0) * (1.0 / 9007199254740992.0);
}

double gmi_rng_normal(gmi_rng *r)
{
    double u = gmi_rng_uniform_pos(r), w = gmi_rng_uniform_pos(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * GM_PI * w);
}

uint64_t gmi_rng_below(gmi_rng *r, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n, x;
    do x = gmi_rng_next(r);
    while (x >= limit);
    return x % n;
}

