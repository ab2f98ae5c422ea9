// SPDX-License-Identifier: GPL-2.0
/*
 * libnflb: request/ACK and dump loops over libnl-genl, attribute building
 * and parsing. Unknown attributes in replies are ignored, so newer modules
 * keep working with older tools.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct nflb_handle {
	struct nl_sock *sk;
	int family;
	char msg[256]; /* the kernel's extack message of the last error */
	uint32_t err_offset; /* and where in the request it pointed, or 0 */
};

struct request {
	struct nflb_handle *h;
	int err; /* negative errno */
	int done;
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
};

struct nflb_handle *nflb_open(void)
{
	struct nflb_handle *h;
	int one = 1;

	h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->sk = nl_socket_alloc();
	if (!h->sk)
		goto err;
	if (genl_connect(h->sk)) {
		errno = EPROTONOSUPPORT;
		goto err;
	}
	/* Ask for the kernel's error text, without our request echoed. */
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
	nl_socket_set_buffer_size(h->sk, 1 << 20, 1 << 20);
	h->family = genl_ctrl_resolve(h->sk, NFLB_GENL_NAME);
	if (h->family < 0) {
		errno = ENOENT;
		goto err;
	}
	return h;
err:
	if (h->sk)
		nl_socket_free(h->sk);
	free(h);
	return NULL;
}

void nflb_close(struct nflb_handle *h)
{
	if (!h)
		return;
	nl_socket_free(h->sk);
	free(h);
}

const char *nflb_last_msg(const struct nflb_handle *h)
{
	return h->msg;
}

/* The extack TLVs that follow an error (or a dump's DONE) payload. */
static void read_extack(struct nflb_handle *h, struct nlmsghdr *nlh,
			size_t payload)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct nlattr *attrs;
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)payload;
	if (len <= 0)
		return;
	attrs = (struct nlattr *)((char *)nlmsg_data(nlh) +
				  NLMSG_ALIGN(payload));
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, attrs, len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(h->msg, sizeof(h->msg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS])
		h->err_offset = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

struct nl_sock *nflbi_sock(struct nflb_handle *h)
{
	return h->sk;
}

uint32_t nflbi_err_offset(const struct nflb_handle *h)
{
	return h->err_offset;
}

/* Room in the socket for a request of len bytes, forced when allowed. */
int nflbi_make_room(struct nflb_handle *h, size_t len)
{
	int fd = nl_socket_get_fd(h->sk), size;
	socklen_t optlen = sizeof(size);

	if (len > INT_MAX / 2)
		return -EMSGSIZE;
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, &optlen) == 0 &&
	    (size_t)size > len + 32)
		return 0;
	size = (int)len + 4096;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	optlen = sizeof(size);
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, &optlen) ||
	    (size_t)size <= len + 32)
		return -EMSGSIZE;
	return 0;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct request *req = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);

	(void)who;

	req->err = e->error;
	if (e->error)
		read_extack(req->h, nlh, sizeof(*e));
	req->done = 1;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;

	(void)msg;
	req->done = 1;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			req->err = err;
			read_extack(req->h, nlh, sizeof(int));
		}
	}
	req->done = 1;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	struct nlattr *tb[NFLB_A_MAX + 1];
	int err;

	if (!req->parse)
		return NL_OK;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NFLB_A_MAX, NULL))
		return NL_OK;
	err = req->parse(tb, req->arg);
	if (err) {
		req->err = err;
		return NL_STOP;
	}
	return NL_OK;
}

/* Send msg (freed here) and read replies until the ACK or DONE. */
int nflbi_request(struct nflb_handle *h, struct nl_msg *msg,
		  int (*parse)(struct nlattr **tb, void *arg), void *arg)
{
	struct request req = { .h = h, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int err;

	h->msg[0] = '\0';
	h->err_offset = 0;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &req);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &req);

	err = nl_send_auto(h->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		nl_cb_put(cb);
		return -EIO;
	}
	while (!req.done) {
		err = nl_recvmsgs(h->sk, cb);
		if (err < 0 && !req.err)
			req.err = -EIO;
		if (req.err && !req.done)
			break;
	}
	nl_cb_put(cb);
	return req.err;
}

