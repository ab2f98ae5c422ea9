// SPDX-License-Identifier: GPL-2.0
/* Change events: a handle joins NFLB_MCGRP_EVENTS and reads them. */
#include <errno.h>
#include <linux/genetlink.h>
#include <netlink/genl/ctrl.h>
#include <string.h>

#include "internal.h"

/* Room for the events of a big batch before the kernel drops some. */
#define EVENT_RCVBUF (32 << 20)

struct monitor {
	int (*cb)(const struct nflb_event *e, void *arg);
	void *arg;
	int stop;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[NFLB_A_MAX + 1];
	struct monitor *m = arg;
	struct nflb_event e;

	memset(&e, 0, sizeof(e));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, NFLB_A_MAX, NULL))
		return NL_SKIP;
	e.cmd = gh->cmd;
	if (e.cmd != NFLB_CMD_FLUSH &&
	    nflbi_parse_svc(tb[NFLB_A_SERVICE], &e.svc))
		return NL_SKIP;
	if (tb[NFLB_A_DEST]) {
		if (nflbi_parse_dest(tb[NFLB_A_DEST], e.svc.af, &e.dest))
			return NL_SKIP;
		e.has_dest = 1;
	}
	if (m->cb(&e, m->arg)) {
		m->stop = 1;
		return NL_STOP;
	}
	return NL_OK;
}

int nflb_monitor(struct nflb_handle *h,
		 int (*cb)(const struct nflb_event *e, void *arg), void *arg,
		 void (*lost)(void *arg))
{
	struct monitor m = { .cb = cb, .arg = arg };
	struct nl_sock *sk = nflbi_sock(h);
	int grp, err, size = EVENT_RCVBUF;

	grp = genl_ctrl_resolve_grp(sk, NFLB_GENL_NAME, NFLB_MCGRP_EVENTS);
	if (grp < 0)
		return -ENOENT;
	if (setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof(size)))
		setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVBUF, &size,
			   sizeof(size));
	/* Joining needs CAP_NET_ADMIN, as every command does. */
	err = nl_socket_add_membership(sk, grp);
	if (err)
		return err == -NLE_PERM ? -EPERM : -EIO;
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, &m);
	while (!m.stop) {
		err = nl_recvmsgs_default(sk);
		/* ENOBUFS: the kernel dropped events the socket had no room for. */
		if (err == -NLE_NOMEM && lost)
			lost(arg);
		else if (err < 0)
			return -EIO;
	}
	return 0;
}
