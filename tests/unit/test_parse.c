// SPDX-License-Identifier: GPL-2.0
/* lbadm's command-line parsing into its model. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static char err[256];

static int parse(struct lbadm_cmd *cmd, const char *line)
{
	char buf[512], *argv[32];
	int argc = 0;

	snprintf(buf, sizeof(buf), "lbadm %s", line);
	for (char *t = strtok(buf, " "); t && argc < 31; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	err[0] = '\0';
	return lbadm_parse(argc, argv, cmd, err, sizeof(err));
}

static void test_add_service(void **state)
{
	struct lbadm_cmd cmd;
	char addr[32];

	(void)state;
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -s rr"), 0);
	assert_int_equal(cmd.command, CMD_ADD_SERVICE);
	assert_int_equal(cmd.svc.protocol, IPPROTO_TCP);
	assert_int_equal(cmd.svc.port, 80);
	inet_ntop(AF_INET, &cmd.svc.addr, addr, sizeof(addr));
	assert_string_equal(addr, "10.0.0.1");
	assert_string_equal(cmd.svc.sched, "rr");
}

static void test_default_scheduler_is_ipvsadms(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "--add-service --udp-service 10.0.0.1:53"),
			 0);
	assert_int_equal(cmd.svc.protocol, IPPROTO_UDP);
	assert_string_equal(cmd.svc.sched, "wlc");
	assert_int_equal(parse(&cmd, "-A --sctp-service 10.0.0.1:3868 -s rr"),
			 0);
	assert_int_equal(cmd.svc.protocol, IPPROTO_SCTP);
	assert_int_equal(cmd.svc.port, 3868);
}

static void test_fwmark_services(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-A -f 7 -s rr -p 60"), 0);
	assert_int_equal(cmd.svc.fwmark, 7);
	assert_int_equal(cmd.svc.af, AF_INET);
	assert_int_equal(cmd.svc.port, 0);
	assert_int_equal(cmd.svc.netmask, 0xffffffffu);
	assert_int_equal(parse(&cmd, "--add-service --fwmark-service 3 -6"), 0);
	assert_int_equal(cmd.svc.af, AF_INET6);
	assert_int_equal(cmd.svc.netmask, 128);
	/* ipvsadm prints marks over 2^31 - 1 signed; they read back. */
	assert_int_equal(parse(&cmd, "-D -f -1"), 0);
	assert_int_equal(cmd.svc.fwmark, 0xffffffffu);
	assert_int_equal(parse(&cmd, "-D -f 4294967295"), 0);
	assert_int_equal(cmd.svc.fwmark, 0xffffffffu);
	/* Real servers keep their port, 0 when not given, whatever the
	 * forwarding method: the service has none to impose.
	 */
	assert_int_equal(parse(&cmd, "-a -f 7 -r 10.0.1.1 -m"), 0);
	assert_int_equal(cmd.dest.port, 0);
	assert_int_equal(parse(&cmd, "-a -f 7 -r 10.0.1.1:90 -g"), 0);
	assert_int_equal(cmd.dest.port, 90);
	assert_int_equal(parse(&cmd, "-a -f 7 -6 -r [2001:db8::1]:80 -i"), 0);
	assert_int_equal(cmd.dest.port, 80);

	assert_int_equal(parse(&cmd, "-A -f 0"), 2);
	assert_string_equal(err, "invalid fwmark '0' (1 to 4294967295)");
	assert_int_equal(parse(&cmd, "-A -f 0x10"), 2);
	assert_string_equal(err, "invalid fwmark '0x10' (1 to 4294967295)");
	assert_int_equal(parse(&cmd, "-A -f 4294967296"), 2);
	assert_string_equal(err,
			    "invalid fwmark '4294967296' (1 to 4294967295)");
	assert_int_equal(parse(&cmd, "-A -f -2147483649"), 2);
	assert_int_equal(parse(&cmd, "-A -f 5 -t 1.2.3.4:80"), 2);
	assert_string_equal(err, "option '-t/-u/-f' given more than once");
	assert_int_equal(parse(&cmd, "-A -t 1.2.3.4:80 -6"), 2);
	assert_string_equal(err,
			    "'-6' applies to a firewall-mark service ('-f')");
	assert_int_equal(parse(&cmd, "-a -f 3 -r 2001:db8::1 -m"), 2);
	assert_string_equal(
		err,
		"real server '2001:db8::1' is not of the service's address family");
	assert_int_equal(parse(&cmd, "--del-conn -f 7 --client 10.0.0.2:4000"),
			 2);
	assert_string_equal(
		err,
		"'--del-conn' names the connection's service address and port: use '-t', '-u' or '--sctp-service'");
	assert_int_equal(parse(&cmd, "--flush-conn -f 7 --client 10.0.0.2"), 0);
	assert_int_equal(parse(&cmd, "-S -6"), 2);
	assert_string_equal(err, "option '-6' is not allowed with '-S'");
}

