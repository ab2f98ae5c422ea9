// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "nflb": parse and validate requests, call the
 * service and destination functions, fill replies and dumps. No packet
 * logic lives here. The commands are documented in uapi/nflb.h.
 */
#include <linux/in.h>
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "change.h"
#include "netlink.h"
#include "sched.h"

static struct netlink_range_validation table_size_range = {
	.min = 2,
	.max = NFLB_MH_TABLE_MAX,
};

static struct netlink_range_validation persist_timeout_range = {
	.min = 1,
	.max = NFLB_PERSIST_TIMEOUT_MAX,
};

/* Nest NFLB_A_SERVICE. */
static const struct nla_policy svc_policy[NFLB_SVC_A_MAX + 1] = {
	[NFLB_SVC_A_AF] = { .type = NLA_U16 },
	[NFLB_SVC_A_PROTOCOL] = { .type = NLA_U8 },
	[NFLB_SVC_A_ADDR] = NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[NFLB_SVC_A_PORT] = { .type = NLA_BE16 },
	[NFLB_SVC_A_SCHED] = { .type = NLA_NUL_STRING,
			       .len = NFLB_SCHED_NAME_MAX - 1 },
	[NFLB_SVC_A_DEST_COUNT] = { .type = NLA_REJECT },
	[NFLB_SVC_A_STATS] = { .type = NLA_REJECT },
	[NFLB_SVC_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __NFLB_SVC_F_ALL),
	[NFLB_SVC_A_TABLE_SIZE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &table_size_range),
	[NFLB_SVC_A_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &persist_timeout_range),
	[NFLB_SVC_A_NETMASK] = { .type = NLA_BE32 },
	[NFLB_SVC_A_NO_BACKEND] = NLA_POLICY_MAX(NLA_U8, NFLB_NO_BACKEND_MAX),
	[NFLB_SVC_A_FWMARK] = { .type = NLA_U32 },
};

static struct netlink_range_validation weight_range = {
	.max = NFLB_WEIGHT_MAX,
};

/* Nest NFLB_A_DEST. */
const struct nla_policy nflb_dest_policy[NFLB_DEST_A_MAX + 1] = {
	[NFLB_DEST_A_ADDR] = NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[NFLB_DEST_A_PORT] = { .type = NLA_BE16 },
	[NFLB_DEST_A_FWD] = NLA_POLICY_MAX(NLA_U32, NFLB_FWD_MAX),
	[NFLB_DEST_A_WEIGHT] = NLA_POLICY_FULL_RANGE(NLA_U32, &weight_range),
	[NFLB_DEST_A_U_THRESH] = { .type = NLA_U32 },
	[NFLB_DEST_A_L_THRESH] = { .type = NLA_U32 },
	[NFLB_DEST_A_ACTIVE_CONNS] = { .type = NLA_REJECT },
	[NFLB_DEST_A_INACT_CONNS] = { .type = NLA_REJECT },
	[NFLB_DEST_A_STATS] = { .type = NLA_REJECT },
	[NFLB_DEST_A_TUN_TYPE] = NLA_POLICY_MAX(NLA_U8, NFLB_TUN_MAX),
	[NFLB_DEST_A_TUN_PORT] = { .type = NLA_BE16 },
	[NFLB_DEST_A_TUN_FLAGS] = NLA_POLICY_MASK(NLA_U16, __NFLB_TUN_F_ALL),
	[NFLB_DEST_A_PERSIST_CONNS] = { .type = NLA_REJECT },
};

/* Nest NFLB_A_TIMEOUTS. */
static const struct nla_policy timeout_policy[NFLB_TIMEOUT_A_MAX + 1] = {
	[NFLB_TIMEOUT_A_TCP] = { .type = NLA_U32 },
	[NFLB_TIMEOUT_A_TCP_FIN] = { .type = NLA_U32 },
	[NFLB_TIMEOUT_A_UDP] = { .type = NLA_U32 },
};

/* Nest NFLB_A_CHANGE. */
static const struct nla_policy change_policy[NFLB_CHANGE_A_MAX + 1] = {
	[NFLB_CHANGE_A_CMD] = { .type = NLA_U8 },
	[NFLB_CHANGE_A_SERVICE] = NLA_POLICY_NESTED(svc_policy),
	[NFLB_CHANGE_A_DEST] = NLA_POLICY_NESTED(nflb_dest_policy),
};

