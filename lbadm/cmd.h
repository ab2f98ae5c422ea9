/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lbadm's model of one command line: argv is parsed into it by pure
 * functions (parse.c), then one library call applies it (main.c).
 */
#ifndef _NFLB_LBADM_CMD_H
#define _NFLB_LBADM_CMD_H

#include <stddef.h>

#include "libnflb.h"

enum lbadm_command {
	CMD_NONE,
	CMD_ADD_SERVICE, /* -A */
	CMD_EDIT_SERVICE, /* -E */
	CMD_DEL_SERVICE, /* -D */
	CMD_CLEAR, /* -C */
	CMD_ADD_DEST, /* -a */
	CMD_EDIT_DEST, /* -e */
	CMD_DEL_DEST, /* -d */
	CMD_LIST, /* -L, -l */
	CMD_SAVE, /* -S */
	CMD_RESTORE, /* -R */
	CMD_MONITOR, /* --monitor */
	CMD_ZERO, /* -Z */
	CMD_HELP, /* -h */
	CMD_VERSION, /* -v */
	CMD_SET_TIMEOUTS, /* --set */
	CMD_INFO, /* --info */
	CMD_DEL_CONN, /* --del-conn */
	CMD_FLUSH_CONN, /* --flush-conn */
	CMD_MAX
};

/* Options, one bit each; the legality table in parse.c uses them. */
enum lbadm_option {
	OPT_SERVICE = 1 << 0, /* -t, -u, --sctp-service, -f */
	OPT_SCHED = 1 << 1, /* -s */
	OPT_REAL = 1 << 2, /* -r */
	OPT_FWD = 1 << 3, /* -m, -g, -i */
	OPT_WEIGHT = 1 << 4, /* -w */
	OPT_UTHRESH = 1 << 5, /* -x */
	OPT_LTHRESH = 1 << 6, /* -y */
	OPT_NUMERIC = 1 << 7, /* -n */
	OPT_STATS = 1 << 8, /* --stats */
	OPT_EXACT = 1 << 9, /* --exact */
	OPT_SCHED_FLAGS = 1 << 10, /* -b */
	OPT_TABLE_SIZE = 1 << 11, /* --mh-table-size */
	OPT_TUN_TYPE = 1 << 12, /* --tun-type */
	OPT_TUN_PORT = 1 << 13, /* --tun-port */
	OPT_TUN_CSUM = 1 << 14, /* --tun-nocsum, --tun-csum, --tun-remcsum */
	OPT_FULLNAT = 1 << 15, /* --full-nat */
	OPT_TUN_INFO = 1 << 16, /* --tun-info */
	OPT_PERSISTENT = 1 << 17, /* -p */
	OPT_NETMASK = 1 << 18, /* -M */
	OPT_THRESHOLDS = 1 << 19, /* --thresholds */
	OPT_PERSISTENTCONN = 1 << 20, /* --persistent-conn */
	OPT_TIMEOUT = 1 << 21, /* --timeout */
	OPT_NO_BACKEND = 1 << 22, /* --no-backend */
	OPT_CONNECTION = 1 << 23, /* -c */
	OPT_CLIENT = 1 << 24, /* --client */
	OPT_JSON = 1 << 25, /* --json */
	OPT_SORT = 1 << 26, /* --sort, --nosort */
	OPT_TEST = 1 << 27, /* --test */
	OPT_RATE = 1 << 28, /* --rate */
	OPT_IPV6 = 1 << 29, /* -6: a firewall-mark service of IPv6 */
	OPT_OPS = 1 << 30, /* -o: one-packet scheduling */
};

/* Listing formats. */
enum lbadm_format {
	FMT_NUMERIC = 1 << 0,
	FMT_STATS = 1 << 1,
	FMT_EXACT = 1 << 2,
	FMT_TUN_INFO = 1 << 3,
	FMT_THRESHOLDS = 1 << 4,
	FMT_PERSISTENTCONN = 1 << 5,
	FMT_NOSORT = 1 << 6,
	FMT_SAVE = 1 << 7, /* as -S: ipvsadm's lines exactly */
	FMT_RATE = 1 << 8,
};

#define LBADM_DEFAULT_SCHED "wlc"

struct lbadm_cmd {
	enum lbadm_command command;
	unsigned int options; /* enum lbadm_option */
	unsigned int format; /* enum lbadm_format */
	struct nflb_svc svc;
	struct nflb_dest dest;
	const char *sched_flags; /* -b, parsed once the scheduler is known */
	const char *netmask; /* -M, parsed once the address family is known */
	struct nflb_timeouts timeouts; /* --set */
	union nflb_inet_addr client; /* --client */
	uint16_t client_port; /* --client, 0 when not given */
	uint16_t client_af;
};

/*
 * Fill cmd from argv. Returns 0, or 2 (usage error) with a one-line
 * explanation naming the offending value in err.
 */
int lbadm_parse(int argc, char **argv, struct lbadm_cmd *cmd, char *err,
		size_t errlen);

/* "host[:port]" or "[v6]:port" into addr/port; port 0 when absent. */
int lbadm_parse_addrport(const char *text, int protocol, uint16_t *af,
			 union nflb_inet_addr *addr, uint16_t *port, char *err,
			 size_t errlen);

const char *lbadm_command_name(enum lbadm_command command);

/* --no-backend: "reset", "icmp" or "drop". */
int lbadm_parse_no_backend(const char *text, uint8_t *out, char *err,
			   size_t errlen);

#endif /* _NFLB_LBADM_CMD_H */
