// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm -S: the services as the commands that make them, in ipvsadm's
 * layout (what it prints, lbadm prints byte for byte); nflb's own
 * settings follow, and only where they differ from their defaults.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "list.h"
#include "sched_flags.h"
#include "tunnel.h"

static void save_tunnel(FILE *out, const struct nflb_dest *d)
{
	if (d->fwd != NFLB_FWD_TUNNEL || d->tun_type > NFLB_TUN_MAX)
		return;
	fprintf(out, " --tun-type %s", lbadm_tun_type_name(d->tun_type));
	if (d->tun_type == NFLB_TUN_GUE)
		fprintf(out, " --tun-port %u", d->tun_port);
	if (d->tun_type == NFLB_TUN_IPIP)
		return;
	if (d->tun_flags & NFLB_TUN_F_REMCSUM)
		fputs(" --tun-remcsum", out);
	else if (d->tun_flags & NFLB_TUN_F_CSUM)
		fputs(" --tun-csum", out);
	else
		fputs(" --tun-nocsum", out);
}

/* How ipvsadm -S names a service of each protocol. */
static const char *service_option(uint8_t protocol)
{
	switch (protocol) {
	case IPPROTO_UDP:
		return "-u";
	case IPPROTO_SCTP:
		return "--sctp-service";
	default:
		return "-t";
	}
}

void lbadm_save_svc_line(FILE *out, char cmd, const struct nflb_svc *svc,
			 unsigned int format)
{
	const char *opt = service_option(svc->protocol);
	char name[NI_MAXHOST + 16], flags[64];

	lbadm_format_addrport(name, sizeof(name), svc->af, &svc->addr,
			      svc->port, svc->protocol, format);
	fprintf(out, "-%c %s %s", cmd, opt, name);
	if (cmd == 'D') {
		fputc('\n', out);
		return;
	}
	fprintf(out, " -s %s", svc->sched);
	if (svc->flags & NFLB_SVC_F_PERSISTENT) {
		fprintf(out, " -p %u", svc->timeout);
		if (svc->af == AF_INET6 && svc->netmask != 128) {
			fprintf(out, " -M %u", svc->netmask);
		} else if (svc->af == AF_INET && svc->netmask != 0xffffffffu) {
			struct in_addr mask = { .s_addr = svc->netmask };

			fprintf(out, " -M %s", inet_ntoa(mask));
		}
	}
	lbadm_format_sched_flags(flags, sizeof(flags), svc->sched, svc->flags);
	if (flags[0])
		fprintf(out, " -b %s", flags);
	if (!strcmp(svc->sched, "mh") &&
	    svc->table_size != NFLB_MH_TABLE_DEFAULT)
		fprintf(out, " --mh-table-size %u", svc->table_size);
	if (svc->flags & NFLB_SVC_F_FULLNAT)
		fputs(" --full-nat", out);
	if (svc->no_backend != NFLB_NO_BACKEND_RESET)
		fprintf(out, " --no-backend %s",
			nflb_no_backend_name(svc->no_backend));
	fputc('\n', out);
}

void lbadm_save_dest_line(FILE *out, char cmd, const struct nflb_svc *svc,
			  const struct nflb_dest *d, unsigned int format)
{
	const char *opt = service_option(svc->protocol);
	char name[NI_MAXHOST + 16], addr[NI_MAXHOST + 16];

	lbadm_format_addrport(name, sizeof(name), svc->af, &svc->addr,
			      svc->port, svc->protocol, format);
	lbadm_format_addrport(addr, sizeof(addr), svc->af, &d->addr, d->port,
			      svc->protocol, format);
	fprintf(out, "-%c %s %s -r %s", cmd, opt, name, addr);
	if (cmd == 'd') {
		fputc('\n', out);
		return;
	}
	fprintf(out, " %s -w %u", lbadm_fwd_names(d->fwd)->option, d->weight);
	save_tunnel(out, d);
	/* ipvsadm -S leaves the thresholds out; -e/-a lines of events keep
	 * them, so that they replay whole.
	 */
	if (!(format & FMT_SAVE) && (d->u_thresh || d->l_thresh))
		fprintf(out, " -x %u -y %u", d->u_thresh, d->l_thresh);
	fputc('\n', out);
}

void lbadm_save_service(FILE *out, const struct nflb_svc_entry *e,
			unsigned int format)
{
	size_t i;

	lbadm_save_svc_line(out, 'A', &e->svc, format);
	for (i = 0; i < e->ndests; i++)
		lbadm_save_dest_line(out, 'a', &e->svc, &e->dests[i],
				     format | FMT_SAVE);
}
