// SPDX-License-Identifier: GPL-2.0
/*
 * Shortest expected delay: the smallest (active connections + 1) per unit
 * of weight, i.e. the destination that would finish a new connection
 * first; inactive connections do not count. The first on ties.
 */
#include "sched_pick.h"

int nflb_sed_pick(const struct nflb_dest_set *set)
{
	int least = -1;
	u32 i, loh = 0;

	for (i = 0; i < set->n; i++) {
		u32 doh;

		if (!nflb_sched_available(set, i))
			continue;
		doh = nflb_set_active(set, i) + 1;
		if (least < 0 || (u64)loh * set->e[i].weight >
					 (u64)doh * set->e[least].weight) {
			least = i;
			loh = doh;
		}
	}
	return least;
}

#ifdef __KERNEL__
#include "sched.h"

NFLB_SCHED_STATELESS(sed, nflb_sed_pick(set));
#endif
