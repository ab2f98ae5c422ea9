// SPDX-License-Identifier: GPL-2.0
/* Walking a whole table from process context, as the collectors do. */
#include "nflb.h"

/*
 * visit(obj, arg) up to budget objects of ht, going on from where the last
 * call on iter stopped (iter stays entered between calls). A resize
 * restarts the walk (objects may then be seen twice); every 1024 objects
 * the CPU is offered to others. Once the walk reaches the table's end,
 * iter is entered afresh: the next call starts over.
 */
void nflb_walk_some(struct rhashtable *ht, struct rhashtable_iter *iter,
		    unsigned int budget, void (*visit)(void *obj, void *arg),
		    void *arg)
{
	unsigned int n = 0;
	bool end = false;
	void *obj;

	rhashtable_walk_start(iter);
	while (n < budget) {
		obj = rhashtable_walk_next(iter);
		if (IS_ERR(obj) && PTR_ERR(obj) == -EAGAIN)
			continue;
		if (IS_ERR_OR_NULL(obj)) {
			end = true;
			break;
		}
		visit(obj, arg);
		if (++n % 1024 == 0) {
			rhashtable_walk_stop(iter);
			cond_resched();
			rhashtable_walk_start(iter);
		}
	}
	rhashtable_walk_stop(iter);
	if (end) {
		rhashtable_walk_exit(iter);
		rhashtable_walk_enter(ht, iter);
	}
}

/*
 * Buckets and nodes a full table's early drop looks at, from the bucket
 * of the new entry's key on, as conntrack's does: a spoofed flood leaves
 * its entries everywhere, so a few dozen nodes near any key hold some.
 */
#define NFLB_SCAN_BUCKETS 64
#define NFLB_SCAN_NODES 64

/*
 * visit(node, arg) the nodes near hash (rht_key_hashfn() of a key in
 * tbl) until it returns true, NFLB_SCAN_NODES of them in
 * NFLB_SCAN_BUCKETS buckets at most. Under rcu_read_lock(); a resize
 * meanwhile may hide some nodes, which only makes the choice poorer.
 */
void nflb_scan_near(struct bucket_table *tbl, unsigned int hash,
		    bool (*visit)(struct rhash_head *node, void *arg),
		    void *arg)
{
	unsigned int buckets =
		min_t(unsigned int, tbl->size, NFLB_SCAN_BUCKETS);
	unsigned int seen = 0, i;
	struct rhash_head *pos;

	for (i = 0; i < buckets; i++) {
		rht_for_each_rcu(pos, tbl, (hash + i) & (tbl->size - 1)) {
			if (seen++ == NFLB_SCAN_NODES || visit(pos, arg))
				return;
		}
	}
}

/* visit(obj, arg) every object of ht, as nflb_walk_some() does. */
void nflb_walk(struct rhashtable *ht, void (*visit)(void *obj, void *arg),
	       void *arg)
{
	struct rhashtable_iter iter;

	rhashtable_walk_enter(ht, &iter);
	nflb_walk_some(ht, &iter, UINT_MAX, visit, arg);
	rhashtable_walk_exit(&iter);
}
