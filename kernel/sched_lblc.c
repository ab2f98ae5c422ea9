// SPDX-License-Identifier: GPL-2.0
/*
 * Locality-based least connections: traffic for one destination address
 * keeps going to the real server that served it, for cache locality,
 * unless that server is drained or overloaded; then weighted least
 * connections picks a new one and the cache follows. As IPVS's lblc.
 */
#include "sched_lbl.h"

static int lblc_pick(void *state, const struct nflb_dest_set *set,
		     const struct nflb_sched_flow *flow)
{
	struct nflb_lbl_entry *en;
	int i;

	en = nflb_lbl_get(state, flow->dst, false);
	if (en) {
		en->lastuse = jiffies;
		i = nflb_lbl_index(set, en->id[0]);
		if (i >= 0 && set->e[i].weight && !nflb_lbl_overloaded(set, i))
			return i;
	}
	i = nflb_wlc_pick(set);
	if (i < 0)
		return -1;
	if (!en)
		en = nflb_lbl_get(state, flow->dst, true);
	if (en) { /* without memory, the choice stands uncached */
		en->id[0] = set->e[i].id;
		en->count = 1;
		en->lastmod = jiffies;
	}
	return i;
}

const struct nflb_sched_ops nflb_sched_lblc = {
	.name = "lblc",
	.state_size = sizeof(struct nflb_lbl_state),
	.reset = nflb_lbl_reset,
	.destroy = nflb_lbl_destroy,
	.pick = lblc_pick,
};
