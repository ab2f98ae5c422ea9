// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm --json: the listings as JSON objects for scripts, one document
 * per listing, with every field the kernel reports (ipvsadm's text layout
 * has no room for some). Names are those of lbadm's options.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "json.h"
#include "list.h"
#include "sched_flags.h"
#include "tunnel.h"

/* Our strings are addresses and names from fixed sets: nothing to escape. */
static void addr(FILE *out, const char *key, uint16_t af,
		 const union nflb_inet_addr *a)
{
	char text[INET6_ADDRSTRLEN];

	inet_ntop(af, a, text, sizeof(text));
	fprintf(out, "\"%s\":\"%s\"", key, text);
}

static void counters(FILE *out, const struct nflb_counters *c)
{
	fprintf(out,
		"\"stats\":{\"conns\":%llu,\"inpkts\":%llu,\"outpkts\":%llu,"
		"\"inbytes\":%llu,\"outbytes\":%llu},"
		"\"rates\":{\"cps\":%llu,\"inpps\":%llu,\"outpps\":%llu,"
		"\"inbps\":%llu,\"outbps\":%llu}",
		(unsigned long long)c->conns, (unsigned long long)c->inpkts,
		(unsigned long long)c->outpkts, (unsigned long long)c->inbytes,
		(unsigned long long)c->outbytes, (unsigned long long)c->cps,
		(unsigned long long)c->inpps, (unsigned long long)c->outpps,
		(unsigned long long)c->inbps, (unsigned long long)c->outbps);
}

static void server(FILE *out, uint16_t af, const struct nflb_dest *d)
{
	fputc('{', out);
	addr(out, "address", af, &d->addr);
	fprintf(out,
		",\"port\":%u,\"forward\":\"%s\",\"weight\":%u,"
		"\"upper_threshold\":%u,\"lower_threshold\":%u,"
		"\"active_conns\":%u,\"inactive_conns\":%u,"
		"\"persistent_conns\":%u,",
		d->port, lbadm_fwd_names(d->fwd)->name, d->weight, d->u_thresh,
		d->l_thresh, d->active_conns, d->inact_conns, d->persist_conns);
	if (d->fwd == NFLB_FWD_TUNNEL)
		fprintf(out,
			"\"tunnel\":{\"type\":\"%s\",\"port\":%u,\"csum\":%s,"
			"\"remcsum\":%s},",
			lbadm_tun_type_name(d->tun_type), d->tun_port,
			d->tun_flags & NFLB_TUN_F_CSUM ? "true" : "false",
			d->tun_flags & NFLB_TUN_F_REMCSUM ? "true" : "false");
	counters(out, &d->stats);
	fputc('}', out);
}

static void service(FILE *out, const struct nflb_svc_entry *e)
{
	const struct nflb_svc *svc = &e->svc;
	char flags[64];
	size_t i;

	lbadm_format_sched_flags(flags, sizeof(flags), svc->sched, svc->flags);
	if (svc->fwmark) {
		fprintf(out, "{\"fwmark\":%u,\"family\":\"%s\",", svc->fwmark,
			svc->af == AF_INET6 ? "ipv6" : "ipv4");
	} else {
		fprintf(out, "{\"protocol\":\"%s\",",
			nflb_protocol_name(svc->protocol));
		addr(out, "address", svc->af, &svc->addr);
		fprintf(out, ",\"port\":%u,", svc->port);
	}
	fprintf(out, "\"scheduler\":\"%s\",\"sched_flags\":\"%s\",", svc->sched,
		flags);
	if (svc->flags & NFLB_SVC_F_PERSISTENT) {
		fprintf(out, "\"persistent\":{\"timeout\":%u,", svc->timeout);
		if (svc->af == AF_INET6) {
			fprintf(out, "\"netmask\":%u},", svc->netmask);
		} else {
			struct in_addr mask = { .s_addr = svc->netmask };
			char text[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, &mask, text, sizeof(text));
			fprintf(out, "\"netmask\":\"%s\"},", text);
		}
	} else {
		fputs("\"persistent\":null,", out);
	}
	fprintf(out,
		"\"one_packet\":%s,\"full_nat\":%s,\"no_backend\":\"%s\","
		"\"mh_table_size\":%u,",
		svc->flags & NFLB_SVC_F_ONEPACKET ? "true" : "false",
		svc->flags & NFLB_SVC_F_FULLNAT ? "true" : "false",
		nflb_no_backend_name(svc->no_backend), svc->table_size);
	counters(out, &svc->stats);
	fputs(",\"servers\":[", out);
	for (i = 0; i < e->ndests; i++) {
		if (i)
			fputc(',', out);
		server(out, svc->af, &e->dests[i]);
	}
	fputs("]}", out);
}

void lbadm_json_table(FILE *out, const struct nflb_table *t,
		      const struct nflb_svc_entry *only)
{
	size_t i, n = 0;

	fputs("{\"services\":[", out);
	for (i = 0; i < t->nsvcs; i++) {
		if (only && only != &t->svcs[i])
			continue;
		if (n++)
			fputc(',', out);
		service(out, &t->svcs[i]);
	}
	fputs("]}\n", out);
}

void lbadm_json_conns(FILE *out, const struct nflb_conn_list *list)
{
	size_t i;

	fputs("{\"connections\":[", out);
	for (i = 0; i < list->n; i++) {
		const struct nflb_conn_entry *c = &list->e[i];
		const char *state = lbadm_conn_state_name(c);

		fprintf(out, "%s{\"protocol\":\"%s\",", i ? "," : "",
			lbadm_conn_protocol(c, 0));
		if (c->fwmark)
			fprintf(out, "\"fwmark\":%u,", c->fwmark);
		addr(out, "client", c->af, &c->client);
		fprintf(out, ",\"client_port\":%u,", c->cport);
		if (!(c->template && c->fwmark)) {
			addr(out, "virtual", c->af, &c->virt);
			fprintf(out, ",\"virtual_port\":%u,", c->vport);
		}
		addr(out, "server", c->af, &c->dest);
		fprintf(out, ",\"server_port\":%u,", c->dport);
		if (c->fullnat) {
			addr(out, "local", c->af, &c->local);
			fprintf(out, ",\"local_port\":%u,", c->lport);
		}
		fprintf(out,
			"\"forward\":\"%s\",\"state\":\"%s\",\"expires_ms\":%u,"
			"\"template\":%s}",
			lbadm_fwd_names(c->fwd)->name, state, c->expires_ms,
			c->template ? "true" : "false");
	}
	fputs("]}\n", out);
}

void lbadm_json_info(FILE *out, const struct nflb_info *info)
{
	fprintf(out,
		"{\"version\":\"%s\",\"services\":%u,\"connections\":%u,"
		"\"connection_limit\":%u,\"connections_refused\":%llu,"
		"\"buckets\":{\"services\":%u,\"connections\":%u},"
		"\"objects\":%u,"
		"\"timeouts\":{\"tcp\":%u,\"tcpfin\":%u,\"udp\":%u}}\n",
		info->version, info->svc_count, info->conn_count,
		info->conn_max, (unsigned long long)info->conn_refused,
		info->svc_buckets, info->conn_buckets, info->obj_live,
		info->timeouts.tcp, info->timeouts.tcp_fin, info->timeouts.udp);
}
