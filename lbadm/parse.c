// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm command-line parsing, ipvsadm's syntax: argv into struct lbadm_cmd,
 * with option legality as a table and errors that name the bad value.
 * Pure apart from name lookups of hosts and ports.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "sched_flags.h"
#include "tunnel.h"

#define SERVICE_OPTS                                                   \
	(OPT_SERVICE | OPT_SCHED | OPT_SCHED_FLAGS | OPT_TABLE_SIZE |  \
	 OPT_FULLNAT | OPT_PERSISTENT | OPT_NETMASK | OPT_NO_BACKEND | \
	 OPT_OPS)
#define DEST_OPTS                                                      \
	(OPT_SERVICE | OPT_REAL | OPT_FWD | OPT_WEIGHT | OPT_UTHRESH | \
	 OPT_LTHRESH | OPT_TUN_TYPE | OPT_TUN_PORT | OPT_TUN_CSUM)

static const struct {
	enum lbadm_command command;
	const char *name;
	unsigned int required;
	unsigned int allowed;
} commands[] = {
	{ CMD_ADD_SERVICE, "-A", OPT_SERVICE, SERVICE_OPTS },
	{ CMD_EDIT_SERVICE, "-E", OPT_SERVICE, SERVICE_OPTS },
	{ CMD_DEL_SERVICE, "-D", OPT_SERVICE, OPT_SERVICE },
	{ CMD_CLEAR, "-C", 0, 0 },
	{ CMD_ADD_DEST, "-a", OPT_SERVICE | OPT_REAL, DEST_OPTS },
	{ CMD_EDIT_DEST, "-e", OPT_SERVICE | OPT_REAL, DEST_OPTS },
	{ CMD_DEL_DEST, "-d", OPT_SERVICE | OPT_REAL, OPT_SERVICE | OPT_REAL },
	{ CMD_LIST, "-L", 0,
	  OPT_SERVICE | OPT_NUMERIC | OPT_STATS | OPT_RATE | OPT_EXACT |
		  OPT_TUN_INFO | OPT_THRESHOLDS | OPT_PERSISTENTCONN |
		  OPT_TIMEOUT | OPT_CONNECTION | OPT_REAL | OPT_CLIENT |
		  OPT_JSON | OPT_SORT },
	{ CMD_ZERO, "-Z", 0, OPT_SERVICE },
	{ CMD_SAVE, "-S", 0, OPT_NUMERIC | OPT_SORT },
	{ CMD_RESTORE, "-R", 0, OPT_TEST },
	{ CMD_MONITOR, "--monitor", 0, OPT_NUMERIC },
	{ CMD_HELP, "-h", 0, 0 },
	{ CMD_VERSION, "-v", 0, 0 },
	{ CMD_SET_TIMEOUTS, "--set", 0, 0 },
	{ CMD_INFO, "--info", 0, OPT_JSON },
	{ CMD_DEL_CONN, "--del-conn", OPT_SERVICE | OPT_CLIENT,
	  OPT_SERVICE | OPT_CLIENT },
	{ CMD_FLUSH_CONN, "--flush-conn", 0,
	  OPT_SERVICE | OPT_REAL | OPT_CLIENT },
};

static const char *const option_names[] = {
	"-t/-u/-f",   "-s",	      "-r",
	"-m/-g/-i",   "-w",	      "-x",
	"-y",	      "-n",	      "--stats",
	"--exact",    "-b",	      "--mh-table-size",
	"--tun-type", "--tun-port",   "--tun-*csum",
	"--full-nat", "--tun-info",   "-p",
	"-M",	      "--thresholds", "--persistent-conn",
	"--timeout",  "--no-backend", "-c",
	"--client",   "--json",	      "--sort",
	"--test",     "--rate",	      "-6",
	"-o",
};

