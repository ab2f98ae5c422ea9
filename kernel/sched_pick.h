/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The choice logic of each scheduler, free of kernel objects. It sees a
 * service's destination set (weights snapshot, live connection counts
 * through nflb_set_*()) and returns the index of the destination for a
 * new connection, or -1 when none is available. A destination with weight
 * 0 or over its upper threshold takes no new connections. Semantics and
 * tie-breaking follow IPVS's schedulers of the same names.
 */
#ifndef _NFLB_SCHED_PICK_H
#define _NFLB_SCHED_PICK_H

#include "pure.h"
#include "uapi/nflb.h"
#ifdef __KERNEL__
#include "nflb.h"
#endif

#define NFLB_SLOT_EMPTY ((u32)-1) /* a hash table slot without destination */
#define NFLB_SH_TABLE_SIZE 256 /* sh and dh, as IPVS's default */

/* What a new flow shows the hashing schedulers, in host byte order. */
struct nflb_sched_flow {
	u32 saddr; /* IPv6 folded by xor of its words, as IPVS does */
	u32 daddr;
	u16 sport;
	u16 dport;
	u32 dst[4]; /* the whole destination address, as in the packet */
	u32 rand[2]; /* two random numbers, for twos only */
};

static inline bool nflb_sched_available(const struct nflb_dest_set *set, u32 i)
{
	return set->e[i].weight && !nflb_set_overloaded(set, i);
}

/* IPVS's load measure: an active connection weighs 256 inactive ones. */
static inline u32 nflb_sched_overhead(const struct nflb_dest_set *set, u32 i)
{
	return (nflb_set_active(set, i) << 8) + nflb_set_inactive(set, i);
}

struct nflb_rr_state {
	u32 pos; /* 1 + index of the last choice; 0 before the first */
	unsigned long last_id; /* the last choice's entry id */
};

void nflb_rr_reset(struct nflb_rr_state *st, const struct nflb_dest_set *set);
int nflb_rr_pick(struct nflb_rr_state *st, const struct nflb_dest_set *set);

struct nflb_wrr_state {
	u32 next; /* index to examine next in the current pass */
	s32 cw; /* current weight */
	s32 mw; /* max weight, minus gcd - 1 */
	s32 di; /* gcd of the non-zero weights */
};

void nflb_wrr_reset(struct nflb_wrr_state *st, const struct nflb_dest_set *set);
int nflb_wrr_pick(struct nflb_wrr_state *st, const struct nflb_dest_set *set);

/* Least-connection family: stateless, they read the live counts. */
int nflb_lc_pick(const struct nflb_dest_set *set);
int nflb_wlc_pick(const struct nflb_dest_set *set);
int nflb_sed_pick(const struct nflb_dest_set *set);
int nflb_nq_pick(const struct nflb_dest_set *set);
int nflb_fo_pick(const struct nflb_dest_set *set);
int nflb_ovf_pick(const struct nflb_dest_set *set);
int nflb_twos_pick(const struct nflb_dest_set *set,
		   const struct nflb_sched_flow *flow);

/*
 * Hashing schedulers: a lookup table of destination indexes, built into
 * set->table (set->table_size slots) whenever the set changes.
 */
void nflb_sh_build(const struct nflb_dest_set *set, u32 *table);
int nflb_sh_pick(const struct nflb_dest_set *set,
		 const struct nflb_sched_flow *flow);
void nflb_dh_build(const struct nflb_dest_set *set, u32 *table);
int nflb_dh_pick(const struct nflb_dest_set *set,
		 const struct nflb_sched_flow *flow);

/* Maglev; scratch holds nflb_mh_scratch_size() bytes. */
size_t nflb_mh_scratch_size(u32 n, u32 table_size);
void nflb_mh_build(const struct nflb_dest_set *set, u32 *table, void *scratch);
int nflb_mh_pick(const struct nflb_dest_set *set,
		 const struct nflb_sched_flow *flow);
bool nflb_is_prime(u32 n);
/* The two keyed hashes of Maglev (which = 0 or 1), IPVS's hsiphash. */
u32 nflb_mh_hash(u32 v, int which);

#endif /* _NFLB_SCHED_PICK_H */
