/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The locality cache of lblc and lblcr: destination address of the
 * traffic -> the real server(s) that served it, kept while in use.
 */
#ifndef _NFLB_SCHED_LBL_H
#define _NFLB_SCHED_LBL_H

#include "sched.h"

#define NFLB_LBL_BUCKETS 1024
#define NFLB_LBL_SET_MAX 16 /* real servers per address (lblcr) */

struct nflb_lbl_entry {
	struct hlist_node node;
	u32 addr[4];
	unsigned long lastuse; /* jiffies */
	unsigned long lastmod; /* jiffies: last change of the set */
	u32 count;
	unsigned long id[NFLB_LBL_SET_MAX]; /* nflb_sched_entry.id */
};

struct nflb_lbl_state {
	struct hlist_head bucket[NFLB_LBL_BUCKETS];
	u32 entries;
	u32 gc_next; /* bucket the next pick sweeps */
};

struct nflb_lbl_entry *nflb_lbl_get(struct nflb_lbl_state *st, const u32 *addr,
				    bool create);
int nflb_lbl_index(const struct nflb_dest_set *set, unsigned long id);
bool nflb_lbl_overloaded(const struct nflb_dest_set *set, u32 i);
void nflb_lbl_reset(void *state, const struct nflb_dest_set *set);
void nflb_lbl_destroy(void *state);

#endif /* _NFLB_SCHED_LBL_H */
