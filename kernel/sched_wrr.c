// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted round robin, interleaved: a pass over the destinations picks
 * those whose weight reaches the current weight, which then steps down by
 * the gcd of the weights. Weights 3:1:1 give A A A B C, the same sequence
 * as IPVS's wrr; a change restarts the pass as IPVS does.
 */
#include "sched_pick.h"

static u32 gcd(u32 a, u32 b)
{
	while (b) {
		u32 t = a % b;

		a = b;
		b = t;
	}
	return a;
}

void nflb_wrr_reset(struct nflb_wrr_state *st, const struct nflb_dest_set *set)
{
	u32 i, g = 0, max = 0;

	for (i = 0; i < set->n; i++) {
		u32 w = set->e[i].weight;

		if (w)
			g = gcd(w, g);
		if (w > max)
			max = w;
	}
	st->di = g ? g : 1;
	st->mw = max - (st->di - 1);
	if (st->cw > st->mw || !st->cw)
		st->cw = st->mw;
	else if (st->di > 1)
		st->cw = (st->cw / st->di) * st->di + 1;
	st->next = 0;
}

int nflb_wrr_pick(struct nflb_wrr_state *st, const struct nflb_dest_set *set)
{
	u32 pass;

	if (st->mw <= 0)
		return -1;
	/* Every cw from mw down to 1 is tried within mw / di + 1 passes. */
	for (pass = 0; pass < 2 * ((u32)st->mw / st->di + 1); pass++) {
		while (st->next < set->n) {
			u32 i = st->next++;

			if ((s32)set->e[i].weight >= st->cw &&
			    !nflb_set_overloaded(set, i))
				return i;
		}
		st->next = 0;
		st->cw -= st->di;
		if (st->cw <= 0)
			st->cw = st->mw;
	}
	return -1;
}

#ifdef __KERNEL__
#include "sched.h"

static void wrr_reset(void *state, const struct nflb_dest_set *set)
{
	nflb_wrr_reset(state, set);
}

static int wrr_pick(void *state, const struct nflb_dest_set *set,
		    const struct nflb_sched_flow *flow)
{
	return nflb_wrr_pick(state, set);
}

const struct nflb_sched_ops nflb_sched_wrr = {
	.name = "wrr",
	.state_size = sizeof(struct nflb_wrr_state),
	.reset = wrr_reset,
	.pick = wrr_pick,
};
#endif
