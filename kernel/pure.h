/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types for the logic that is compiled both into the module and into the
 * user-space unit tests (schedulers, connection state machine).
 */
#ifndef _NFLB_PURE_H
#define _NFLB_PURE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef int64_t s64;
#endif

/*
 * One destination of a service as the schedulers see it: a snapshot taken
 * whenever the service's destinations change.
 */
struct nflb_sched_entry {
	unsigned long id; /* identifies the destination across snapshots */
	u32 weight; /* 0: takes no new connections */
	u32 last_weight; /* latest non-zero weight, for the hash tables */
	u32 addr; /* host order; IPv6 folded by xor of its words */
	u16 port; /* host order */
};

#ifndef __KERNEL__
/* User space stand-ins for the module's destination set (nflb.h). */
struct nflb_test_dest {
	u32 active;
	u32 inactive;
	bool overloaded;
	/*
	 * Reads of overloaded until it flips, as another CPU would flip it
	 * in the middle of a pick: 1 flips it right after the next read; 0
	 * never.
	 */
	u32 flip_after_reads;
};

struct nflb_dest_set {
	u32 n;
	u32 flags; /* NFLB_SVC_F_* */
	u32 table_size;
	struct nflb_sched_entry *e;
	struct nflb_test_dest *dest;
	u32 *table;
};

static inline u32 nflb_set_active(const struct nflb_dest_set *set, u32 i)
{
	return set->dest[i].active;
}

static inline u32 nflb_set_inactive(const struct nflb_dest_set *set, u32 i)
{
	return set->dest[i].inactive;
}

static inline bool nflb_set_overloaded(const struct nflb_dest_set *set, u32 i)
{
	struct nflb_test_dest *d = &set->dest[i];
	bool overloaded = d->overloaded;

	if (d->flip_after_reads && !--d->flip_after_reads)
		d->overloaded = !d->overloaded;
	return overloaded;
}
#endif

#endif /* _NFLB_PURE_H */
