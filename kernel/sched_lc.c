// SPDX-License-Identifier: GPL-2.0
/*
 * Least connections: the available destination with the smallest load,
 * counting an active connection as 256 inactive ones; the first on ties.
 */
#include "sched_pick.h"

int nflb_lc_pick(const struct nflb_dest_set *set)
{
	int least = -1;
	u32 i, loh = 0;

	for (i = 0; i < set->n; i++) {
		u32 doh;

		if (!nflb_sched_available(set, i))
			continue;
		doh = nflb_sched_overhead(set, i);
		if (least < 0 || doh < loh) {
			least = i;
			loh = doh;
		}
	}
	return least;
}

#ifdef __KERNEL__
#include "sched.h"

NFLB_SCHED_STATELESS(lc, nflb_lc_pick(set));
#endif
