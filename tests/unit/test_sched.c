// SPDX-License-Identifier: GPL-2.0
/*
 * The schedulers' choice logic, compiled from the module's sources. The
 * destination sets are built by hand: weights, live counts, overload.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "sched_pick.h"

#define MAXD 8

struct fixture {
	struct nflb_dest_set set;
	struct nflb_sched_entry e[MAXD];
	struct nflb_test_dest d[MAXD];
	u32 table[65537];
};

static struct fixture fx;

/* A set of n destinations with these weights; ids 1..n, addr 10.0.1.1x. */
static struct nflb_dest_set *set_of(u32 n, const u32 *w)
{
	u32 i;

	memset(&fx, 0, sizeof(fx));
	for (i = 0; i < n; i++) {
		fx.e[i].id = i + 1;
		fx.e[i].weight = w[i];
		fx.e[i].last_weight = w[i];
		fx.e[i].addr = 0x0a00010b + i;
		fx.e[i].port = 80;
	}
	fx.set.n = n;
	fx.set.e = fx.e;
	fx.set.dest = fx.d;
	fx.set.table = fx.table;
	return &fx.set;
}

/* Any fixed keyed hash will do here; the VM compares with IPVS's. */
u32 nflb_mh_hash(u32 v, int which)
{
	u32 h = v ^ (which ? 0x9e3779b9 : 0x85ebca6b);

	h ^= h >> 16;
	h *= 0x7feb352d;
	h ^= h >> 15;
	h *= 0x846ca68b;
	h ^= h >> 16;
	return h;
}

static void test_rr_cycles_and_skips_unavailable(void **state)
{
	u32 w[] = { 1, 0, 5, 1 };
	struct nflb_dest_set *s = set_of(4, w);
	struct nflb_rr_state st = { 0 };

	(void)state;
	fx.d[3].overloaded = true;
	nflb_rr_reset(&st, s);
	assert_int_equal(nflb_rr_pick(&st, s), 0);
	assert_int_equal(nflb_rr_pick(&st, s), 2);
	assert_int_equal(nflb_rr_pick(&st, s), 0);
	fx.d[3].overloaded = false;
	assert_int_equal(nflb_rr_pick(&st, s), 2);
	assert_int_equal(nflb_rr_pick(&st, s), 3);
}

static void test_rr_none_available(void **state)
{
	u32 w[] = { 0, 0 };
	struct nflb_dest_set *s = set_of(2, w);
	struct nflb_rr_state st = { 0 };

	(void)state;
	assert_int_equal(nflb_rr_pick(&st, s), -1);
	s->n = 0;
	assert_int_equal(nflb_rr_pick(&st, s), -1);
}

/* Like IPVS: the turn survives changes, and a removal passes it on. */
static void test_rr_turn_survives_changes(void **state)
{
	u32 w[] = { 1, 1, 1 };
	struct nflb_dest_set *s = set_of(3, w);
	struct nflb_rr_state st = { 0 };

	(void)state;
	assert_int_equal(nflb_rr_pick(&st, s), 0);
	assert_int_equal(nflb_rr_pick(&st, s), 1); /* id 2 */
	/* A new destination (id 9) goes first: id 2 is now at index 2. */
	memmove(&fx.e[1], &fx.e[0], 3 * sizeof(fx.e[0]));
	fx.e[0].id = 9;
	s->n = 4;
	nflb_rr_reset(&st, s);
	assert_int_equal(nflb_rr_pick(&st, s), 3); /* id 3 */
	/* Remove id 3, the last choice: the turn goes on with index 0. */
	s->n = 3;
	nflb_rr_reset(&st, s);
	assert_int_equal(nflb_rr_pick(&st, s), 0);
}

/* The sequence of IPVS's wrr for 3:1:1 is A A A B C. */
static void test_wrr_interleaving(void **state)
{
	u32 w[] = { 3, 1, 1 };
	int want[] = { 0, 0, 0, 1, 2, 0, 0, 0, 1, 2 };
	struct nflb_dest_set *s = set_of(3, w);
	struct nflb_wrr_state st = { 0 };
	size_t i;

	(void)state;
	nflb_wrr_reset(&st, s);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(nflb_wrr_pick(&st, s), want[i]);
}

static void test_wrr_ratio_with_gcd(void **state)
{
	u32 w[] = { 4, 2, 0, 6 };
	struct nflb_dest_set *s = set_of(4, w);
	struct nflb_wrr_state st = { 0 };
	int count[4] = { 0 };
	int i;

	(void)state;
	nflb_wrr_reset(&st, s);
	for (i = 0; i < 1200; i++)
		count[nflb_wrr_pick(&st, s)]++;
	assert_int_equal(count[0], 400);
	assert_int_equal(count[1], 200);
	assert_int_equal(count[2], 0);
	assert_int_equal(count[3], 600);
}

