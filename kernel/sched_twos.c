// SPDX-License-Identifier: GPL-2.0
/*
 * Power of two choices: draw two destinations at random in proportion to
 * their weights, keep the one with the smaller load per unit of weight.
 */
#include "sched_pick.h"

static int draw(const struct nflb_dest_set *set, u32 r)
{
	u32 i;

	for (i = 0; i < set->n; i++) {
		if (!nflb_sched_available(set, i))
			continue;
		if (r < set->e[i].weight)
			return i;
		r -= set->e[i].weight;
	}
	return -1;
}

int nflb_twos_pick(const struct nflb_dest_set *set,
		   const struct nflb_sched_flow *flow)
{
	u64 total = 0;
	int a, b;
	u32 i;

	for (i = 0; i < set->n; i++)
		if (nflb_sched_available(set, i))
			total += set->e[i].weight;
	if (!total)
		return -1;
	a = draw(set, (u32)(flow->rand[0] % total));
	b = draw(set, (u32)(flow->rand[1] % total));
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
