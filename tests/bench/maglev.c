// SPDX-License-Identifier: GPL-2.0
/*
 * maglev: the module's Maglev table (kernel/sched_mh.c, compiled in user
 * space with the module's hash, tests/bench/hsiphash.c) over
 * N real servers of weight 1 in a table of M slots.
 *
 *   maglev stats M N    one line: M N max avg imbalance% moved minimum
 *                       max/avg: slots per server; imbalance: max over
 *                       avg, less 1; moved: slots whose server changed
 *                       when 1% of the servers (at least one) are
 *                       deleted; minimum: the slots those servers held,
 *                       which must move
 *   maglev build M N Q  builds the table Q times (run under cachegrind
 *                       with Q and 2Q: the difference is Q builds)
 *   maglev time M N Q   nanoseconds per build on this machine
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sched_pick.h"

struct table {
	struct nflb_dest_set set;
	struct nflb_sched_entry *e;
	struct nflb_test_dest *d;
	void *scratch;
};

/*
 * Servers 10.1.0.0 + i:80 of weight 1 for i < n, less every i that is a
 * multiple of fail_every (when not 0); entry ids are the server numbers,
 * so that two tables compare.
 */
static void table_init(struct table *t, u32 size, u32 n, u32 fail_every)
{
	u32 i, k = 0;

	memset(t, 0, sizeof(*t));
	t->e = calloc(n, sizeof(*t->e));
	t->d = calloc(n, sizeof(*t->d));
	t->set.table = calloc(size, sizeof(u32));
	t->scratch = malloc(nflb_mh_scratch_size(n, size));
	if (!t->e || !t->d || !t->set.table || !t->scratch) {
		perror("maglev");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		if (fail_every && i % fail_every == 0)
			continue;
		t->e[k].id = i;
		t->e[k].weight = t->e[k].last_weight = 1;
		t->e[k].addr = 0x0a010000 + i;
		t->e[k].port = 80;
		k++;
	}
	t->set.n = k;
	t->set.e = t->e;
	t->set.dest = t->d;
	t->set.table_size = size;
}

static void table_build(struct table *t)
{
	nflb_mh_build(&t->set, t->set.table, t->scratch);
}

static void table_free(struct table *t)
{
	free(t->e);
	free(t->d);
	free(t->set.table);
	free(t->scratch);
}

/* The server number in slot i. */
static unsigned long slot_server(const struct table *t, u32 i)
{
	return t->e[t->set.table[i]].id;
}

static int stats(u32 size, u32 n)
{
	u32 fail_every = n >= 100 ? 100 : n, *per = calloc(n, sizeof(u32));
	struct table all, rest;
	u32 i, max = 0, moved = 0, minimum = 0;
	double avg = (double)size / n;

	if (!per)
		return 1;
	table_init(&all, size, n, 0);
	table_build(&all);
	table_init(&rest, size, n, fail_every);
	table_build(&rest);
	for (i = 0; i < size; i++) {
		unsigned long s = slot_server(&all, i);

		if (++per[s] > max)
			max = per[s];
		if (s % fail_every == 0)
			minimum++;
		if (slot_server(&rest, i) != s)
			moved++;
	}
	printf("%u %u %u %.2f %.2f %u %u\n", size, n, max, avg,
	       100.0 * (max / avg - 1), moved, minimum);
	table_free(&all);
	table_free(&rest);
	free(per);
	return 0;
}

static int build(u32 size, u32 n, u32 q, int timed)
{
	struct timespec t0, t1;
	struct table t;
	u32 i;

	table_init(&t, size, n, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < q; i++)
		table_build(&t);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (timed)
		printf("%.0f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 +
				  (t1.tv_nsec - t0.tv_nsec)) /
					 q);
	table_free(&t);
	return 0;
}

int main(int argc, char **argv)
{
	u32 size = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	u32 n = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
	u32 q = argc > 4 ? strtoul(argv[4], NULL, 10) : 0;

	if (argc >= 4 && (!nflb_is_prime(size) || n < 1 || n > size)) {
		fprintf(stderr, "maglev: invalid table size %u or servers %u\n",
			size, n);
		return 2;
	}
	if (argc == 4 && !strcmp(argv[1], "stats"))
		return stats(size, n);
	if (argc == 5 && q && !strcmp(argv[1], "build"))
		return build(size, n, q, 0);
	if (argc == 5 && q && !strcmp(argv[1], "time"))
		return build(size, n, q, 1);
	fprintf(stderr, "usage: maglev stats M N | build M N Q | time M N Q\n");
	return 2;
}
