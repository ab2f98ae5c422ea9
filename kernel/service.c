// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual services: a hash table keyed by (af, protocol, address, port),
 * or (af, firewall mark), for the packet path, and an id-ordered xarray for resumable dumps.
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
	nflb_defrag_idle(nn);
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

static u32 addr_fold(u8 af, const union nf_inet_addr *a)
{
	if (af == AF_INET6)
		return ntohl(a->ip6[0] ^ a->ip6[1] ^ a->ip6[2] ^ a->ip6[3]);
	return ntohl(a->ip);
}

static void dest_set_free(struct nflb_dest_set *set)
{
	if (set)
		kvfree(set->table);
	kvfree(set);
}

static void dest_set_free_rcu(struct rcu_head *head)
{
	dest_set_free(container_of(head, struct nflb_dest_set, rcu));
}

/*
 * A set without destinations, for a removal that found no memory for the
 * real set: small enough that the allocator may be told it must not fail.
 */
static struct nflb_dest_set *dest_set_empty(const struct nflb_sched_ops *sched,
					    u32 flags)
{
	struct nflb_dest_set *set;

	set = kzalloc(sizeof(*set), GFP_KERNEL_ACCOUNT | __GFP_NOFAIL);
	set->sched = sched;
	set->flags = flags;
	set->e = (struct nflb_sched_entry *)(set + 1);
	set->dest = (struct nflb_dest **)set->e;
	pr_warn_ratelimited(
		"no memory for a service's real servers: it refuses new connections until its next change\n");
	return set;
}

/*
 * The snapshot of svc's destinations for sched, with its lookup table.
 * Its size grows with the destinations (32 bytes each), so it may come
 * from vmalloc. A removal must not fail, nor leave a removed destination
 * in the published set: it passes must_succeed, and gets an empty set
 * (or a set without its table) when memory is short; the service then
 * refuses new connections until its next change.
 */
static struct nflb_dest_set *dest_set_build(struct nflb_service *svc,
					    const struct nflb_sched_ops *sched,
					    u32 flags, u32 table_size,
					    bool must_succeed,
					    struct netlink_ext_ack *extack)
{
	struct nflb_dest_set *set;
	struct nflb_dest *dest;
	u32 n = svc->dest_count, i = 0;
	int err;

	set = kvzalloc(
		size_add(sizeof(*set),
			 array_size(n, sizeof(*set->e) + sizeof(*set->dest))),
		GFP_KERNEL_ACCOUNT);
	if (!set)
		return must_succeed ? dest_set_empty(sched, flags) :
				      ERR_PTR(-ENOMEM);
	set->sched = sched;
	set->n = n;
	set->flags = flags;
	set->e = (struct nflb_sched_entry *)(set + 1);
	set->dest = (struct nflb_dest **)(set->e + n);
	list_for_each_entry(dest, &svc->dests, list) {
		set->dest[i] = dest;
		set->e[i] = (struct nflb_sched_entry){
			.id = (unsigned long)dest,
			.weight = dest->weight,
			.last_weight = dest->last_weight,
			.addr = addr_fold(dest->af, &dest->addr),
			.port = ntohs(dest->port),
		};
		i++;
	}
	if (!sched->table_size)
		return set;

	set->table_size = sched->table_size(table_size);
	set->table = kvmalloc_array(set->table_size, sizeof(*set->table),
				    GFP_KERNEL_ACCOUNT);
	err = set->table ? sched->build(set) : -ENOMEM;
	if (!err)
		return set;
	kvfree(set->table);
	set->table = NULL;
	if (err == -E2BIG)
		NL_SET_ERR_MSG(extack,
			       "More destinations than scheduler table slots");
	if (!must_succeed) {
		kvfree(set);
		return ERR_PTR(err);
	}
	pr_warn_ratelimited(
		"no memory for a scheduler table: service refuses new connections until its next change\n");
	return set;
}

/* The scheduler's view changes, under svc->sched_lock, which it takes. */
static void dest_set_publish(struct nflb_service *svc,
			     struct nflb_dest_set *set)
{
	struct nflb_dest_set *old;

	spin_lock_bh(&svc->sched_lock);
	old = rcu_replace_pointer(svc->set, set, true);
	if (svc->sched->reset)
		svc->sched->reset(svc->sched_state, set);
	spin_unlock_bh(&svc->sched_lock);
	if (old)
		call_rcu(&old->rcu, dest_set_free_rcu);
}