static void test_wrr_all_zero_or_overloaded(void **state)
{
	u32 w[] = { 0, 2 };
	struct nflb_dest_set *s = set_of(2, w);
	struct nflb_wrr_state st = { 0 };

	(void)state;
	fx.d[1].overloaded = true;
	nflb_wrr_reset(&st, s);
	assert_int_equal(nflb_wrr_pick(&st, s), -1);
}

/* lc: one active connection outweighs 255 inactive ones. */
static void test_lc_counts_active_as_256(void **state)
{
	u32 w[] = { 1, 1, 1 };
	struct nflb_dest_set *s = set_of(3, w);

	(void)state;
	fx.d[0].active = 1;
	fx.d[1].inactive = 255;
	fx.d[2].inactive = 256;
	assert_int_equal(nflb_lc_pick(s), 1);
	fx.d[1].inactive = 256; /* a tie: the first wins */
	assert_int_equal(nflb_lc_pick(s), 0);
	fx.e[0].weight = 0;
	assert_int_equal(nflb_lc_pick(s), 1);
}

static void test_wlc_load_per_weight(void **state)
{
	u32 w[] = { 1, 3 };
	struct nflb_dest_set *s = set_of(2, w);

	(void)state;
	fx.d[0].active = 1;
	fx.d[1].active = 2; /* 2/3 < 1/1 */
	assert_int_equal(nflb_wlc_pick(s), 1);
	fx.d[1].active = 3; /* 3/3 = 1/1: the first */
	assert_int_equal(nflb_wlc_pick(s), 0);
	fx.d[0].overloaded = true;
	assert_int_equal(nflb_wlc_pick(s), 1);
}

/* sed weighs the connection to come; nq sends it to an idle one first. */
static void test_sed_and_nq(void **state)
{
	u32 w[] = { 4, 1 };
	struct nflb_dest_set *s = set_of(2, w);

	(void)state;
	fx.d[0].active = 2; /* (2+1)/4 < (0+1)/1 */
	fx.d[1].inactive = 7; /* sed ignores inactive connections */
	assert_int_equal(nflb_sed_pick(s), 0);
	assert_int_equal(nflb_nq_pick(s), 1); /* index 1 is idle */
	fx.d[1].active = 1;
	assert_int_equal(nflb_nq_pick(s), 0);
}

static void test_fo_and_ovf(void **state)
{
	u32 w[] = { 2, 5, 5, 1 };
	struct nflb_dest_set *s = set_of(4, w);

	(void)state;
	assert_int_equal(nflb_fo_pick(s), 1); /* highest, first of ties */
	fx.d[1].overloaded = true;
	assert_int_equal(nflb_fo_pick(s), 2);
	fx.d[1].overloaded = false;
	fx.d[1].active = 5; /* ovf: at its weight still takes one more */
	assert_int_equal(nflb_ovf_pick(s), 1);
	fx.d[1].active = 6;
	assert_int_equal(nflb_ovf_pick(s), 2);
	fx.d[2].active = 6;
	assert_int_equal(nflb_ovf_pick(s), 0);
}

/* Two well-mixed "random" numbers from i, reproducibly. */
static void twos_seeds(u32 i, struct nflb_sched_flow *f)
{
	f->rand[0] = nflb_mh_hash(i, 0);
	f->rand[1] = nflb_mh_hash(i, 1);
}

/* twos over `rounds` flows: how often each destination is chosen. */
static void twos_tally(const struct nflb_dest_set *s, int rounds, int *count)
{
	struct nflb_sched_flow f = { 0 };
	int i, idx;

	for (i = 0; i < rounds; i++) {
		twos_seeds(i, &f);
		idx = nflb_twos_pick(s, &f);
		assert_in_range(idx, 0, s->n - 1);
		count[idx]++;
	}
}

/* With equal loads the first draw stands: it follows the weights. */
static void test_twos_draws_by_weight(void **state)
{
	u32 w[] = { 1, 0, 2, 1 };
	struct nflb_dest_set *s = set_of(4, w);
	int count[4] = { 0 };

	(void)state;
	fx.d[3].overloaded = true;
	twos_tally(s, 30000, count);
	assert_int_equal(count[1], 0);
	assert_int_equal(count[3], 0);
	assert_in_range(count[0], 9000, 11000);
	assert_in_range(count[2], 19000, 21000);
}