/* Top level. */
static const struct nla_policy nflb_policy[NFLB_A_MAX + 1] = {
	[NFLB_A_SERVICE] = NLA_POLICY_NESTED(svc_policy),
	[NFLB_A_DEST] = NLA_POLICY_NESTED(nflb_dest_policy),
	[NFLB_A_INFO] = { .type = NLA_REJECT },
	[NFLB_A_TIMEOUTS] = NLA_POLICY_NESTED(timeout_policy),
	[NFLB_A_CONN] = NLA_POLICY_NESTED(nflb_conn_policy),
	[NFLB_A_CHANGE] = NLA_POLICY_NESTED(change_policy),
	[NFLB_A_BATCH_FLAGS] = NLA_POLICY_MASK(NLA_U32, NFLB_BATCH_F_CHECK),
};

static struct genl_family nflb_family;

/* msg must be a string literal, as NL_SET_ERR_MSG_ATTR() requires. */
static int require(struct nlattr **tb, int type, const struct nlattr *nest,
		   const char *msg, struct netlink_ext_ack *extack)
{
	if (tb[type])
		return 0;
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = nest;
	}
	return -EINVAL;
}

int nflb_nl_parse_addr(const struct nlattr *attr, u8 af,
		       union nf_inet_addr *addr, struct netlink_ext_ack *extack)
{
	memset(addr, 0, sizeof(*addr));
	if (nla_len(attr) != nflb_nl_addr_len(af)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Address length does not match its family");
		return -EINVAL;
	}
	nla_memcpy(addr, attr, sizeof(*addr));
	return 0;
}

/* The family of an address attribute, by its length; 0 for neither. */
u8 nflb_nl_addr_af(const struct nlattr *attr)
{
	if (nla_len(attr) == sizeof(struct in_addr))
		return AF_INET;
	if (nla_len(attr) == sizeof(struct in6_addr))
		return AF_INET6;
	return 0;
}

unsigned int nflb_nl_addr_len(u8 af)
{
	if (af == AF_INET6)
		return sizeof(struct in6_addr);
	return af == AF_INET ? sizeof(struct in_addr) : 0;
}

/* A firewall-mark service is named by its mark and family alone. */
static int parse_fwmark_key(struct nlattr **tb, struct nflb_svc_key *key,
			    struct netlink_ext_ack *extack)
{
	if (tb[NFLB_SVC_A_PROTOCOL] || tb[NFLB_SVC_A_ADDR] ||
	    tb[NFLB_SVC_A_PORT]) {
		NL_SET_ERR_MSG_ATTR(
			extack, tb[NFLB_SVC_A_FWMARK],
			"A firewall-mark service has no protocol, address or port");
		return -EINVAL;
	}
	key->fwmark = nla_get_u32(tb[NFLB_SVC_A_FWMARK]);
	if (!key->fwmark) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_SVC_A_FWMARK],
				    "Firewall mark must not be zero");
		return -EINVAL;
	}
	return 0;
}

/* The service key of a NFLB_A_SERVICE nest; tb receives its attributes. */
int nflb_nl_parse_svc(struct nlattr *nest, struct nlattr **tb,
		      struct nflb_svc_key *key, struct netlink_ext_ack *extack)
{
	int err;

	if (!nest) {
		NL_SET_ERR_MSG(extack, "Missing service");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, NFLB_SVC_A_MAX, nest, svc_policy, extack);
	if (err)
		return err;
	err = require(tb, NFLB_SVC_A_AF, nest, "Missing service family",
		      extack);
	if (err)
		return err;
	memset(key, 0, sizeof(*key));
	key->af = nla_get_u16(tb[NFLB_SVC_A_AF]);
	if (key->af != AF_INET && key->af != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_SVC_A_AF],
				    "Service family must be IPv4 or IPv6");
		return -EAFNOSUPPORT;
	}
	if (tb[NFLB_SVC_A_FWMARK])
		return parse_fwmark_key(tb, key, extack);
	err = require(tb, NFLB_SVC_A_PROTOCOL, nest, "Missing service protocol", extack) ?:
		      require(tb, NFLB_SVC_A_ADDR, nest, "Missing service address", extack) ?:
		      require(tb, NFLB_SVC_A_PORT, nest, "Missing service port",
			      extack);
	if (err)
		return err;
	key->proto = nla_get_u8(tb[NFLB_SVC_A_PROTOCOL]);
	if (key->proto != IPPROTO_TCP && key->proto != IPPROTO_UDP &&
	    key->proto != IPPROTO_SCTP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_SVC_A_PROTOCOL],
				    "Protocol must be TCP, UDP or SCTP");
		return -EPROTONOSUPPORT;
	}
	key->port = nla_get_be16(tb[NFLB_SVC_A_PORT]);
	if (!key->port) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFLB_SVC_A_PORT],
				    "Service port must not be zero");
		return -EINVAL;
	}
	return nflb_nl_parse_addr(tb[NFLB_SVC_A_ADDR], key->af, &key->addr,
				  extack);
}

