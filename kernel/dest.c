// SPDX-License-Identifier: GPL-2.0
/*
 * Destinations (real servers) of a service, newest first as in IPVS (the
 * order matters to rr, wrr and the hashing schedulers). Removing one
 * unlinks it from the service; its TCP connections keep flowing until
 * they expire, as with IPVS's default expire_nodest_conn=0, and its UDP
 * flows are scheduled afresh on their next datagram (hooks.c).
 *
 * Thresholds: a destination with u_thresh connections (active and
 * inactive) is overloaded and takes no new ones until it falls below
 * l_thresh, or below 3/4 of u_thresh when l_thresh is 0.
 */
#include <linux/slab.h>
#include <net/ipv6.h>

#include "nflb.h"

static bool addr_equal(u8 af, const union nf_inet_addr *a,
		       const union nf_inet_addr *b)
{
	return af == AF_INET ? a->ip == b->ip :
			       ipv6_addr_equal(&a->in6, &b->in6);
}

struct nflb_dest *nflb_dest_find(struct nflb_service *svc,
				 const union nf_inet_addr *addr, __be16 port)
{
	struct nflb_dest *dest;

	list_for_each_entry(dest, &svc->dests, list)
		if (dest->port == port &&
		    addr_equal(dest->af, &dest->addr, addr))
			return dest;
	return NULL;
}

/*
 * Settings that contradict each other are refused, never ignored; vport
 * is the service's port, 0 for a firewall-mark service: its real servers
 * may have any port, 0 keeping the packet's.
 */
int nflb_dest_check_conf(__be16 vport, const struct nflb_dest_conf *conf,
			 struct netlink_ext_ack *extack)
{
	if (vport && !conf->port) {
		NL_SET_ERR_MSG(extack, "Destination port must not be zero");
		return -EINVAL;
	}
	if (vport && conf->fwd != NFLB_FWD_MASQ && conf->port != vport) {
		NL_SET_ERR_MSG(
			extack,
			"Real server port must be the service port unless masquerading");
		return -EINVAL;
	}
	if (conf->fwd != NFLB_FWD_TUNNEL &&
	    (conf->tun_type != NFLB_TUN_IPIP || conf->tun_port ||
	     conf->tun_flags)) {
		NL_SET_ERR_MSG(extack,
			       "Tunnel options conflict with forward method");
		return -EINVAL;
	}
	if (conf->tun_type == NFLB_TUN_GUE && !conf->tun_port) {
		NL_SET_ERR_MSG(extack, "A GUE tunnel needs a port");
		return -EINVAL;
	}
	if (conf->tun_type != NFLB_TUN_GUE && conf->tun_port) {
		NL_SET_ERR_MSG(extack, "Only a GUE tunnel has a port");
		return -EINVAL;
	}
	if (conf->tun_type == NFLB_TUN_IPIP && conf->tun_flags) {
		NL_SET_ERR_MSG(extack,
			       "An ipip tunnel has no checksum options");
		return -EINVAL;
	}
	if (conf->tun_type != NFLB_TUN_GUE &&
	    (conf->tun_flags & NFLB_TUN_F_REMCSUM)) {
		NL_SET_ERR_MSG(extack,
			       "Remote checksum offload needs a GUE tunnel");
		return -EINVAL;
	}
	return 0;
}

void nflb_dest_conf(const struct nflb_dest *dest, struct nflb_dest_conf *conf)
{
	*conf = (struct nflb_dest_conf){
		.addr = dest->addr,
		.port = dest->port,
		.fwd = dest->fwd,
		.tun_type = dest->tun_type,
		.tun_port = dest->tun_port,
		.tun_flags = dest->tun_flags,
		.weight = dest->weight,
		.u_thresh = dest->u_thresh,
		.l_thresh = dest->l_thresh,
	};
}

/*
 * The settings req asks for: those it gives, the others from base (an
 * existing destination) or, for a new one (base NULL), the defaults.
 */
void nflb_dest_conf_resolve(const struct nflb_dest_conf *base,
			    const struct nflb_dest_req *req,
			    struct nflb_dest_conf *conf)
{
	if (base) {
		*conf = *base;
	} else {
		memset(conf, 0, sizeof(*conf));
		conf->fwd = NFLB_FWD_MASQ;
		conf->weight = 1;
	}
	conf->addr = req->given.addr;
	conf->port = req->given.port;
	if (req->which & NFLB_DEST_REQ_FWD)
		conf->fwd = req->given.fwd;
	/* Tunnel settings are given whole, or dropped with -g/-m. */
	if ((req->which & NFLB_DEST_REQ_TUNNEL) ||
	    conf->fwd != NFLB_FWD_TUNNEL) {
		conf->tun_type = req->given.tun_type;
		conf->tun_port = req->given.tun_port;
		conf->tun_flags = req->given.tun_flags;
	}
	if (req->which & NFLB_DEST_REQ_WEIGHT)
		conf->weight = req->given.weight;
	if (req->which & NFLB_DEST_REQ_U_THRESH)
		conf->u_thresh = req->given.u_thresh;
	if (req->which & NFLB_DEST_REQ_L_THRESH)
		conf->l_thresh = req->given.l_thresh;
}

static u32 dest_total_conns(const struct nflb_dest *dest)
{
	return atomic_read(&dest->active_conns) +
	       atomic_read(&dest->inact_conns);
}

