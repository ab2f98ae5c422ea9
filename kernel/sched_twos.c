// SPDX-License-Identifier: GPL-2.0
/*
 * Power of two choices: draw two destinations at random in proportion to
 * their weights, keep the one with the smaller load per unit of weight.
 *
 * Other CPUs set and clear a destination's overload bit while we pick, so
 * its availability is read once per pick: both draws are made in that one
 * pass, by weighted reservoir sampling (the i-th available destination
 * replaces the draw with probability weight / running total, which leaves
 * each one drawn with probability weight / total). Reading availability
 * twice, once for the total and once to draw, could find less weight the
 * second time and draw nothing.
 */
#include "sched_pick.h"

/* The random numbers of a draw: a linear congruential sequence. */
static u32 next_rand(u32 *x)
{
	*x = *x * 1664525 + 1013904223;
	return *x;
}

/* Whether r / 2^32 < w / total, that is r * total < w * 2^32, exactly. */
static bool below(u32 r, u32 w, u64 total)
{
	u64 high = (total >> 32) * r;
	u64 low = ((total & 0xffffffff) * r) >> 32;

	return high + low < w;
}

int nflb_twos_pick(const struct nflb_dest_set *set,
		   const struct nflb_sched_flow *flow)
{
	u32 ra = flow->rand[0], rb = flow->rand[1], i, w;
	u64 total = 0;
	int a = -1, b = -1;

	for (i = 0; i < set->n; i++) {
		w = set->e[i].weight;
		if (!w || nflb_set_overloaded(set, i))
			continue;
		total += w;
		if (below(next_rand(&ra), w, total))
			a = i;
		if (below(next_rand(&rb), w, total))
			b = i;
	}
	if (a < 0)
		return -1;
	/* load(a) / w(a) > load(b) / w(b), without dividing */
	if ((u64)nflb_sched_overhead(set, a) * set->e[b].weight >
	    (u64)nflb_sched_overhead(set, b) * set->e[a].weight)
		return b;
	return a;
}

#ifdef __KERNEL__
#include <linux/random.h>

#include "sched.h"

static int twos_pick(void *state, const struct nflb_dest_set *set,
		     const struct nflb_sched_flow *flow)
{
	struct nflb_sched_flow f = {
		.rand = { get_random_u32(), get_random_u32() },
	};

	return nflb_twos_pick(set, &f);
}

const struct nflb_sched_ops nflb_sched_twos = {
	.name = "twos",
	.pick = twos_pick,
};
#endif