static struct nflb_service *find_svc(struct nflb_net *nn, struct nlattr *nest,
				     struct nlattr **tb,
				     struct netlink_ext_ack *extack)
{
	struct nflb_service *svc;
	struct nflb_svc_key key;
	int err;

	err = nflb_nl_parse_svc(nest, tb, &key, extack);
	if (err)
		return ERR_PTR(err);
	svc = nflb_service_find(nn, &key);
	if (!svc) {
		NL_SET_ERR_MSG(extack, "No such service");
		return ERR_PTR(-ESRCH);
	}
	return svc;
}

static struct nflb_net *info_nn(struct genl_info *info)
{
	return nflb_pernet(genl_info_net(info));
}

/*
 * The objects nn holds: its services, their destinations, its
 * connections and persistence templates. Those of other namespaces are
 * none of its business; nflb_objects counts all of them until freed.
 */
static u32 objects_held(struct nflb_net *nn)
{
	return READ_ONCE(nn->svc_held) + READ_ONCE(nn->dest_held) +
	       atomic_read(&nn->conn_count) + atomic_read(&nn->persist_count);
}

/* The buckets of ht's table in use (a resize may be building the next). */
static u32 buckets(struct rhashtable *ht)
{
	u32 n;

	rcu_read_lock();
	n = rht_dereference_rcu(ht->tbl, ht)->size;
	rcu_read_unlock();
	return n;
}

static int nflb_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = info_nn(info);
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nflb_family, 0, NFLB_CMD_GET_INFO);
	if (!hdr)
		goto nla_failure;
	nest = nla_nest_start(msg, NFLB_A_INFO);
	if (!nest || nla_put_string(msg, NFLB_INFO_A_VERSION, NFLB_VERSION) ||
	    nla_put_u32(msg, NFLB_INFO_A_CONN_TAB_SIZE, nflb_conn_tab_size()) ||
	    nla_put_u32(msg, NFLB_INFO_A_CONN_COUNT,
			atomic_read(&nn->conn_count)) ||
	    nla_put_u32(msg, NFLB_INFO_A_SVC_COUNT, READ_ONCE(nn->svc_count)) ||
	    nla_put_u32(msg, NFLB_INFO_A_OBJ_LIVE, objects_held(nn)) ||
	    nla_put_u32(msg, NFLB_INFO_A_CONN_MAX, nflb_conn_max()) ||
	    nla_put_u64_64bit(msg, NFLB_INFO_A_CONN_REFUSED,
			      atomic64_read(&nn->conn_refused),
			      NFLB_INFO_A_PAD) ||
	    nla_put_u32(msg, NFLB_INFO_A_SVC_BUCKETS,
			buckets(&nn->svc_table)) ||
	    nla_put_u32(msg, NFLB_INFO_A_CONN_BUCKETS,
			buckets(&nn->conn_table)))
		goto nla_failure;
	nla_nest_end(msg, nest);
	nest = nla_nest_start(msg, NFLB_A_TIMEOUTS);
	if (!nest ||
	    nla_put_u32(msg, NFLB_TIMEOUT_A_TCP,
			READ_ONCE(nn->timeouts.tcp[NFLB_TCP_ESTABLISHED])) ||
	    nla_put_u32(msg, NFLB_TIMEOUT_A_TCP_FIN,
			READ_ONCE(nn->timeouts.tcp[NFLB_TCP_FIN_WAIT])) ||
	    nla_put_u32(msg, NFLB_TIMEOUT_A_UDP, READ_ONCE(nn->timeouts.udp)))
		goto nla_failure;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nla_failure:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* ipvsadm --set: each non-zero value replaces its timeout. */
