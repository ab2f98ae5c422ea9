/* SPDX-License-Identifier: GPL-2.0 */
/* ipvsadm's scheduler flag names (-b), in both directions. */
#ifndef _NFLB_LBADM_SCHED_FLAGS_H
#define _NFLB_LBADM_SCHED_FLAGS_H

#include <stddef.h>
#include <stdint.h>

/*
 * "sh-port,sh-fallback" into *flags for scheduler sched. Returns 0, or 2
 * with a one-line explanation naming the offending flag in err.
 */
int lbadm_parse_sched_flags(const char *text, const char *sched,
			    uint32_t *flags, char *err, size_t errlen);

/* The names of flags as ipvsadm lists them ("sh-fallback,sh-port"). */
void lbadm_format_sched_flags(char *buf, size_t len, const char *sched,
			      uint32_t flags);

#endif /* _NFLB_LBADM_SCHED_FLAGS_H */
