// SPDX-License-Identifier: GPL-2.0
/*
 * Connections over netlink: list them (all, or those of a service, a real
 * server or a client), end one, or end all that match. A listing walks the
 * connection table, then the persistence templates, across as many dump
 * messages as it takes.
 */
#include <linux/slab.h>
#include <net/sock.h>

#include "netlink.h"

const struct nla_policy nflb_conn_policy[NFLB_CONN_A_MAX + 1] = {
	[NFLB_CONN_A_AF] = { .type = NLA_U16 },
	[NFLB_CONN_A_PROTOCOL] = { .type = NLA_U8 },
	[NFLB_CONN_A_CLIENT_ADDR] = NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[NFLB_CONN_A_CLIENT_PORT] = { .type = NLA_BE16 },
	[NFLB_CONN_A_VIRT_ADDR] = NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[NFLB_CONN_A_VIRT_PORT] = { .type = NLA_BE16 },
	[NFLB_CONN_A_DEST_ADDR] = { .type = NLA_REJECT },
	[NFLB_CONN_A_DEST_PORT] = { .type = NLA_REJECT },
	[NFLB_CONN_A_LOCAL_ADDR] = { .type = NLA_REJECT },
	[NFLB_CONN_A_LOCAL_PORT] = { .type = NLA_REJECT },
	[NFLB_CONN_A_FWD] = { .type = NLA_REJECT },
	[NFLB_CONN_A_STATE] = { .type = NLA_REJECT },
	[NFLB_CONN_A_EXPIRES] = { .type = NLA_REJECT },
	[NFLB_CONN_A_TEMPLATE] = { .type = NLA_REJECT },
	[NFLB_CONN_A_FWMARK] = { .type = NLA_REJECT },
};

/* Which connections a request is about; all when nothing is set. */
struct conn_filter {
	bool by_svc, by_dest, by_client;
	struct nflb_svc_key svc;
	union nf_inet_addr dest_addr;
	__be16 dest_port;
	union nf_inet_addr client;
	u8 client_af;
};

static int parse_filter(struct nlattr **attrs, struct conn_filter *f,
			struct netlink_ext_ack *extack)
{
	struct nlattr *ctb[NFLB_CONN_A_MAX + 1];
	struct nlattr *stb[NFLB_SVC_A_MAX + 1];
	struct nlattr *tb[NFLB_DEST_A_MAX + 1];
	int err;

	memset(f, 0, sizeof(*f));
	if (attrs[NFLB_A_SERVICE]) {
		err = nflb_nl_parse_svc(attrs[NFLB_A_SERVICE], stb, &f->svc,
					extack);
		if (err)
			return err;
		f->by_svc = true;
	}
	if (attrs[NFLB_A_DEST]) {
		if (!f->by_svc) {
			NL_SET_ERR_MSG(
				extack,
				"A real server filter needs its service");
			return -EINVAL;
		}
		err = nla_parse_nested(tb, NFLB_DEST_A_MAX, attrs[NFLB_A_DEST],
				       nflb_dest_policy, extack);
		if (err)
			return err;
		if (!tb[NFLB_DEST_A_ADDR] || !tb[NFLB_DEST_A_PORT]) {
			NL_SET_ERR_MSG(extack, "Missing real server address");
			return -EINVAL;
		}
		err = nflb_nl_parse_addr(tb[NFLB_DEST_A_ADDR], f->svc.af,
					 &f->dest_addr, extack);
		if (err)
			return err;
		f->dest_port = nla_get_be16(tb[NFLB_DEST_A_PORT]);
		f->by_dest = true;
	}
	if (attrs[NFLB_A_CONN]) {
		err = nla_parse_nested(ctb, NFLB_CONN_A_MAX, attrs[NFLB_A_CONN],
				       nflb_conn_policy, extack);
		if (err)
			return err;
		if (ctb[NFLB_CONN_A_CLIENT_ADDR]) {
			f->client_af =
				nflb_nl_addr_af(ctb[NFLB_CONN_A_CLIENT_ADDR]);
			err = nflb_nl_parse_addr(ctb[NFLB_CONN_A_CLIENT_ADDR],
						 f->client_af, &f->client,
						 extack);
			if (err)
				return err;
			f->by_client = true;
		}
	}
	return 0;
}

