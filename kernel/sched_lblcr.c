// SPDX-License-Identifier: GPL-2.0
/*
 * Locality-based least connections with replication: each destination
 * address has a set of real servers; the least loaded of the set serves,
 * an overloaded set grows by the service's least loaded server, and a set
 * unchanged for a day sheds its busiest member. As IPVS's lblcr.
 */
#include "sched_lbl.h"

#define LBLCR_SHRINK_AFTER (24 * 60 * 60 * HZ)

/* Least load per weight among the set; skips the drained and overloaded. */
static int set_min(const struct nflb_dest_set *set,
		   const struct nflb_lbl_entry *en)
{
	int least = -1;
	u32 k, loh = 0;

	for (k = 0; k < en->count; k++) {
		int i = nflb_lbl_index(set, en->id[k]);
		u32 doh;

		if (i < 0 || !nflb_sched_available(set, i))
			continue;
		doh = nflb_sched_overhead(set, i);
		if (least < 0 || (u64)loh * set->e[i].weight >
					 (u64)doh * set->e[least].weight) {
			least = i;
			loh = doh;
		}
	}
	return least;
}

/* The member with the most load per weight, to be shed. */
static void shed_max(const struct nflb_dest_set *set, struct nflb_lbl_entry *en)
{
	u32 k, most = 0;
	u64 moh = 0, mw = 1;

	for (k = 0; k < en->count; k++) {
		int i = nflb_lbl_index(set, en->id[k]);
		u64 doh = i < 0 ? 0 : nflb_sched_overhead(set, i);
		u64 w = i < 0 ? 1 : set->e[i].weight;

		if (k == 0 || doh * mw > moh * w) {
			most = k;
			moh = doh;
			mw = w;
		}
	}
	en->id[most] = en->id[--en->count];
	en->lastmod = jiffies;
}

static void set_add(struct nflb_lbl_entry *en, unsigned long id)
{
	u32 k;

	for (k = 0; k < en->count; k++)
		if (en->id[k] == id)
			return;
	if (en->count == NFLB_LBL_SET_MAX)
		en->count--; /* full: the oldest addition makes room */
	memmove(&en->id[1], &en->id[0], en->count * sizeof(en->id[0]));
	en->id[0] = id;
	en->count++;
	en->lastmod = jiffies;
}

static int lblcr_pick(void *state, const struct nflb_dest_set *set,
		      const struct nflb_sched_flow *flow)
{
	struct nflb_lbl_entry *en;
	int i;

	en = nflb_lbl_get(state, flow->dst, false);
	if (en) {
		en->lastuse = jiffies;
		i = set_min(set, en);
		if (en->count > 1 &&
		    time_after(jiffies, en->lastmod + LBLCR_SHRINK_AFTER))
			shed_max(set, en);
		if (i >= 0 && !nflb_lbl_overloaded(set, i))
			return i;
	}
	i = nflb_wlc_pick(set);
	if (i < 0)
		return -1;
	if (!en)
		en = nflb_lbl_get(state, flow->dst, true);
	if (en)
		set_add(en, set->e[i].id);
	return i;
}

const struct nflb_sched_ops nflb_sched_lblcr = {
	.name = "lblcr",
	.state_size = sizeof(struct nflb_lbl_state),
	.reset = nflb_lbl_reset,
	.destroy = nflb_lbl_destroy,
	.pick = lblcr_pick,
};
