// SPDX-License-Identifier: GPL-2.0
/*
 * Maglev hashing (Eisenbud et al., NSDI 2016, section 3.4): each
 * destination walks its own permutation of a prime-sized table and claims
 * the next free slot in turn, as many per round as its weight allows; the
 * client address (plus port with mh-port) selects a slot. Changing one
 * destination moves few clients. A drained destination keeps its slots
 * (its last non-zero weight), so its clients are refused or, with
 * mh-fallback, re-hashed elsewhere. Table and hashes are IPVS's mh.
 */
#include "sched_pick.h"

struct mh_setup {
	u32 perm; /* next slot to try */
	u32 skip;
	u32 turns; /* slots claimed per round */
};

static u32 gcd(u32 a, u32 b)
{
	while (b) {
		u32 t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static u32 fls32(u32 x)
{
	u32 r = 0;

	while (x) {
		r++;
		x >>= 1;
	}
	return r;
}

bool nflb_is_prime(u32 n)
{
	u32 d;

	if (n < 2)
		return false;
	for (d = 2; d <= n / d; d++)
		if (n % d == 0)
			return false;
	return true;
}

size_t nflb_mh_scratch_size(u32 n, u32 table_size)
{
	return n * sizeof(struct mh_setup) + (table_size + 7) / 8;
}

static u32 mh_key(u32 addr, u16 port, u32 offset, int which)
{
	return nflb_mh_hash(offset + port + addr, which);
}

void nflb_mh_build(const struct nflb_dest_set *set, u32 *table, void *scratch)
{
	struct mh_setup *ds = scratch;
	u8 *taken = (u8 *)(ds + set->n);
	u32 size = set->table_size, g = 0, max = 0, shift, filled = 0;
	u32 i, d, count;

	for (i = 0; i < size; i++)
		table[i] = NFLB_SLOT_EMPTY;
	for (i = 0; i < set->n; i++) {
		u32 lw = set->e[i].last_weight;

		if (lw)
			g = g ? gcd(lw, g) : lw;
		if (lw > max)
			max = lw;
	}
	if (!g)
		return;
	/* Keep rounds short: weights beyond the table's bits are scaled. */
	shift = fls32(max / g);
	shift = shift > fls32(size) / 2 ? shift - fls32(size) / 2 : 0;

	for (i = 0; i < set->n; i++) {
		const struct nflb_sched_entry *e = &set->e[i];
		u32 t = (e->last_weight / g) >> shift;

		ds[i].perm = mh_key(e->addr, e->port, 0, 0) % size;
		ds[i].skip = mh_key(e->addr, e->port, 0, 1) % (size - 1) + 1;
		ds[i].turns = t ? t : (e->last_weight != 0);
	}
	for (i = 0; i < (size + 7) / 8; i++)
		taken[i] = 0;

	d = 0;
	count = 0;
	while (filled < size) {
		u32 c;

		if (ds[d].turns < 1) {
			d = (d + 1) % set->n;
			continue;
		}
		c = ds[d].perm;
		while (taken[c / 8] & (1 << (c % 8))) {
			ds[d].perm += ds[d].skip;
			if (ds[d].perm >= size)
				ds[d].perm -= size;
			c = ds[d].perm;
		}
		taken[c / 8] |= 1 << (c % 8);
		table[c] = d;
		filled++;
		if (++count >= ds[d].turns) {
			count = 0;
			d = (d + 1) % set->n;
		}
	}
}

int nflb_mh_pick(const struct nflb_dest_set *set,
		 const struct nflb_sched_flow *flow)
{
	u16 port = (set->flags & NFLB_SVC_F_PORT) ? flow->sport : 0;
	u32 size = set->table_size, first, offset, d;

	first = mh_key(flow->saddr, port, 0, 0) % size;
	d = set->table[first];
	if (d == NFLB_SLOT_EMPTY)
		return -1;
	if (nflb_sched_available(set, d))
		return d;
	if (!(set->flags & NFLB_SVC_F_FALLBACK))
		return -1;
	for (offset = 0; offset < size; offset++) {
		u32 slot =
			mh_key(flow->saddr, port, (offset + first) % size, 0) %
			size;

		d = set->table[slot];
		if (d == NFLB_SLOT_EMPTY)
			break;
		if (nflb_sched_available(set, d))
			return d;
	}
	return -1;
}

#ifdef __KERNEL__
#include <linux/siphash.h>
#include <linux/slab.h>

#include "sched.h"

/* The fixed keys of IPVS's mh, so both pick the same real servers. */
static const hsiphash_key_t mh_keys[2] = {
	{ { 2654435761UL, 2654435761UL } },
	{ { 2654446892UL, 2654446892UL } },
};

u32 nflb_mh_hash(u32 v, int which)
{
	return hsiphash_1u32(v, &mh_keys[which]);
}

static u32 mh_table_size(u32 configured)
{
	return configured ? configured : NFLB_MH_TABLE_DEFAULT;
}

static int mh_build(struct nflb_dest_set *set)
{
	void *scratch;

	if (set->n > set->table_size)
		return -E2BIG;
	scratch = kvmalloc(nflb_mh_scratch_size(set->n, set->table_size),
			   GFP_KERNEL_ACCOUNT);
	if (!scratch)
		return -ENOMEM;
	nflb_mh_build(set, set->table, scratch);
	kvfree(scratch);
	return 0;
}

static int mh_pick(void *state, const struct nflb_dest_set *set,
		   const struct nflb_sched_flow *flow)
{
	return nflb_mh_pick(set, flow);
}

const struct nflb_sched_ops nflb_sched_mh = {
	.name = "mh",
	.table_size = mh_table_size,
	.slot_per_dest = true,
	.build = mh_build,
	.pick = mh_pick,
};
#endif
