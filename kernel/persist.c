// SPDX-License-Identifier: GPL-2.0
/*
 * Persistence (-p, -M): the real server chosen for a client network of a
 * persistent service is remembered in a template, and the network's later
 * connections go to it. IPVS's rules: a template lives its service's
 * timeout after the last connection it started; if connections it started
 * are still there then, it gets another minute, and so on; a deleted real
 * server ends its templates; a drained one (weight 0) keeps them unless
 * expire_quiescent_template is set.
 *
 * The table holds one reference on a template, each connection it started
 * another; a template holds a reference on its destination.
 */
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "nflb.h"

static bool expire_quiescent_template;
module_param(expire_quiescent_template, bool, 0644);
MODULE_PARM_DESC(
	expire_quiescent_template,
	"a persistent client whose real server has weight 0 is scheduled anew (default: it keeps that server)");

/* A template due while its connections live is looked at again then. */
#define NFLB_PERSIST_RECHECK (60 * HZ)

const struct rhashtable_params nflb_persist_params = {
	.head_offset = offsetof(struct nflb_persist, node),
	.key_offset = offsetof(struct nflb_persist, key),
	.key_len = sizeof(struct nflb_persist_key),
	.automatic_shrinking = true,
};

/* Templates the collector looks at a second at most (see conn.c's). */
#define NFLB_PERSIST_GC_BUDGET (1U << 16)

int nflb_persist_net_init(struct nflb_net *nn)
{
	int err;

	err = rhashtable_init(&nn->persist_table, &nflb_persist_params);
	if (err)
		return err;
	atomic_set(&nn->persist_count, 0);
	rhashtable_walk_enter(&nn->persist_table, &nn->persist_gc_iter);
	return 0;
}

static void persist_free_rcu(struct rcu_head *head)
{
	struct nflb_persist *t = container_of(head, struct nflb_persist, rcu);

	nflb_dest_put(t->dest);
	kfree(t);
	atomic64_inc(&nflb_objects.persist_free);
}

void nflb_persist_put(struct nflb_persist *t)
{
	if (t && refcount_dec_and_test(&t->refcnt))
		call_rcu(&t->rcu, persist_free_rcu);
}

static void persist_unlink(struct nflb_net *nn, struct nflb_persist *t)
{
	if (test_and_set_bit(NFLB_PERSIST_DEAD, &t->flags))
		return;
	rhashtable_remove_fast(&nn->persist_table, &t->node,
			       nflb_persist_params);
	atomic_dec(&nn->persist_count);
	atomic_dec(&t->dest->persist_conns);
	nflb_persist_put(t);
}

/*
 * A template made for a connection that was then refused: it remembers
 * nothing a client saw, so it goes at once instead of at its timeout,
 * unless another flow of the client's network found it meanwhile (one
 * that finds it at this very moment may yet see it go, and is then
 * scheduled afresh next time, as after a timeout).
 */
void nflb_persist_abandon(struct nflb_net *nn, struct nflb_persist *t)
{
	if (t && !test_bit(NFLB_PERSIST_SHARED, &t->flags))
		persist_unlink(nn, t);
}

static unsigned long svc_timeout(const struct nflb_service *svc)
{
	return (unsigned long)READ_ONCE(svc->timeout) * HZ;
}

/* A template that still decides: its server is there and wanted. */
static bool persist_valid(const struct nflb_persist *t)
{
	const struct nflb_dest *dest = t->dest;

	if (test_bit(NFLB_PERSIST_DEAD, &t->flags) ||
	    test_bit(NFLB_DEST_REMOVED, &dest->flags))
		return false;
	if (READ_ONCE(expire_quiescent_template) && !READ_ONCE(dest->weight))
		return false;
	/* Past its time with no connection left: the collector's to take. */
	return !(time_after_eq(jiffies, READ_ONCE(t->expires)) &&
		 refcount_read(&t->refcnt) == 1);
}

static void persist_key(const struct nflb_service *svc,
			const union nf_inet_addr *caddr,
			struct nflb_persist_key *key)
{
	__be32 mask = READ_ONCE(svc->netmask);

	memset(key, 0, sizeof(*key));
	key->svc_id = svc->id;
	key->af = svc->key.af;
	if (key->af == AF_INET6)
		ipv6_addr_prefix(&key->caddr.in6, &caddr->in6,
				 min_t(u32, ntohl(mask), 128));
	else
		key->caddr.ip = caddr->ip & mask;
}

/* The template's server with a reference, and the template with one. */
static struct nflb_dest *persist_use(struct nflb_persist *t,
				     unsigned long timeout,
				     struct nflb_persist **tp)
{
	if (!persist_valid(t) || !refcount_inc_not_zero(&t->refcnt))
		return NULL;
	if (!nflb_dest_get(t->dest)) {
		nflb_persist_put(t);
		return NULL;
	}
	WRITE_ONCE(t->expires, jiffies + timeout);
	if (!test_bit(NFLB_PERSIST_SHARED, &t->flags))
		set_bit(NFLB_PERSIST_SHARED, &t->flags);
	*tp = t;
	return t->dest;
}

/* No connection of its own left, and never answered or past its time. */
static bool persist_evictable(const struct nflb_persist *t)
{
	return refcount_read(&t->refcnt) == 1 &&
	       (!test_bit(NFLB_PERSIST_ASSURED, &t->flags) ||
		time_after_eq(jiffies, READ_ONCE(t->expires)));
}

struct persist_drop {
	struct nflb_net *nn;
	bool dropped;
};

static bool persist_drop_visit(struct rhash_head *node, void *arg)
{
	struct nflb_persist *t = container_of(node, struct nflb_persist, node);
	struct persist_drop *d = arg;

	if (test_bit(NFLB_PERSIST_DEAD, &t->flags) || !persist_evictable(t))
		return false;
	persist_unlink(d->nn, t);
	d->dropped = true;
	return true;
}