static int nflb_nl_set_timeouts(struct sk_buff *skb, struct genl_info *info)
{
	static const int attrs[] = { NFLB_TIMEOUT_A_TCP, NFLB_TIMEOUT_A_TCP_FIN,
				     NFLB_TIMEOUT_A_UDP };
	struct nlattr *tb[NFLB_TIMEOUT_A_MAX + 1];
	struct nflb_net *nn = info_nn(info);
	u32 *slot[ARRAY_SIZE(attrs)];
	u32 v[ARRAY_SIZE(attrs)];
	int err, i;

	if (!info->attrs[NFLB_A_TIMEOUTS]) {
		NL_SET_ERR_MSG(info->extack, "Missing timeouts");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, NFLB_TIMEOUT_A_MAX,
			       info->attrs[NFLB_A_TIMEOUTS], timeout_policy,
			       info->extack);
	if (err)
		return err;
	/* Checked all first, so that a refused request changes nothing. */
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		v[i] = tb[attrs[i]] ? nla_get_u32(tb[attrs[i]]) : 0;
		if (v[i] > INT_MAX / HZ) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[attrs[i]],
					    "Timeout too large");
			return -EINVAL;
		}
	}
	slot[0] = &nn->timeouts.tcp[NFLB_TCP_ESTABLISHED];
	slot[1] = &nn->timeouts.tcp[NFLB_TCP_FIN_WAIT];
	slot[2] = &nn->timeouts.udp;
	mutex_lock(&nn->lock);
	for (i = 0; i < ARRAY_SIZE(attrs); i++)
		if (v[i])
			WRITE_ONCE(*slot[i], v[i]);
	mutex_unlock(&nn->lock);
	return 0;
}

/* The settings a NFLB_A_SERVICE nest carries; which ones in *which. */
static u32 parse_svc_conf(struct nlattr **tb, struct nflb_svc_conf *conf)
{
	u32 which = 0;

	memset(conf, 0, sizeof(*conf));
	if (tb[NFLB_SVC_A_SCHED]) {
		nla_strscpy(conf->sched, tb[NFLB_SVC_A_SCHED],
			    sizeof(conf->sched));
		which |= NFLB_SVC_CONF_SCHED;
	}
	if (tb[NFLB_SVC_A_FLAGS]) {
		conf->flags = nla_get_u32(tb[NFLB_SVC_A_FLAGS]);
		which |= NFLB_SVC_CONF_FLAGS;
	}
	if (tb[NFLB_SVC_A_TABLE_SIZE]) {
		conf->table_size = nla_get_u32(tb[NFLB_SVC_A_TABLE_SIZE]);
		which |= NFLB_SVC_CONF_TABLE_SIZE;
	}
	if (tb[NFLB_SVC_A_TIMEOUT]) {
		conf->timeout = nla_get_u32(tb[NFLB_SVC_A_TIMEOUT]);
		which |= NFLB_SVC_CONF_TIMEOUT;
	}
	if (tb[NFLB_SVC_A_NETMASK]) {
		conf->netmask = nla_get_be32(tb[NFLB_SVC_A_NETMASK]);
		which |= NFLB_SVC_CONF_NETMASK;
	}
	if (tb[NFLB_SVC_A_NO_BACKEND]) {
		conf->no_backend = nla_get_u8(tb[NFLB_SVC_A_NO_BACKEND]);
		which |= NFLB_SVC_CONF_NO_BACKEND;
	}
	return which;
}

static void zero_service(struct nflb_service *svc)
{
	struct nflb_dest *dest;

	nflb_stats_zero(svc->stats);
	nflb_est_zero(&svc->est);
	list_for_each_entry(dest, &svc->dests, list) {
		nflb_stats_zero(dest->stats);
		nflb_est_zero(&dest->est);
	}
}

static int nflb_nl_zero(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = info_nn(info);
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	struct nflb_service *svc;
	unsigned long id;
	int err = 0;

	mutex_lock(&nn->lock);
	if (info->attrs[NFLB_A_SERVICE]) {
		svc = find_svc(nn, info->attrs[NFLB_A_SERVICE], tb,
			       info->extack);
		err = PTR_ERR_OR_ZERO(svc);
		if (!err)
			zero_service(svc);
	} else {
		xa_for_each(&nn->svc_ids, id, svc)
			zero_service(svc);
	}
	mutex_unlock(&nn->lock);
	return err;
}

