// SPDX-License-Identifier: GPL-2.0
/*
 * Never queue: the first idle destination (no active connection) if there
 * is one, otherwise the shortest expected delay as sed.
 */
#include "sched_pick.h"

int nflb_nq_pick(const struct nflb_dest_set *set)
{
	int least = -1;
	u32 i, loh = 0;

	for (i = 0; i < set->n; i++) {
		u32 doh;

		if (!nflb_sched_available(set, i))
			continue;
		if (!nflb_set_active(set, i))
			return i;
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

NFLB_SCHED_STATELESS(nq, nflb_nq_pick(set));
#endif
