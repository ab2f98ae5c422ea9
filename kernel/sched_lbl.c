// SPDX-License-Identifier: GPL-2.0
/*
 * The locality cache shared by lblc and lblcr. Entries live under the
 * service's sched_lock; each pick sweeps one bucket for entries unused for
 * a day (a minute while the cache is over its size), as IPVS expires them.
 */
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "sched_lbl.h"

#define LBL_EXPIRE (24 * 60 * 60 * HZ)
#define LBL_EXPIRE_FULL (60 * HZ)
#define LBL_MAX_ENTRIES (NFLB_LBL_BUCKETS * 16)

static u32 lbl_hash(const u32 *addr)
{
	return jhash2(addr, 4, 0) % NFLB_LBL_BUCKETS;
}

static void lbl_sweep(struct nflb_lbl_state *st)
{
	unsigned long idle = st->entries > LBL_MAX_ENTRIES ? LBL_EXPIRE_FULL :
							     LBL_EXPIRE;
	struct nflb_lbl_entry *en;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(en, tmp, &st->bucket[st->gc_next], node) {
		if (time_after(jiffies, en->lastuse + idle)) {
			hlist_del(&en->node);
			kfree(en);
			st->entries--;
		}
	}
	st->gc_next = (st->gc_next + 1) % NFLB_LBL_BUCKETS;
}

struct nflb_lbl_entry *nflb_lbl_get(struct nflb_lbl_state *st, const u32 *addr,
				    bool create)
{
	struct hlist_head *head = &st->bucket[lbl_hash(addr)];
	struct nflb_lbl_entry *en;

	lbl_sweep(st);
	hlist_for_each_entry(en, head, node)
		if (!memcmp(en->addr, addr, sizeof(en->addr)))
			return en;
	if (!create)
		return NULL;
	en = kzalloc(sizeof(*en), GFP_ATOMIC | __GFP_ACCOUNT);
	if (!en)
		return NULL;
	memcpy(en->addr, addr, sizeof(en->addr));
	en->lastuse = jiffies;
	en->lastmod = jiffies;
	hlist_add_head(&en->node, head);
	st->entries++;
	return en;
}

int nflb_lbl_index(const struct nflb_dest_set *set, unsigned long id)
{
	u32 i;

	for (i = 0; i < set->n; i++)
		if (set->e[i].id == id)
			return i;
	return -1;
}

/*
 * Busier than its weight while some other destination is under half of
 * its own: time to spread this address to another real server.
 */
bool nflb_lbl_overloaded(const struct nflb_dest_set *set, u32 i)
{
	u32 j;

	if (nflb_set_active(set, i) <= set->e[i].weight)
		return false;
	for (j = 0; j < set->n; j++)
		if ((u64)nflb_set_active(set, j) * 2 < set->e[j].weight)
			return true;
	return false;
}

/* Forget the real servers that left the service. */
void nflb_lbl_reset(void *state, const struct nflb_dest_set *set)
{
	struct nflb_lbl_state *st = state;
	struct nflb_lbl_entry *en;
	struct hlist_node *tmp;
	u32 b, i, kept;

	for (b = 0; b < NFLB_LBL_BUCKETS; b++) {
		hlist_for_each_entry_safe(en, tmp, &st->bucket[b], node) {
			for (i = 0, kept = 0; i < en->count; i++)
				if (nflb_lbl_index(set, en->id[i]) >= 0)
					en->id[kept++] = en->id[i];
			if (kept != en->count)
				en->lastmod = jiffies;
			en->count = kept;
			if (!kept) {
				hlist_del(&en->node);
				kfree(en);
				st->entries--;
			}
		}
	}
}

void nflb_lbl_destroy(void *state)
{
	struct nflb_lbl_state *st = state;
	struct nflb_lbl_entry *en;
	struct hlist_node *tmp;
	u32 b;

	for (b = 0; b < NFLB_LBL_BUCKETS; b++) {
		hlist_for_each_entry_safe(en, tmp, &st->bucket[b], node) {
			hlist_del(&en->node);
			kfree(en);
		}
	}
	st->entries = 0;
}
