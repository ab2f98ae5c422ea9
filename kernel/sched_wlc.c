// SPDX-License-Identifier: GPL-2.0
/*
 * Weighted least connections: the smallest load per unit of weight, an
 * active connection counting as 256 inactive ones; the first on ties.
 */
#include "sched_pick.h"

int nflb_wlc_pick(const struct nflb_dest_set *set)
{
	int least = -1;
	u32 i, loh = 0;

	for (i = 0; i < set->n; i++) {
		u32 doh;

		if (!nflb_sched_available(set, i))
			continue;
		doh = nflb_sched_overhead(set, i);
		/* loh / w(least) > doh / w(i), without dividing */
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

NFLB_SCHED_STATELESS(wlc, nflb_wlc_pick(set));
#endif
