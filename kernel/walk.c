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

/* visit(obj, arg) every object of ht, as nflb_walk_some() does. */
void nflb_walk(struct rhashtable *ht, void (*visit)(void *obj, void *arg),
	       void *arg)
{
	struct rhashtable_iter iter;

	rhashtable_walk_enter(ht, &iter);
	nflb_walk_some(ht, &iter, UINT_MAX, visit, arg);
	rhashtable_walk_exit(&iter);
}
