// SPDX-License-Identifier: GPL-2.0
/*
 * Source hashing: a 256-slot table filled in turn with the destinations,
 * each taking as many consecutive slots as its weight; the client address
 * (plus its port with sh-port) selects the slot. With sh-fallback an
 * unavailable destination's clients are spread over the next slots
 * instead of being refused. Same table and hash as IPVS's sh.
 */
#include "sched_pick.h"

/* The kernel's hash_32(v, 8): the top bits of a golden-ratio product. */
static u32 sh_slot(u32 addr, u16 port, u32 offset)
{
	return (offset + (((port + addr) * 0x61C88647U) >> 24)) %
	       NFLB_SH_TABLE_SIZE;
}

void nflb_sh_build(const struct nflb_dest_set *set, u32 *table)
{
	u32 i, d = 0, count = 0;

	for (i = 0; i < NFLB_SH_TABLE_SIZE; i++) {
		if (!set->n) {
			table[i] = NFLB_SLOT_EMPTY;
			continue;
		}
		table[i] = d;
		if (++count >= set->e[d].weight) {
			d = (d + 1) % set->n;
			count = 0;
		}
	}
}

int nflb_sh_pick(const struct nflb_dest_set *set,
		 const struct nflb_sched_flow *flow)
{
	u16 port = (set->flags & NFLB_SVC_F_PORT) ? flow->sport : 0;
	u32 first = sh_slot(flow->saddr, port, 0), offset, d;

	d = set->table[first];
	if (d == NFLB_SLOT_EMPTY)
		return -1;
	if (nflb_sched_available(set, d))
		return d;
	if (!(set->flags & NFLB_SVC_F_FALLBACK))
		return -1;
	for (offset = 0; offset < NFLB_SH_TABLE_SIZE; offset++) {
		u32 slot = sh_slot(flow->saddr, port,
				   (offset + first) % NFLB_SH_TABLE_SIZE);

		d = set->table[slot];
		if (d == NFLB_SLOT_EMPTY)
			break;
		if (nflb_sched_available(set, d))
			return d;
	}
	return -1;
}

#ifdef __KERNEL__
#include "sched.h"

static u32 sh_table_size(u32 configured)
{
	return NFLB_SH_TABLE_SIZE;
}

static int sh_build(struct nflb_dest_set *set)
{
	nflb_sh_build(set, set->table);
	return 0;
}

static int sh_pick(void *state, const struct nflb_dest_set *set,
		   const struct nflb_sched_flow *flow)
{
	return nflb_sh_pick(set, flow);
}

const struct nflb_sched_ops nflb_sched_sh = {
	.name = "sh",
	.table_size = sh_table_size,
	.build = sh_build,
	.pick = sh_pick,
};
#endif
