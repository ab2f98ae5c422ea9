// SPDX-License-Identifier: GPL-2.0
/* lbd's configuration file: the example, defaults, and errors with lines. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static char err[512];
static char path[] = "/tmp/nflb-test-config-XXXXXX";

static int load_text(const char *text, struct nflb_table *t)
{
	int fd = mkstemp(path);
	int rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	rc = lbd_config_load(path, t, err, sizeof(err));
	unlink(path);
	strcpy(path + strlen(path) - 6, "XXXXXX");
	return rc;
}

static void test_example_file(void **state)
{
	struct nflb_table t;

	(void)state;
	assert_int_equal(lbd_config_load("../../conf/lbd.conf", &t, err,
					 sizeof(err)),
			 0);
	assert_int_equal(t.nsvcs, 2);
	assert_string_equal(t.svcs[0].svc.sched, "wrr");
	assert_int_equal(t.svcs[0].ndests, 3);
	assert_int_equal(t.svcs[0].dests[0].weight, 3);
	assert_int_equal(t.svcs[0].dests[0].port, 80); /* the service's */
	assert_int_equal(t.svcs[0].dests[0].fwd, NFLB_FWD_MASQ);
	assert_int_equal(t.svcs[1].svc.protocol, IPPROTO_UDP);
	nflb_table_free(&t);
}

static void test_service_options(void **state)
{
	struct nflb_table t;
	const struct nflb_svc *svc;

	(void)state;
	assert_int_equal(
		load_text("services = (\n{ address = \"10.0.0.1\"; port = 80;\n"
			  "  scheduler = \"rr\"; persistence_timeout = 600;\n"
			  "  persistence_netmask = \"255.255.255.0\";\n"
			  "  full_nat = true; no_backend = \"icmp\"; }\n);\n",
			  &t),
		0);
	svc = &t.svcs[0].svc;
	assert_int_equal(svc->flags,
			 NFLB_SVC_F_PERSISTENT | NFLB_SVC_F_FULLNAT);
	assert_int_equal(svc->timeout, 600);
	assert_int_equal(svc->netmask, htonl(0xffffff00));
	assert_int_equal(svc->no_backend, NFLB_NO_BACKEND_ICMP);
	nflb_table_free(&t);

	assert_int_equal(
		load_text("services = ( { protocol = \"udp\"; port = 53;\n"
			  "  address = \"10.0.0.1\"; scheduler = \"rr\";\n"
			  "  one_packet = true; } );\n",
			  &t),
		0);
	assert_int_equal(t.svcs[0].svc.flags, NFLB_SVC_F_ONEPACKET);
	nflb_table_free(&t);

	assert_int_equal(
		load_text(
			"services = (\n{ address = \"10.0.0.1\"; port = 80;\n"
			"  scheduler = \"rr\";\n  no_backend = \"reject\"; }\n);\n",
			&t),
		-1);
	assert_non_null(strstr(
		err, ":4: unknown no_backend 'reject' (reset, icmp or drop)"));
}

static void test_sctp(void **state)
{
	struct nflb_table t;

	(void)state;
	assert_int_equal(
		load_text("services = ( { address = \"10.0.0.1\"; port = 3868;\n"
			  "  protocol = \"sctp\"; scheduler = \"rr\"; } );\n",
			  &t),
		0);
	assert_int_equal(t.svcs[0].svc.protocol, IPPROTO_SCTP);
	nflb_table_free(&t);
}

static void test_fwmark(void **state)
{
	struct nflb_table t;

	(void)state;
	assert_int_equal(
		load_text(
			"services = ( { fwmark = 5; scheduler = \"rr\";\n"
			"  backends = ( { address = \"10.0.1.1\"; } ); },\n"
			"{ fwmark = 5; family = \"ipv6\"; scheduler = \"rr\"; },\n"
			"{ fwmark = 4294967295L; scheduler = \"rr\"; } );\n",
			&t),
		0);
	assert_int_equal(t.nsvcs, 3);
	assert_int_equal(t.svcs[0].svc.fwmark, 5);
	assert_int_equal(t.svcs[0].svc.af, AF_INET);
	assert_int_equal(t.svcs[0].dests[0].port, 0); /* the packet's */
	assert_int_equal(t.svcs[1].svc.af, AF_INET6);
	assert_int_equal(t.svcs[2].svc.fwmark, 0xffffffffu);
	nflb_table_free(&t);

	assert_int_equal(
		load_text("services = ( { fwmark = 5; scheduler = \"rr\";\n"
			  "  port = 80; } );\n",
			  &t),
		-1);
	assert_non_null(
		strstr(err, ":2: a firewall-mark service has no 'port'"));
	assert_int_equal(
		load_text(
			"services = ( { fwmark = 0; scheduler = \"rr\"; } );\n",
			&t),
		-1);
	assert_non_null(strstr(err, ":1: fwmark 0 is outside 1..4294967295"));
	assert_int_equal(
		load_text("services = ( { fwmark = 1; family = \"inet\";\n"
			  "  scheduler = \"rr\"; } );\n",
			  &t),
		-1);
	assert_non_null(
		strstr(err, ":1: unknown family 'inet' (ipv4 or ipv6)"));
	assert_int_equal(
		load_text("services = ( { fwmark = 1; scheduler = \"rr\"; },\n"
			  "{ fwmark = 1; scheduler = \"wlc\"; } );\n",
			  &t),
		-1);
	assert_non_null(strstr(err, ":2: service defined twice"));
}

