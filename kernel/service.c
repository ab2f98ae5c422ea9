// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual services: a hash table keyed by (af, protocol, address, port)
 * for the packet path, and an id-ordered xarray for resumable dumps.
 */
#include <linux/slab.h>

#include "sched.h"

static const struct rhashtable_params svc_params = {
	.head_offset = offsetof(struct nflb_service, node),
	.key_offset = offsetof(struct nflb_service, key),
	.key_len = sizeof(struct nflb_svc_key),
	.automatic_shrinking = true,
};

int nflb_service_net_init(struct nflb_net *nn)
{
	xa_init_flags(&nn->svc_ids, XA_FLAGS_ALLOC1);
	return rhashtable_init(&nn->svc_table, &svc_params);
}

void nflb_service_net_exit(struct nflb_net *nn)
{
	mutex_lock(&nn->lock);
	nflb_service_flush(nn);
	mutex_unlock(&nn->lock);
	rhashtable_destroy(&nn->svc_table);
	xa_destroy(&nn->svc_ids);
}

/* Packet path: the caller holds rcu_read_lock(). */
struct nflb_service *nflb_service_lookup(struct nflb_net *nn,
					 const struct nflb_svc_key *key)
{
	return rhashtable_lookup(&nn->svc_table, key, svc_params);
}

/* Control path: the caller holds nn->lock, which keeps the result alive. */
struct nflb_service *nflb_service_find(struct nflb_net *nn,
				       const struct nflb_svc_key *key)
{
	return rhashtable_lookup_fast(&nn->svc_table, key, svc_params);
}

static struct nflb_dest_set *dest_set_build(struct nflb_service *svc, gfp_t gfp)
{
	struct nflb_dest_set *set;
	struct nflb_dest *dest;
	u32 n = svc->dest_count, i = 0;

	set = kzalloc(sizeof(*set) + n * (sizeof(*set->dest) + sizeof(u32)),
		      gfp);
	if (!set)
		return NULL;
	set->n = n;
	set->dest = (struct nflb_dest **)(set + 1);
	set->weight = (u32 *)(set->dest + n);
	list_for_each_entry(dest, &svc->dests, list) {
		set->dest[i] = dest;
		set->weight[i] = dest->weight;
		i++;
	}
	return set;
}

static void dest_set_publish(struct nflb_service *svc,
			     struct nflb_dest_set *set)
{
	struct nflb_dest_set *old;

	spin_lock_bh(&svc->sched_lock);
	old = rcu_replace_pointer(svc->set, set, true);
	svc->sched->reset(svc->sched_state, set);
	spin_unlock_bh(&svc->sched_lock);
	if (old)
		kfree_rcu(old, rcu);
}

/*
 * Publish the destination list as it is now. Removals cannot fail, so they
 * pass must_succeed and the small allocation is retried as needed.
 */
int nflb_service_rebuild_set(struct nflb_service *svc, bool must_succeed)
{
	struct nflb_dest_set *set;

	set = dest_set_build(svc,
			     GFP_KERNEL | (must_succeed ? __GFP_NOFAIL : 0));
	if (!set)
		return -ENOMEM;
	dest_set_publish(svc, set);
	return 0;
}

static void service_free_rcu(struct rcu_head *head)
{
	struct nflb_service *svc = container_of(head, struct nflb_service, rcu);

	kfree(rcu_access_pointer(svc->set));
	kfree(svc->sched_state);
	nflb_stats_free(svc->stats);
	kfree(svc);
	atomic64_inc(&nflb_objects.svc_free);
}

void nflb_service_put(struct nflb_service *svc)
{
	if (refcount_dec_and_test(&svc->refcnt))
		call_rcu(&svc->rcu, service_free_rcu);
}

