/* rng.h: the engine's seedable random number generator. Engine-internal.
 *
 * xoshiro256** (Blackman and Vigna 2018) seeded through splitmix64 (Steele, Lea and
 * Flood 2014): the same seed gives the same numbers on every platform. Independent
 * streams for parallel work come from gmi_rng_stream (the jump function: stream k
 * starts 2^128 k draws along the sequence of the seed), so adding a stream never
 * changes another.
 *
 * One more kind reproduces the sequences published before this generator was shared:
 * gmi_rng_seed_splitmix makes splitmix64 itself the generator, which is what the
 * control bootstrap (engine/control/bootstrap.c) has always drawn from; its interval
 * for a seed must stay the same.
 *
 * A generator is a plain value: copy it to fork, one per thread. */
#ifndef GM_RNG_H
#define GM_RNG_H

#include <stdint.h>

typedef struct gmi_rng {
    uint64_t s[4]; /* xoshiro256** state; s[0] alone for the splitmix kind */
    int splitmix;  /* 1: splitmix64 is the generator (gmi_rng_seed_splitmix) */
} gmi_rng;

/* splitmix64: advance *x by the golden gamma and return the mixed value. */
uint64_t gmi_splitmix64(uint64_t *x);

/* The splitmix64 finaliser: a cheap, well-mixed 64-bit hash of x. */
uint64_t gmi_mix64(uint64_t x);

/* xoshiro256** whose state is the next four splitmix64 values from seed. */
void gmi_rng_seed(gmi_rng *r, uint64_t seed);

/* Stream k of seed: gmi_rng_seed then k jumps of 2^128 draws (stream 0 = the seed's
 * own sequence). Streams of one seed never overlap in practice. */
void gmi_rng_stream(gmi_rng *r, uint64_t seed, uint64_t k);

/* Advance the generator by 2^128 draws (2^48 for the splitmix kind, whose whole period
 * is 2^64). */
void gmi_rng_jump(gmi_rng *r);

/* splitmix64 as the generator, its state the seed (the control bootstrap's sequence). */
void gmi_rng_seed_splitmix(gmi_rng *r, uint64_t seed);

/* Next 64 random bits (inline: chains draw millions per second). */
static inline uint64_t gmi_rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}
static inline uint64_t gmi_rng_next(gmi_rng *r)
{
    uint64_t *s = r->s;
    if (r->splitmix) return gmi_splitmix64(&s[0]);
    uint64_t res = gmi_rotl64(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = gmi_rotl64(s[3], 45);
    return res;
}

/* Uniform double in [0, 1) and in (0, 1], from the top 53 bits of one draw. */
double gmi_rng_uniform(gmi_rng *r);
double gmi_rng_uniform_pos(gmi_rng *r);

/* Standard normal (Box-Muller, the cosine branch: two uniforms in (0, 1] per value). */
double gmi_rng_normal(gmi_rng *r);

/* Uniform integer in [0, n), n >= 1, without modulo bias: draws at or above the
 * largest multiple of n not above UINT64_MAX are rejected, the rest taken mod n. */
uint64_t gmi_rng_below(gmi_rng *r, uint64_t n);

/* Uniform integer in [0, n), 1 <= n < 2^32, for inner loops: Lemire's multiply and
 * reject on the top 32 bits of one draw (unbiased; it divides only when a draw falls in
 * the small rejection zone). A different sequence from gmi_rng_below's for the same n. */
static inline uint32_t gmi_rng_bounded(gmi_rng *r, uint32_t n)
{
    uint64_t m = (gmi_rng_next(r) >> 32) * (uint64_t)n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t t = (uint32_t)(-n) % n; /* 2^32 mod n: the draws to reject */
        while (low < t) {
            m = (gmi_rng_next(r) >> 32) * (uint64_t)n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

#endif