static void test_ipv6(void **state)
{
	struct nflb_table t;
	const struct nflb_svc_entry *e;

	(void)state;
	assert_int_equal(
		load_text(
			"services = (\n{ address = \"2001:db8::100\"; port = 80;\n"
			"  scheduler = \"rr\"; persistence_timeout = 60;\n"
			"  persistence_netmask = \"64\";\n"
			"  backends = ( { address = \"2001:db8:1::11\"; } ); }\n);\n",
			&t),
		0);
	e = &t.svcs[0];
	assert_int_equal(e->svc.af, AF_INET6);
	assert_int_equal(e->svc.netmask, 64);
	assert_int_equal(e->ndests, 1);
	assert_int_equal(e->dests[0].addr.v6.s6_addr[15], 0x11);
	nflb_table_free(&t);

	assert_int_equal(
		load_text(
			"services = (\n{ address = \"2001:db8::100\"; port = 80;\n"
			"  scheduler = \"rr\";\n"
			"  backends = ( { address = \"10.0.1.11\"; } ); }\n);\n",
			&t),
		-1);
	assert_non_null(strstr(err, ":4: backend address '10.0.1.11' is not "
				    "of the service's family"));

	assert_int_equal(
		load_text(
			"services = (\n{ address = \"2001:db8::100\"; port = 80;\n"
			"  scheduler = \"rr\"; persistence_timeout = 60;\n"
			"  persistence_netmask = \"255.255.255.0\"; }\n);\n",
			&t),
		-1);
	assert_non_null(strstr(err, ":4: invalid netmask '255.255.255.0' "
				    "(an IPv6 prefix length, 1 to 128)"));
}

static void test_errors_have_lines(void **state)
{
	struct nflb_table t;

	(void)state;
	assert_int_equal(
		load_text("services = (\n{ address = \"10.0.0.1\";\n"
			  "  port = 99999; scheduler = \"rr\"; }\n);\n",
			  &t),
		-1);
	assert_non_null(strstr(err, ":3: port 99999 is outside 1..65535"));

	assert_int_equal(
		load_text(
			"services = (\n{ address = \"10.0.0.1\"; port = 80;\n"
			"  scheduler = \"rr\";\n  backends = ( { address = \"x\"; } );\n} );\n",
			&t),
		-1);
	assert_non_null(strstr(err, ":4: invalid address 'x'"));

	assert_int_equal(
		load_text(
			"services = ( { address = \"10.0.0.1\"; port = 80;\n"
			"  scheduler = \"rr\";\n  backends = ( { address = \"10.0.1.1\"; forward = \"fast\"; } );\n} );\n",
			&t),
		-1);
	assert_non_null(strstr(err, ":3: unknown forward 'fast'"));

	assert_int_equal(
		load_text("services = ( { address = \"10.0.0.1\"; port = 80;\n"
			  "  protocol = \"dccp\"; scheduler = \"rr\"; } );\n",
			  &t),
		-1);
	assert_non_null(
		strstr(err, ":2: unknown protocol 'dccp' (tcp, udp or sctp)"));

	assert_int_equal(
		load_text(
			"services = ( { address = \"10.0.0.1\"; port = 80; scheduler = \"rr\"; },\n"
			"{ address = \"10.0.0.1\"; port = 80; scheduler = \"wrr\"; } );\n",
			&t),
		-1);
	assert_non_null(strstr(err, ":2: service defined twice"));

	assert_int_equal(
		load_text("services = ( { address = \"10.0.0.1\" ;; } );\n",
			  &t),
		-1);
	assert_non_null(strstr(err, ":1: syntax error"));
	assert_int_equal(t.nsvcs, 0);
}

static void test_missing_file(void **state)
{
	struct nflb_table t;

	(void)state;
	assert_int_equal(lbd_config_load("/nonexistent/lbd.conf", &t, err,
					 sizeof(err)),
			 -1);
	assert_string_equal(err, "/nonexistent/lbd.conf: cannot read the file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_file),
		cmocka_unit_test(test_service_options),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_sctp),
		cmocka_unit_test(test_fwmark),
		cmocka_unit_test(test_errors_have_lines),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests_name("lbd_config", tests, NULL, NULL);
}