/* The key of NFLB_A_DEST and the settings it gives; af is the service's. */
static int parse_dest_req(struct nlattr *nest, u8 af, struct nflb_dest_req *req,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NFLB_DEST_A_MAX + 1];
	int err;

	if (!nest) {
		NL_SET_ERR_MSG(extack, "Missing destination");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, NFLB_DEST_A_MAX, nest, nflb_dest_policy,
			       extack);
	if (err)
		return err;
	err = require(tb, NFLB_DEST_A_ADDR, nest, "Missing destination address", extack) ?:
		      require(tb, NFLB_DEST_A_PORT, nest,
			      "Missing destination port", extack);
	if (err)
		return err;

	memset(req, 0, sizeof(*req));
	err = nflb_nl_parse_addr(tb[NFLB_DEST_A_ADDR], af, &req->given.addr,
				 extack);
	if (err)
		return err;
	req->given.port = nla_get_be16(tb[NFLB_DEST_A_PORT]);
	if (tb[NFLB_DEST_A_FWD]) {
		req->given.fwd = nla_get_u32(tb[NFLB_DEST_A_FWD]);
		req->which |= NFLB_DEST_REQ_FWD;
	}
	if (tb[NFLB_DEST_A_TUN_TYPE] || tb[NFLB_DEST_A_TUN_PORT] ||
	    tb[NFLB_DEST_A_TUN_FLAGS])
		req->which |= NFLB_DEST_REQ_TUNNEL;
	if (tb[NFLB_DEST_A_TUN_TYPE])
		req->given.tun_type = nla_get_u8(tb[NFLB_DEST_A_TUN_TYPE]);
	if (tb[NFLB_DEST_A_TUN_PORT])
		req->given.tun_port = nla_get_be16(tb[NFLB_DEST_A_TUN_PORT]);
	if (tb[NFLB_DEST_A_TUN_FLAGS])
		req->given.tun_flags = nla_get_u16(tb[NFLB_DEST_A_TUN_FLAGS]);
	if (tb[NFLB_DEST_A_WEIGHT]) {
		req->given.weight = nla_get_u32(tb[NFLB_DEST_A_WEIGHT]);
		req->which |= NFLB_DEST_REQ_WEIGHT;
	}
	if (tb[NFLB_DEST_A_U_THRESH]) {
		req->given.u_thresh = nla_get_u32(tb[NFLB_DEST_A_U_THRESH]);
		req->which |= NFLB_DEST_REQ_U_THRESH;
	}
	if (tb[NFLB_DEST_A_L_THRESH]) {
		req->given.l_thresh = nla_get_u32(tb[NFLB_DEST_A_L_THRESH]);
		req->which |= NFLB_DEST_REQ_L_THRESH;
	}
	return 0;
}

static bool is_change_cmd(u8 cmd)
{
	switch (cmd) {
	case NFLB_CMD_NEW_SERVICE:
	case NFLB_CMD_SET_SERVICE:
	case NFLB_CMD_DEL_SERVICE:
	case NFLB_CMD_NEW_DEST:
	case NFLB_CMD_SET_DEST:
	case NFLB_CMD_DEL_DEST:
	case NFLB_CMD_FLUSH:
		return true;
	}
	return false;
}

/* Change cmd of the service svc_nest names (and of dest_nest's server). */
static int parse_change(u8 cmd, struct nlattr *svc_nest,
			struct nlattr *dest_nest, struct nflb_change *c,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	int err;

	memset(c, 0, sizeof(*c));
	c->cmd = cmd;
	if (cmd == NFLB_CMD_FLUSH)
		return 0;
	err = nflb_nl_parse_svc(svc_nest, tb, &c->key, extack);
	if (err)
		return err;
	switch (cmd) {
	case NFLB_CMD_NEW_SERVICE:
		err = require(tb, NFLB_SVC_A_SCHED, svc_nest,
			      "Missing scheduler", extack);
		fallthrough;
	case NFLB_CMD_SET_SERVICE:
		c->svc_which = parse_svc_conf(tb, &c->svc);
		return err;
	case NFLB_CMD_DEL_SERVICE:
		return 0;
	}
	return parse_dest_req(dest_nest, c->key.af, &c->dest, extack);
}

/* NEW/SET/DEL of a service or destination, and FLUSH: one change. */
static int nflb_nl_change(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = info_nn(info);
	struct nflb_change c;
	int err;

	err = parse_change(info->genlhdr->cmd, info->attrs[NFLB_A_SERVICE],
			   info->attrs[NFLB_A_DEST], &c, info->extack);
	if (err)
		return err;
	mutex_lock(&nn->lock);
	err = nflb_changes_commit(nn, &c, 1, false, info->extack);
	mutex_unlock(&nn->lock);
	return err;
}

static int parse_batch(struct genl_info *info, struct nflb_change *changes,
		       u32 n)
{
	struct nlattr *tb[NFLB_CHANGE_A_MAX + 1];
	struct nlattr *a;
	int err, rem;
	u32 i = 0;
	u8 cmd;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != NFLB_A_CHANGE || WARN_ON_ONCE(i >= n))
			continue;
		err = nla_parse_nested(tb, NFLB_CHANGE_A_MAX, a, change_policy,
				       info->extack);
		if (err)
			return err;
		cmd = tb[NFLB_CHANGE_A_CMD] ?
			      nla_get_u8(tb[NFLB_CHANGE_A_CMD]) :
			      NFLB_CMD_UNSPEC;
		if (!is_change_cmd(cmd)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "Not a change of services");
			return -EINVAL;
		}
		err = parse_change(cmd, tb[NFLB_CHANGE_A_SERVICE],
				   tb[NFLB_CHANGE_A_DEST], &changes[i],
				   info->extack);
		if (err) {
			nflb_point_at(info->extack, a);
			return err;
		}
		changes[i++].attr = a;
	}
	return 0;
}