static bool dest_matches(const struct nflb_dest *dest,
			 const struct conn_filter *f)
{
	if (f->by_svc && memcmp(&dest->svc->key, &f->svc, sizeof(f->svc)))
		return false;
	return !f->by_dest || (nf_inet_addr_cmp(&dest->addr, &f->dest_addr) &&
			       dest->port == f->dest_port);
}

static bool conn_matches(const struct nflb_conn *conn, const void *arg)
{
	const struct nflb_tuple *t = &conn->tuple;
	const struct conn_filter *f = arg;

	if (f->by_client &&
	    (t->af != f->client_af || !nf_inet_addr_cmp(&t->src, &f->client)))
		return false;
	return dest_matches(conn->dest, f);
}

static bool template_matches(const struct nflb_persist *t,
			     const struct conn_filter *f)
{
	if (f->by_client && (t->key.af != f->client_af ||
			     !nf_inet_addr_cmp(&t->key.caddr, &f->client)))
		return false;
	return dest_matches(t->dest, f);
}

static bool template_doomed(struct nflb_persist *t, const void *arg)
{
	return template_matches(t, arg);
}

static u32 ms_left(unsigned long expires)
{
	long left = (long)(READ_ONCE(expires) - jiffies);

	return left > 0 ? jiffies_to_msecs(left) : 0;
}

static int put_fwmark(struct sk_buff *skb, const struct nflb_service *svc)
{
	return svc->key.fwmark &&
	       nla_put_u32(skb, NFLB_CONN_A_FWMARK, svc->key.fwmark);
}

/* A firewall-mark service's template stands for every port of the mark. */
static int put_template_service(struct sk_buff *skb,
				const struct nflb_service *svc)
{
	if (svc->key.fwmark)
		return nla_put_u8(skb, NFLB_CONN_A_PROTOCOL, 0) ||
		       put_fwmark(skb, svc);
	return nla_put_u8(skb, NFLB_CONN_A_PROTOCOL, svc->key.proto) ||
	       nflb_nl_put_addr(skb, NFLB_CONN_A_VIRT_ADDR, svc->key.af,
				&svc->key.addr) ||
	       nla_put_be16(skb, NFLB_CONN_A_VIRT_PORT, svc->key.port);
}

