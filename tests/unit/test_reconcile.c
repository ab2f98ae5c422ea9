// SPDX-License-Identifier: GPL-2.0
/* lbd's reconcile planner: add what is missing, change what differs,
 * remove what is no longer configured, touch nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_nothing_to_do),
		cmocka_unit_test(test_service_settings_differ),
	};

	return cmocka_run_group_tests_name("lbd_reconcile", tests, NULL, NULL);
}
