/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scheduler plug-ins: one file and one ops struct each, found by name in
 * the registry of sched.c. The choice logic itself is pure (sched_pick.h).
 */
#ifndef _NFLB_SCHED_H
#define _NFLB_SCHED_H

#include "nflb.h"
#include "sched_pick.h"

struct nflb_sched_ops {
	const char *name;
	size_t state_size; /* per-service state, zeroed at creation */
	/* The service's destination set changed (or is new). */
	void (*reset)(void *state, const struct nflb_dest_set *set);
	/* Index into set of the destination for a new connection, or -1. */
	int (*pick)(void *state, const struct nflb_dest_set *set,
		    const struct nflb_pkt *pkt);
};

extern const struct nflb_sched_ops nflb_sched_rr;
extern const struct nflb_sched_ops nflb_sched_wrr;

#endif /* _NFLB_SCHED_H */