static void test_one_packet(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-A -u 10.0.0.1:53 -s rr -o"), 0);
	assert_int_equal(cmd.svc.flags, NFLB_SVC_F_ONEPACKET);
	assert_int_equal(parse(&cmd, "-A -f 9 --ops -p 30"), 0);
	assert_int_equal(cmd.svc.flags,
			 NFLB_SVC_F_ONEPACKET | NFLB_SVC_F_PERSISTENT);
	/* -E sets every flag: without -o, one-packet scheduling ends. */
	assert_int_equal(parse(&cmd, "-E -u 10.0.0.1:53 -s rr"), 0);
	assert_int_equal(cmd.svc.flags, 0);
	assert_int_equal(parse(&cmd, "-A --sctp-service 10.0.0.1:53 -o"), 2);
	assert_string_equal(
		err, "One-Packet Scheduling is only for UDP virtual services");
	assert_int_equal(parse(&cmd, "-a -u 10.0.0.1:53 -r 10.0.1.1 -o"), 2);
	assert_string_equal(err, "option '-o' is not allowed with '-a'");
}

static void test_add_dest_defaults(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1"), 0);
	assert_int_equal(cmd.dest.port, 80); /* the service's port */
	assert_int_equal(cmd.dest.fwd, NFLB_FWD_ROUTE); /* ipvsadm: -g */
	assert_int_equal(cmd.dest.weight, 1);
	assert_int_equal(
		parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1:8080 -m -w 3"), 0);
	assert_int_equal(cmd.dest.port, 8080);
	assert_int_equal(cmd.dest.fwd, NFLB_FWD_MASQ);
	assert_int_equal(cmd.dest.weight, 3);
}

/* As ipvsadm, -e and -E set what is not given back to its default. */
static void test_edits_reset_what_is_not_given(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-e -t 10.0.0.1:80 -r 10.0.1.1:8080 -w 0"),
			 0);
	assert_int_equal(cmd.dest.fields, NFLB_DEST_FWD | NFLB_DEST_WEIGHT |
						  NFLB_DEST_U_THRESH |
						  NFLB_DEST_L_THRESH);
	assert_int_equal(cmd.dest.weight, 0);
	assert_int_equal(cmd.dest.fwd, NFLB_FWD_ROUTE);
	assert_int_equal(cmd.dest.port, 80); /* direct routing: service's */
	assert_int_equal(cmd.dest.u_thresh, 0);
	assert_int_equal(parse(&cmd, "-e -t 10.0.0.1:80 -r 10.0.1.1 -i"), 0);
	assert_true(cmd.dest.fields & NFLB_DEST_TUNNEL);
	assert_int_equal(cmd.dest.tun_type, NFLB_TUN_IPIP);

	assert_int_equal(parse(&cmd, "-E -t 10.0.0.1:80 -p 60"), 0);
	assert_string_equal(cmd.svc.sched, "wlc");
	assert_int_equal(cmd.svc.flags, NFLB_SVC_F_PERSISTENT);
	assert_int_equal(cmd.svc.netmask, 0xffffffffu);
	assert_int_equal(parse(&cmd, "-E -t 10.0.0.1:80 -s rr"), 0);
	assert_int_equal(cmd.svc.flags, 0);
	assert_true(cmd.svc.fields & NFLB_SVC_FLAGS);
	assert_false(cmd.svc.fields & NFLB_SVC_TIMEOUT);
}

