// SPDX-License-Identifier: GPL-2.0
/* lbadm: manage nflb virtual services with ipvsadm's syntax. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "list.h"
#include "restore.h"

#ifndef NFLB_VERSION
#define NFLB_VERSION "dev"
#endif

static void usage(FILE *out)
{
	fprintf(out,
		"lbadm " NFLB_VERSION
		" - nflb virtual services, ipvsadm syntax\n"
		"Usage:\n"
		"  lbadm -A|E -t|u|f service-address [-s scheduler] [-b sched-flags]\n"
		"        [-p [timeout]] [-M netmask] [-o] [--mh-table-size prime] [--full-nat]\n"
		"        [--no-backend reset|icmp|drop]\n"
		"  lbadm -D -t|u|f service-address\n"
		"  lbadm -C\n"
		"  lbadm -a|e -t|u|f service-address -r server-address [options]\n"
		"  lbadm -d -t|u|f service-address -r server-address\n"
		"  lbadm -L|l [-t|u|f service-address] [-n] [--stats] [--rate] [--exact]\n"
		"        [--thresholds] [--persistent-conn] [--tun-info]\n"
		"  lbadm -Z [-t|u|f service-address]\n"
		"  lbadm -S [-n]\n"
		"  lbadm -R [--test]\n"
		"  lbadm --monitor [-n]\n"
		"  lbadm --set tcp tcpfin udp\n"
		"  lbadm -L --timeout\n"
		"  lbadm --info\n"
		"  lbadm -L -c [-t|u|f service-address [-r server-address]] [--client addr]\n"
		"  lbadm --flush-conn [-t|u|f service-address [-r server-address]] [--client addr]\n"
		"  lbadm --del-conn -t|u service-address --client addr:port\n"
		"  lbadm -h\n\n"
		"Commands:\n"
		"  --add-service     -A        add virtual service with options\n"
		"  --edit-service    -E        edit virtual service with options\n"
		"  --delete-service  -D        delete virtual service\n"
		"  --clear           -C        clear the whole table\n"
		"  --add-server      -a        add real server with options\n"
		"  --edit-server     -e        edit real server with options\n"
		"  --delete-server   -d        delete real server\n"
		"  --list            -L|-l     list the table\n"
		"  --zero            -Z        zero counters in a service or all services\n"
		"  --save            -S        save the table as lbadm (ipvsadm) commands\n"
		"  --restore         -R        commands from stdin, applied all or nothing\n"
		"  --monitor                   print each change as the command that makes it\n"
		"  --set tcp tcpfin udp        set connection timeout values (0: unchanged)\n"
		"  --timeout                   output of timeout (tcp tcpfin udp)\n"
		"  --info                      module version, connection count and limit\n"
		"  --flush-conn                end the connections the filters pick (all)\n"
		"  --del-conn                  end one connection\n"
		"  --help            -h        display this help message\n\n"
		"Options:\n"
		"  --tcp-service  -t service-address   service-address is host:port\n"
		"  --udp-service  -u service-address   service-address is host:port\n"
		"  --sctp-service    service-address   service-address is host:port\n"
		"  --fwmark-service -f fwmark          fwmark is an integer greater than zero\n"
		"  --ipv6         -6                   fwmark entry uses IPv6\n"
		"  --scheduler    -s scheduler         one of rr|wrr|lc|wlc|sed|nq|fo|ovf|\n"
		"                                      sh|dh|mh|twos|lblc|lblcr (default %s)\n"
		"  --sched-flags  -b flags             flag-1,flag-2,flag-3; for sh:\n"
		"                                      sh-fallback,sh-port; for mh:\n"
		"                                      mh-fallback,mh-port\n"
		"  --persistent   -p [timeout]         persistent service (default 360 s)\n"
		"  --ops          -o                   one-packet scheduling (UDP)\n"
		"  --netmask      -M netmask           persistent granularity mask\n"
		"  --mh-table-size N                   Maglev table slots, a prime\n"
		"  --no-backend reset|icmp|drop        answer to a new connection when no\n"
		"                                      real server can take it (default reset:\n"
		"                                      TCP reset, else ICMP port unreachable)\n"
		"  --full-nat                          NAT the source to a director address\n"
		"                                      too: no route back needed\n"
		"  --real-server  -r server-address    server-address is host[:port]\n"
		"  --gatewaying   -g                   gatewaying (direct routing) (default)\n"
		"  --ipip         -i                   ipip encapsulation (tunneling)\n"
		"  --masquerading -m                   masquerading (NAT)\n"
		"  --tun-type      type                one of ipip|gue|gre,\n"
		"                                      the default tunnel type is ipip.\n"
		"  --tun-port      port                tunnel destination port\n"
		"  --tun-nocsum                        tunnel encapsulation without checksum\n"
		"  --tun-csum                          tunnel encapsulation with checksum\n"
		"  --tun-remcsum                       tunnel encapsulation with remote checksum\n"
		"  --weight       -w weight            capacity of real server (0 to 65535)\n"
		"  --u-threshold  -x uthreshold        upper threshold of connections\n"
		"  --l-threshold  -y lthreshold        lower threshold of connections\n"
		"  --numeric      -n                   numeric output of addresses and ports\n"
		"  --stats                             output of statistics information\n"
		"  --rate                              output of rate information\n"
		"  --exact                             expand numbers (display exact values)\n"
		"  --tun-info                          output of tunnel information\n"
		"  --thresholds                        output of thresholds information\n"
		"  --connection   -c                   output of current connections\n"
		"  --client       addr[:port]          connections of this client only\n"
		"  --json                              listings (-L, -Lc, --info) as JSON\n"
		"  --nosort                            list in the kernel's order\n"
		"  --sort                              sorted listing (the default)\n"
		"  --persistent-conn                   output of persistent connection info\n"
		"  --test                              -R: check the commands, change nothing\n",
		LBADM_DEFAULT_SCHED);
}

static int report(struct nflb_handle *h, enum nflb_op op, int err)
{
	if (!err)
		return 0;
	fprintf(stderr, "lbadm: %s\n",
		nflb_strerror(op, err, nflb_last_msg(h)));
	return LBADM_EXIT_REFUSED;
}

static void conn_filter(const struct lbadm_cmd *cmd, struct nflb_conn_filter *f)
{
	f->svc = cmd->options & OPT_SERVICE ? &cmd->svc : NULL;
	f->dest = cmd->options & OPT_REAL ? &cmd->dest : NULL;
	f->client = cmd->options & OPT_CLIENT ? &cmd->client : NULL;
	f->client_af = cmd->client_af;
}

static int list_conns(struct nflb_handle *h, const struct lbadm_cmd *cmd)
{
	struct nflb_conn_filter f;
	struct nflb_conn_list list;
	int err;

	conn_filter(cmd, &f);
	err = nflb_get_conns(h, &f, &list);
	if (err)
		return report(h, NFLB_OP_LIST, err);
	if (cmd->options & OPT_JSON)
		lbadm_json_conns(stdout, &list);
	else
		lbadm_print_conns(stdout, &list, cmd->format);
	nflb_conn_list_free(&list);
	return 0;
}

static int del_conn(struct nflb_handle *h, const struct lbadm_cmd *cmd)
{
	struct nflb_conn_entry c = {
		.af = cmd->svc.af,
		.protocol = cmd->svc.protocol,
		.client = cmd->client,
		.cport = cmd->client_port,
		.virt = cmd->svc.addr,
		.vport = cmd->svc.port,
	};

	return report(h, NFLB_OP_DEL_CONN, nflb_del_conn(h, &c));
}

static int list(struct nflb_handle *h, const struct lbadm_cmd *cmd)
{
	struct nflb_svc_entry *one = NULL;
	struct nflb_table table;
	struct nflb_info info;
	size_t i;
	int err;

	err = nflb_get_info(h, &info);
	if (err)
		return report(h, NFLB_OP_INFO, err);
	if (cmd->options & OPT_CONNECTION)
		return list_conns(h, cmd);
	if ((cmd->options & OPT_TIMEOUT) && (cmd->options & OPT_JSON)) {
		lbadm_json_info(stdout, &info);
		return 0;
	}
	if (cmd->options & OPT_TIMEOUT) {
		printf("Timeout (tcp tcpfin udp): %u %u %u\n",
		       info.timeouts.tcp, info.timeouts.tcp_fin,
		       info.timeouts.udp);
		return 0;
	}
	err = nflb_get_table(h, &table);
	if (err)
		return report(h, NFLB_OP_LIST, err);
	if (cmd->options & OPT_SERVICE) {
		one = nflb_table_find(&table, &cmd->svc);
		if (!one) {
			nflb_table_free(&table);
			return report(h, NFLB_OP_LIST, -ESRCH);
		}
	}
	if (!(cmd->format & FMT_NOSORT))
		lbadm_sort_table(&table);
	if (one)
		one = nflb_table_find(&table, &cmd->svc);
	if (cmd->options & OPT_JSON) {
		lbadm_json_table(stdout, &table, one);
		nflb_table_free(&table);
		return 0;
	}
	if (cmd->command == CMD_SAVE) {
		for (i = 0; i < table.nsvcs; i++)
			if (!one || one == &table.svcs[i])
				lbadm_save_service(stdout, &table.svcs[i],
						   cmd->format);
		nflb_table_free(&table);
		return 0;
	}
	if (!one)
		lbadm_print_version(stdout, &info);
	lbadm_print_title(stdout, cmd->format);
	for (i = 0; i < table.nsvcs; i++)
		if (!one || one == &table.svcs[i])
			lbadm_print_service(stdout, &table.svcs[i],
					    cmd->format);
	nflb_table_free(&table);
	return 0;
}

/* --info: what ipvsadm's listings have no room for. */
static int info(struct nflb_handle *h, const struct lbadm_cmd *cmd)
{
	struct nflb_info i;
	int err = nflb_get_info(h, &i);

	if (err)
		return report(h, NFLB_OP_INFO, err);
	if (cmd->options & OPT_JSON) {
		lbadm_json_info(stdout, &i);
		return 0;
	}
	printf("nflb %s\n", i.version);
	printf("services: %u\n", i.svc_count);
	printf("connections: %u\n", i.conn_count);
	if (i.conn_max)
		printf("connection limit: %u\n", i.conn_max);
	else
		printf("connection limit: none\n");
	printf("connections refused at the limit: %llu\n",
	       (unsigned long long)i.conn_refused);
	printf("hash buckets: services %u, connections %u\n", i.svc_buckets,
	       i.conn_buckets);
	printf("objects held: %u\n", i.obj_live);
	return 0;
}