/* Publish the destination list as it is now. */
int nflb_service_rebuild_set(struct nflb_service *svc, bool must_succeed,
			     struct netlink_ext_ack *extack)
{
	struct nflb_dest_set *set;

	set = dest_set_build(svc, svc->sched, svc->flags, svc->table_size,
			     must_succeed, extack);
	if (IS_ERR(set))
		return PTR_ERR(set);
	dest_set_publish(svc, set);
	return 0;
}

static void *sched_state_new(const struct nflb_sched_ops *sched)
{
	/* Stateless schedulers still get a distinct non-NULL pointer. */
	return kzalloc(max_t(size_t, sched->state_size, 1), GFP_KERNEL_ACCOUNT);
}

static void sched_state_free(const struct nflb_sched_ops *sched, void *state)
{
	if (state && sched->destroy)
		sched->destroy(state);
	kfree(state);
}

static void service_free_rcu(struct rcu_head *head)
{
	struct nflb_service *svc = container_of(head, struct nflb_service, rcu);

	dest_set_free(rcu_access_pointer(svc->set));
	sched_state_free(svc->sched, svc->sched_state);
	nflb_stats_free(svc->stats);
	kfree(svc);
	atomic64_inc(&nflb_objects.svc_free);
}

void nflb_service_put(struct nflb_service *svc)
{
	if (refcount_dec_and_test(&svc->refcnt))
		call_rcu(&svc->rcu, service_free_rcu);
}

/* What conf asks of the service; the scheduler it names in *sched. */
int nflb_service_check_conf(const struct nflb_svc_conf *conf,
			    const struct nflb_svc_key *key,
			    const struct nflb_sched_ops **sched,
			    struct netlink_ext_ack *extack)
{
	*sched = nflb_sched_find(conf->sched);
	if (!*sched) {
		NL_SET_ERR_MSG(extack, "Scheduler not found");
		return -ENOENT;
	}
	if (conf->table_size && !nflb_is_prime(conf->table_size)) {
		NL_SET_ERR_MSG(extack, "Table size must be a prime number");
		return -EINVAL;
	}
	/* A firewall-mark service schedules its UDP datagrams one by one. */
	if ((conf->flags & NFLB_SVC_F_ONEPACKET) && !key->fwmark &&
	    key->proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG(
			extack,
			"One-packet scheduling is only for UDP virtual services");
		return -EINVAL;
	}
	if ((conf->flags & NFLB_SVC_F_ONEPACKET) &&
	    (conf->flags & NFLB_SVC_F_FULLNAT)) {
		NL_SET_ERR_MSG(
			extack,
			"One-packet scheduling keeps no connection for full NAT's replies");
		return -EINVAL;
	}
	if (key->af == AF_INET6 &&
	    (!conf->netmask || ntohl(conf->netmask) > 128)) {
		NL_SET_ERR_MSG(
			extack,
			"Netmask of an IPv6 service must be a prefix length 1..128");
		return -EINVAL;
	}
	return 0;
}

/* Whether sched's table has room for n destinations. */
int nflb_service_check_size(const struct nflb_sched_ops *sched, u32 table_size,
			    u32 n, struct netlink_ext_ack *extack)
{
	if (sched->slot_per_dest && n > sched->table_size(table_size)) {
		NL_SET_ERR_MSG(extack,
			       "More destinations than scheduler table slots");
		return -E2BIG;
	}
	return 0;
}

/* Persistence covers the whole client address unless told otherwise. */
static __be32 full_netmask(u8 af)
{
	return af == AF_INET6 ? htonl(128) : htonl(0xffffffff);
}

/* A new service's settings: given ones, defaults for the others. */
void nflb_svc_conf_new(u8 af, const struct nflb_svc_conf *given, u32 which,
		       struct nflb_svc_conf *conf)
{
	*conf = *given;
	if (!(which & NFLB_SVC_CONF_TIMEOUT))
		conf->timeout = NFLB_PERSIST_TIMEOUT_DEFAULT;
	if (!(which & NFLB_SVC_CONF_NETMASK))
		conf->netmask = full_netmask(af);
}

