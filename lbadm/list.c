// SPDX-License-Identifier: GPL-2.0
/*
 * Listings in ipvsadm's exact layout (-L, -Ln, --stats, --exact), so that
 * scripts written against ipvsadm read lbadm's output unchanged. Sorting
 * follows ipvsadm's comparison, quirks included (see cmp_u32).
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "sched_flags.h"
#include "tunnel.h"

/* ipvsadm reports the IPVS version it was built for; we match it. */
#define IPVS_COMPAT_VERSION "1.2.1"

/*
 * ipvsadm compares two 32-bit values by subtracting them into an int, so
 * values more than 2^31 apart compare the "wrong" way round; reproducing
 * that keeps the order of listed entries identical.
 */
static int cmp_u32(uint32_t a, uint32_t b)
{
	return (int)(a - b);
}

static int cmp_addr(uint16_t af, const union nflb_inet_addr *a,
		    const union nflb_inet_addr *b)
{
	int i, r = 0;

	if (af != AF_INET6)
		return cmp_u32(ntohl(a->v4.s_addr), ntohl(b->v4.s_addr));
	for (i = 0; !r && i < 4; i++)
		r = cmp_u32(ntohl(a->v6.s6_addr32[i]),
			    ntohl(b->v6.s6_addr32[i]));
	return r;
}

static int cmp_svc(const void *pa, const void *pb)
{
	const struct nflb_svc *a = &((const struct nflb_svc_entry *)pa)->svc;
	const struct nflb_svc *b = &((const struct nflb_svc_entry *)pb)->svc;
	int r;

	r = cmp_u32(a->fwmark, b->fwmark);
	if (!r)
		r = a->af - b->af;
	if (!r)
		r = a->protocol - b->protocol;
	if (!r)
		r = cmp_addr(a->af, &a->addr, &b->addr);
	if (!r)
		r = a->port - b->port;
	return r;
}

static uint16_t sort_af; /* qsort has no context argument */

static int cmp_dest(const void *pa, const void *pb)
{
	const struct nflb_dest *a = pa, *b = pb;
	int r = cmp_addr(sort_af, &a->addr, &b->addr);

	return r ? r : a->port - b->port;
}

void lbadm_sort_table(struct nflb_table *t)
{
	size_t i;

	qsort(t->svcs, t->nsvcs, sizeof(*t->svcs), cmp_svc);
	for (i = 0; i < t->nsvcs; i++) {
		sort_af = t->svcs[i].svc.af;
		qsort(t->svcs[i].dests, t->svcs[i].ndests,
		      sizeof(*t->svcs[i].dests), cmp_dest);
	}
}

void lbadm_format_addrport(char *buf, size_t len, uint16_t af,
			   const union nflb_inet_addr *addr, uint16_t port,
			   uint8_t protocol, unsigned int format)
{
	char host[NI_MAXHOST], serv[32];
	const char *proto = nflb_protocol_name(protocol);
	struct servent *se;

	inet_ntop(af, addr, host, sizeof(host));
	snprintf(serv, sizeof(serv), "%u", port);
	if (!(format & FMT_NUMERIC)) {
		struct hostent *he =
			gethostbyaddr(addr, af == AF_INET6 ? 16 : 4, af);

		if (he && he->h_name)
			snprintf(host, sizeof(host), "%s", he->h_name);
		se = getservbyport(htons(port), proto);
		if (se)
			snprintf(serv, sizeof(serv), "%s", se->s_name);
	}
	snprintf(buf, len, "%s%s%s:%s", af == AF_INET6 ? "[" : "", host,
		 af == AF_INET6 ? "]" : "", serv);
}

static const struct lbadm_fwd_names fwd_names[] = {
	[NFLB_FWD_MASQ] = { "Masq", "masq", "-m" },
	[NFLB_FWD_LOCAL] = { "Local", "local", "-g" },
	[NFLB_FWD_TUNNEL] = { "Tunnel", "tunnel", "-i" },
	[NFLB_FWD_ROUTE] = { "Route", "route", "-g" },
};

static const struct lbadm_fwd_names unknown_fwd = { "?", "?", "-g" };

const struct lbadm_fwd_names *lbadm_fwd_names(uint32_t fwd)
{
	return fwd <= NFLB_FWD_MAX ? &fwd_names[fwd] : &unknown_fwd;
}

static void print_largenum(FILE *out, uint64_t v, unsigned int format)
{
	if (format & FMT_EXACT) {
		char tmp[32];
		int len = snprintf(tmp, sizeof(tmp), "%llu",
				   (unsigned long long)v);

		fprintf(out, "%*llu", len <= 8 ? 9 : len + 1,
			(unsigned long long)v);
		return;
	}
	if (v < 100000000ULL)
		fprintf(out, "%9llu", (unsigned long long)v);
	else if (v < 1000000000ULL)
		fprintf(out, "%8lluK", (unsigned long long)(v / 1000));
	else if (v < 100000000000ULL)
		fprintf(out, "%8lluM", (unsigned long long)(v / 1000000));
	else if (v < 100000000000000ULL)
		fprintf(out, "%8lluG", (unsigned long long)(v / 1000000000ULL));
	else
		fprintf(out, "%8lluT",
			(unsigned long long)(v / 1000000000000ULL));
}

/* --stats: the counters; --rate: the rates. */
static void print_counters(FILE *out, const struct nflb_counters *c,
			   unsigned int format)
{
	int rate = format & FMT_RATE;

	print_largenum(out, rate ? c->cps : c->conns, format);
	print_largenum(out, rate ? c->inpps : c->inpkts, format);
	print_largenum(out, rate ? c->outpps : c->outpkts, format);
	print_largenum(out, rate ? c->inbps : c->inbytes, format);
	print_largenum(out, rate ? c->outbps : c->outbytes, format);
	fputc('\n', out);
}