static int run(struct nflb_handle *h, const struct lbadm_cmd *cmd)
{
	const struct nflb_svc *svc = &cmd->svc;
	const struct nflb_dest *dest = &cmd->dest;

	switch (cmd->command) {
	case CMD_ADD_SERVICE:
		return report(h, NFLB_OP_ADD_SERVICE, nflb_add_service(h, svc));
	case CMD_EDIT_SERVICE:
		return report(h, NFLB_OP_EDIT_SERVICE,
			      nflb_edit_service(h, svc));
	case CMD_DEL_SERVICE:
		return report(h, NFLB_OP_DEL_SERVICE, nflb_del_service(h, svc));
	case CMD_CLEAR:
		return report(h, NFLB_OP_FLUSH, nflb_flush(h));
	case CMD_ADD_DEST:
		return report(h, NFLB_OP_ADD_DEST, nflb_add_dest(h, svc, dest));
	case CMD_EDIT_DEST:
		return report(h, NFLB_OP_EDIT_DEST,
			      nflb_edit_dest(h, svc, dest));
	case CMD_DEL_DEST:
		return report(h, NFLB_OP_DEL_DEST, nflb_del_dest(h, svc, dest));
	case CMD_ZERO:
		return report(h, NFLB_OP_ZERO,
			      nflb_zero(h, cmd->options & OPT_SERVICE ? svc :
									NULL));
	case CMD_LIST:
	case CMD_SAVE:
		return list(h, cmd);
	case CMD_INFO:
		return info(h, cmd);
	case CMD_RESTORE:
		return lbadm_restore(h, stdin, !!(cmd->options & OPT_TEST));
	case CMD_MONITOR:
		return report(h, NFLB_OP_LIST, lbadm_monitor(h, cmd->format));
	case CMD_DEL_CONN:
		return del_conn(h, cmd);
	case CMD_FLUSH_CONN: {
		struct nflb_conn_filter f;

		conn_filter(cmd, &f);
		return report(h, NFLB_OP_FLUSH_CONN, nflb_flush_conns(h, &f));
	}
	case CMD_SET_TIMEOUTS:
		return report(h, NFLB_OP_SET_TIMEOUTS,
			      nflb_set_timeouts(h, &cmd->timeouts));
	default:
		return 2;
	}
}

int main(int argc, char **argv)
{
	struct nflb_handle *h;
	struct lbadm_cmd cmd;
	char err[512];
	int rc;

	rc = lbadm_parse(argc, argv, &cmd, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "lbadm: %s\n", err);
		return rc;
	}
	if (cmd.command == CMD_HELP) {
		usage(stdout);
		return 0;
	}
	if (cmd.command == CMD_VERSION) {
		printf("lbadm " NFLB_VERSION "\n");
		return 0;
	}
	h = nflb_open();
	if (!h) {
		fprintf(stderr,
			"lbadm: cannot reach the nflb module (%s); is it loaded?\n",
			strerror(errno));
		return LBADM_EXIT_REFUSED;
	}
	rc = run(h, &cmd);
	nflb_close(h);
	return rc;
}
