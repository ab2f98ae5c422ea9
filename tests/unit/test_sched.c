// SPDX-License-Identifier: GPL-2.0
/* The schedulers' choice logic, compiled from the module's sources. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "sched_pick.h"

static void test_rr_cycles_and_skips_zero_weight(void **state)
{
	u32 w[] = { 1, 0, 5 };
	struct nflb_rr_state st = { 0 };

	(void)state;
	nflb_rr_reset(&st, w, 3);
	assert_int_equal(nflb_rr_pick(&st, w, 3), 0);
	assert_int_equal(nflb_rr_pick(&st, w, 3), 2);
	assert_int_equal(nflb_rr_pick(&st, w, 3), 0);
	assert_int_equal(nflb_rr_pick(&st, w, 3), 2);
}

static void test_rr_none_available(void **state)
{
	u32 w[] = { 0, 0 };
	struct nflb_rr_state st = { 0 };

	(void)state;
	assert_int_equal(nflb_rr_pick(&st, w, 2), -1);
	assert_int_equal(nflb_rr_pick(&st, w, 0), -1);
}

static void test_rr_reset_keeps_position_in_range(void **state)
{
	u32 w[] = { 1, 1, 1 };
	struct nflb_rr_state st = { 0 };

	(void)state;
	nflb_rr_pick(&st, w, 3);
	nflb_rr_pick(&st, w, 3);
	nflb_rr_pick(&st, w, 3); /* next = 3 */
	nflb_rr_reset(&st, w, 2);
	assert_int_equal(nflb_rr_pick(&st, w, 2), 0);
}

/* The sequence of IPVS's wrr for 3:1:1 is A A A B C. */
static void test_wrr_interleaving(void **state)
{
	u32 w[] = { 3, 1, 1 };
	int want[] = { 0, 0, 0, 1, 2, 0, 0, 0, 1, 2 };
	struct nflb_wrr_state st = { 0 };
	size_t i;

	(void)state;
	nflb_wrr_reset(&st, w, 3);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(nflb_wrr_pick(&st, w, 3), want[i]);
}

static void test_wrr_ratio_with_gcd(void **state)
{
	u32 w[] = { 4, 2, 0, 6 };
	int count[4] = { 0 };
	struct nflb_wrr_state st = { 0 };
	int i;

	(void)state;
	nflb_wrr_reset(&st, w, 4);
	for (i = 0; i < 1200; i++)
		count[nflb_wrr_pick(&st, w, 4)]++;
	assert_int_equal(count[0], 400);
	assert_int_equal(count[1], 200);
	assert_int_equal(count[2], 0);
	assert_int_equal(count[3], 600);
}

static void test_wrr_all_zero(void **state)
{
	u32 w[] = { 0, 0 };
	struct nflb_wrr_state st = { 0 };

	(void)state;
	nflb_wrr_reset(&st, w, 2);
	assert_int_equal(nflb_wrr_pick(&st, w, 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rr_cycles_and_skips_zero_weight),
		cmocka_unit_test(test_rr_none_available),
		cmocka_unit_test(test_rr_reset_keeps_position_in_range),
		cmocka_unit_test(test_wrr_interleaving),
		cmocka_unit_test(test_wrr_ratio_with_gcd),
		cmocka_unit_test(test_wrr_all_zero),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