static void test_no_backend(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -s rr"), 0);
	assert_int_equal(cmd.svc.no_backend, NFLB_NO_BACKEND_RESET);
	assert_true(cmd.svc.fields & NFLB_SVC_NO_BACKEND);
	assert_int_equal(
		parse(&cmd, "-E -t 10.0.0.1:80 -s rr --no-backend icmp"), 0);
	assert_int_equal(cmd.svc.no_backend, NFLB_NO_BACKEND_ICMP);
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 --no-backend drop"), 0);
	assert_int_equal(cmd.svc.no_backend, NFLB_NO_BACKEND_DROP);
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 --no-backend reject"),
			 2);
	assert_string_equal(
		err,
		"invalid no-backend answer 'reject' (reset, icmp or drop)");
}

static void test_connection_commands(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-Lnc -t 10.0.0.1:80 -r 10.0.1.1:80 "
				     "--client 10.0.0.2"),
			 0);
	assert_true(cmd.options & OPT_CONNECTION);
	assert_int_equal(cmd.client_port, 0);
	assert_int_equal(parse(&cmd, "--del-conn -u 10.0.0.1:53 "
				     "--client 10.0.0.2:20001"),
			 0);
	assert_int_equal(cmd.command, CMD_DEL_CONN);
	assert_int_equal(cmd.client_port, 20001);
	assert_int_equal(parse(&cmd, "--flush-conn"), 0);
	assert_int_equal(cmd.command, CMD_FLUSH_CONN);

	assert_int_equal(parse(&cmd, "--del-conn -u 10.0.0.1:53 "
				     "--client 10.0.0.2"),
			 2);
	assert_string_equal(err, "'--del-conn' needs '--client ADDR:PORT'");
	assert_int_equal(parse(&cmd, "-Ln --client 10.0.0.2"), 2);
	assert_string_equal(err,
			    "'-r' and '--client' filter connections: add '-c'");
	assert_int_equal(parse(&cmd, "--flush-conn -r 10.0.1.1:80"), 2);
	assert_string_equal(err, "'-r' needs its service ('-t', '-u' or '-f')");
}

static void test_set_timeouts(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "--set 900 0 5"), 0);
	assert_int_equal(cmd.command, CMD_SET_TIMEOUTS);
	assert_int_equal(cmd.timeouts.tcp, 900);
	assert_int_equal(cmd.timeouts.tcp_fin, 0);
	assert_int_equal(cmd.timeouts.udp, 5);
	assert_int_equal(parse(&cmd, "--set 900 0"), 2);
	assert_string_equal(err,
			    "'--set' needs three timeouts: tcp tcpfin udp");
	assert_int_equal(parse(&cmd, "--set 900 -1 5"), 2);
	assert_string_equal(err,
			    "invalid timeout '-1' (0 to 2147483647 seconds)");
	assert_int_equal(parse(&cmd, "-Ln --nosort"), 0);
	assert_true(cmd.format & FMT_NOSORT);
	assert_int_equal(parse(&cmd, "-Ln --sort"), 0);
	assert_false(cmd.format & FMT_NOSORT);
	assert_int_equal(parse(&cmd, "-L --timeout"), 0);
	assert_true(cmd.options & OPT_TIMEOUT);
}

static void test_persistence(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	/* ipvsadm's -p takes its timeout as a separate word, or none. */
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -p -s rr"), 0);
	assert_int_equal(cmd.svc.flags, NFLB_SVC_F_PERSISTENT);
	assert_int_equal(cmd.svc.timeout, 360);
	assert_string_equal(cmd.svc.sched, "rr");
	assert_int_equal(
		parse(&cmd, "-A -t 10.0.0.1:80 -p 60 -M 255.255.255.0"), 0);
	assert_int_equal(cmd.svc.timeout, 60);
	assert_int_equal(cmd.svc.netmask, htonl(0xffffff00));
	assert_true(cmd.svc.fields & NFLB_SVC_TIMEOUT);
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -p"), 0);
	assert_int_equal(cmd.svc.timeout, 360);
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 --persistent=7"), 0);
	assert_int_equal(cmd.svc.timeout, 7);
	assert_int_equal(parse(&cmd, "-A -t [2001:db8::1]:80 -p 5 -M 64"), 0);
	assert_int_equal(cmd.svc.netmask, 64);

	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -p 0"), 2);
	assert_string_equal(
		err, "invalid persistence timeout '0' (1 to 2678400 seconds)");
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -p 5x"), 2);
	assert_string_equal(
		err, "invalid persistence timeout '5x' (1 to 2678400 seconds)");
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -p -M 255.255.0"), 0);
	assert_int_equal(cmd.svc.netmask, htonl(0xffff0000));
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -p -M 255.x.0.0"), 2);
	assert_string_equal(err, "invalid netmask '255.x.0.0'");
	assert_int_equal(parse(&cmd, "-A -t [2001:db8::1]:80 -p -M 129"), 2);
	assert_string_equal(
		err, "invalid netmask '129' (an IPv6 prefix length, 1 to 128)");
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1 -p"), 2);
	assert_string_equal(err, "option '-p' is not allowed with '-a'");
}