struct nl_msg *nflbi_new_msg_size(struct nflb_handle *h, uint8_t cmd, int flags,
				  size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
			 flags | NLM_F_REQUEST, cmd, NFLB_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *nflbi_new_msg(struct nflb_handle *h, uint8_t cmd, int flags)
{
	return nflbi_new_msg_size(h, cmd, flags, 0);
}

size_t nflbi_addr_len(uint16_t af)
{
	return af == AF_INET6 ? sizeof(struct in6_addr) :
				sizeof(struct in_addr);
}

int nflbi_put_svc(struct nl_msg *msg, int type, const struct nflb_svc *svc,
		  int with_sched)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest || nla_put_u16(msg, NFLB_SVC_A_AF, svc->af))
		return -EMSGSIZE;
	if (svc->fwmark ?
		    nla_put_u32(msg, NFLB_SVC_A_FWMARK, svc->fwmark) :
		    nla_put_u8(msg, NFLB_SVC_A_PROTOCOL, svc->protocol) ||
			    nla_put(msg, NFLB_SVC_A_ADDR,
				    nflbi_addr_len(svc->af), &svc->addr) ||
			    nla_put_u16(msg, NFLB_SVC_A_PORT, htons(svc->port)))
		return -EMSGSIZE;
	if (with_sched && svc->sched[0] &&
	    nla_put_string(msg, NFLB_SVC_A_SCHED, svc->sched))
		return -EMSGSIZE;
	if (with_sched && (svc->fields & NFLB_SVC_FLAGS) &&
	    nla_put_u32(msg, NFLB_SVC_A_FLAGS, svc->flags))
		return -EMSGSIZE;
	if (with_sched && (svc->fields & NFLB_SVC_TABLE_SIZE) &&
	    nla_put_u32(msg, NFLB_SVC_A_TABLE_SIZE, svc->table_size))
		return -EMSGSIZE;
	if (with_sched && (svc->fields & NFLB_SVC_TIMEOUT) &&
	    nla_put_u32(msg, NFLB_SVC_A_TIMEOUT, svc->timeout))
		return -EMSGSIZE;
	if (with_sched && (svc->fields & NFLB_SVC_NETMASK) &&
	    nla_put_u32(msg, NFLB_SVC_A_NETMASK,
			svc->af == AF_INET6 ? htonl(svc->netmask) :
					      svc->netmask))
		return -EMSGSIZE;
	if (with_sched && (svc->fields & NFLB_SVC_NO_BACKEND) &&
	    nla_put_u8(msg, NFLB_SVC_A_NO_BACKEND, svc->no_backend))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int nflbi_put_dest(struct nl_msg *msg, int type, uint16_t af,
		   const struct nflb_dest *d, int with_fields)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest ||
	    nla_put(msg, NFLB_DEST_A_ADDR, nflbi_addr_len(af), &d->addr) ||
	    nla_put_u16(msg, NFLB_DEST_A_PORT, htons(d->port)))
		return -EMSGSIZE;
	if (with_fields &&
	    (((d->fields & NFLB_DEST_FWD) &&
	      nla_put_u32(msg, NFLB_DEST_A_FWD, d->fwd)) ||
	     ((d->fields & NFLB_DEST_WEIGHT) &&
	      nla_put_u32(msg, NFLB_DEST_A_WEIGHT, d->weight)) ||
	     ((d->fields & NFLB_DEST_U_THRESH) &&
	      nla_put_u32(msg, NFLB_DEST_A_U_THRESH, d->u_thresh)) ||
	     ((d->fields & NFLB_DEST_L_THRESH) &&
	      nla_put_u32(msg, NFLB_DEST_A_L_THRESH, d->l_thresh)) ||
	     ((d->fields & NFLB_DEST_TUNNEL) &&
	      (nla_put_u8(msg, NFLB_DEST_A_TUN_TYPE, d->tun_type) ||
	       nla_put_u16(msg, NFLB_DEST_A_TUN_PORT, htons(d->tun_port)) ||
	       nla_put_u16(msg, NFLB_DEST_A_TUN_FLAGS, d->tun_flags)))))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int svc_cmd(struct nflb_handle *h, uint8_t cmd,
		   const struct nflb_svc *svc, const struct nflb_dest *dest,
		   int with_details)
{
	struct nl_msg *msg = nflbi_new_msg(h, cmd, NLM_F_ACK);

	if (!msg)
		return -ENOMEM;
	if ((svc && nflbi_put_svc(msg, NFLB_A_SERVICE, svc, with_details)) ||
	    (dest &&
	     nflbi_put_dest(msg, NFLB_A_DEST, svc->af, dest, with_details))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return nflbi_request(h, msg, NULL, NULL);
}

int nflb_add_service(struct nflb_handle *h, const struct nflb_svc *svc)
{
	return svc_cmd(h, NFLB_CMD_NEW_SERVICE, svc, NULL, 1);
}

int nflb_edit_service(struct nflb_handle *h, const struct nflb_svc *svc)
{
	return svc_cmd(h, NFLB_CMD_SET_SERVICE, svc, NULL, 1);
}

int nflb_del_service(struct nflb_handle *h, const struct nflb_svc *svc)
{
	return svc_cmd(h, NFLB_CMD_DEL_SERVICE, svc, NULL, 0);
}

int nflb_add_dest(struct nflb_handle *h, const struct nflb_svc *svc,
		  const struct nflb_dest *dest)
{
	return svc_cmd(h, NFLB_CMD_NEW_DEST, svc, dest, 1);
}

int nflb_edit_dest(struct nflb_handle *h, const struct nflb_svc *svc,
		   const struct nflb_dest *dest)
{
	return svc_cmd(h, NFLB_CMD_SET_DEST, svc, dest, 1);
}

int nflb_del_dest(struct nflb_handle *h, const struct nflb_svc *svc,
		  const struct nflb_dest *dest)
{
	return svc_cmd(h, NFLB_CMD_DEL_DEST, svc, dest, 0);
}

int nflb_flush(struct nflb_handle *h)
{
	return svc_cmd(h, NFLB_CMD_FLUSH, NULL, NULL, 0);
}

int nflb_set_timeouts(struct nflb_handle *h, const struct nflb_timeouts *t)
{
	struct nl_msg *msg = nflbi_new_msg(h, NFLB_CMD_SET_TIMEOUTS, NLM_F_ACK);
	struct nlattr *nest;

	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, NFLB_A_TIMEOUTS);
	if (!nest || nla_put_u32(msg, NFLB_TIMEOUT_A_TCP, t->tcp) ||
	    nla_put_u32(msg, NFLB_TIMEOUT_A_TCP_FIN, t->tcp_fin) ||
	    nla_put_u32(msg, NFLB_TIMEOUT_A_UDP, t->udp)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return nflbi_request(h, msg, NULL, NULL);
}

/* ipvsadm's names: lower case for services files, upper for listings. */
static const struct protocol_names {
	uint8_t protocol;
	const char *name, *label;
} protocols[] = {
	{ IPPROTO_TCP, "tcp", "TCP" },
	{ IPPROTO_UDP, "udp", "UDP" },
	{ IPPROTO_SCTP, "sctp", "SCTP" },
};

static const struct protocol_names unknown_protocol = { 0, "?", "?" };

static const struct protocol_names *protocol_names(uint8_t protocol)
{
	size_t i;

	for (i = 0; i < sizeof(protocols) / sizeof(*protocols); i++)
		if (protocols[i].protocol == protocol)
			return &protocols[i];
	return &unknown_protocol;
}

const char *nflb_protocol_name(uint8_t protocol)
{
	return protocol_names(protocol)->name;
}

const char *nflb_protocol_label(uint8_t protocol)
{
	return protocol_names(protocol)->label;
}

int nflb_protocol_parse(const char *name, uint8_t *out)
{
	size_t i;

	for (i = 0; i < sizeof(protocols) / sizeof(*protocols); i++) {
		if (!strcmp(name, protocols[i].name)) {
			*out = protocols[i].protocol;
			return 0;
		}
	}
	return -EINVAL;
}

static const char *const no_backend_names[] = {
	[NFLB_NO_BACKEND_RESET] = "reset",
	[NFLB_NO_BACKEND_ICMP] = "icmp",
	[NFLB_NO_BACKEND_DROP] = "drop",
};

const char *nflb_no_backend_name(uint8_t no_backend)
{
	return no_backend <= NFLB_NO_BACKEND_MAX ?
		       no_backend_names[no_backend] :
		       "?";
}

int nflb_no_backend_parse(const char *name, uint8_t *out)
{
	uint8_t i;

	for (i = 0; i <= NFLB_NO_BACKEND_MAX; i++) {
		if (!strcmp(name, no_backend_names[i])) {
			*out = i;
			return 0;
		}
	}
	return -EINVAL;
}

int nflb_zero(struct nflb_handle *h, const struct nflb_svc *svc)
{
	return svc_cmd(h, NFLB_CMD_ZERO, svc, NULL, 0);
}

uint32_t nflbi_get_u32(struct nlattr *a)
{
	return a && nla_len(a) >= 4 ? nla_get_u32(a) : 0;
}

static uint64_t get_u64(struct nlattr *a)
{
	return a && nla_len(a) >= 8 ? nla_get_u64(a) : 0;
}

static int parse_info(struct nlattr **tb, void *arg)
{
	struct nlattr *tt[NFLB_TIMEOUT_A_MAX + 1];
	struct nlattr *it[NFLB_INFO_A_MAX + 1];
	struct nflb_info *info = arg;

	if (!tb[NFLB_A_INFO] ||
	    nla_parse_nested(it, NFLB_INFO_A_MAX, tb[NFLB_A_INFO], NULL))
		return -EPROTO;
	if (it[NFLB_INFO_A_VERSION])
		snprintf(info->version, sizeof(info->version), "%.*s",
			 nla_len(it[NFLB_INFO_A_VERSION]),
			 (char *)nla_data(it[NFLB_INFO_A_VERSION]));
	info->conn_tab_size = nflbi_get_u32(it[NFLB_INFO_A_CONN_TAB_SIZE]);
	info->conn_count = nflbi_get_u32(it[NFLB_INFO_A_CONN_COUNT]);
	info->svc_count = nflbi_get_u32(it[NFLB_INFO_A_SVC_COUNT]);
	info->obj_live = nflbi_get_u32(it[NFLB_INFO_A_OBJ_LIVE]);
	info->conn_max = nflbi_get_u32(it[NFLB_INFO_A_CONN_MAX]);
	info->conn_refused = get_u64(it[NFLB_INFO_A_CONN_REFUSED]);
	info->svc_buckets = nflbi_get_u32(it[NFLB_INFO_A_SVC_BUCKETS]);
	info->conn_buckets = nflbi_get_u32(it[NFLB_INFO_A_CONN_BUCKETS]);
	if (tb[NFLB_A_TIMEOUTS] &&
	    !nla_parse_nested(tt, NFLB_TIMEOUT_A_MAX, tb[NFLB_A_TIMEOUTS],
			      NULL)) {
		info->timeouts.tcp = nflbi_get_u32(tt[NFLB_TIMEOUT_A_TCP]);
		info->timeouts.tcp_fin =
			nflbi_get_u32(tt[NFLB_TIMEOUT_A_TCP_FIN]);
		info->timeouts.udp = nflbi_get_u32(tt[NFLB_TIMEOUT_A_UDP]);
	}
	return 0;
}

int nflb_get_info(struct nflb_handle *h, struct nflb_info *info)
{
	struct nl_msg *msg = nflbi_new_msg(h, NFLB_CMD_GET_INFO, NLM_F_ACK);

	memset(info, 0, sizeof(*info));
	if (!msg)
		return -ENOMEM;
	return nflbi_request(h, msg, parse_info, info);
}

static void parse_counters(struct nlattr *nest, struct nflb_counters *c)
{
	struct nlattr *tb[NFLB_STATS_A_MAX + 1];

	memset(c, 0, sizeof(*c));
	if (!nest || nla_parse_nested(tb, NFLB_STATS_A_MAX, nest, NULL))
		return;
	c->conns = get_u64(tb[NFLB_STATS_A_CONNS]);
	c->inpkts = get_u64(tb[NFLB_STATS_A_INPKTS]);
	c->outpkts = get_u64(tb[NFLB_STATS_A_OUTPKTS]);
	c->inbytes = get_u64(tb[NFLB_STATS_A_INBYTES]);
	c->outbytes = get_u64(tb[NFLB_STATS_A_OUTBYTES]);
	c->cps = get_u64(tb[NFLB_STATS_A_CPS]);
	c->inpps = get_u64(tb[NFLB_STATS_A_INPPS]);
	c->outpps = get_u64(tb[NFLB_STATS_A_OUTPPS]);
	c->inbps = get_u64(tb[NFLB_STATS_A_INBPS]);
	c->outbps = get_u64(tb[NFLB_STATS_A_OUTBPS]);
}

int nflbi_parse_addr(struct nlattr *a, uint16_t af, union nflb_inet_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (!a || (size_t)nla_len(a) != nflbi_addr_len(af))
		return -EPROTO;
	memcpy(addr, nla_data(a), nflbi_addr_len(af));
	return 0;
}

int nflbi_parse_port(struct nlattr *a, uint16_t *port)
{
	if (!a || nla_len(a) < 2)
		return -EPROTO;
	*port = ntohs(nla_get_u16(a));
	return 0;
}

int nflbi_parse_svc(struct nlattr *nest, struct nflb_svc *svc)
{
	struct nlattr *tb[NFLB_SVC_A_MAX + 1];

	memset(svc, 0, sizeof(*svc));
	if (!nest || nla_parse_nested(tb, NFLB_SVC_A_MAX, nest, NULL) ||
	    !tb[NFLB_SVC_A_AF])
		return -EPROTO;
	svc->af = nla_get_u16(tb[NFLB_SVC_A_AF]);
	svc->fwmark = nflbi_get_u32(tb[NFLB_SVC_A_FWMARK]);
	if (!svc->fwmark &&
	    (!tb[NFLB_SVC_A_PROTOCOL] ||
	     nflbi_parse_addr(tb[NFLB_SVC_A_ADDR], svc->af, &svc->addr) ||
	     nflbi_parse_port(tb[NFLB_SVC_A_PORT], &svc->port)))
		return -EPROTO;
	if (tb[NFLB_SVC_A_PROTOCOL])
		svc->protocol = nla_get_u8(tb[NFLB_SVC_A_PROTOCOL]);
	if (tb[NFLB_SVC_A_SCHED])
		snprintf(svc->sched, sizeof(svc->sched), "%.*s",
			 nla_len(tb[NFLB_SVC_A_SCHED]),
			 (char *)nla_data(tb[NFLB_SVC_A_SCHED]));
	svc->flags = nflbi_get_u32(tb[NFLB_SVC_A_FLAGS]);
	svc->table_size = nflbi_get_u32(tb[NFLB_SVC_A_TABLE_SIZE]);
	svc->timeout = nflbi_get_u32(tb[NFLB_SVC_A_TIMEOUT]);
	svc->netmask = nflbi_get_u32(tb[NFLB_SVC_A_NETMASK]);
	if (svc->af == AF_INET6)
		svc->netmask = ntohl(svc->netmask);
	if (tb[NFLB_SVC_A_NO_BACKEND])
		svc->no_backend = nla_get_u8(tb[NFLB_SVC_A_NO_BACKEND]);
	svc->dest_count = nflbi_get_u32(tb[NFLB_SVC_A_DEST_COUNT]);
	parse_counters(tb[NFLB_SVC_A_STATS], &svc->stats);
	return 0;
}

int nflbi_parse_dest(struct nlattr *nest, uint16_t af, struct nflb_dest *d)
{
	struct nlattr *tb[NFLB_DEST_A_MAX + 1];

	memset(d, 0, sizeof(*d));
	if (!nest || nla_parse_nested(tb, NFLB_DEST_A_MAX, nest, NULL))
		return -EPROTO;
	if (nflbi_parse_addr(tb[NFLB_DEST_A_ADDR], af, &d->addr) ||
	    nflbi_parse_port(tb[NFLB_DEST_A_PORT], &d->port))
		return -EPROTO;
	d->fields = NFLB_DEST_FWD | NFLB_DEST_WEIGHT | NFLB_DEST_U_THRESH |
		    NFLB_DEST_L_THRESH | NFLB_DEST_TUNNEL;
	d->fwd = nflbi_get_u32(tb[NFLB_DEST_A_FWD]);
	if (tb[NFLB_DEST_A_TUN_TYPE])
		d->tun_type = nla_get_u8(tb[NFLB_DEST_A_TUN_TYPE]);
	if (tb[NFLB_DEST_A_TUN_PORT])
		d->tun_port = ntohs(nla_get_u16(tb[NFLB_DEST_A_TUN_PORT]));
	if (tb[NFLB_DEST_A_TUN_FLAGS])
		d->tun_flags = nla_get_u16(tb[NFLB_DEST_A_TUN_FLAGS]);
	d->weight = nflbi_get_u32(tb[NFLB_DEST_A_WEIGHT]);
	d->u_thresh = nflbi_get_u32(tb[NFLB_DEST_A_U_THRESH]);
	d->l_thresh = nflbi_get_u32(tb[NFLB_DEST_A_L_THRESH]);
	d->active_conns = nflbi_get_u32(tb[NFLB_DEST_A_ACTIVE_CONNS]);
	d->inact_conns = nflbi_get_u32(tb[NFLB_DEST_A_INACT_CONNS]);
	d->persist_conns = nflbi_get_u32(tb[NFLB_DEST_A_PERSIST_CONNS]);
	parse_counters(tb[NFLB_DEST_A_STATS], &d->stats);
	return 0;
}

void *nflbi_grow(void *array, size_t *cap, size_t n, size_t size)
{
	void *bigger;

	if (n < *cap)
		return array;
	*cap = *cap ? *cap * 2 : 16;
	bigger = realloc(array, *cap * size);
	if (!bigger)
		free(array);
	return bigger;
}

struct table_build {
	struct nflb_table *t;
	size_t cap;
};

static int add_svc(struct nlattr **tb, void *arg)
{
	struct table_build *b = arg;
	struct nflb_svc_entry *e;

	b->t->svcs = nflbi_grow(b->t->svcs, &b->cap, b->t->nsvcs, sizeof(*e));
	if (!b->t->svcs) {
		b->t->nsvcs = 0;
		return -ENOMEM;
	}
	e = &b->t->svcs[b->t->nsvcs];
	memset(e, 0, sizeof(*e));
	if (nflbi_parse_svc(tb[NFLB_A_SERVICE], &e->svc))
		return 0;
	b->t->nsvcs++;
	return 0;
}

int nflb_svc_same(const struct nflb_svc *a, const struct nflb_svc *b)
{
	return a->af == b->af && a->fwmark == b->fwmark &&
	       a->protocol == b->protocol && a->port == b->port &&
	       !memcmp(&a->addr, &b->addr, nflbi_addr_len(a->af));
}

int nflb_dest_same(uint16_t af, const struct nflb_dest *a,
		   const struct nflb_dest *b)
{
	return a->port == b->port &&
	       !memcmp(&a->addr, &b->addr, nflbi_addr_len(af));
}

struct nflb_svc_entry *nflb_table_find(const struct nflb_table *t,
				       const struct nflb_svc *svc)
{
	size_t i;

	for (i = 0; i < t->nsvcs; i++)
		if (nflb_svc_same(&t->svcs[i].svc, svc))
			return &t->svcs[i];
	return NULL;
}

/*
 * Destinations arrive grouped by service, in service order: their service
 * is the last one's or one after it, so the dump is one pass over the
 * table. Only a table changed between the two dumps needs a walk from the
 * start.
 */
static struct nflb_svc_entry *find_from(const struct nflb_table *t,
					struct nflb_svc_entry *from,
					const struct nflb_svc *svc)
{
	struct nflb_svc_entry *e;

	for (e = from; e && e < t->svcs + t->nsvcs; e++)
		if (nflb_svc_same(&e->svc, svc))
			return e;
	return nflb_table_find(t, svc);
}

struct dest_build {
	struct nflb_table *t;
	size_t *caps;
	struct nflb_svc_entry *last;
};

static int add_dest(struct nlattr **tb, void *arg)
{
	struct dest_build *b = arg;
	struct nflb_svc_entry *e;
	struct nflb_svc svc;
	size_t *cap;

	if (nflbi_parse_svc(tb[NFLB_A_SERVICE], &svc))
		return 0;
	e = find_from(b->t, b->last ? b->last : b->t->svcs, &svc);
	if (!e)
		return 0;
	b->last = e;
	cap = &b->caps[e - b->t->svcs];
	e->dests = nflbi_grow(e->dests, cap, e->ndests, sizeof(*e->dests));
	if (!e->dests) {
		e->ndests = 0;
		return -ENOMEM;
	}
	if (!nflbi_parse_dest(tb[NFLB_A_DEST], svc.af, &e->dests[e->ndests]))
		e->ndests++;
	return 0;
}

int nflb_get_table(struct nflb_handle *h, struct nflb_table *t)
{
	struct table_build tb = { .t = t };
	struct dest_build db = { .t = t };
	struct nl_msg *msg;
	int err;

	memset(t, 0, sizeof(*t));
	msg = nflbi_new_msg(h, NFLB_CMD_GET_SERVICE, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	err = nflbi_request(h, msg, add_svc, &tb);
	if (err)
		goto err;
	db.caps = calloc(t->nsvcs + 1, sizeof(*db.caps));
	msg = nflbi_new_msg(h, NFLB_CMD_GET_DEST, NLM_F_DUMP);
	if (!db.caps || !msg) {
		nlmsg_free(msg);
		err = -ENOMEM;
		goto err;
	}
	err = nflbi_request(h, msg, add_dest, &db);
	if (err)
		goto err;
	free(db.caps);
	return 0;
err:
	free(db.caps);
	nflb_table_free(t);
	return err;
}

void nflb_table_free(struct nflb_table *t)
{
	size_t i;

	for (i = 0; i < t->nsvcs; i++)
		free(t->svcs[i].dests);
	free(t->svcs);
	memset(t, 0, sizeof(*t));
}

const char *nflb_strerror(enum nflb_op op, int err, const char *kernel_msg)
{
	static const struct {
		enum nflb_op op;
		int err;
		const char *msg;
	} table[] = {
		{ NFLB_OP_ADD_SERVICE, EEXIST, "Service already exists" },
		{ NFLB_OP_ADD_SERVICE, ENOENT, "Scheduler not found" },
		{ NFLB_OP_EDIT_SERVICE, ESRCH, "No such service" },
		{ NFLB_OP_EDIT_SERVICE, ENOENT, "Scheduler not found" },
		{ NFLB_OP_DEL_SERVICE, ESRCH, "No such service" },
		{ NFLB_OP_ZERO, ESRCH, "No such service" },
		{ NFLB_OP_ADD_DEST, ESRCH, "Service not defined" },
		{ NFLB_OP_ADD_DEST, EEXIST, "Destination already exists" },
		{ NFLB_OP_EDIT_DEST, ESRCH, "Service not defined" },
		{ NFLB_OP_EDIT_DEST, ENOENT, "No such destination" },
		{ NFLB_OP_DEL_DEST, ESRCH, "Service not defined" },
		{ NFLB_OP_DEL_DEST, ENOENT, "No such destination" },
		{ NFLB_OP_LIST, ESRCH, "No such service" },
		{ NFLB_OP_DEL_CONN, ESRCH, "No such connection" },
	};
	size_t i;

	err = -err;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].op == op && table[i].err == err)
			return table[i].msg;
	if (kernel_msg && *kernel_msg)
		return kernel_msg;
	switch (err) {
	case EPERM:
		return "Permission denied (you must be root)";
	case ENOMEM:
		return "Memory allocation problem";
	case EAFNOSUPPORT:
		return "Operation not supported with specified address family";
	case EOPNOTSUPP:
		return "Operation not supported";
	default:
		return strerror(err);
	}
}
