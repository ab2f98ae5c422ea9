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

/*
 * How ipvsadm -S names a service: "-t addr:port", "-u ...",
 * "--sctp-service ...", "-f MARK" or "-f MARK -6" (the mark as a signed
 * number, as ipvsadm prints it; lbadm reads that back).
 */
static void service_name(char *buf, size_t len, const struct nflb_svc *svc,
			 unsigned int format)
{
	char addr[NI_MAXHOST + 16];
	const char *opt = "-t";

	if (svc->fwmark) {
		snprintf(buf, len, "-f %d%s", (int)svc->fwmark,
			 svc->af == AF_INET6 ? " -6" : "");
		return;
	}
	if (svc->protocol == IPPROTO_UDP)
		opt = "-u";
	else if (svc->protocol == IPPROTO_SCTP)
		opt = "--sctp-service";
	lbadm_format_addrport(addr, sizeof(addr), svc->af, &svc->addr,
			      svc->port, svc->protocol, format);
	snprintf(buf, len, "%s %s", opt, addr);
}

void lbadm_save_svc_line(FILE *out, char cmd, const struct nflb_svc *svc,
			 unsigned int format)
{
	char name[NI_MAXHOST + 32], flags[64];

	service_name(name, sizeof(name), svc, format);
	fprintf(out, "-%c %s", cmd, name);
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
	if (svc->flags & NFLB_SVC_F_ONEPACKET)
		fputs(" -o", out);
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
	char name[NI_MAXHOST + 32], addr[NI_MAXHOST + 16];

	service_name(name, sizeof(name), svc, format);
	lbadm_format_addrport(addr, sizeof(addr), svc->af, &d->addr, d->port,
			      svc->protocol, format);
	fprintf(out, "-%c %s -r %s", cmd, name, addr);
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