static void test_tunnel_options(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	/* As ipvsadm: direct routing and tunnels keep the service port. */
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1:8080 -g"),
			 0);
	assert_int_equal(cmd.dest.port, 80);
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1 -i "
				     "--tun-type gue --tun-port 6080 "
				     "--tun-remcsum"),
			 0);
	assert_int_equal(cmd.dest.fwd, NFLB_FWD_TUNNEL);
	assert_int_equal(cmd.dest.tun_type, NFLB_TUN_GUE);
	assert_int_equal(cmd.dest.tun_port, 6080);
	assert_int_equal(cmd.dest.tun_flags, NFLB_TUN_F_REMCSUM);
	assert_true(cmd.dest.fields & NFLB_DEST_TUNNEL);

	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1 -i "
				     "--tun-type gue"),
			 2);
	assert_string_equal(
		err,
		"You need to supply the 'tun-port' option for the 'gue' tunnel type");
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1 -i "
				     "--tun-type gre --tun-remcsum"),
			 2);
	assert_string_equal(
		err, "Illegal 'tun-remcsum' option with the 'gre' tunnel type");
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1 -i "
				     "--tun-port 44"),
			 2);
	assert_string_equal(
		err, "Illegal 'tun-port' option with the 'ipip' tunnel type");
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1 -m "
				     "--tun-type gre"),
			 2);
	assert_string_equal(err, "Tunnel options conflict with forward method");
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1 -i "
				     "--tun-type foo"),
			 2);
	assert_string_equal(err,
			    "invalid tunnel type 'foo' (ipip, gue or gre)");
}

static void test_full_nat(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -s sh -b sh-port "
				     "--full-nat"),
			 0);
	assert_int_equal(cmd.svc.flags, NFLB_SVC_F_FULLNAT | NFLB_SVC_F_PORT);
	assert_true(cmd.svc.fields & NFLB_SVC_FLAGS);
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1 "
				     "--full-nat"),
			 2);
}

static void test_list_formats(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-Ln --stats --exact"), 0);
	assert_int_equal(cmd.command, CMD_LIST);
	assert_int_equal(cmd.format, FMT_NUMERIC | FMT_STATS | FMT_EXACT);
	assert_int_equal(parse(&cmd, "-l"), 0);
	assert_int_equal(cmd.command, CMD_LIST);
}

static void test_restore(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-R"), 0);
	assert_int_equal(cmd.command, CMD_RESTORE);
	assert_int_equal(cmd.options, 0);
	assert_int_equal(parse(&cmd, "--restore --test"), 0);
	assert_int_equal(cmd.command, CMD_RESTORE);
	assert_int_equal(cmd.options, OPT_TEST);
	assert_int_equal(parse(&cmd, "-R -t 10.0.0.1:80"), 2);
	assert_string_equal(err, "option '-t/-u/-f' is not allowed with '-R'");
	assert_int_equal(parse(&cmd, "--monitor -n"), 0);
	assert_int_equal(cmd.command, CMD_MONITOR);
	assert_int_equal(cmd.format, FMT_NUMERIC);
	assert_int_equal(parse(&cmd, "--monitor -t 10.0.0.1:80"), 2);
	assert_int_equal(parse(&cmd, "-L --test"), 2);
	assert_string_equal(err, "option '--test' is not allowed with '-L'");
}

