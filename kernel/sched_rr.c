// SPDX-License-Identifier: GPL-2.0
/*
 * Round robin: each available destination in turn, in the service's order
 * (newest destination first, as in IPVS). After a change the turn goes on
 * from the last choice; if that destination was removed, from the one that
 * followed it.
 */
#include "sched_pick.h"

void nflb_rr_reset(struct nflb_rr_state *st, const struct nflb_dest_set *set)
{
	u32 i;

	if (!st->pos)
		return;
	for (i = 0; i < set->n; i++) {
		if (set->e[i].id == st->last_id) {
			st->pos = i + 1;
			return;
		}
	}
	/* Gone: go on after the destination that preceded it. */
	st->pos = st->pos - 1 < set->n ? st->pos - 1 : set->n;
	if (st->pos)
		st->last_id = set->e[st->pos - 1].id;
}

int nflb_rr_pick(struct nflb_rr_state *st, const struct nflb_dest_set *set)
{
	u32 k, i;

	for (k = 0; k < set->n; k++) {
		i = (st->pos + k) % set->n;
		if (nflb_sched_available(set, i)) {
			st->pos = i + 1;
			st->last_id = set->e[i].id;
			return i;
		}
	}
	return -1;
}

#ifdef __KERNEL__
#include "sched.h"

static void rr_reset(void *state, const struct nflb_dest_set *set)
{
	nflb_rr_reset(state, set);
}

static int rr_pick(void *state, const struct nflb_dest_set *set,
		   const struct nflb_sched_flow *flow)
{
	return nflb_rr_pick(state, set);
}

const struct nflb_sched_ops nflb_sched_rr = {
	.name = "rr",
	.state_size = sizeof(struct nflb_rr_state),
	.reset = rr_reset,
	.pick = rr_pick,
};
#endif