void lbadm_print_version(FILE *out, const struct nflb_info *info)
{
	fprintf(out, "IP Virtual Server version %s (size=%u)\n",
		IPVS_COMPAT_VERSION, info->conn_tab_size);
}

void lbadm_print_title(FILE *out, unsigned int format)
{
	if (format & FMT_RATE)
		fprintf(out,
			"%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
			"Prot LocalAddress:Port", "CPS", "InPPS", "OutPPS",
			"InBPS", "OutBPS");
	else if (format & FMT_STATS)
		fprintf(out,
			"%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
			"Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts",
			"InBytes", "OutBytes");
	else if (format & FMT_THRESHOLDS)
		fprintf(out,
			"Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n"
			"  -> RemoteAddress:Port\n");
	else if (format & FMT_PERSISTENTCONN)
		fprintf(out,
			"Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn \n"
			"  -> RemoteAddress:Port\n");
	else
		fprintf(out,
			"Prot LocalAddress:Port Scheduler Flags\n"
			"  -> RemoteAddress:Port           Forward %sWeight ActiveConn InActConn\n",
			format & FMT_TUN_INFO ? "TunnelInfo    " : "");
}

/* " persistent 360", and the mask when it is not the whole address. */
static void print_persistence(FILE *out, const struct nflb_svc *svc)
{
	fprintf(out, " persistent %u", svc->timeout);
	if (svc->af == AF_INET6 && svc->netmask != 128) {
		fprintf(out, " mask %u", svc->netmask);
	} else if (svc->af == AF_INET && svc->netmask != 0xffffffffu) {
		struct in_addr mask = { .s_addr = svc->netmask };
		char text[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &mask, text, sizeof(text));
		fprintf(out, " mask %s", text);
	}
}

/*
 * "TCP  addr", "SCTP addr" in ipvsadm's columns; "FWM  MARK", with
 * " IPv6" for that family (the mark signed, as ipvsadm prints it).
 */
static void service_label(char *buf, size_t len, const struct nflb_svc *svc,
			  unsigned int format)
{
	char addr[NI_MAXHOST + 40];

	if (svc->fwmark) {
		snprintf(buf, len, "FWM  %d%s", (int)svc->fwmark,
			 svc->af == AF_INET6 ? " IPv6" : "");
		return;
	}
	lbadm_format_addrport(addr, sizeof(addr), svc->af, &svc->addr,
			      svc->port, svc->protocol, format);
	snprintf(buf, len, "%-4s %s", nflb_protocol_label(svc->protocol), addr);
	if (svc->af != AF_INET6 && len > 33)
		buf[33] = '\0';
}

void lbadm_print_service(FILE *out, const struct nflb_svc_entry *e,
			 unsigned int format)
{
	const struct nflb_svc *svc = &e->svc;
	char addr[NI_MAXHOST + 40], name[NI_MAXHOST + 48];
	size_t i;

	service_label(name, sizeof(name), svc, format);

	if (format & (FMT_STATS | FMT_RATE)) {
		fprintf(out, "%-33s", name);
		print_counters(out, &svc->stats, format);
	} else {
		char flags[64];

		lbadm_format_sched_flags(flags, sizeof(flags), svc->sched,
					 svc->flags);
		fprintf(out, "%s %s", name, svc->sched);
		if (flags[0])
			fprintf(out, " (%s)", flags);
		if (svc->flags & NFLB_SVC_F_PERSISTENT)
			print_persistence(out, svc);
		if (svc->flags & NFLB_SVC_F_ONEPACKET)
			fputs(" ops", out);
		if (svc->flags & NFLB_SVC_F_FULLNAT)
			fputs(" full-nat", out);
		/* Only what differs from the default, to stay ipvsadm's. */
		if (svc->no_backend != NFLB_NO_BACKEND_RESET)
			fprintf(out, " no-backend %s",
				nflb_no_backend_name(svc->no_backend));
		fputc('\n', out);
	}

	for (i = 0; i < e->ndests; i++) {
		const struct nflb_dest *d = &e->dests[i];

		lbadm_format_addrport(addr, sizeof(addr), svc->af, &d->addr,
				      d->port, svc->protocol, format);
		if (svc->af != AF_INET6)
			addr[28] = '\0';
		if (format & (FMT_STATS | FMT_RATE)) {
			fprintf(out, "  -> %-28s", addr);
			print_counters(out, &d->stats, format);
		} else if (format & FMT_THRESHOLDS) {
			fprintf(out, "  -> %-28s %-10u %-10u %-10u %-10u\n",
				addr, d->u_thresh, d->l_thresh, d->active_conns,
				d->inact_conns);
		} else if (format & FMT_PERSISTENTCONN) {
			fprintf(out, "  -> %-28s %-9u %-11u %-10u %-10u\n",
				addr, d->weight, d->persist_conns,
				d->active_conns, d->inact_conns);
		} else {
			char info[24], tun[32] = "";

			if (format & FMT_TUN_INFO) {
				lbadm_format_tun_info(info, sizeof(info), d);
				snprintf(tun, sizeof(tun), "%-13s ", info);
			}
			fprintf(out, "  -> %-28s %-7s %s%-6u %-10u %-10u\n",
				addr, lbadm_fwd_names(d->fwd)->label, tun,
				d->weight, d->active_conns, d->inact_conns);
		}
	}
}