static const struct option long_options[] = {
	{ "add-service", no_argument, NULL, 'A' },
	{ "edit-service", no_argument, NULL, 'E' },
	{ "delete-service", no_argument, NULL, 'D' },
	{ "clear", no_argument, NULL, 'C' },
	{ "add-server", no_argument, NULL, 'a' },
	{ "edit-server", no_argument, NULL, 'e' },
	{ "delete-server", no_argument, NULL, 'd' },
	{ "list", no_argument, NULL, 'L' },
	{ "zero", no_argument, NULL, 'Z' },
	{ "save", no_argument, NULL, 'S' },
	{ "restore", no_argument, NULL, 'R' },
	{ "test", no_argument, NULL, 'T' + 512 },
	{ "monitor", no_argument, NULL, 'M' + 512 },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'v' },
	{ "tcp-service", required_argument, NULL, 't' },
	{ "udp-service", required_argument, NULL, 'u' },
	{ "sctp-service", required_argument, NULL, 'S' + 512 },
	{ "fwmark-service", required_argument, NULL, 'f' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "scheduler", required_argument, NULL, 's' },
	{ "real-server", required_argument, NULL, 'r' },
	{ "masquerading", no_argument, NULL, 'm' },
	{ "gatewaying", no_argument, NULL, 'g' },
	{ "ipip", no_argument, NULL, 'i' },
	{ "weight", required_argument, NULL, 'w' },
	{ "u-threshold", required_argument, NULL, 'x' },
	{ "l-threshold", required_argument, NULL, 'y' },
	{ "numeric", no_argument, NULL, 'n' },
	{ "stats", no_argument, NULL, 'S' + 256 },
	{ "rate", no_argument, NULL, 'R' + 256 },
	{ "exact", no_argument, NULL, 'X' + 256 },
	{ "sched-flags", required_argument, NULL, 'b' },
	{ "mh-table-size", required_argument, NULL, 'T' + 256 },
	{ "tun-type", required_argument, NULL, 'y' + 256 },
	{ "tun-port", required_argument, NULL, 'p' + 256 },
	{ "tun-nocsum", no_argument, NULL, 'n' + 256 },
	{ "tun-csum", no_argument, NULL, 'c' + 256 },
	{ "tun-remcsum", no_argument, NULL, 'r' + 256 },
	{ "full-nat", no_argument, NULL, 'F' + 256 },
	{ "tun-info", no_argument, NULL, 'I' + 256 },
	{ "persistent", optional_argument, NULL, 'p' },
	{ "ops", no_argument, NULL, 'o' },
	{ "netmask", required_argument, NULL, 'M' },
	{ "thresholds", no_argument, NULL, 'H' + 256 },
	{ "persistent-conn", no_argument, NULL, 'P' + 256 },
	{ "timeout", no_argument, NULL, 'O' + 256 },
	{ "set", required_argument, NULL, 's' + 256 },
	{ "info", no_argument, NULL, 'i' + 256 },
	{ "no-backend", required_argument, NULL, 'N' + 256 },
	{ "connection", no_argument, NULL, 'c' },
	{ "json", no_argument, NULL, 'J' + 256 },
	{ "sort", no_argument, NULL, 'o' + 256 },
	{ "nosort", no_argument, NULL, 'O' + 512 },
	{ "client", required_argument, NULL, 'C' + 256 },
	{ "del-conn", no_argument, NULL, 'D' + 256 },
	{ "flush-conn", no_argument, NULL, 'F' + 512 },
	{ NULL, 0, NULL, 0 },
};

const char *lbadm_command_name(enum lbadm_command command)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].command == command)
			return commands[i].name;
	return "?";
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return 2;
}