/*
 * Templates are bounded as connections are (conn_max a namespace): each
 * begins with a connection, but outlives it by the service's timeout, so
 * a flood of spoofed clients would otherwise grow them without end. A
 * full table ends one that no connection holds and that was never
 * answered (or is past its time), near key; false when it finds none.
 */
static bool persist_room(struct nflb_net *nn,
			 const struct nflb_persist_key *key)
{
	struct rhashtable *ht = &nn->persist_table;
	struct persist_drop d = { .nn = nn };
	unsigned int max = nflb_conn_max();
	struct bucket_table *tbl;

	if (!max || atomic_read(&nn->persist_count) < max)
		return true;
	tbl = rht_dereference_rcu(ht->tbl, ht);
	nflb_scan_near(tbl, rht_key_hashfn(ht, tbl, key, nflb_persist_params),
		       persist_drop_visit, &d);
	return d.dropped;
}

/*
 * The destination of a new connection to a persistent service: the one its
 * client network's template names, or a newly scheduled one that a new
 * template remembers. Returns it with a reference, and in *tp the
 * template with a reference for the connection (NULL if none could be
 * made: the connection is then scheduled alone); *fresh tells whether
 * the template is new (nflb_persist_abandon() takes it back).
 */
struct nflb_dest *nflb_persist_schedule(struct nflb_net *nn,
					struct nflb_service *svc,
					const struct nflb_sched_flow *flow,
					const union nf_inet_addr *caddr,
					struct nflb_persist **tp, bool *fresh)
{
	unsigned long timeout = svc_timeout(svc);
	struct nflb_persist_key key;
	struct nflb_persist *t;
	struct nflb_dest *dest;
	int tries;

	*tp = NULL;
	*fresh = false;
	persist_key(svc, caddr, &key);
	for (tries = 0; tries < 2; tries++) {
		t = rhashtable_lookup(&nn->persist_table, &key,
				      nflb_persist_params);
		if (t) {
			dest = persist_use(t, timeout, tp);
			if (dest)
				return dest;
			persist_unlink(nn, t);
		}

		dest = nflb_service_schedule(svc, flow);
		if (!dest)
			return NULL;
		if (!persist_room(nn, &key))
			return dest;
		t = kzalloc(sizeof(*t), GFP_ATOMIC | __GFP_ACCOUNT);
		if (!t || !nflb_dest_get(dest)) {
			kfree(t);
			return dest;
		}
		t->key = key;
		t->dest = dest;
		t->expires = jiffies + timeout;
		refcount_set(&t->refcnt, 2); /* the table's, the connection's */
		/* Counted first: an unlink may follow the insert at once. */
		atomic_inc(&nn->persist_count);
		atomic_inc(&dest->persist_conns);
		if (!rhashtable_lookup_insert_fast(&nn->persist_table, &t->node,
						   nflb_persist_params)) {
			atomic64_inc(&nflb_objects.persist_alloc);
			*tp = t;
			*fresh = true;
			return dest;
		}
		/* Another CPU made this network's template first: use it. */
		atomic_dec(&nn->persist_count);
		atomic_dec(&dest->persist_conns);
		nflb_dest_put(dest);
		nflb_dest_put(dest);
		kfree(t);
	}
	return NULL;
}

static bool template_done(struct nflb_persist *t, const void *all)
{
	if (*(const bool *)all || test_bit(NFLB_DEST_REMOVED, &t->dest->flags))
		return true;
	if (!time_after_eq(jiffies, READ_ONCE(t->expires)))
		return false;
	if (refcount_read(&t->refcnt) == 1)
		return true;
	WRITE_ONCE(t->expires, jiffies + NFLB_PERSIST_RECHECK);
	return false;
}

/*
 * Remove the templates that are done (or all): past their time with no
 * connection left, or whose server was deleted. Past their time with
 * connections left, they get another minute, as IPVS re-arms its timer.
 */
void nflb_persist_sweep(struct nflb_net *nn, bool all)
{
	nflb_persist_remove_if(nn, template_done, &all);
}

struct remove_walk {
	struct nflb_net *nn;
	bool (*doomed)(struct nflb_persist *t, const void *arg);
	const void *arg;
};

static void remove_visit(void *obj, void *arg)
{
	struct remove_walk *w = arg;

	if (w->doomed(obj, w->arg))
		persist_unlink(w->nn, obj);
}

/* Remove the templates doomed(t, arg) picks. */
void nflb_persist_remove_if(struct nflb_net *nn,
			    bool (*doomed)(struct nflb_persist *t,
					   const void *arg),
			    const void *arg)
{
	struct remove_walk w = { .nn = nn, .doomed = doomed, .arg = arg };

	nflb_walk(&nn->persist_table, remove_visit, &w);
}

/*
 * The collector's sweep, a second's share of it: the templates that are
 * done, among NFLB_PERSIST_GC_BUDGET at most, from where the last one
 * stopped, so that its cost stays bounded however many there are.
 */
void nflb_persist_collect(struct nflb_net *nn)
{
	bool all = false;
	struct remove_walk w = { .nn = nn,
				 .doomed = template_done,
				 .arg = &all };

	nflb_walk_some(&nn->persist_table, &nn->persist_gc_iter,
		       NFLB_PERSIST_GC_BUDGET, remove_visit, &w);
}

/* Connections are gone and the sweep took every template: free the table. */
void nflb_persist_net_exit(struct nflb_net *nn)
{
	rhashtable_walk_exit(&nn->persist_gc_iter);
	nflb_persist_sweep(nn, true);
	rhashtable_destroy(&nn->persist_table);
}
