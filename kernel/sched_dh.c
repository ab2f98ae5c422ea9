// SPDX-License-Identifier: GPL-2.0
/*
 * Destination hashing: a 256-slot table filled with the destinations in
 * turn; the packet's destination address selects the slot (for caches
 * and firewalls behind firewall-mark services). Same as IPVS's dh.
 */
#include "sched_pick.h"

void nflb_dh_build(const struct nflb_dest_set *set, u32 *table)
{
	u32 i;

	for (i = 0; i < NFLB_SH_TABLE_SIZE; i++)
		table[i] = set->n ? i % set->n : NFLB_SLOT_EMPTY;
}

int nflb_dh_pick(const struct nflb_dest_set *set,
		 const struct nflb_sched_flow *flow)
{
	/* The kernel's hash_32(daddr, 8), as IPVS's dh. */
	u32 d = set->table[(flow->daddr * 0x61C88647U) >> 24];

	if (d == NFLB_SLOT_EMPTY || !nflb_sched_available(set, d))
		return -1;
	return d;
}

#ifdef __KERNEL__
#include "sched.h"

static u32 dh_table_size(u32 configured)
{
	return NFLB_SH_TABLE_SIZE;
}

static int dh_build(struct nflb_dest_set *set)
{
	nflb_dh_build(set, set->table);
	return 0;
}

static int dh_pick(void *state, const struct nflb_dest_set *set,
		   const struct nflb_sched_flow *flow)
{
	return nflb_dh_pick(set, flow);
}

const struct nflb_sched_ops nflb_sched_dh = {
	.name = "dh",
	.table_size = dh_table_size,
	.build = dh_build,
	.pick = dh_pick,
};
#endif