/* A decimal number in 0..max, digits only. */
static int parse_uint(const char *text, unsigned long max, uint32_t *out)
{
	unsigned long v;
	char *end;

	if (!*text || text[strspn(text, "0123456789")])
		return -1;
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_port(const char *text, const char *whole, int protocol,
		      uint16_t *port, char *err, size_t errlen)
{
	const char *proto = nflb_protocol_name(protocol);
	struct servent *se;
	uint32_t v;

	if (!parse_uint(text, 65535, &v) && v) {
		*port = (uint16_t)v;
		return 0;
	}
	se = text[strspn(text, "0123456789")] ? getservbyname(text, proto) :
						NULL;
	if (!se)
		return fail(err, errlen, "invalid port '%s' in '%s'", text,
			    whole);
	*port = ntohs((uint16_t)se->s_port);
	return 0;
}

static int parse_host(const char *host, const char *whole, int want_v6,
		      uint16_t *af, union nflb_inet_addr *addr, char *err,
		      size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	struct addrinfo *res;

	memset(addr, 0, sizeof(*addr));
	if (!want_v6 && inet_pton(AF_INET, host, &addr->v4) == 1) {
		*af = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &addr->v6) == 1) {
		*af = AF_INET6;
		return 0;
	}
	if (!*host || want_v6)
		return fail(err, errlen, "invalid address '%s' in '%s'", host,
			    whole);
	hints.ai_family = AF_INET;
	if (getaddrinfo(host, NULL, &hints, &res) || !res)
		return fail(err, errlen, "unknown host '%s' in '%s'", host,
			    whole);
	*af = AF_INET;
	addr->v4 = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	return 0;
}

int lbadm_parse_addrport(const char *text, int protocol, uint16_t *af,
			 union nflb_inet_addr *addr, uint16_t *port, char *err,
			 size_t errlen)
{
	char host[256];
	const char *colon, *portstr = NULL;
	size_t len;
	int v6 = 0;

	*port = 0;
	if (text[0] == '[') {
		const char *close = strchr(text, ']');

		if (!close || (close[1] && close[1] != ':'))
			return fail(err, errlen, "invalid address '%s'", text);
		len = (size_t)(close - text - 1);
		if (len >= sizeof(host))
			return fail(err, errlen, "invalid address '%s'", text);
		memcpy(host, text + 1, len);
		host[len] = '\0';
		portstr = close[1] ? close + 2 : NULL;
		v6 = 1;
	} else {
		colon = strchr(text, ':');
		if (colon && strchr(colon + 1, ':'))
			colon = NULL; /* a bare IPv6 address: no port */
		len = colon ? (size_t)(colon - text) : strlen(text);
		if (len >= sizeof(host))
			return fail(err, errlen, "invalid address '%s'", text);
		memcpy(host, text, len);
		host[len] = '\0';
		portstr = colon ? colon + 1 : NULL;
	}
	if (parse_host(host, text, v6, af, addr, err, errlen))
		return 2;
	if (portstr)
		return parse_port(portstr, text, protocol, port, err, errlen);
	return 0;
}

static int set_command(struct lbadm_cmd *cmd, enum lbadm_command c, char *err,
		       size_t errlen)
{
	if (cmd->command != CMD_NONE && cmd->command != c)
		return fail(err, errlen, "multiple commands: '%s' and '%s'",
			    lbadm_command_name(cmd->command),
			    lbadm_command_name(c));
	cmd->command = c;
	return 0;
}

static int set_option(struct lbadm_cmd *cmd, unsigned int opt, char *err,
		      size_t errlen)
{
	unsigned int bit = 0;

	while (!(opt & (1u << bit)))
		bit++;
	if (cmd->options & opt)
		return fail(err, errlen, "option '%s' given more than once",
			    option_names[bit]);
	cmd->options |= opt;
	return 0;
}

static int check_options(const struct lbadm_cmd *cmd, char *err, size_t errlen)
{
	size_t i;
	unsigned int bit;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		unsigned int allowed = commands[i].allowed;

		if (commands[i].command != cmd->command)
			continue;
		/* -6 goes with -f, wherever a service may be named. */
		if (allowed & OPT_SERVICE)
			allowed |= OPT_IPV6;
		for (bit = 0;
		     bit < sizeof(option_names) / sizeof(*option_names);
		     bit++) {
			unsigned int opt = 1u << bit;

			if ((cmd->options & opt) && !(allowed & opt))
				return fail(
					err, errlen,
					"option '%s' is not allowed with '%s'",
					option_names[bit], commands[i].name);
			if (!(cmd->options & opt) &&
			    (commands[i].required & opt))
				return fail(err, errlen,
					    "'%s' needs option '%s'",
					    commands[i].name,
					    option_names[bit]);
		}
		return 0;
	}
	return fail(err, errlen, "no command given (try 'lbadm -h')");
}

