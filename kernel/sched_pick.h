/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The choice logic of each scheduler, free of kernel objects: it sees the
 * weights of a service's destinations (an immutable snapshot) and returns
 * the index to use, or -1 when none is available. A weight of 0 means the
 * destination takes no new connections.
 */
#ifndef _NFLB_SCHED_PICK_H
#define _NFLB_SCHED_PICK_H

#include "pure.h"

struct nflb_rr_state {
	u32 next; /* index to try first */
};

void nflb_rr_reset(struct nflb_rr_state *st, const u32 *weight, u32 n);
int nflb_rr_pick(struct nflb_rr_state *st, const u32 *weight, u32 n);

struct nflb_wrr_state {
	u32 next; /* index to examine next in the current pass */
	s32 cw; /* current weight */
	s32 mw; /* max weight, minus gcd - 1 */
	s32 di; /* gcd of the non-zero weights */
};

void nflb_wrr_reset(struct nflb_wrr_state *st, const u32 *weight, u32 n);
int nflb_wrr_pick(struct nflb_wrr_state *st, const u32 *weight, u32 n);

#endif /* _NFLB_SCHED_PICK_H */
