// SPDX-License-Identifier: GPL-2.0
/*
 * Round robin: each available destination in turn, in configured order.
 */
#include "sched_pick.h"

void nflb_rr_reset(struct nflb_rr_state *st, const u32 *weight, u32 n)
{
	(void)weight; /* rr only needs the count */
	if (st->next >= n)
		st->next = 0;
}

int nflb_rr_pick(struct nflb_rr_state *st, const u32 *weight, u32 n)
{
	u32 i, idx;

	for (i = 0; i < n; i++) {
		idx = (st->next + i) % n;
		if (weight[idx]) {
			st->next = idx + 1;
			return idx;
		}
	}
	return -1;
}

#ifdef __KERNEL__
#include "sched.h"

static void rr_reset(void *state, const struct nflb_dest_set *set)
{
	nflb_rr_reset(state, set->weight, set->n);
}

static int rr_pick(void *state, const struct nflb_dest_set *set,
		   const struct nflb_pkt *pkt)
{
	return nflb_rr_pick(state, set->weight, set->n);
}

const struct nflb_sched_ops nflb_sched_rr = {
	.name = "rr",
	.state_size = sizeof(struct nflb_rr_state),
	.reset = rr_reset,
	.pick = rr_pick,
};
#endif