/* An edited service's settings: given ones replace those of cur. */
void nflb_svc_conf_edit(const struct nflb_svc_conf *cur,
			const struct nflb_svc_conf *given, u32 which,
			struct nflb_svc_conf *next)
{
	*next = *cur;
	if (which & NFLB_SVC_CONF_SCHED)
		strscpy(next->sched, given->sched, sizeof(next->sched));
	if (which & NFLB_SVC_CONF_FLAGS)
		next->flags = given->flags;
	if (which & NFLB_SVC_CONF_TABLE_SIZE)
		next->table_size = given->table_size;
	if (which & NFLB_SVC_CONF_TIMEOUT)
		next->timeout = given->timeout;
	if (which & NFLB_SVC_CONF_NETMASK)
		next->netmask = given->netmask;
	if (which & NFLB_SVC_CONF_NO_BACKEND)
		next->no_backend = given->no_backend;
}

void nflb_service_conf(const struct nflb_service *svc,
		       struct nflb_svc_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	strscpy(conf->sched, svc->sched->name, sizeof(conf->sched));
	conf->flags = svc->flags;
	conf->table_size = svc->table_size;
	conf->timeout = svc->timeout;
	conf->netmask = svc->netmask;
	conf->no_backend = svc->no_backend;
}

/*
 * A service the packet path does not see yet (nflb_service_publish()
 * shows it), with no destinations.
 */
struct nflb_service *nflb_service_create(struct nflb_net *nn,
					 const struct nflb_svc_key *key,
					 const struct nflb_svc_conf *given,
					 u32 which,
					 struct netlink_ext_ack *extack)
{
	const struct nflb_sched_ops *sched;
	struct nflb_svc_conf c, *conf = &c;
	struct nflb_service *svc;
	struct nflb_dest_set *set;
	int err;

	lockdep_assert_held(&nn->lock);
	nflb_svc_conf_new(key->af, given, which, conf);
	err = nflb_service_check_conf(conf, key, &sched, extack);
	if (err)
		return ERR_PTR(err);

	svc = kzalloc(sizeof(*svc), GFP_KERNEL_ACCOUNT);
	if (!svc)
		return ERR_PTR(-ENOMEM);
	svc->key = *key;
	svc->nn = nn;
	svc->flags = conf->flags;
	svc->table_size = conf->table_size;
	svc->timeout = conf->timeout;
	svc->netmask = conf->netmask;
	svc->no_backend = conf->no_backend;
	refcount_set(&svc->refcnt, 1);
	INIT_LIST_HEAD(&svc->dests);
	INIT_LIST_HEAD(&svc->batch);
	spin_lock_init(&svc->sched_lock);
	svc->sched = sched;
	svc->sched_state = sched_state_new(sched);
	svc->stats = nflb_stats_alloc();
	set = dest_set_build(svc, sched, svc->flags, svc->table_size, false,
			     extack);
	err = -ENOMEM;
	if (IS_ERR(set)) {
		err = PTR_ERR(set);
		set = NULL;
	}
	if (!svc->sched_state || !svc->stats || !set)
		goto err_free;
	rcu_assign_pointer(svc->set, set);
	if (sched->reset)
		sched->reset(svc->sched_state, set);

	err = xa_alloc(&nn->svc_ids, &svc->id, svc, xa_limit_32b,
		       GFP_KERNEL_ACCOUNT);
	if (err)
		goto err_free;
	WRITE_ONCE(nn->svc_held, nn->svc_held + 1);
	nflb_memcg_adopt(nn);
	nn->gen++;
	atomic64_inc(&nflb_objects.svc_alloc);
	return svc;

err_free:
	dest_set_free(set);
	nflb_stats_free(svc->stats);
	sched_state_free(sched, svc->sched_state);
	kfree(svc);
	return ERR_PTR(err);
}

/* svc enters (+1) or leaves (-1) the table the packet path reads. */
static void count_published(struct nflb_service *svc, int delta)
{
	struct nflb_net *nn = svc->nn;

	svc->published = delta > 0;
	WRITE_ONCE(nn->svc_count, nn->svc_count + delta);
	if (svc->key.fwmark)
		WRITE_ONCE(nn->fwmark_svc_count, nn->fwmark_svc_count + delta);
}

