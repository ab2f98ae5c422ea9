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
	/*
	 * Per-service state, zeroed at creation and changed by pick under
	 * the service's sched_lock. Schedulers without state pick locklessly.
	 */
	size_t state_size;
	/* Slots of the lookup table that build() fills, given the size the
	 * service asks for (0: the default). NULL: no table.
	 */
	u32 (*table_size)(u32 configured);
	/* Every destination needs a slot of its own in the table. */
	bool slot_per_dest;
	/* Process context, before the set is published: fill set->table. */
	int (*build)(struct nflb_dest_set *set);
	/* The service's destination set changed (or is new); under lock. */
	void (*reset)(void *state, const struct nflb_dest_set *set);
	/* Release what the state owns (the service goes or changes scheduler). */
	void (*destroy)(void *state);
	/* Index into set of the destination for a new connection, or -1. */
	int (*pick)(void *state, const struct nflb_dest_set *set,
		    const struct nflb_sched_flow *flow);
};

#define NFLB_SCHED_STATELESS(_name, _fn)                                 \
	static int _name##_pick_glue(void *state,                        \
				     const struct nflb_dest_set *set,    \
				     const struct nflb_sched_flow *flow) \
	{                                                                \
		return _fn;                                              \
	}                                                                \
	const struct nflb_sched_ops nflb_sched_##_name = {               \
		.name = #_name,                                          \
		.pick = _name##_pick_glue,                               \
	}

extern const struct nflb_sched_ops nflb_sched_rr, nflb_sched_wrr, nflb_sched_lc,
	nflb_sched_wlc, nflb_sched_sed, nflb_sched_nq, nflb_sched_fo,
	nflb_sched_ovf, nflb_sched_twos, nflb_sched_sh, nflb_sched_dh,
	nflb_sched_mh, nflb_sched_lblc, nflb_sched_lblcr;

#endif /* _NFLB_SCHED_H */