static void test_errors_name_the_value(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80x"), 2);
	assert_string_equal(err, "invalid port '80x' in '10.0.0.1:80x'");
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1"), 2);
	assert_string_equal(err, "missing port in service '10.0.0.1'");
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1 -w 70000"),
			 2);
	assert_string_equal(err, "invalid weight '70000' (0 to 65535)");
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -w 1"), 2);
	assert_string_equal(err, "option '-w' is not allowed with '-A'");
	assert_int_equal(parse(&cmd, "-a -r 10.0.1.1"), 2);
	assert_string_equal(err, "'-a' needs option '-t/-u/-f'");
	assert_int_equal(parse(&cmd, "-A -D -t 10.0.0.1:80"), 2);
	assert_string_equal(err, "multiple commands: '-A' and '-D'");
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -t 10.0.0.2:80"), 2);
	assert_string_equal(err, "option '-t/-u/-f' given more than once");
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.999:80"), 2);
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r [::1]:80"), 2);
	assert_string_equal(
		err,
		"real server '[::1]:80' is not of the service's address family");
	assert_int_equal(parse(&cmd, "--bogus"), 2);
	assert_string_equal(err, "unknown option '--bogus'");
	assert_int_equal(parse(&cmd, ""), 2);
}

static void test_sched_flags(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	/* -b before -s: checked against the scheduler once it is known. */
	assert_int_equal(
		parse(&cmd, "-A -t 10.0.0.1:80 -b sh-port,sh-fallback -s sh"),
		0);
	assert_int_equal(cmd.svc.flags, NFLB_SVC_F_PORT | NFLB_SVC_F_FALLBACK);
	assert_true(cmd.svc.fields & NFLB_SVC_FLAGS);
	assert_int_equal(
		parse(&cmd,
		      "-A -t 10.0.0.1:80 -s mh -b mh-port --mh-table-size 65537"),
		0);
	assert_int_equal(cmd.svc.flags, NFLB_SVC_F_PORT);
	assert_int_equal(cmd.svc.table_size, 65537);
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -b flag-3"), 0);
	assert_int_equal(cmd.svc.flags, NFLB_SVC_F_SCHED3);
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -s rr -b sh-port"), 2);
	assert_string_equal(
		err,
		"scheduler flag 'sh-port' does not apply to scheduler 'rr'");
	assert_int_equal(parse(&cmd, "-A -t 10.0.0.1:80 -s sh -b sh-port,nope"),
			 2);
	assert_string_equal(err, "invalid scheduler flag 'nope'");
	assert_int_equal(parse(&cmd, "-a -t 10.0.0.1:80 -r 10.0.1.1 -b flag-1"),
			 2);
	assert_string_equal(err, "option '-b' is not allowed with '-a'");
}

static void test_ipv6_bracket_syntax(void **state)
{
	struct lbadm_cmd cmd;

	(void)state;
	assert_int_equal(parse(&cmd, "-A -t [2001:db8::1]:443 -s rr"), 0);
	assert_int_equal(cmd.svc.af, AF_INET6);
	assert_int_equal(cmd.svc.port, 443);

	assert_int_equal(parse(&cmd, "-Lnc --client [2001:db8::2]:5000"), 0);
	assert_int_equal(cmd.client_af, AF_INET6);
	assert_int_equal(cmd.client_port, 5000);
	assert_int_equal(parse(&cmd, "-Lnc -t [2001:db8::1]:443 "
				     "--client 10.0.0.2"),
			 2);
	assert_string_equal(
		err,
		"client '10.0.0.2' is not of the service's address family");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_service),
		cmocka_unit_test(test_default_scheduler_is_ipvsadms),
		cmocka_unit_test(test_fwmark_services),
		cmocka_unit_test(test_one_packet),
		cmocka_unit_test(test_add_dest_defaults),
		cmocka_unit_test(test_edits_reset_what_is_not_given),
		cmocka_unit_test(test_persistence),
		cmocka_unit_test(test_set_timeouts),
		cmocka_unit_test(test_no_backend),
		cmocka_unit_test(test_connection_commands),
		cmocka_unit_test(test_list_formats),
		cmocka_unit_test(test_restore),
		cmocka_unit_test(test_tunnel_options),
		cmocka_unit_test(test_full_nat),
		cmocka_unit_test(test_sched_flags),
		cmocka_unit_test(test_errors_name_the_value),
		cmocka_unit_test(test_ipv6_bracket_syntax),
	};

	return cmocka_run_group_tests_name("lbadm_parse", tests, NULL, NULL);
}
