// SPDX-License-Identifier: GPL-2.0
/* libnflb: connections and persistence templates, listed and ended. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int put_filter(struct nl_msg *msg, const struct nflb_conn_filter *f)
{
	struct nlattr *nest;

	if (!f)
		return 0;
	if (f->svc && nflbi_put_svc(msg, NFLB_A_SERVICE, f->svc, 0))
		return -EMSGSIZE;
	if (f->svc && f->dest &&
	    nflbi_put_dest(msg, NFLB_A_DEST, f->svc->af, f->dest, 0))
		return -EMSGSIZE;
	if (f->client) {
		nest = nla_nest_start(msg, NFLB_A_CONN);
		if (!nest || nla_put(msg, NFLB_CONN_A_CLIENT_ADDR,
				     nflbi_addr_len(f->client_af), f->client))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

struct conn_build {
	struct nflb_conn_list *list;
	size_t cap;
};

static int add_conn(struct nlattr **tb, void *arg)
{
	struct nlattr *ct[NFLB_CONN_A_MAX + 1];
	struct conn_build *b = arg;
	struct nflb_conn_entry *c;
	uint16_t af;

	if (!tb[NFLB_A_CONN] ||
	    nla_parse_nested(ct, NFLB_CONN_A_MAX, tb[NFLB_A_CONN], NULL) ||
	    !ct[NFLB_CONN_A_AF] || !ct[NFLB_CONN_A_PROTOCOL])
		return 0;
	b->list->e = nflbi_grow(b->list->e, &b->cap, b->list->n, sizeof(*c));
	if (!b->list->e) {
		b->list->n = 0;
		return -ENOMEM;
	}
	c = &b->list->e[b->list->n];
	memset(c, 0, sizeof(*c));
	af = nla_get_u16(ct[NFLB_CONN_A_AF]);
	c->af = af;
	c->protocol = nla_get_u8(ct[NFLB_CONN_A_PROTOCOL]);
	c->fwmark = nflbi_get_u32(ct[NFLB_CONN_A_FWMARK]);
	c->template = ct[NFLB_CONN_A_TEMPLATE] != NULL;
	/* A firewall-mark template has no service address or port. */
	if (!(c->template && c->fwmark) &&
	    (nflbi_parse_addr(ct[NFLB_CONN_A_VIRT_ADDR], af, &c->virt) ||
	     nflbi_parse_port(ct[NFLB_CONN_A_VIRT_PORT], &c->vport)))
		return 0;
	if (nflbi_parse_addr(ct[NFLB_CONN_A_CLIENT_ADDR], af, &c->client) ||
	    nflbi_parse_port(ct[NFLB_CONN_A_CLIENT_PORT], &c->cport) ||
	    nflbi_parse_addr(ct[NFLB_CONN_A_DEST_ADDR], af, &c->dest) ||
	    nflbi_parse_port(ct[NFLB_CONN_A_DEST_PORT], &c->dport))
		return 0;
	if (ct[NFLB_CONN_A_LOCAL_ADDR]) {
		c->fullnat = 1;
		nflbi_parse_addr(ct[NFLB_CONN_A_LOCAL_ADDR], af, &c->local);
		nflbi_parse_port(ct[NFLB_CONN_A_LOCAL_PORT], &c->lport);
	}
	if (ct[NFLB_CONN_A_FWD])
		c->fwd = nla_get_u8(ct[NFLB_CONN_A_FWD]);
	if (ct[NFLB_CONN_A_STATE])
		c->state = nla_get_u8(ct[NFLB_CONN_A_STATE]);
	c->expires_ms = nflbi_get_u32(ct[NFLB_CONN_A_EXPIRES]);
	b->list->n++;
	return 0;
}

int nflb_get_conns(struct nflb_handle *h, const struct nflb_conn_filter *f,
		   struct nflb_conn_list *list)
{
	struct conn_build b = { .list = list };
	struct nl_msg *msg;
	int err;

	memset(list, 0, sizeof(*list));
	msg = nflbi_new_msg(h, NFLB_CMD_GET_CONN, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	if (put_filter(msg, f)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	err = nflbi_request(h, msg, add_conn, &b);
	if (err)
		nflb_conn_list_free(list);
	return err;
}

void nflb_conn_list_free(struct nflb_conn_list *list)
{
	free(list->e);
	memset(list, 0, sizeof(*list));
}

int nflb_del_conn(struct nflb_handle *h, const struct nflb_conn_entry *c)
{
	struct nl_msg *msg = nflbi_new_msg(h, NFLB_CMD_DEL_CONN, NLM_F_ACK);
	size_t len = nflbi_addr_len(c->af);
	struct nlattr *nest;

	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, NFLB_A_CONN);
	if (!nest || nla_put_u8(msg, NFLB_CONN_A_PROTOCOL, c->protocol) ||
	    nla_put(msg, NFLB_CONN_A_CLIENT_ADDR, len, &c->client) ||
	    nla_put_u16(msg, NFLB_CONN_A_CLIENT_PORT, htons(c->cport)) ||
	    nla_put(msg, NFLB_CONN_A_VIRT_ADDR, len, &c->virt) ||
	    nla_put_u16(msg, NFLB_CONN_A_VIRT_PORT, htons(c->vport))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return nflbi_request(h, msg, NULL, NULL);
}

int nflb_flush_conns(struct nflb_handle *h, const struct nflb_conn_filter *f)
{
	struct nl_msg *msg = nflbi_new_msg(h, NFLB_CMD_FLUSH_CONN, NLM_F_ACK);

	if (!msg)
		return -ENOMEM;
	if (put_filter(msg, f)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return nflbi_request(h, msg, NULL, NULL);
}