static void dest_apply(struct nflb_dest *dest, const struct nflb_dest_conf *c)
{
	WRITE_ONCE(dest->fwd, c->fwd);
	WRITE_ONCE(dest->tun_type, c->tun_type);
	WRITE_ONCE(dest->tun_port, c->tun_port);
	WRITE_ONCE(dest->tun_flags, c->tun_flags);
	if (c->weight)
		dest->last_weight = c->weight;
	dest->weight = c->weight;
	if (!c->u_thresh || c->u_thresh > dest->u_thresh)
		clear_bit(NFLB_DEST_OVERLOAD, &dest->flags);
	WRITE_ONCE(dest->u_thresh, c->u_thresh);
	WRITE_ONCE(dest->l_thresh, c->l_thresh);
}

/* A connection now counts against dest. */
void nflb_dest_conn_bound(struct nflb_dest *dest)
{
	u32 upper = READ_ONCE(dest->u_thresh);

	if (upper && dest_total_conns(dest) >= upper)
		set_bit(NFLB_DEST_OVERLOAD, &dest->flags);
}

/* A connection of dest is gone. */
void nflb_dest_conn_unbound(struct nflb_dest *dest)
{
	u32 upper = READ_ONCE(dest->u_thresh);
	u32 lower = READ_ONCE(dest->l_thresh);
	u32 total;

	if (!test_bit(NFLB_DEST_OVERLOAD, &dest->flags))
		return;
	total = dest_total_conns(dest);
	if (lower ? total < lower : (u64)total * 4 < (u64)upper * 3)
		clear_bit(NFLB_DEST_OVERLOAD, &dest->flags);
}

/*
 * A new destination of svc, first in its list. The packet path sees it
 * once the service's set is rebuilt (nflb_service_rebuild_set()).
 */
int nflb_dest_add(struct nflb_service *svc, const struct nflb_dest_conf *conf,
		  struct netlink_ext_ack *extack)
{
	struct nflb_dest *dest;
	int err;

	lockdep_assert_held(&svc->nn->lock);
	if (nflb_dest_find(svc, &conf->addr, conf->port)) {
		NL_SET_ERR_MSG(extack, "Destination already exists");
		return -EEXIST;
	}
	err = nflb_dest_check_conf(svc->key.port, conf, extack);
	if (err)
		return err;

	dest = kzalloc(sizeof(*dest), GFP_KERNEL_ACCOUNT);
	if (!dest)
		return -ENOMEM;
	dest->stats = nflb_stats_alloc();
	if (!dest->stats) {
		kfree(dest);
		return -ENOMEM;
	}
	dest->addr = conf->addr;
	dest->port = conf->port;
	dest->af = svc->key.af;
	dest_apply(dest, conf);
	refcount_set(&dest->refcnt, 1);
	refcount_inc(&svc->refcnt);
	dest->svc = svc;

	list_add(&dest->list, &svc->dests);
	svc->dest_count++;
	WRITE_ONCE(svc->nn->dest_held, svc->nn->dest_held + 1);
	svc->nn->gen++;
	atomic64_inc(&nflb_objects.dest_alloc);
	return 0;
}

/*
 * New settings for dest. Its weight reaches the scheduler with the next
 * rebuild of its service's set; the others apply at once.
 */
int nflb_dest_edit(struct nflb_dest *dest, const struct nflb_dest_conf *conf,
		   struct netlink_ext_ack *extack)
{
	int err;

	err = nflb_dest_check_conf(dest->svc->key.port, conf, extack);
	if (err)
		return err;
	dest_apply(dest, conf);
	dest->svc->nn->gen++;
	return 0;
}

/*
 * Take dest out of its service's list. The published set still holds
 * it: after the set is rebuilt, nflb_dest_release() ends it.
 */
void nflb_dest_unlink(struct nflb_dest *dest)
{
	lockdep_assert_held(&dest->svc->nn->lock);
	list_del(&dest->list);
	dest->svc->dest_count--;
	WRITE_ONCE(dest->svc->nn->dest_held, dest->svc->nn->dest_held - 1);
	dest->svc->nn->gen++;
}

/* An unlinked destination's connections live on borrowed time. */
void nflb_dest_release(struct nflb_dest *dest)
{
	set_bit(NFLB_DEST_REMOVED, &dest->flags);
	nflb_dest_put(dest);
}

void nflb_dest_del(struct nflb_dest *dest)
{
	struct nflb_service *svc = dest->svc;

	nflb_dest_unlink(dest);
	nflb_service_rebuild_set(svc, true, NULL);
	nflb_dest_release(dest);
}

bool nflb_dest_get(struct nflb_dest *dest)
{
	return refcount_inc_not_zero(&dest->refcnt);
}

static void dest_free_rcu(struct rcu_head *head)
{
	struct nflb_dest *dest = container_of(head, struct nflb_dest, rcu);

	nflb_service_put(dest->svc);
	nflb_stats_free(dest->stats);
	kfree(dest);
	atomic64_inc(&nflb_objects.dest_free);
}

void nflb_dest_put(struct nflb_dest *dest)
{
	if (refcount_dec_and_test(&dest->refcnt))
		call_rcu(&dest->rcu, dest_free_rcu);
}