/* Many changes, committed whole or not at all. */
static int nflb_nl_batch(struct sk_buff *skb, struct genl_info *info)
{
	struct nflb_net *nn = info_nn(info);
	struct nflb_change *changes;
	bool check_only = false;
	struct nlattr *a;
	int err, rem;
	u32 n = 0;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem)
		n += nla_type(a) == NFLB_A_CHANGE;
	if (info->attrs[NFLB_A_BATCH_FLAGS])
		check_only = nla_get_u32(info->attrs[NFLB_A_BATCH_FLAGS]) &
			     NFLB_BATCH_F_CHECK;
	if (!n)
		return 0;
	changes = kvmalloc_array(n, sizeof(*changes), GFP_KERNEL_ACCOUNT);
	if (!changes)
		return -ENOMEM;
	err = parse_batch(info, changes, n);
	if (!err) {
		mutex_lock(&nn->lock);
		err = nflb_changes_commit(nn, changes, n, check_only,
					  info->extack);
		mutex_unlock(&nn->lock);
	}
	kvfree(changes);
	return err;
}

/* Five u64 attributes, of types first to first + 4. */
static int put_u64_run(struct sk_buff *skb, int first, u64 a, u64 b, u64 c,
		       u64 d, u64 e)
{
	const u64 v[] = { a, b, c, d, e };
	int i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		if (nla_put_u64_64bit(skb, first + i, v[i], NFLB_STATS_A_PAD))
			return -EMSGSIZE;
	return 0;
}