/*
 * -f MARK, in decimal, 1 to 4294967295. ipvsadm lists marks above
 * 2147483647 as negative numbers; "-1" and the like are read back.
 */
static int parse_fwmark(struct lbadm_cmd *cmd, const char *text, char *err,
			size_t errlen)
{
	uint32_t v;
	int bad = *text == '-' ? parse_uint(text + 1, 2147483648UL, &v) || !v :
				 parse_uint(text, UINT32_MAX, &v) || !v;

	if (bad)
		return fail(err, errlen,
			    "invalid fwmark '%s' (1 to 4294967295)", text);
	cmd->svc.fwmark = *text == '-' ? (uint32_t)0 - v : v;
	cmd->svc.af = AF_INET;
	return 0;
}

static int parse_service(struct lbadm_cmd *cmd, int protocol, const char *text,
			 char *err, size_t errlen)
{
	struct nflb_svc *svc = &cmd->svc;

	svc->protocol = (uint8_t)protocol;
	if (lbadm_parse_addrport(text, protocol, &svc->af, &svc->addr,
				 &svc->port, err, errlen))
		return 2;
	if (!svc->port)
		return fail(err, errlen, "missing port in service '%s'", text);
	return 0;
}

static int parse_number(const char *name, const char *text, unsigned long max,
			uint32_t *out, char *err, size_t errlen)
{
	if (parse_uint(text, max, out))
		return fail(err, errlen, "invalid %s '%s' (0 to %lu)", name,
			    text, max);
	return 0;
}

int lbadm_parse_no_backend(const char *text, uint8_t *out, char *err,
			   size_t errlen)
{
	if (nflb_no_backend_parse(text, out))
		return fail(
			err, errlen,
			"invalid no-backend answer '%s' (reset, icmp or drop)",
			text);
	return 0;
}

/* -M: an IPv4 netmask, or an IPv6 prefix length. */
static int parse_netmask(struct lbadm_cmd *cmd, char *err, size_t errlen)
{
	struct in_addr mask;

	if (cmd->svc.af == AF_INET6) {
		if (parse_uint(cmd->netmask, 128, &cmd->svc.netmask) ||
		    !cmd->svc.netmask)
			return fail(
				err, errlen,
				"invalid netmask '%s' (an IPv6 prefix length, 1 to 128)",
				cmd->netmask);
		return 0;
	}
	/* inet_aton, as ipvsadm: "255.255.0" is 255.255.0.0. */
	if (!inet_aton(cmd->netmask, &mask))
		return fail(err, errlen, "invalid netmask '%s'", cmd->netmask);
	cmd->svc.netmask = mask.s_addr;
	return 0;
}

/*
 * -A and -E set every service setting, as ipvsadm does: what is not given
 * gets its default (scheduler wlc, no flags, persistence off, full mask).
 */
static int finish_service(struct lbadm_cmd *cmd, char *err, size_t errlen)
{
	if (!(cmd->options & OPT_SCHED))
		snprintf(cmd->svc.sched, sizeof(cmd->svc.sched), "%s",
			 LBADM_DEFAULT_SCHED);
	cmd->svc.fields |= NFLB_SVC_FLAGS | NFLB_SVC_NETMASK |
			   NFLB_SVC_NO_BACKEND;
	if (cmd->options & OPT_PERSISTENT) {
		cmd->svc.flags |= NFLB_SVC_F_PERSISTENT;
		cmd->svc.fields |= NFLB_SVC_TIMEOUT;
	}
	if (cmd->options & OPT_OPS) {
		if (!cmd->svc.fwmark && cmd->svc.protocol != IPPROTO_UDP)
			return fail(
				err, errlen,
				"One-Packet Scheduling is only for UDP virtual services");
		cmd->svc.flags |= NFLB_SVC_F_ONEPACKET;
	}
	if (cmd->netmask)
		return parse_netmask(cmd, err, errlen);
	cmd->svc.netmask = cmd->svc.af == AF_INET6 ? 128 : 0xffffffffu;
	return 0;
}

