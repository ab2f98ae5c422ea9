// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted failover: every new connection to the available destination of
 * highest weight (the first on ties); the others are standbys.
 */
#include "sched_pick.h"

int nflb_fo_pick(const struct nflb_dest_set *set)
{
	int best = -1;
	u32 i, hw = 0;

	for (i = 0; i < set->n; i++) {
		if (!nflb_set_overloaded(set, i) && set->e[i].weight > hw) {
			best = i;
			hw = set->e[i].weight;
		}
	}
	return best;
}

#ifdef __KERNEL__
#include "sched.h"

NFLB_SCHED_STATELESS(fo, nflb_fo_pick(set));
#endif
