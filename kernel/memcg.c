// SPDX-License-Identifier: GPL-2.0
/*
 * The memory cgroup that pays for a namespace's connections.
 *
 * What a request allocates (services, destinations, their tables and
 * counters, a batch's buffers) is charged to the requesting process,
 * with GFP_KERNEL_ACCOUNT where it is allocated. What a new flow
 * allocates (its connection, a persistence template, an lblc entry) is
 * allocated in softirq, where the interrupted task is a stranger: it is
 * charged instead to the memory cgroup of the process that made the
 * namespace's first service, made the active one while the flow is
 * scheduled (nflb_memcg_enter()).
 *
 * Those allocations are atomic, and a memory cgroup lets atomic charges
 * exceed its limit rather than fail them: they count toward its usage
 * and make its own tasks reclaim, but what bounds them is conn_max (for
 * connections and templates) and the lblc entries' expiry.
 */
#include <linux/memcontrol.h>
#include <linux/sched.h>

#include "nflb.h"

/* A service is made: the namespace's first one picks its cgroup. */
void nflb_memcg_adopt(struct nflb_net *nn)
{
	lockdep_assert_held(&nn->lock);
	if (!nn->memcg)
		WRITE_ONCE(nn->memcg, get_mem_cgroup_from_mm(current->mm));
}

/* Once no packet can reach the namespace's hooks. */
void nflb_memcg_release(struct nflb_net *nn)
{
	mem_cgroup_put(nn->memcg);
	nn->memcg = NULL;
}