/* The more loaded of two equal servers wins only when drawn twice: 1/4. */
static void test_twos_keeps_the_less_loaded_draw(void **state)
{
	u32 w[] = { 1, 1 };
	struct nflb_dest_set *s = set_of(2, w);
	struct nflb_sched_flow f = { .rand = { 1, 2 } };
	int count[2] = { 0 };

	(void)state;
	fx.d[0].active = 1;
	twos_tally(s, 20000, count);
	assert_in_range(count[0], 4500, 5500);
	fx.e[0].weight = 0;
	fx.d[1].overloaded = true;
	assert_int_equal(nflb_twos_pick(s, &f), -1);
}

/*
 * Another CPU flips a server's overload bit in the middle of a pick: the
 * pick still returns a server it saw available, never an index outside
 * the set (the destinations are allocated to size, so that a read out of
 * bounds is caught by the sanitizer the unit tests are built with).
 */
static void test_twos_availability_changes_during_pick(void **state)
{
	const u32 n = 3;
	struct nflb_sched_entry *e = calloc(n, sizeof(*e));
	struct nflb_test_dest *d = calloc(n, sizeof(*d));
	struct nflb_dest_set s = { .n = n, .e = e, .dest = d };
	struct nflb_sched_flow f;
	u32 i, j, k, seed;
	int idx;

	(void)state;
	assert_non_null(e);
	assert_non_null(d);
	for (i = 0; i < n; i++)
		e[i].weight = 1;
	/* Servers that become overloaded first: the draw used to miss. */
	for (k = 0; k < 2 * n * 150; k++) {
		bool was_overloaded = k >= n * 150;

		j = k % n;
		seed = k / n;
		for (i = 0; i < n; i++)
			d[i] = (struct nflb_test_dest){ 0 };
		d[j].overloaded = was_overloaded;
		d[j].flip_after_reads = 1;
		twos_seeds(seed, &f);
		idx = nflb_twos_pick(&s, &f);
		assert_in_range(idx, 0, n - 1);
		if ((u32)idx == j)
			assert_false(was_overloaded);
	}
	free(e);
	free(d);
}

/* sh: weight w takes w consecutive slots, in turn. */
static void test_sh_table_follows_weights(void **state)
{
	u32 w[] = { 2, 1, 0 };
	struct nflb_dest_set *s = set_of(3, w);
	int count[3] = { 0 };
	u32 i;

	(void)state;
	nflb_sh_build(s, fx.table);
	assert_int_equal(fx.table[0], 0);
	assert_int_equal(fx.table[1], 0);
	assert_int_equal(fx.table[2], 1);
	assert_int_equal(fx.table[3], 2); /* weight 0 still holds one slot */
	assert_int_equal(fx.table[4], 0);
	for (i = 0; i < NFLB_SH_TABLE_SIZE; i++)
		count[fx.table[i]]++;
	assert_int_equal(count[0], 128);
	assert_int_equal(count[1], 64);
	assert_int_equal(count[2], 64);
}

static void test_sh_same_client_same_dest_and_fallback(void **state)
{
	u32 w[] = { 1, 1, 1 };
	struct nflb_dest_set *s = set_of(3, w);
	struct nflb_sched_flow f = { .saddr = 0x0a000002, .sport = 1234 };
	int first, again;

	(void)state;
	nflb_sh_build(s, fx.table);
	first = nflb_sh_pick(s, &f);
	assert_true(first >= 0);
	f.sport = 4321; /* without sh-port the port does not matter */
	assert_int_equal(nflb_sh_pick(s, &f), first);
	fx.e[first].weight = 0;
	assert_int_equal(nflb_sh_pick(s, &f), -1);
	s->flags = NFLB_SVC_F_FALLBACK;
	again = nflb_sh_pick(s, &f);
	assert_true(again >= 0 && again != first);
}

static void test_sh_port_spreads_one_client(void **state)
{
	u32 w[] = { 1, 1, 1 };
	struct nflb_dest_set *s = set_of(3, w);
	struct nflb_sched_flow f = { .saddr = 0x0a000002 };
	int count[3] = { 0 };
	u32 p;

	(void)state;
	nflb_sh_build(s, fx.table);
	s->flags = NFLB_SVC_F_PORT;
	for (p = 20000; p < 20300; p++) {
		f.sport = p;
		count[nflb_sh_pick(s, &f)]++;
	}
	assert_true(count[0] > 50 && count[1] > 50 && count[2] > 50);
}

