// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted round robin, interleaved: a pass over the destinations picks
 * those whose weight reaches the current weight, which then steps down by
 * the gcd of the weights. Weights 3:1:1 give A A A B C, the same sequence
 * as IPVS's wrr.
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

void nflb_wrr_reset(struct nflb_wrr_state *st, const u32 *weight, u32 n)
{
	u32 i, g = 0, max = 0;

	for (i = 0; i < n; i++) {
		if (!weight[i])
			continue;
		g = gcd(weight[i], g);
		if (weight[i] > max)
			max = weight[i];
	}
	st->di = g ? g : 1;
	st->mw = max - (st->di - 1);
	st->cw = st->mw;
	st->next = 0;
}

int nflb_wrr_pick(struct nflb_wrr_state *st, const u32 *weight, u32 n)
{
	int pass;

	if (st->mw <= 0)
		return -1;
	/* The heaviest destination always reaches cw: two passes suffice. */
	for (pass = 0; pass < 2 * (st->mw / st->di + 1); pass++) {
		while (st->next < n) {
			u32 i = st->next++;

			if ((s32)weight[i] >= st->cw)
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
	nflb_wrr_reset(state, set->weight, set->n);
}

static int wrr_pick(void *state, const struct nflb_dest_set *set,
		    const struct nflb_pkt *pkt)
{
	return nflb_wrr_pick(state, set->weight, set->n);
}

const struct nflb_sched_ops nflb_sched_wrr = {
	.name = "wrr",
	.state_size = sizeof(struct nflb_wrr_state),
	.reset = wrr_reset,
	.pick = wrr_pick,
};
#endif