/* -a and -e set every real server setting, as ipvsadm does. */
static void finish_dest(struct lbadm_cmd *cmd)
{
	struct nflb_dest *d = &cmd->dest;

	if (!(d->fields & NFLB_DEST_FWD))
		d->fwd = NFLB_FWD_ROUTE;
	if (!(d->fields & NFLB_DEST_WEIGHT))
		d->weight = 1;
	d->fields |= NFLB_DEST_FWD | NFLB_DEST_WEIGHT | NFLB_DEST_U_THRESH |
		     NFLB_DEST_L_THRESH;
	if (d->fwd == NFLB_FWD_TUNNEL)
		d->fields |= NFLB_DEST_TUNNEL;
}

/* --set tcp tcpfin udp: three words, 0 keeps a timeout as it is. */
static int parse_timeouts(int argc, char **argv, struct lbadm_cmd *cmd,
			  char *err, size_t errlen)
{
	uint32_t *slot[] = { &cmd->timeouts.tcp, &cmd->timeouts.tcp_fin,
			     &cmd->timeouts.udp };
	const char *word = optarg;
	size_t i;

	for (i = 0; i < 3; i++) {
		if (i) {
			if (optind >= argc)
				return fail(
					err, errlen,
					"'--set' needs three timeouts: tcp tcpfin udp");
			word = argv[optind++];
		}
		if (parse_uint(word, INT_MAX, slot[i]))
			return fail(err, errlen,
				    "invalid timeout '%s' (0 to %d seconds)",
				    word, INT_MAX);
	}
	return 0;
}

/* What the options did not say: the real server's port, the defaults. */
static int finish(struct lbadm_cmd *cmd, const char *real, char *err,
		  size_t errlen)
{
	if ((cmd->command == CMD_ADD_SERVICE ||
	     cmd->command == CMD_EDIT_SERVICE) &&
	    finish_service(cmd, err, errlen))
		return 2;
	if (cmd->sched_flags) {
		uint32_t flags;

		if (lbadm_parse_sched_flags(cmd->sched_flags,
					    cmd->svc.sched[0] ?
						    cmd->svc.sched :
						    LBADM_DEFAULT_SCHED,
					    &flags, err, errlen))
			return 2;
		cmd->svc.flags |= flags;
		cmd->svc.fields |= NFLB_SVC_FLAGS;
	}
	if (!real)
		return 0;
	if (!cmd->dest.port)
		cmd->dest.port = cmd->svc.port;
	if (cmd->command == CMD_ADD_DEST || cmd->command == CMD_EDIT_DEST)
		finish_dest(cmd);
	/*
	 * As ipvsadm: only NAT can change the port, except in a
	 * firewall-mark service, which has none (its real servers keep the
	 * port they are given, 0 if none).
	 */
	if ((cmd->dest.fields & NFLB_DEST_FWD) &&
	    cmd->dest.fwd != NFLB_FWD_MASQ && !cmd->svc.fwmark)
		cmd->dest.port = cmd->svc.port;
	if (lbadm_check_tunnel(cmd, err, errlen))
		return 2;
	if (cmd->options & (OPT_TUN_TYPE | OPT_TUN_PORT | OPT_TUN_CSUM))
		cmd->dest.fields |= NFLB_DEST_TUNNEL;
	return 0;
}

static int set_fwd(struct lbadm_cmd *cmd, uint32_t fwd, char *err,
		   size_t errlen)
{
	if (set_option(cmd, OPT_FWD, err, errlen))
		return 2;
	cmd->dest.fwd = fwd;
	cmd->dest.fields |= NFLB_DEST_FWD;
	return 0;
}

