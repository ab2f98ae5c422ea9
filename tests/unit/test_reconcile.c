// SPDX-License-Identifier: GPL-2.0
/* lbd's reconcile planner: add what is missing, change what differs,
 * remove what is no longer configured, touch nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "reconcile.h"

static struct nflb_svc svc(uint16_t port, const char *sched)
{
	struct nflb_svc s = { .af = AF_INET,
			      .protocol = IPPROTO_TCP,
			      .port = port };

	s.addr.v4.s_addr = htonl(0x0a000064);
	strcpy(s.sched, sched);
	return s;
}

static struct nflb_dest dest(uint8_t last, uint32_t weight)
{
	struct nflb_dest d = { .port = 80,
			       .weight = weight,
			       .fwd = NFLB_FWD_MASQ };

	d.addr.v4.s_addr = htonl(0x0a000100 | last);
	return d;
}

static void test_plan(void **state)
{
	struct nflb_dest have_d[] = { dest(1, 1), dest(2, 1), dest(3, 1) };
	struct nflb_dest want_d[] = { dest(1, 1), dest(2, 5), dest(4, 1) };
	struct nflb_svc_entry have_s[] = {
		{ svc(80, "rr"), 3, have_d },
		{ svc(81, "rr"), 0, NULL },
	};
	struct nflb_svc_entry want_s[] = {
		{ svc(80, "wrr"), 3, want_d },
		{ svc(82, "rr"), 0, NULL },
	};
	struct nflb_table have = { 2, have_s }, want = { 2, want_s };
	struct lbd_plan plan;
	const enum lbd_action_kind expect[] = {
		ACT_DEL_SERVICE, /* 81 */
		ACT_EDIT_SERVICE, /* 80: rr -> wrr */
		ACT_DEL_DEST, /* .3 */
		ACT_EDIT_DEST, /* .2 weight 5 */
		ACT_ADD_DEST, /* .4 */
		ACT_ADD_SERVICE, /* 82 */
	};
	size_t i;

	(void)state;
	assert_int_equal(lbd_plan_build(&have, &want, &plan), 0);
	assert_int_equal(plan.n, sizeof(expect) / sizeof(expect[0]));
	for (i = 0; i < plan.n; i++)
		assert_int_equal(plan.actions[i].kind, expect[i]);
	assert_int_equal(plan.actions[0].svc->port, 81);
	assert_int_equal(plan.actions[3].dest->weight, 5);
	lbd_plan_free(&plan);
}

static void test_nothing_to_do(void **state)
{
	struct nflb_dest d[] = { dest(1, 1) };
	struct nflb_svc_entry s[] = { { svc(80, "rr"), 1, d } };
	struct nflb_table t = { 1, s };
	struct lbd_plan plan;

	(void)state;
	assert_int_equal(lbd_plan_build(&t, &t, &plan), 0);
	assert_int_equal(plan.n, 0);
	lbd_plan_free(&plan);
}

/* Persistence and the no-backend answer are the service's too. */
static void test_service_settings_differ(void **state)
{
	struct nflb_svc_entry have_s[] = { { svc(80, "rr"), 0, NULL } };
	struct nflb_svc_entry want_s[] = { { svc(80, "rr"), 0, NULL } };
	struct nflb_table have = { 1, have_s }, want = { 1, want_s };
	struct lbd_plan plan;

	(void)state;
	have_s[0].svc.timeout = 360; /* the kernel's, while not persistent */
	assert_int_equal(lbd_plan_build(&have, &want, &plan), 0);
	assert_int_equal(plan.n, 0);

	want_s[0].svc.flags = NFLB_SVC_F_PERSISTENT;
	want_s[0].svc.timeout = 600;
	assert_int_equal(lbd_plan_build(&have, &want, &plan), 0);
	assert_int_equal(plan.n, 1);
	assert_int_equal(plan.actions[0].kind, ACT_EDIT_SERVICE);
	lbd_plan_free(&plan);

	have_s[0].svc = want_s[0].svc;
	want_s[0].svc.no_backend = NFLB_NO_BACKEND_DROP;
	assert_int_equal(lbd_plan_build(&have, &want, &plan), 0);
	assert_int_equal(plan.n, 1);
	lbd_plan_free(&plan);
}

/*
 * Many services, listed in other orders on each side, some alike but for
 * their protocol, address or family: each finds its twin, so only the
 * one changed and the one new are in the plan.
 */
static void test_many_services_any_order(void **state)
{
	enum { N = 3000 };
	struct nflb_svc_entry *have_s = calloc(N, sizeof(*have_s));
	struct nflb_svc_entry *want_s = calloc(N + 1, sizeof(*want_s));
	struct nflb_table have = { N, have_s }, want = { N + 1, want_s };
	struct lbd_plan plan;
	size_t i;

	(void)state;
	assert_non_null(have_s);
	assert_non_null(want_s);
	for (i = 0; i < N; i++) {
		struct nflb_svc s = svc((uint16_t)(80 + i % 5), "rr");

		s.protocol = i % 2 ? IPPROTO_UDP : IPPROTO_TCP;
		if (i % 3 == 0) {
			s.af = AF_INET6;
			memset(&s.addr, 0, sizeof(s.addr));
			s.addr.v6.s6_addr[0] = 0x20;
			s.addr.v6.s6_addr[15] = (uint8_t)(i / 30);
			s.addr.v6.s6_addr[14] = (uint8_t)(i / 30 >> 8);
		} else {
			s.addr.v4.s_addr =
				htonl(0x0a000000 | (uint32_t)(i / 10));
		}
		have_s[i].svc = s;
		want_s[N - 1 - i].svc = s; /* reversed */
	}
	strcpy(want_s[7].svc.sched, "wlc");
	want_s[N].svc = svc(9999, "rr");
	assert_int_equal(lbd_plan_build(&have, &want, &plan), 0);
	assert_int_equal(plan.n, 2);
	assert_int_equal(plan.actions[0].kind, ACT_EDIT_SERVICE);
	assert_ptr_equal(plan.actions[0].svc, &want_s[7].svc);
	assert_int_equal(plan.actions[1].kind, ACT_ADD_SERVICE);
	assert_int_equal(plan.actions[1].svc->port, 9999);
	lbd_plan_free(&plan);
	free(have_s);
	free(want_s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_nothing_to_do),
		cmocka_unit_test(test_service_settings_differ),
		cmocka_unit_test(test_many_services_any_order),
	};

	return cmocka_run_group_tests_name("lbd_reconcile", tests, NULL, NULL);
}
