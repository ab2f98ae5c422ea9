// SPDX-License-Identifier: GPL-2.0
/* lbadm -Lc: the connection table in ipvsadm's layout. */
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>

#include "list.h"

static const char *const tcp_state_names[] = NFLB_CONN_STATE_NAMES;

static const char *state_name(const struct nflb_conn_entry *c)
{
	if (c->template)
		return c->state ? "ASSURED" : "NONE";
	if (c->protocol != IPPROTO_TCP)
		return "UDP";
	if (c->state >= sizeof(tcp_state_names) / sizeof(*tcp_state_names))
		return "ERR!";
	return tcp_state_names[c->state];
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

		lbadm_format_addrport(src, sizeof(src), c->af, &c->client,
				      c->cport, c->protocol, format);
		lbadm_format_addrport(virt, sizeof(virt), c->af, &c->virt,
				      c->vport, c->protocol, format);
		lbadm_format_addrport(dest, sizeof(dest), c->af, &c->dest,
				      c->dport, c->protocol, format);
		fprintf(out, "%-3s %02u:%02u  %-11s %-18s %-18s %s\n",
			c->protocol == IPPROTO_UDP ? "UDP" : "TCP", secs / 60,
			secs % 60, state_name(c), src, virt, dest);
	}
}