int lbadm_parse(int argc, char **argv, struct lbadm_cmd *cmd, char *err,
		size_t errlen)
{
	const char *real = NULL, *client = NULL;
	uint16_t real_af = 0;
	int c, rc = 0;

	memset(cmd, 0, sizeof(*cmd));
	optind = 0; /* glibc: full reinitialisation, so tests can call again */
	opterr = 0;
	while (!rc &&
	       (c = getopt_long(argc, argv,
				":AEDCaedLlZSRhvt:u:f:6s:r:mgiw:x:y:nb:p::M:co",
				long_options, NULL)) != -1) {
		switch (c) {
		case 'A':
			rc = set_command(cmd, CMD_ADD_SERVICE, err, errlen);
			break;
		case 'E':
			rc = set_command(cmd, CMD_EDIT_SERVICE, err, errlen);
			break;
		case 'D':
			rc = set_command(cmd, CMD_DEL_SERVICE, err, errlen);
			break;
		case 'C':
			rc = set_command(cmd, CMD_CLEAR, err, errlen);
			break;
		case 'a':
			rc = set_command(cmd, CMD_ADD_DEST, err, errlen);
			break;
		case 'e':
			rc = set_command(cmd, CMD_EDIT_DEST, err, errlen);
			break;
		case 'd':
			rc = set_command(cmd, CMD_DEL_DEST, err, errlen);
			break;
		case 'L':
		case 'l':
			rc = set_command(cmd, CMD_LIST, err, errlen);
			break;
		case 'Z':
			rc = set_command(cmd, CMD_ZERO, err, errlen);
			break;
		case 'S':
			rc = set_command(cmd, CMD_SAVE, err, errlen);
			break;
		case 'R':
			rc = set_command(cmd, CMD_RESTORE, err, errlen);
			break;
		case 'T' + 512:
			rc = set_option(cmd, OPT_TEST, err, errlen);
			break;
		case 'M' + 512:
			rc = set_command(cmd, CMD_MONITOR, err, errlen);
			break;
		case 'h':
			rc = set_command(cmd, CMD_HELP, err, errlen);
			break;
		case 'v':
			rc = set_command(cmd, CMD_VERSION, err, errlen);
			break;
		case 't':
		case 'u':
		case 'S' + 512:
			rc = set_option(cmd, OPT_SERVICE, err, errlen) ?:
				     parse_service(cmd,
						   c == 't' ? IPPROTO_TCP :
						   c == 'u' ? IPPROTO_UDP :
							      IPPROTO_SCTP,
						   optarg, err, errlen);
			break;
		case 'f':
			rc = set_option(cmd, OPT_SERVICE, err, errlen) ?:
				     parse_fwmark(cmd, optarg, err, errlen);
			break;
		case '6':
			rc = set_option(cmd, OPT_IPV6, err, errlen);
			break;
		case 's':
			rc = set_option(cmd, OPT_SCHED, err, errlen);
			if (!rc && (!*optarg ||
				    strlen(optarg) >= sizeof(cmd->svc.sched)))
				rc = fail(err, errlen,
					  "invalid scheduler name '%s'",
					  optarg);
			if (!rc)
				snprintf(cmd->svc.sched, sizeof(cmd->svc.sched),
					 "%s", optarg);
			break;
		case 'r':
			rc = set_option(cmd, OPT_REAL, err, errlen) ?:
				     lbadm_parse_addrport(optarg, IPPROTO_TCP,
							  &real_af,
							  &cmd->dest.addr,
							  &cmd->dest.port, err,
							  errlen);
			real = optarg;
			break;
		case 'm':
			rc = set_fwd(cmd, NFLB_FWD_MASQ, err, errlen);
			break;
		case 'g':
			rc = set_fwd(cmd, NFLB_FWD_ROUTE, err, errlen);
			break;
		case 'i':
			rc = set_fwd(cmd, NFLB_FWD_TUNNEL, err, errlen);
			break;
		case 'w':
			rc = set_option(cmd, OPT_WEIGHT, err, errlen) ?:
				     parse_number("weight", optarg,
						  NFLB_WEIGHT_MAX,
						  &cmd->dest.weight, err,
						  errlen);
			cmd->dest.fields |= NFLB_DEST_WEIGHT;
			break;
		case 'x':
			rc = set_option(cmd, OPT_UTHRESH, err, errlen) ?:
				     parse_number("upper threshold", optarg,
						  INT_MAX, &cmd->dest.u_thresh,
						  err, errlen);
			cmd->dest.fields |= NFLB_DEST_U_THRESH;
			break;
		case 'y':
			rc = set_option(cmd, OPT_LTHRESH, err, errlen) ?:
				     parse_number("lower threshold", optarg,
						  INT_MAX, &cmd->dest.l_thresh,
						  err, errlen);
			cmd->dest.fields |= NFLB_DEST_L_THRESH;
			break;
		case 'n':
			rc = set_option(cmd, OPT_NUMERIC, err, errlen);
			cmd->format |= FMT_NUMERIC;
			break;
		case 'S' + 256:
			rc = set_option(cmd, OPT_STATS, err, errlen);
			cmd->format |= FMT_STATS;
			break;
		case 'R' + 256:
			rc = set_option(cmd, OPT_RATE, err, errlen);
			cmd->format |= FMT_RATE;
			break;
		case 'X' + 256:
			rc = set_option(cmd, OPT_EXACT, err, errlen);
			cmd->format |= FMT_EXACT;
			break;
		case 'b':
			rc = set_option(cmd, OPT_SCHED_FLAGS, err, errlen);
			cmd->sched_flags = optarg;
			break;
		case 'T' + 256:
			rc = set_option(cmd, OPT_TABLE_SIZE, err, errlen) ?:
				     parse_number("mh table size", optarg,
						  NFLB_MH_TABLE_MAX,
						  &cmd->svc.table_size, err,
						  errlen);
			cmd->svc.fields |= NFLB_SVC_TABLE_SIZE;
			break;
		case 'y' + 256:
			rc = set_option(cmd, OPT_TUN_TYPE, err, errlen) ?:
				     lbadm_parse_tun_type(optarg,
							  &cmd->dest.tun_type,
							  err, errlen);
			break;
		case 'p' + 256:
			rc = set_option(cmd, OPT_TUN_PORT, err, errlen) ?:
				     parse_port(optarg, optarg, IPPROTO_UDP,
						&cmd->dest.tun_port, err,
						errlen);
			break;
		case 'n' + 256:
		case 'c' + 256:
		case 'r' + 256:
			rc = set_option(cmd, OPT_TUN_CSUM, err, errlen);
			cmd->dest.tun_flags =
				c == 'n' + 256 ? 0 :
				c == 'c' + 256 ? NFLB_TUN_F_CSUM :
						 NFLB_TUN_F_REMCSUM;
			break;
		case 'F' + 256:
			rc = set_option(cmd, OPT_FULLNAT, err, errlen);
			cmd->svc.flags |= NFLB_SVC_F_FULLNAT;
			break;
		case 'I' + 256:
			rc = set_option(cmd, OPT_TUN_INFO, err, errlen);
			cmd->format |= FMT_TUN_INFO;
			break;
		case 'o':
			rc = set_option(cmd, OPT_OPS, err, errlen);
			break;
		case 'p':
			/* ipvsadm's timeout is optional and may be a separate
			 * word: "-p", "-p 60", "-p60".
			 */
			if (!optarg && optind < argc && argv[optind][0] != '-')
				optarg = argv[optind++];
			cmd->svc.timeout = NFLB_PERSIST_TIMEOUT_DEFAULT;
			rc = set_option(cmd, OPT_PERSISTENT, err, errlen);
			if (!rc && optarg &&
			    (parse_uint(optarg, NFLB_PERSIST_TIMEOUT_MAX,
					&cmd->svc.timeout) ||
			     !cmd->svc.timeout))
				rc = fail(
					err, errlen,
					"invalid persistence timeout '%s' (1 to %u seconds)",
					optarg, NFLB_PERSIST_TIMEOUT_MAX);
			break;
		case 'M':
			rc = set_option(cmd, OPT_NETMASK, err, errlen);
			cmd->netmask = optarg;
			break;
		case 's' + 256:
			rc = set_command(cmd, CMD_SET_TIMEOUTS, err, errlen) ?:
				     parse_timeouts(argc, argv, cmd, err,
						    errlen);
			break;
		case 'c':
			rc = set_option(cmd, OPT_CONNECTION, err, errlen);
			break;
		case 'o' + 256:
		case 'O' + 512:
			/* ipvsadm: --sort is the default, --nosort lists in
			 * the kernel's order.
			 */
			rc = set_option(cmd, OPT_SORT, err, errlen);
			if (c == 'O' + 512)
				cmd->format |= FMT_NOSORT;
			break;
		case 'J' + 256:
			rc = set_option(cmd, OPT_JSON, err, errlen);
			break;
		case 'C' + 256:
			client = optarg;
			rc = set_option(cmd, OPT_CLIENT, err, errlen) ?:
				     lbadm_parse_addrport(optarg, IPPROTO_TCP,
							  &cmd->client_af,
							  &cmd->client,
							  &cmd->client_port,
							  err, errlen);
			break;
		case 'D' + 256:
			rc = set_command(cmd, CMD_DEL_CONN, err, errlen);
			break;
		case 'F' + 512:
			rc = set_command(cmd, CMD_FLUSH_CONN, err, errlen);
			break;
		case 'N' + 256:
			rc = set_option(cmd, OPT_NO_BACKEND, err, errlen) ?:
				     lbadm_parse_no_backend(
					     optarg, &cmd->svc.no_backend, err,
					     errlen);
			break;
		case 'i' + 256:
			rc = set_command(cmd, CMD_INFO, err, errlen);
			break;
		case 'O' + 256:
			rc = set_option(cmd, OPT_TIMEOUT, err, errlen);
			break;
		case 'H' + 256:
			rc = set_option(cmd, OPT_THRESHOLDS, err, errlen);
			cmd->format |= FMT_THRESHOLDS;
			break;
		case 'P' + 256:
			rc = set_option(cmd, OPT_PERSISTENTCONN, err, errlen);
			cmd->format |= FMT_PERSISTENTCONN;
			break;
		case ':':
			rc = fail(err, errlen, "option '%s' needs a value",
				  argv[optind - 1]);
			break;
		default:
			rc = fail(err, errlen, "unknown option '%s'",
				  argv[optind - 1]);
			break;
		}
	}
	if (rc)
		return rc;
	if (optind < argc)
		return fail(err, errlen, "unexpected argument '%s'",
			    argv[optind]);
	rc = check_options(cmd, err, errlen);
	if (rc)
		return rc;
	if (cmd->command == CMD_LIST &&
	    (cmd->options & (OPT_REAL | OPT_CLIENT)) &&
	    !(cmd->options & OPT_CONNECTION))
		return fail(err, errlen,
			    "'-r' and '--client' filter connections: add '-c'");
	if (cmd->command == CMD_DEL_CONN && !cmd->client_port)
		return fail(err, errlen,
			    "'--del-conn' needs '--client ADDR:PORT'");
	if (cmd->command == CMD_DEL_CONN && cmd->svc.fwmark)
		return fail(
			err, errlen,
			"'--del-conn' names the connection's service address and port: use '-t', '-u' or '--sctp-service'");
	if ((cmd->options & OPT_REAL) && !(cmd->options & OPT_SERVICE))
		return fail(err, errlen,
			    "'-r' needs its service ('-t', '-u' or '-f')");
	if (cmd->options & OPT_IPV6) {
		if (!cmd->svc.fwmark)
			return fail(
				err, errlen,
				"'-6' applies to a firewall-mark service ('-f')");
		cmd->svc.af = AF_INET6;
	}
	if (client && (cmd->options & OPT_SERVICE) &&
	    cmd->client_af != cmd->svc.af)
		return fail(
			err, errlen,
			"client '%s' is not of the service's address family",
			client);
	if (real && real_af != cmd->svc.af)
		return fail(
			err, errlen,
			"real server '%s' is not of the service's address family",
			real);
	return finish(cmd, real, err, errlen);
}
