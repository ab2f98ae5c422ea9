// SPDX-License-Identifier: GPL-2.0
/*
 * sched: the module's schedulers (kernel/sched_*.c, compiled in user
 * space) choosing among N real servers, for the instructions one choice
 * takes.
 *
 *   sched pick NAME N Q   Q choices by scheduler NAME among N servers
 *                         (run under cachegrind with Q and 2Q: the
 *                         difference is Q choices); NAME "loop" runs
 *                         the loop alone, choosing server q % N
 *
 * Server i has weight 1 + i % 4 and starts with i % 7 active
 * connections; each choice adds one to the server chosen, as a new
 * connection would (but under ovf, which takes a server only below its
 * weight). Flow q comes from a different address and port.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_pick.h"

#define MH_TABLE_SIZE 4093 /* IPVS's default (CONFIG_IP_VS_MH_TAB_INDEX) */

enum sched_kind { LOOP, RR, WRR, LC, WLC, SED, NQ, FO, OVF, TWOS, SH, DH, MH };

static const char *const kind_names[] = {
	[LOOP] = "loop", [RR] = "rr",	  [WRR] = "wrr", [LC] = "lc",
	[WLC] = "wlc",	 [SED] = "sed",	  [NQ] = "nq",	 [FO] = "fo",
	[OVF] = "ovf",	 [TWOS] = "twos", [SH] = "sh",	 [DH] = "dh",
	[MH] = "mh",
};

struct bench {
	enum sched_kind kind;
	struct nflb_dest_set set;
	struct nflb_rr_state rr;
	struct nflb_wrr_state wrr;
};

static void *zalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		perror("sched");
		exit(1);
	}
	return p;
}

static void bench_init(struct bench *b, enum sched_kind kind, u32 n)
{
	struct nflb_sched_entry *e = zalloc(n, sizeof(*e));
	struct nflb_test_dest *d = zalloc(n, sizeof(*d));
	u32 i, size = kind == MH ? MH_TABLE_SIZE : NFLB_SH_TABLE_SIZE;
	void *scratch;

	for (i = 0; i < n; i++) {
		e[i].id = i;
		e[i].weight = e[i].last_weight = 1 + i % 4;
		e[i].addr = 0x0a010000 + i;
		e[i].port = 80;
		d[i].active = kind == OVF ? 0 : i % 7;
	}
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->set.n = n;
	b->set.e = e;
	b->set.dest = d;
	b->set.table_size = size;
	b->set.table = zalloc(size, sizeof(u32));
	switch (kind) {
	case RR:
		nflb_rr_reset(&b->rr, &b->set);
		break;
	case WRR:
		nflb_wrr_reset(&b->wrr, &b->set);
		break;
	case SH:
		nflb_sh_build(&b->set, b->set.table);
		break;
	case DH:
		nflb_dh_build(&b->set, b->set.table);
		break;
	case MH:
		scratch = zalloc(1, nflb_mh_scratch_size(n, size));
		nflb_mh_build(&b->set, b->set.table, scratch);
		free(scratch);
		break;
	default:
		break;
	}
}

static int bench_pick(struct bench *b, const struct nflb_sched_flow *flow)
{
	const struct nflb_dest_set *set = &b->set;

	switch (b->kind) {
	case LOOP:
		return flow->sport % set->n;
	case RR:
		return nflb_rr_pick(&b->rr, set);
	case WRR:
		return nflb_wrr_pick(&b->wrr, set);
	case LC:
		return nflb_lc_pick(set);
	case WLC:
		return nflb_wlc_pick(set);
	case SED:
		return nflb_sed_pick(set);
	case NQ:
		return nflb_nq_pick(set);
	case FO:
		return nflb_fo_pick(set);
	case OVF:
		return nflb_ovf_pick(set);
	case TWOS:
		return nflb_twos_pick(set, flow);
	case SH:
		return nflb_sh_pick(set, flow);
	case DH:
		return nflb_dh_pick(set, flow);
	case MH:
		return nflb_mh_pick(set, flow);
	}
	return -1;
}

static int run(enum sched_kind kind, u32 n, u32 q)
{
	struct nflb_sched_flow flow = { .dport = 80 };
	unsigned long sum = 0;
	struct bench b;
	u32 i;
	int d;

	bench_init(&b, kind, n);
	for (i = 0; i < q; i++) {
		flow.saddr = 0x0a000000 + i * 2654435761U;
		flow.daddr = 0x0a640000 + i % 251;
		flow.dst[3] = flow.daddr;
		flow.sport = 1024 + i % 60000;
		flow.rand[0] = i * 2246822519U;
		flow.rand[1] = i * 3266489917U;
		d = bench_pick(&b, &flow);
		if (d < 0) {
			fprintf(stderr, "sched: %s chose no server\n",
				kind_names[kind]);
			return 1;
		}
		if (kind != OVF)
			b.set.dest[d].active++;
		sum += d;
	}
	/* The choices are used: the compiler keeps every one. */
	printf("%lu\n", sum);
	free(b.set.e);
	free(b.set.dest);
	free(b.set.table);
	return 0;
}

int main(int argc, char **argv)
{
	u32 n, q;
	size_t k;

	if (argc != 5 || strcmp(argv[1], "pick")) {
		fprintf(stderr, "usage: sched pick NAME N Q\n");
		return 2;
	}
	n = strtoul(argv[3], NULL, 10);
	q = strtoul(argv[4], NULL, 10);
	if (n < 1 || n > MH_TABLE_SIZE || q < 1) {
		fprintf(stderr, "sched: invalid servers %s or choices %s\n",
			argv[3], argv[4]);
		return 2;
	}
	for (k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (!strcmp(argv[2], kind_names[k]))
			return run(k, n, q);
	fprintf(stderr, "sched: unknown scheduler %s\n", argv[2]);
	return 2;
}
