/* SPDX-License-Identifier: GPL-2.0 */
/* Differences between the kernel versions nflb builds against (6.1, 6.12). */
#ifndef _NFLB_COMPAT_H
#define _NFLB_COMPAT_H

#include <linux/version.h>
#include <net/genetlink.h>

/* The segmentation helpers left skbuff.h for their own header in 6.5. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

/* The request attributes of a dump: moved into struct genl_info in 6.5. */
static inline struct nlattr **nflb_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _NFLB_COMPAT_H */