static void test_dh_by_destination(void **state)
{
	u32 w[] = { 1, 1 };
	struct nflb_dest_set *s = set_of(2, w);
	struct nflb_sched_flow f = { .daddr = 0x0a000064 };
	u32 slot = (0x0a000064u * 0x61C88647U) >> 24;

	(void)state;
	nflb_dh_build(s, fx.table);
	assert_int_equal(nflb_dh_pick(s, &f), slot % 2);
	fx.e[slot % 2].weight = 0;
	assert_int_equal(nflb_dh_pick(s, &f), -1);
	s->n = 0;
	nflb_dh_build(s, fx.table);
	assert_int_equal(nflb_dh_pick(s, &f), -1);
}

static void mh_build(struct nflb_dest_set *s, u32 size)
{
	void *scratch = malloc(nflb_mh_scratch_size(s->n, size));

	s->table_size = size;
	nflb_mh_build(s, fx.table, scratch);
	free(scratch);
}

static void test_mh_fills_in_weight_proportion(void **state)
{
	u32 w[] = { 1, 2, 1, 0 };
	struct nflb_dest_set *s = set_of(4, w);
	u32 i, count[4] = { 0 };

	(void)state;
	mh_build(s, 65537);
	for (i = 0; i < 65537; i++) {
		assert_true(fx.table[i] < 4);
		count[fx.table[i]]++;
	}
	assert_int_equal(count[0] + count[1] + count[2], 65537);
	assert_int_equal(count[3], 0);
	assert_true(count[1] > count[0] * 19 / 10 &&
		    count[1] < count[0] * 21 / 10);
	assert_true(count[2] > count[0] * 9 / 10 &&
		    count[2] < count[0] * 11 / 10);
}

/* Removing one of five moves few of the others' slots (Maglev's point). */
static void test_mh_minimal_disruption(void **state)
{
	static u32 before[4093];
	u32 w[] = { 1, 1, 1, 1, 1 };
	struct nflb_dest_set *s = set_of(5, w);
	u32 i, moved = 0;

	(void)state;
	mh_build(s, 4093);
	memcpy(before, fx.table, sizeof(before));
	/* Drop index 4; the others keep their indexes. */
	s->n = 4;
	mh_build(s, 4093);
	for (i = 0; i < 4093; i++)
		if (before[i] != 4 && before[i] != fx.table[i])
			moved++;
	assert_true(moved < 4093 / 10);
}

static void test_mh_drained_keeps_slots_fallback_moves(void **state)
{
	u32 w[] = { 1, 1, 1 };
	struct nflb_dest_set *s = set_of(3, w);
	struct nflb_sched_flow f = { .saddr = 0x0a000002 };
	int first;

	(void)state;
	mh_build(s, 251);
	first = nflb_mh_pick(s, &f);
	assert_true(first >= 0);
	fx.e[first].weight = 0; /* last_weight stays: the table is kept */
	mh_build(s, 251);
	assert_int_equal(nflb_mh_pick(s, &f), -1);
	s->flags = NFLB_SVC_F_FALLBACK;
	assert_true(nflb_mh_pick(s, &f) >= 0);
	assert_int_not_equal(nflb_mh_pick(s, &f), first);
}

static void test_primes(void **state)
{
	(void)state;
	assert_true(nflb_is_prime(4093));
	assert_true(nflb_is_prime(65537));
	assert_true(nflb_is_prime(1048573));
	assert_false(nflb_is_prime(65536));
	assert_false(nflb_is_prime(1));
	assert_false(nflb_is_prime(4095));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rr_cycles_and_skips_unavailable),
		cmocka_unit_test(test_rr_none_available),
		cmocka_unit_test(test_rr_turn_survives_changes),
		cmocka_unit_test(test_wrr_interleaving),
		cmocka_unit_test(test_wrr_ratio_with_gcd),
		cmocka_unit_test(test_wrr_all_zero_or_overloaded),
		cmocka_unit_test(test_lc_counts_active_as_256),
		cmocka_unit_test(test_wlc_load_per_weight),
		cmocka_unit_test(test_sed_and_nq),
		cmocka_unit_test(test_fo_and_ovf),
		cmocka_unit_test(test_twos_draws_by_weight),
		cmocka_unit_test(test_twos_keeps_the_less_loaded_draw),
		cmocka_unit_test(test_twos_availability_changes_during_pick),
		cmocka_unit_test(test_sh_table_follows_weights),
		cmocka_unit_test(test_sh_same_client_same_dest_and_fallback),
		cmocka_unit_test(test_sh_port_spreads_one_client),
		cmocka_unit_test(test_dh_by_destination),
		cmocka_unit_test(test_mh_fills_in_weight_proportion),
		cmocka_unit_test(test_mh_minimal_disruption),
		cmocka_unit_test(test_mh_drained_keeps_slots_fallback_moves),
		cmocka_unit_test(test_primes),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