static int put_stats(struct sk_buff *skb, int type,
		     struct nflb_stats_pcpu __percpu *pcpu,
		     const struct nflb_est *est)
{
	struct nflb_rates r;
	struct nflb_stats s;
	struct nlattr *nest;

	BUILD_BUG_ON(NFLB_STATS_A_OUTBYTES != NFLB_STATS_A_CONNS + 4);
	BUILD_BUG_ON(NFLB_STATS_A_OUTBPS != NFLB_STATS_A_CPS + 4);
	nflb_stats_read(pcpu, &s);
	nflb_est_read(est, &r);
	nest = nla_nest_start(skb, type);
	if (!nest ||
	    put_u64_run(skb, NFLB_STATS_A_CONNS, s.conns, s.inpkts, s.outpkts,
			s.inbytes, s.outbytes) ||
	    put_u64_run(skb, NFLB_STATS_A_CPS, r.cps, r.inpps, r.outpps,
			r.inbps, r.outbps))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int nflb_nl_put_addr(struct sk_buff *skb, int type, u8 af,
		     const union nf_inet_addr *addr)
{
	return af == AF_INET ? nla_put_in_addr(skb, type, addr->ip) :
			       nla_put_in6_addr(skb, type, &addr->in6);
}

static int put_svc_key(struct sk_buff *skb, const struct nflb_svc_key *key)
{
	if (key->fwmark)
		return nla_put_u16(skb, NFLB_SVC_A_AF, key->af) ||
		       nla_put_u32(skb, NFLB_SVC_A_FWMARK, key->fwmark);
	return nla_put_u16(skb, NFLB_SVC_A_AF, key->af) ||
	       nla_put_u8(skb, NFLB_SVC_A_PROTOCOL, key->proto) ||
	       nflb_nl_put_addr(skb, NFLB_SVC_A_ADDR, key->af, &key->addr) ||
	       nla_put_be16(skb, NFLB_SVC_A_PORT, key->port);
}

/*
 * A service's settings; TABLE_SIZE is the slots its scheduler (sched,
 * the one c names) uses.
 */
static int put_svc_conf(struct sk_buff *skb, const struct nflb_svc_conf *c,
			const struct nflb_sched_ops *sched)
{
	u32 slots = sched && sched->table_size ?
			    sched->table_size(c->table_size) :
			    0;

	return nla_put_string(skb, NFLB_SVC_A_SCHED, c->sched) ||
	       nla_put_u32(skb, NFLB_SVC_A_FLAGS, c->flags) ||
	       nla_put_u32(skb, NFLB_SVC_A_TIMEOUT, c->timeout) ||
	       nla_put_be32(skb, NFLB_SVC_A_NETMASK, c->netmask) ||
	       nla_put_u8(skb, NFLB_SVC_A_NO_BACKEND, c->no_backend) ||
	       nla_put_u32(skb, NFLB_SVC_A_TABLE_SIZE, slots);
}

/* The service key, plus its details when full. */
static int put_svc(struct sk_buff *skb, struct nflb_service *svc, bool full)
{
	struct nflb_svc_conf conf;
	struct nlattr *nest;

	nest = nla_nest_start(skb, NFLB_A_SERVICE);
	if (!nest || put_svc_key(skb, &svc->key))
		return -EMSGSIZE;
	nflb_service_conf(svc, &conf);
	if (full && (put_svc_conf(skb, &conf, svc->sched) ||
		     nla_put_u32(skb, NFLB_SVC_A_DEST_COUNT, svc->dest_count) ||
		     put_stats(skb, NFLB_SVC_A_STATS, svc->stats, &svc->est)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_dest(struct sk_buff *skb, struct nflb_dest *dest)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, NFLB_A_DEST);
	if (!nest ||
	    nflb_nl_put_addr(skb, NFLB_DEST_A_ADDR, dest->af, &dest->addr) ||
	    nla_put_be16(skb, NFLB_DEST_A_PORT, dest->port) ||
	    nla_put_u32(skb, NFLB_DEST_A_FWD, dest->fwd) ||
	    nla_put_u8(skb, NFLB_DEST_A_TUN_TYPE, dest->tun_type) ||
	    nla_put_be16(skb, NFLB_DEST_A_TUN_PORT, dest->tun_port) ||
	    nla_put_u16(skb, NFLB_DEST_A_TUN_FLAGS, dest->tun_flags) ||
	    nla_put_u32(skb, NFLB_DEST_A_WEIGHT, dest->weight) ||
	    nla_put_u32(skb, NFLB_DEST_A_U_THRESH, dest->u_thresh) ||
	    nla_put_u32(skb, NFLB_DEST_A_L_THRESH, dest->l_thresh) ||
	    nla_put_u32(skb, NFLB_DEST_A_ACTIVE_CONNS,
			atomic_read(&dest->active_conns)) ||
	    nla_put_u32(skb, NFLB_DEST_A_INACT_CONNS,
			atomic_read(&dest->inact_conns)) ||
	    nla_put_u32(skb, NFLB_DEST_A_PERSIST_CONNS,
			atomic_read(&dest->persist_conns)) ||
	    put_stats(skb, NFLB_DEST_A_STATS, dest->stats, &dest->est))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

void *nflb_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &nflb_family, NLM_F_MULTI, cmd);
	if (hdr)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

/* Cursor: cb->args[0] is the id of the next service to dump. */
static int nflb_nl_dump_services(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct nflb_net *nn = nflb_pernet(sock_net(skb->sk));
	struct nflb_service *svc;
	unsigned long id;
	void *hdr;

	mutex_lock(&nn->lock);
	cb->seq = nn->gen;
	xa_for_each_start(&nn->svc_ids, id, svc, cb->args[0]) {
		hdr = nflb_nl_dump_hdr(skb, cb, NFLB_CMD_GET_SERVICE);
		if (!hdr)
			break;
		if (put_svc(skb, svc, true)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = id + 1;
	}
	mutex_unlock(&nn->lock);
	return skb->len;
}

/* Dump one service's destinations from index cb->args[1]; 0 when done. */
static int dump_svc_dests(struct sk_buff *skb, struct netlink_callback *cb,
			  struct nflb_service *svc)
{
	struct nflb_dest *dest;
	unsigned long idx = 0;
	void *hdr;

	list_for_each_entry(dest, &svc->dests, list) {
		if (idx++ < cb->args[1])
			continue;
		hdr = nflb_nl_dump_hdr(skb, cb, NFLB_CMD_GET_DEST);
		if (!hdr)
			return -EMSGSIZE;
		if (put_svc(skb, svc, false) || put_dest(skb, dest)) {
			genlmsg_cancel(skb, hdr);
			return -EMSGSIZE;
		}
		genlmsg_end(skb, hdr);
		cb->args[1] = idx;
	}
	cb->args[1] = 0;
	return 0;
}

/*
 * Cursor: cb->args[0] is the id of the service being dumped, args[1] the
 * index of its next destination. With a service in the request, only its
 * destinations are dumped.
 */
static int nflb_nl_dump_dests(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nflb_net *nn = nflb_pernet(sock_net(skb->sk));
	struct nlattr **attrs = nflb_dump_attrs(cb);
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];
	struct nflb_service *svc;
	unsigned long id;
	int err = 0;

	mutex_lock(&nn->lock);
	cb->seq = nn->gen;
	if (attrs[NFLB_A_SERVICE]) {
		svc = find_svc(nn, attrs[NFLB_A_SERVICE], tb, cb->extack);
		err = PTR_ERR_OR_ZERO(svc);
		if (!err && !cb->args[2]) {
			if (!dump_svc_dests(skb, cb, svc))
				cb->args[2] = 1;
		}
		goto out;
	}
	xa_for_each_start(&nn->svc_ids, id, svc, cb->args[0]) {
		cb->args[0] = id;
		if (dump_svc_dests(skb, cb, svc))
			goto out;
		cb->args[0] = id + 1;
	}
out:
	mutex_unlock(&nn->lock);
	return err ?: skb->len;
}

/*
 * Every command, reads included, needs CAP_NET_ADMIN in the initial user
 * namespace, as IPVS's: a listing shows every client's address and port,
 * and the root of a user namespace could otherwise fill the machine with
 * connections that its memory cgroup counts but lets past its limit
 * (memcg.c).
 */
static const struct genl_ops nflb_ops[] = {
	{
		.cmd = NFLB_CMD_GET_INFO,
		.doit = nflb_nl_get_info,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_NEW_SERVICE,
		.doit = nflb_nl_change,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_SET_SERVICE,
		.doit = nflb_nl_change,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_DEL_SERVICE,
		.doit = nflb_nl_change,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_GET_SERVICE,
		.dumpit = nflb_nl_dump_services,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_NEW_DEST,
		.doit = nflb_nl_change,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_SET_DEST,
		.doit = nflb_nl_change,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_DEL_DEST,
		.doit = nflb_nl_change,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_GET_DEST,
		.dumpit = nflb_nl_dump_dests,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_FLUSH,
		.doit = nflb_nl_change,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_ZERO,
		.doit = nflb_nl_zero,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_SET_TIMEOUTS,
		.doit = nflb_nl_set_timeouts,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_GET_CONN,
		.start = nflb_nl_conn_dump_start,
		.dumpit = nflb_nl_conn_dump,
		.done = nflb_nl_conn_dump_done,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_DEL_CONN,
		.doit = nflb_nl_del_conn,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_FLUSH_CONN,
		.doit = nflb_nl_flush_conn,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = NFLB_CMD_BATCH,
		.doit = nflb_nl_batch,
		.flags = GENL_ADMIN_PERM,
	},
};

/*
 * Joining asks CAP_NET_ADMIN over the namespace's own user namespace;
 * nflb_nl_notify() sends only to listeners that have it in the initial
 * one, as the commands ask.
 */
static const struct genl_multicast_group nflb_mcgrps[] = {
	{ .name = NFLB_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family nflb_family __ro_after_init = {
	.name = NFLB_GENL_NAME,
	.version = NFLB_GENL_VERSION,
	.maxattr = NFLB_A_MAX,
	.policy = nflb_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = nflb_ops,
	.n_ops = ARRAY_SIZE(nflb_ops),
	.mcgrps = nflb_mcgrps,
	.n_mcgrps = ARRAY_SIZE(nflb_mcgrps),
};

/*
 * Tell the listeners of NFLB_MCGRP_EVENTS that cmd happened to the
 * service of key (settings conf, when given) and to dest. A lost event
 * only costs the listeners: the change stands.
 */
void nflb_nl_notify(struct nflb_net *nn, u8 cmd, const struct nflb_svc_key *key,
		    const struct nflb_svc_conf *conf, struct nflb_dest *dest)
{
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;

	if (!nflb_events_may_go(nn->net) ||
	    !genl_has_listeners(&nflb_family, nn->net, 0))
		return;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &nflb_family, 0, cmd);
	if (!hdr)
		goto nla_failure;
	if (key) {
		nest = nla_nest_start(skb, NFLB_A_SERVICE);
		if (!nest || put_svc_key(skb, key) ||
		    (conf &&
		     put_svc_conf(skb, conf, nflb_sched_find(conf->sched))))
			goto nla_failure;
		nla_nest_end(skb, nest);
	}
	if (dest && put_dest(skb, dest))
		goto nla_failure;
	genlmsg_end(skb, hdr);
	nflb_multicast_admin(&nflb_family, nn->net, skb, GFP_KERNEL);
	return;

nla_failure:
	nlmsg_free(skb);
}

int __init nflb_netlink_init(void)
{
	return genl_register_family(&nflb_family);
}

void nflb_netlink_uninit(void)
{
	genl_unregister_family(&nflb_family);
}
