/* ensemble_int.h: the GMEN binary layout and little-endian helpers (engine-internal).
 *
 * GMEN file = 32-byte header + fixed-size records (docs/ensembles.md):
 *   0  "GMEN"        magic
 *   4  u16 version   2 (1: no unit order, still read)
 *   6  u16 width     bytes per district id: 1 (k <= 256) or 2
 *   8  u32 n_units
 *  12  u64 unit fingerprint (gm_units.h), version 2
 *  20  u8  flags     version 2: bit 0 the fingerprint is set, bit 1 it is positional
 *  21  11 bytes      reserved, zero
 * record: u64 sample, then n_units district ids of `width` bytes. All little-endian. */
#ifndef GM_ENSEMBLE_INT_H
#define GM_ENSEMBLE_INT_H

#include <stdint.h>

#define GMI_GMEN_MAGIC "GMEN"
#define GMI_GMEN_HEADER 32
#define GMI_GMEN_VERSION 2
#define GMI_GMEN_HAS_ORDER 1u
#define GMI_GMEN_POSITIONAL 2u

/* The sidecar that records the unit order of an ensemble whose format has no room for
 * it (JSONL, BEN): PATH + this suffix, one line gm_unit_order_format(). */
#define GMI_ORDER_SIDECAR ".units"

static inline unsigned gmi_get_u16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}
static inline uint32_t gmi_get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t gmi_get_u64(const unsigned char *p)
{
    return (uint64_t)gmi_get_u32(p) | (uint64_t)gmi_get_u32(p + 4) << 32;
}
static inline void gmi_put_u16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
static inline void gmi_put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static inline void gmi_put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

#endif
