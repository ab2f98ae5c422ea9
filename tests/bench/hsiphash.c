// SPDX-License-Identifier: GPL-2.0
/*
 * The Maglev scheduler's two keyed hashes in user space, as the module
 * gets them from the kernel: HSipHash (SipHash-1-3 on 64-bit kernels) of
 * one 32-bit word under IPVS's fixed keys. The benchmarks link it with
 * kernel/sched_mh.c.
 */
#include "sched_pick.h"

/* Key 0 and key 1: IPVS's mh hashes a server with each. */
static const u64 mh_keys[2][2] = {
	{ 2654435761UL, 2654435761UL },
	{ 2654446892UL, 2654446892UL },
};

static inline u64 rol64(u64 w, unsigned int s)
{
	return (w << s) | (w >> (64 - s));
}

#define SIPROUND                                        \
	do {                                            \
		v0 += v1, v1 = rol64(v1, 13), v1 ^= v0; \
		v0 = rol64(v0, 32);                     \
		v2 += v3, v3 = rol64(v3, 16), v3 ^= v2; \
		v0 += v3, v3 = rol64(v3, 21), v3 ^= v0; \
		v2 += v1, v1 = rol64(v1, 17), v1 ^= v2; \
		v2 = rol64(v2, 32);                     \
	} while (0)

u32 nflb_mh_hash(u32 value, int which)
{
	const u64 *k = mh_keys[which];
	u64 v0 = 0x736f6d6570736575ULL ^ k[0];
	u64 v1 = 0x646f72616e646f6dULL ^ k[1];
	u64 v2 = 0x6c7967656e657261ULL ^ k[0];
	u64 v3 = 0x7465646279746573ULL ^ k[1];
	u64 b = (4ULL << 56) | value;

	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return (u32)((v0 ^ v1) ^ (v2 ^ v3));
}