int nflb_service_add(struct nflb_net *nn, const struct nflb_svc_key *key,
		     const char *sched_name, struct netlink_ext_ack *extack)
{
	const struct nflb_sched_ops *sched;
	struct nflb_service *svc;
	struct nflb_dest_set *set;
	int err = -ENOMEM;

	if (nflb_service_find(nn, key)) {
		NL_SET_ERR_MSG(extack, "Service already exists");
		return -EEXIST;
	}
	sched = nflb_sched_find(sched_name);
	if (!sched) {
		NL_SET_ERR_MSG(extack, "Scheduler not found");
		return -ENOENT;
	}

	svc = kzalloc(sizeof(*svc), GFP_KERNEL);
	if (!svc)
		return -ENOMEM;
	svc->key = *key;
	svc->nn = nn;
	refcount_set(&svc->refcnt, 1);
	INIT_LIST_HEAD(&svc->dests);
	spin_lock_init(&svc->sched_lock);
	svc->sched = sched;
	svc->sched_state = kzalloc(sched->state_size, GFP_KERNEL);
	svc->stats = nflb_stats_alloc();
	set = dest_set_build(svc, GFP_KERNEL);
	if (!svc->sched_state || !svc->stats || !set)
		goto err_free;
	rcu_assign_pointer(svc->set, set);
	sched->reset(svc->sched_state, set);

	err = xa_alloc(&nn->svc_ids, &svc->id, svc, xa_limit_32b, GFP_KERNEL);
	if (err)
		goto err_free;
	err = rhashtable_lookup_insert_fast(&nn->svc_table, &svc->node,
					    svc_params);
	if (err) {
		xa_erase(&nn->svc_ids, svc->id);
		goto err_free;
	}
	nn->svc_count++;
	nn->gen++;
	atomic64_inc(&nflb_objects.svc_alloc);
	return 0;

err_free:
	kfree(set);
	nflb_stats_free(svc->stats);
	kfree(svc->sched_state);
	kfree(svc);
	return err;
}

int nflb_service_edit(struct nflb_service *svc, const char *sched_name,
		      struct netlink_ext_ack *extack)
{
	const struct nflb_sched_ops *sched;
	void *state, *old_state;

	sched = nflb_sched_find(sched_name);
	if (!sched) {
		NL_SET_ERR_MSG(extack, "Scheduler not found");
		return -ENOENT;
	}
	if (sched == svc->sched)
		return 0;
	state = kzalloc(sched->state_size, GFP_KERNEL);
	if (!state)
		return -ENOMEM;

	spin_lock_bh(&svc->sched_lock);
	old_state = svc->sched_state;
	svc->sched = sched;
	svc->sched_state = state;
	sched->reset(state, rcu_dereference_protected(svc->set, true));
	spin_unlock_bh(&svc->sched_lock);

	kfree(old_state);
	svc->nn->gen++;
	return 0;
}

void nflb_service_del(struct nflb_service *svc)
{
	struct nflb_net *nn = svc->nn;
	struct nflb_dest *dest, *tmp;

	rhashtable_remove_fast(&nn->svc_table, &svc->node, svc_params);
	xa_erase(&nn->svc_ids, svc->id);
	list_for_each_entry_safe(dest, tmp, &svc->dests, list)
		nflb_dest_del(dest);
	nn->svc_count--;
	nn->gen++;
	nflb_service_put(svc);
}

void nflb_service_flush(struct nflb_net *nn)
{
	struct nflb_service *svc;
	unsigned long id;

	xa_for_each(&nn->svc_ids, id, svc)
		nflb_service_del(svc);
}

/* Packet path, under rcu_read_lock(): a referenced destination or NULL. */
struct nflb_dest *nflb_service_schedule(struct nflb_service *svc,
					const struct nflb_pkt *pkt)
{
	const struct nflb_dest_set *set;
	struct nflb_dest *dest = NULL;
	int idx;

	spin_lock_bh(&svc->sched_lock);
	set = rcu_dereference(svc->set);
	idx = svc->sched->pick(svc->sched_state, set, pkt);
	if (idx >= 0 && idx < set->n)
		dest = set->dest[idx];
	spin_unlock_bh(&svc->sched_lock);

	if (dest && !nflb_dest_get(dest))
		dest = NULL;
	return dest;
}
