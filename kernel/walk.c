// SPDX-License-Identifier: GPL-2.0
/* Walking a whole table from process context, as the collectors do. */
#include "nflb.h"

/*
 * visit(obj, arg) every object of ht. A resize restarts the walk (objects
 * may then be seen twice); every 1024 objects the CPU is offered to others.
 */
void nflb_walk(struct rhashtable *ht, void (*visit)(void *obj, void *arg),
	       void *arg)
{
	struct rhashtable_iter iter;
	unsigned int n = 0;
	void *obj;

	rhashtable_walk_enter(ht, &iter);
	rhashtable_walk_start(&iter);
	while ((obj = rhashtable_walk_next(&iter))) {
		if (IS_ERR(obj)) {
			if (PTR_ERR(obj) == -EAGAIN)
				continue;
			break;
		}
		visit(obj, arg);
		if (++n % 1024 == 0) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}
