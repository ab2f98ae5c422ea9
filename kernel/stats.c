// SPDX-License-Identifier: GPL-2.0
/* Per-CPU packet, byte and connection counters of services and dests. */
#include <linux/percpu.h>

#include "nflb.h"

struct nflb_stats_pcpu __percpu *nflb_stats_alloc(void)
{
	struct nflb_stats_pcpu __percpu *stats;
	int cpu;

	stats = alloc_percpu_gfp(struct nflb_stats_pcpu, GFP_KERNEL_ACCOUNT);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

void nflb_stats_free(struct nflb_stats_pcpu __percpu *stats)
{
	free_percpu(stats);
}

void nflb_stats_read(struct nflb_stats_pcpu __percpu *stats,
		     struct nflb_stats *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		struct nflb_stats_pcpu *s = per_cpu_ptr(stats, cpu);
		struct nflb_stats snap;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			snap = s->s;
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->conns += snap.conns;
		sum->inpkts += snap.inpkts;
		sum->outpkts += snap.outpkts;
		sum->inbytes += snap.inbytes;
		sum->outbytes += snap.outbytes;
	}
}

/*
 * Counters are written locklessly on their own CPU; zeroing from here can
 * lose an increment that races with it, as IPVS's zeroing does too.
 */
void nflb_stats_zero(struct nflb_stats_pcpu __percpu *stats)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct nflb_stats_pcpu *s = per_cpu_ptr(stats, cpu);

		u64_stats_update_begin(&s->syncp);
		memset(&s->s, 0, sizeof(s->s));
		u64_stats_update_end(&s->syncp);
	}
}