/* The packet path finds svc from now on (instead of old, if given). */
int nflb_service_publish(struct nflb_service *svc, struct nflb_service *old)
{
	struct nflb_net *nn = svc->nn;
	int err;

	if (old) {
		err = rhashtable_replace_fast(&nn->svc_table, &old->node,
					      &svc->node, svc_params);
		if (!err)
			count_published(old, -1);
	} else {
		err = rhashtable_lookup_insert_fast(&nn->svc_table, &svc->node,
						    svc_params);
	}
	if (err)
		return err;
	count_published(svc, 1);
	nn->gen++;
	return 0;
}

/* Unpublish svc if it is, then end it with its destinations. */
void nflb_service_del(struct nflb_service *svc)
{
	struct nflb_net *nn = svc->nn;
	struct nflb_dest *dest, *tmp;

	lockdep_assert_held(&nn->lock);
	if (svc->published) {
		rhashtable_remove_fast(&nn->svc_table, &svc->node, svc_params);
		count_published(svc, -1);
	}
	xa_erase(&nn->svc_ids, svc->id);
	WRITE_ONCE(nn->svc_held, nn->svc_held - 1);
	list_for_each_entry_safe(dest, tmp, &svc->dests, list)
		nflb_dest_del(dest);
	nn->gen++;
	nflb_service_put(svc);
}

/* The settings the packet path reads directly, not through the set. */
static void set_plain_conf(struct nflb_service *svc,
			   const struct nflb_svc_conf *conf)
{
	WRITE_ONCE(svc->flags, conf->flags);
	WRITE_ONCE(svc->timeout, conf->timeout);
	WRITE_ONCE(svc->netmask, conf->netmask);
	WRITE_ONCE(svc->no_backend, conf->no_backend);
}

/*
 * Change what which names of conf. A new scheduler, scheduler flag or
 * table size gets a new set and fresh state, swapped in as one step.
 */
int nflb_service_edit(struct nflb_service *svc,
		      const struct nflb_svc_conf *conf, u32 which,
		      struct netlink_ext_ack *extack)
{
	const struct nflb_sched_ops *sched, *old_sched;
	struct nflb_dest_set *set, *old_set;
	struct nflb_svc_conf cur, next;
	void *state, *old_state;
	int err;

	nflb_service_conf(svc, &cur);
	nflb_svc_conf_edit(&cur, conf, which, &next);
	err = nflb_service_check_conf(&next, &svc->key, &sched, extack);
	if (err)
		return err;
	if (sched == svc->sched &&
	    !((next.flags ^ svc->flags) & NFLB_SVC_F_SCHED_MASK) &&
	    next.table_size == svc->table_size) {
		set_plain_conf(svc, &next);
		svc->nn->gen++;
		return 0;
	}
	state = sched_state_new(sched);
	if (!state)
		return -ENOMEM;
	set = dest_set_build(svc, sched, next.flags, next.table_size, false,
			     extack);
	if (IS_ERR(set)) {
		kfree(state);
		return PTR_ERR(set);
	}

	spin_lock_bh(&svc->sched_lock);
	old_sched = svc->sched;
	old_state = svc->sched_state;
	old_set = rcu_replace_pointer(svc->set, set, true);
	svc->sched = sched;
	svc->sched_state = state;
	set_plain_conf(svc, &next);
	svc->table_size = next.table_size;
	if (sched->reset)
		sched->reset(state, set);
	spin_unlock_bh(&svc->sched_lock);

	/* Lockless pickers may still read the old set, not the old state. */
	sched_state_free(old_sched, old_state);
	call_rcu(&old_set->rcu, dest_set_free_rcu);
	svc->nn->gen++;
	return 0;
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
					const struct nflb_sched_flow *flow)
{
	const struct nflb_dest_set *set;
	struct nflb_dest *dest = NULL;
	int idx;

	set = rcu_dereference(svc->set);
	if (!set->sched->state_size) {
		/* Without state, the set is all a scheduler needs. */
		if (set->sched->table_size && !set->table)
			return NULL;
		idx = set->sched->pick(NULL, set, flow);
		if (idx >= 0 && idx < set->n)
			dest = set->dest[idx];
	} else {
		spin_lock_bh(&svc->sched_lock);
		set = rcu_dereference(svc->set);
		idx = svc->sched->pick(svc->sched_state, set, flow);
		if (idx >= 0 && idx < set->n)
			dest = set->dest[idx];
		spin_unlock_bh(&svc->sched_lock);
	}

	if (dest && !nflb_dest_get(dest))
		dest = NULL;
	return dest;
}