static int put_conn(struct sk_buff *skb, const struct nflb_conn *conn)
{
	const struct nflb_tuple *o = &conn->tuple;
	struct nlattr *nest = nla_nest_start(skb, NFLB_A_CONN);
	struct nflb_tuple reply, *r = &reply;

	nflb_conn_reply(conn, r);

	if (!nest || nla_put_u16(skb, NFLB_CONN_A_AF, o->af) ||
	    nla_put_u8(skb, NFLB_CONN_A_PROTOCOL, o->proto) ||
	    nflb_nl_put_addr(skb, NFLB_CONN_A_CLIENT_ADDR, o->af, &o->src) ||
	    nla_put_be16(skb, NFLB_CONN_A_CLIENT_PORT, o->sport) ||
	    nflb_nl_put_addr(skb, NFLB_CONN_A_VIRT_ADDR, o->af, &o->dst) ||
	    nla_put_be16(skb, NFLB_CONN_A_VIRT_PORT, o->dport) ||
	    nflb_nl_put_addr(skb, NFLB_CONN_A_DEST_ADDR, r->af, &r->src) ||
	    nla_put_be16(skb, NFLB_CONN_A_DEST_PORT, r->sport) ||
	    put_fwmark(skb, conn->dest->svc) ||
	    nla_put_u8(skb, NFLB_CONN_A_FWD, conn->fwd) ||
	    nla_put_u8(skb, NFLB_CONN_A_STATE, READ_ONCE(conn->state)) ||
	    nla_put_u32(skb, NFLB_CONN_A_EXPIRES, ms_left(conn->expires)))
		return -EMSGSIZE;
	if (test_bit(NFLB_CONN_FULLNAT, &conn->flags) &&
	    (nflb_nl_put_addr(skb, NFLB_CONN_A_LOCAL_ADDR, o->af, &r->dst) ||
	     nla_put_be16(skb, NFLB_CONN_A_LOCAL_PORT, r->dport)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_template(struct sk_buff *skb, const struct nflb_persist *t)
{
	const struct nflb_service *svc = t->dest->svc;
	struct nlattr *nest = nla_nest_start(skb, NFLB_A_CONN);

	if (!nest || nla_put_u16(skb, NFLB_CONN_A_AF, t->key.af) ||
	    put_template_service(skb, svc) ||
	    nflb_nl_put_addr(skb, NFLB_CONN_A_CLIENT_ADDR, t->key.af,
			     &t->key.caddr) ||
	    nla_put_be16(skb, NFLB_CONN_A_CLIENT_PORT, 0) ||
	    nflb_nl_put_addr(skb, NFLB_CONN_A_DEST_ADDR, t->dest->af,
			     &t->dest->addr) ||
	    nla_put_be16(skb, NFLB_CONN_A_DEST_PORT, t->dest->port) ||
	    nla_put_u8(skb, NFLB_CONN_A_FWD, READ_ONCE(t->dest->fwd)) ||
	    nla_put_u8(skb, NFLB_CONN_A_STATE,
		       test_bit(NFLB_PERSIST_ASSURED, &t->flags)) ||
	    nla_put_u32(skb, NFLB_CONN_A_EXPIRES, ms_left(t->expires)) ||
	    nla_put_flag(skb, NFLB_CONN_A_TEMPLATE))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* A listing in progress: where it is, and what it wants. */
struct conn_dump {
	struct conn_filter filter;
	struct rhashtable_iter iter;
	bool templates; /* the connections are done */
	bool done;
};

int nflb_nl_conn_dump_start(struct netlink_callback *cb)
{
	struct nflb_net *nn = nflb_pernet(sock_net(cb->skb->sk));
	struct conn_dump *d;
	int err;

	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	err = parse_filter(nflb_dump_attrs(cb), &d->filter, cb->extack);
	if (err) {
		kfree(d);
		return err;
	}
	rhashtable_walk_enter(&nn->conn_table, &d->iter);
	cb->args[0] = (long)d;
	return 0;
}

int nflb_nl_conn_dump_done(struct netlink_callback *cb)
{
	struct conn_dump *d = (struct conn_dump *)cb->args[0];

	if (d) {
		rhashtable_walk_exit(&d->iter);
		kfree(d);
	}
	return 0;
}

/* One object of the walk into skb: 0, -EMSGSIZE, or 1 to skip it. */
static int put_object(struct sk_buff *skb, struct netlink_callback *cb,
		      struct conn_dump *d, void *obj)
{
	void *hdr;
	int err;

	if (d->templates) {
		struct nflb_persist *t = obj;

		if (test_bit(NFLB_PERSIST_DEAD, &t->flags) ||
		    !template_matches(t, &d->filter))
			return 1;
	} else {
		u8 dir;
		struct nflb_conn *conn = nflb_conn_of_node(obj, &dir);

		if (dir != NFLB_DIR_ORIG ||
		    test_bit(NFLB_CONN_DEAD, &conn->flags) ||
		    !conn_matches(conn, &d->filter))
			return 1;
	}
	hdr = nflb_nl_dump_hdr(skb, cb, NFLB_CMD_GET_CONN);
	if (!hdr)
		return -EMSGSIZE;
	err = d->templates ? put_template(skb, obj) :
			     put_conn(skb, container_of(obj, struct nflb_conn,
							orig_node));
	if (err) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Fill skb from where the walk stands; false when skb is full. */
static bool walk_table(struct sk_buff *skb, struct netlink_callback *cb,
		       struct conn_dump *d)
{
	bool room = true;
	void *obj;

	rhashtable_walk_start(&d->iter);
	while ((obj = rhashtable_walk_peek(&d->iter))) {
		if (IS_ERR(obj)) {
			if (PTR_ERR(obj) == -EAGAIN)
				continue;
			break;
		}
		if (put_object(skb, cb, d, obj) < 0) {
			room = false;
			break;
		}
		rhashtable_walk_next(&d->iter);
	}
	rhashtable_walk_stop(&d->iter);
	return room;
}

int nflb_nl_conn_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nflb_net *nn = nflb_pernet(sock_net(skb->sk));
	struct conn_dump *d = (struct conn_dump *)cb->args[0];

	if (d->done)
		return 0;
	if (!walk_table(skb, cb, d))
		return skb->len;
	if (!d->templates) {
		rhashtable_walk_exit(&d->iter);
		rhashtable_walk_enter(&nn->persist_table, &d->iter);
		d->templates = true;
		if (!walk_table(skb, cb, d))
			return skb->len;
	}
	d->done = true;
	return skb->len;
}

int nflb_nl_del_conn(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_pernet(genl_info_net(info));
	struct nlattr *tb[NFLB_CONN_A_MAX + 1];
	struct nflb_conn *conn;
	struct nflb_tuple t;
	int err;
	u8 dir;

	if (!info->attrs[NFLB_A_CONN]) {
		NL_SET_ERR_MSG(info->extack, "Missing connection");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, NFLB_CONN_A_MAX, info->attrs[NFLB_A_CONN],
			       nflb_conn_policy, info->extack);
	if (err)
		return err;
	if (!tb[NFLB_CONN_A_PROTOCOL] || !tb[NFLB_CONN_A_CLIENT_ADDR] ||
	    !tb[NFLB_CONN_A_CLIENT_PORT] || !tb[NFLB_CONN_A_VIRT_ADDR] ||
	    !tb[NFLB_CONN_A_VIRT_PORT]) {
		NL_SET_ERR_MSG(
			info->extack,
			"A connection needs protocol, client and service");
		return -EINVAL;
	}
	memset(&t, 0, sizeof(t));
	t.af = nflb_nl_addr_af(tb[NFLB_CONN_A_CLIENT_ADDR]);
	t.proto = nla_get_u8(tb[NFLB_CONN_A_PROTOCOL]);
	t.sport = nla_get_be16(tb[NFLB_CONN_A_CLIENT_PORT]);
	t.dport = nla_get_be16(tb[NFLB_CONN_A_VIRT_PORT]);
	err = nflb_nl_parse_addr(tb[NFLB_CONN_A_CLIENT_ADDR], t.af, &t.src, info->extack) ?:
		      nflb_nl_parse_addr(tb[NFLB_CONN_A_VIRT_ADDR], t.af,
					 &t.dst, info->extack);
	if (err)
		return err;
	rcu_read_lock();
	conn = nflb_conn_lookup(nn, &t, &dir);
	if (conn && dir == NFLB_DIR_ORIG)
		nflb_conn_expire(nn, conn);
	else
		err = -ESRCH;
	rcu_read_unlock();
	return err;
}

int nflb_nl_flush_conn(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = nflb_pernet(genl_info_net(info));
	struct conn_filter f;
	int err;

	err = parse_filter(info->attrs, &f, info->extack);
	if (err)
		return err;
	nflb_conn_expire_if(nn, conn_matches, &f);
	nflb_persist_remove_if(nn, template_doomed, &f);
	return 0;
}
