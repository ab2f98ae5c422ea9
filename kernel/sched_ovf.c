// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted overflow: the destination of highest weight whose active
 * connections do not exceed its weight; when it is full, the next one.
 */
#include "sched_pick.h"

int nflb_ovf_pick(const struct nflb_dest_set *set)
{
	int best = -1;
	u32 i;

	for (i = 0; i < set->n; i++) {
		u32 w = set->e[i].weight;

		if (!nflb_sched_available(set, i) ||
		    nflb_set_active(set, i) > w)
			continue;
		if (best < 0 || w > set->e[best].weight)
			best = i;
	}
	return best;
}

#ifdef __KERNEL__
#include "sched.h"

NFLB_SCHED_STATELESS(ovf, nflb_ovf_pick(set));
#endif
