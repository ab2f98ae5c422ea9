// SPDX-License-Identifier: GPL-2.0
/* lbadm -Lc: the connection table in ipvsadm's layout. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>

#include "list.h"

static const char *const tcp_state_names[] = NFLB_CONN_STATE_NAMES;
static const char *const sctp_state_names[] = NFLB_SCTP_STATE_NAMES;

#define NAME_OF(names, i) \
	((i) < sizeof(names) / sizeof(*(names)) ? (names)[i] : "ERR!")

const char *lbadm_conn_state_name(const struct nflb_conn_entry *c)
{
	if (c->template)
		return c->state ? "ASSURED" : "NONE";
	switch (c->protocol) {
	case IPPROTO_TCP:
		return NAME_OF(tcp_state_names, c->state);
	case IPPROTO_SCTP:
		return NAME_OF(sctp_state_names, c->state);
	default:
		return "UDP";
	}
}

/*
 * A firewall-mark service's template stands for every protocol and port:
 * ipvsadm shows it as protocol "IP" to the mark written as an address
 * (0.0.0.MARK, or MARK in the first 32 bits of an IPv6 one), port 0.
 */
static int fwmark_template(const struct nflb_conn_entry *c)
{
	return c->template && c->fwmark;
}

const char *lbadm_conn_protocol(const struct nflb_conn_entry *c, int label)
{
	if (fwmark_template(c))
		return label ? "IP" : "ip";
	return label ? nflb_protocol_label(c->protocol) :
		       nflb_protocol_name(c->protocol);
}

void lbadm_print_conns(FILE *out, const struct nflb_conn_list *list,
		       unsigned int format)
{
	char src[NI_MAXHOST + 16], virt[NI_MAXHOST + 16], dest[NI_MAXHOST + 16];
	size_t i;

	fprintf(out, "IPVS connection entries\n");
	fprintf(out, "pro expire %-11s %-18s %-18s %s\n", "state", "source",
		"virtual", "destination");
	for (i = 0; i < list->n; i++) {
		const struct nflb_conn_entry *c = &list->e[i];
		unsigned int secs = c->expires_ms / 1000;
		union nflb_inet_addr mark = { 0 };

		mark.v4.s_addr = htonl(c->fwmark);
		lbadm_format_addrport(src, sizeof(src), c->af, &c->client,
				      c->cport, c->protocol, format);
		lbadm_format_addrport(virt, sizeof(virt), c->af,
				      fwmark_template(c) ? &mark : &c->virt,
				      c->vport, c->protocol, format);
		lbadm_format_addrport(dest, sizeof(dest), c->af, &c->dest,
				      c->dport, c->protocol, format);
		fprintf(out, "%-3s %02u:%02u  %-11s %-18s %-18s %s\n",
			lbadm_conn_protocol(c, 1), secs / 60, secs % 60,
			lbadm_conn_state_name(c), src, virt, dest);
	}
}
